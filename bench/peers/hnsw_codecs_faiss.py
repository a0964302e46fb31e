"""FAISS side of bench/peers/hnsw_codecs_vs_faiss.sh: HNSW over 8-bit scalar-quantized codes.

Builds faiss.IndexHNSWSQ(d, faiss.ScalarQuantizer.QT_8bit, M) (and, for reference, faiss.IndexHNSWFlat(d, M))
with efConstruction 200 (FAISS's default is 40; 200 is Embedkit's and hnswlib's) on one thread, training the
quantizer on the base vectors, then for each efSearch times one warm-up and R searches of every query (best
kept). Recall@k is ann-benchmarks': the exact (float64) distance of each returned id against the true k-th
distance + 1e-3, the definition of Embedkit's AnnRecall.FromScores. Also writes OUT/truth.npy (int32, the exact
top k of every query by faiss.IndexFlatL2) for the Embedkit side's --ground-truth. One JSON line per step.

Usage: hnsw_codecs_faiss.py BASE_IDX QUERY_IDX OUT_DIR [--m 32] [--ef 16,32,64,128,256] [--k 10] [--repeats 2]
       [--threads 1] [--no-flat]
"""
import argparse
import json
import os
import time

import faiss
import numpy as np

from hnsw_hnswlib import read_idx


def exact_distances(xb, xq, ids):
    """float64 squared distances of each query to each of its returned ids (-1: infinity)."""
    out = np.full(ids.shape, np.inf)
    for q in range(ids.shape[0]):
        valid = ids[q] >= 0
        diff = xb[ids[q][valid]].astype(np.float64) - xq[q].astype(np.float64)
        out[q, valid] = (diff * diff).sum(axis=1)
    return out


def recall(true_kth, found, k):
    return float(np.mean((found[:, :k] <= true_kth[:, None] + 1e-3).sum(axis=1) / k))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("queries")
    p.add_argument("out")
    p.add_argument("--m", type=int, default=32)
    p.add_argument("--ef", default="16,32,64,128,256")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--no-flat", action="store_true", help="skip the IndexHNSWFlat reference")
    a = p.parse_args()
    faiss.omp_set_num_threads(a.threads)
    xb, xq = read_idx(a.base), read_idx(a.queries)
    n, d = xb.shape
    k = a.k

    flat = faiss.IndexFlatL2(d)
    flat.add(xb)
    _, truth = flat.search(xq, k)
    rows = np.hstack([np.full((len(truth), 1), k, dtype=np.int32), truth.astype(np.int32)])
    rows.tofile(os.path.join(a.out, "truth.ivecs"))  # .ivecs: per row int32 k, then k int32 ids
    true_kth = exact_distances(xb, xq, truth)[:, k - 1]
    del flat

    peers = [("faiss-IndexHNSWSQ", lambda: faiss.IndexHNSWSQ(d, faiss.ScalarQuantizer.QT_8bit, a.m))]
    if not a.no_flat:
        peers.append(("faiss-IndexHNSWFlat", lambda: faiss.IndexHNSWFlat(d, a.m)))
    for name, make in peers:
        index = make()
        index.hnsw.efConstruction = 200
        start = time.perf_counter()
        index.train(xb)
        index.add(xb)
        build = time.perf_counter() - start
        path = os.path.join(a.out, "faiss.index")
        faiss.write_index(index, path)
        size = os.path.getsize(path)
        os.remove(path)
        print(json.dumps({"peer": name, "faiss": faiss.__version__, "n": n, "dim": d, "m": a.m, "ef_construction": 200,
                          "threads": a.threads, "build_seconds": round(build, 2), "bytes_per_vector": round(size / n, 1)}), flush=True)
        for ef in (int(e) for e in a.ef.split(",")):
            index.hnsw.efSearch = ef
            index.search(xq, k)  # warm-up
            best = float("inf")
            for _ in range(a.repeats):
                start = time.perf_counter()
                _, ids = index.search(xq, k)
                best = min(best, time.perf_counter() - start)
            r = recall(true_kth, exact_distances(xb, xq, ids), k)
            print(json.dumps({"peer": name, "ef": ef, "recall": round(r, 4), "qps": round(len(xq) / best)}), flush=True)
        del index


if __name__ == "__main__":
    main()
