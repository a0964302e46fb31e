"""FAISS IVF peer for bench/peers/ivf_vs_faiss.sh: IndexIVFFlat or IndexIVFPQ on Fashion-MNIST, one JSON line.

Trains on the base vectors (train seconds), adds them (add seconds), then for each nprobe searches 100 queries
(warm-up) and all queries --repeats times (QPS of the fastest) and scores recall@10 as `embedkit bench ann` does (ann-benchmarks: a returned id counts when its exact
squared distance, computed in float64, is within 1e-3 of the true 10th). With --truth-out it first writes the exact
top-k ids (IndexFlatL2, .ivecs) that the Embedkit side reads as --ground-truth, so both use one ground truth.
"""
import argparse
import gzip
import json
import time

import faiss
import numpy as np


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    n, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows * cols).astype(np.float32)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("queries")
    p.add_argument("--kind", choices=["flat", "pq"], required=True)
    p.add_argument("--nlist", type=int, default=1024)
    p.add_argument("--m", type=int, default=16)
    p.add_argument("--nprobe", default="1,4,16,64")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--truth-out")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--repeats", type=int, default=1)
    a = p.parse_args()
    faiss.omp_set_num_threads(a.threads)
    xb, xq = read_idx(a.base), read_idx(a.queries)
    if a.limit:
        xb, xq = xb[:a.limit], xq[:max(1, a.limit // 6)]
    d, k = xb.shape[1], a.k

    flat = faiss.IndexFlatL2(d)
    flat.add(xb)
    _, truth = flat.search(xq, k)
    if a.truth_out:
        # .ivecs: per query an int32 count k, then k int32 ids.
        rows = np.hstack([np.full((len(truth), 1), k, dtype=np.int32), truth.astype(np.int32)])
        rows.tofile(a.truth_out)
    xb64, xq64 = xb.astype(np.float64), xq.astype(np.float64)
    kth = ((xq64 - xb64[truth[:, -1]]) ** 2).sum(axis=1)

    quantizer = faiss.IndexFlatL2(d)
    if a.kind == "flat":
        index = faiss.IndexIVFFlat(quantizer, d, a.nlist)
        name = f"IndexIVFFlat(nlist={a.nlist})"
    else:
        index = faiss.IndexIVFPQ(quantizer, d, a.nlist, a.m, 8)
        name = f"IndexIVFPQ(nlist={a.nlist}, m={a.m}, 8 bits)"
    start = time.perf_counter()
    index.train(xb)
    train = time.perf_counter() - start
    start = time.perf_counter()
    index.add(xb)
    add = time.perf_counter() - start

    runs = []
    for nprobe in (int(v) for v in a.nprobe.split(",")):
        index.nprobe = nprobe
        index.search(xq[:100], k)  # warm-up, as the Embedkit side does
        seconds = float("inf")
        for _ in range(a.repeats):
            start = time.perf_counter()
            _, found = index.search(xq, k)
            seconds = min(seconds, time.perf_counter() - start)
        valid = found >= 0
        dist = ((xq64[:, None, :] - xb64[np.where(valid, found, 0)]) ** 2).sum(axis=2) if d * k * len(xq) < 2e9 else None
        if dist is None:
            dist = np.stack([((xq64 - xb64[np.where(valid[:, r], found[:, r], 0)]) ** 2).sum(axis=1) for r in range(k)], axis=1)
        hits = (valid & (dist <= kth[:, None] + 1e-3)).sum(axis=1) / k
        runs.append({"params": f"nprobe={nprobe}", "recall": round(float(hits.mean()), 6), "qps": round(len(xq) / seconds, 1)})
    print(json.dumps({"peer": "faiss", "index": name, "faiss": faiss.__version__, "threads": a.threads,
                      "train_seconds": round(train, 3), "add_seconds": round(add, 3), "base": len(xb), "queries": len(xq),
                      "runs": runs}))


if __name__ == "__main__":
    main()
