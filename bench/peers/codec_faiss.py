"""FAISS peers of Embedkit's codec indexes (bench/peers/codecs_vs_faiss.sh).

  pq:     faiss.IndexPQ(d, M, 8), trained on the base (FAISS defaults: 25 k-means iterations, at most 256
          points per centroid), searched with its ADC table scan: the peer of Embedkit's PQ<M>.
  binary: faiss.IndexBinaryFlat(d) over sign bits of (x - mean of the base), packed least significant bit
          first (numpy packbits bitorder="little"), as Embedkit's BIN1 packs them; queries binarised the same
          way; Hamming distances by popcount: the peer of BIN1 with symmetric scoring.

Times one warm-up and R timed searches of all queries (FAISS uses all OpenMP threads unless OMP_NUM_THREADS
says otherwise), prints one JSON line with ann-benchmarks recall@k against the exact L2 ground truth (if
given as PREFIX.ivecs/.fvecs, which the Embedkit harness writes), computed from exact distances of the
returned ids.

Usage: python3 codec_faiss.py BASE QUERIES --mode pq --m 16 --k 10 --repeats 3 [--truth PREFIX] [--index FILE]
Needs: apt-get install -y python3-faiss libopenblas0-pthread
"""
import argparse
import gzip
import json
import os
import time

import faiss
import numpy as np


def read_vectors(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    name = path[:-3] if path.endswith(".gz") else path
    if name.endswith(".fvecs"):
        d = int(np.frombuffer(raw, dtype="<i4", count=1)[0])
        return np.frombuffer(raw, dtype="<f4").reshape(-1, d + 1)[:, 1:].copy()
    assert raw[0] == 0 and raw[1] == 0 and raw[2] == 0x08, "expected an idx ubyte file"
    ndims = raw[3]
    dims = np.frombuffer(raw, dtype=">i4", count=ndims, offset=4)
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndims)
    return data.reshape(int(dims[0]), -1).astype(np.float32)


def read_ivecs(path):
    raw = np.fromfile(path, dtype="<i4")
    k = raw[0]
    return raw.reshape(-1, k + 1)[:, 1:]


def read_fvecs(path):
    raw = np.fromfile(path, dtype="<f4")
    k = raw.view("<i4")[0]
    return raw.reshape(-1, k + 1)[:, 1:]


def recall(xb, xq, ids, truth_scores, k, eps=1e-3):
    """ann-benchmarks recall@k for L2: a hit is an exact distance within eps of the true k-th."""
    hits = 0
    for q in range(xq.shape[0]):
        diff = xb[ids[q]].astype(np.float64) - xq[q].astype(np.float64)
        dist = (diff * diff).sum(axis=1)
        hits += int((dist <= truth_scores[q, k - 1] + eps).sum())
    return hits / (xq.shape[0] * k)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("queries")
    p.add_argument("--mode", choices=["pq", "binary"], default="pq")
    p.add_argument("--m", type=int, default=16)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--truth")
    p.add_argument("--index", help="trained and filled index: read if it exists, else written after building")
    a = p.parse_args()
    xb, xq = read_vectors(a.base), read_vectors(a.queries)
    d = xb.shape[1]
    train = add = 0.0
    if a.mode == "pq":
        code_bytes = a.m
        queries = xq
        if a.index and os.path.exists(a.index):
            index = faiss.read_index(a.index)
        else:
            t = time.perf_counter()
            index = faiss.IndexPQ(d, a.m, 8)
            index.train(xb)
            train = time.perf_counter() - t
            t = time.perf_counter()
            index.add(xb)
            add = time.perf_counter() - t
            if a.index:
                faiss.write_index(index, a.index)
    else:
        code_bytes = (d + 7) // 8
        centre = xb.astype(np.float64).mean(axis=0).astype(np.float32)

        def binarise(x):
            return np.packbits(x - centre >= 0, axis=1, bitorder="little")

        queries = binarise(xq)
        t = time.perf_counter()
        index = faiss.IndexBinaryFlat(d)
        index.add(binarise(xb))
        add = time.perf_counter() - t
    index.search(queries, a.k)  # warm-up
    seconds = []
    for _ in range(a.repeats):
        t = time.perf_counter()
        _, ids = index.search(queries, a.k)
        seconds.append(round(time.perf_counter() - t, 4))
    best = min(seconds)
    result = {
        "peer": "faiss-IndexPQ" if a.mode == "pq" else "faiss-IndexBinaryFlat", "faiss": faiss.__version__,
        "spec": f"PQ{a.m}" if a.mode == "pq" else "BIN1", "base": xb.shape[0], "queries": xq.shape[0], "dim": d,
        "k": a.k, "threads": faiss.omp_get_max_threads(), "code_bytes": code_bytes,
        "train_seconds": round(train, 3), "add_seconds": round(add, 3), "seconds": seconds,
        "best_seconds": best, "qps": round(xq.shape[0] / best, 1),
    }
    if a.truth and os.path.exists(a.truth + ".fvecs"):
        result["recall"] = round(recall(xb, xq, ids, read_fvecs(a.truth + ".fvecs"), a.k), 4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
