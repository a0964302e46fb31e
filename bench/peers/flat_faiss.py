"""Exact L2 search with FAISS IndexFlatL2, the peer of Embedkit's FlatIndex (bench/peers/flat_vs_faiss.sh).

Reads MNIST-style idx files (optionally gzipped) or .fvecs, times one warm-up and R timed searches of all
queries (FAISS uses all OpenMP threads unless OMP_NUM_THREADS says otherwise; with 20 or more queries it
computes the distances with BLAS sgemm, exhaustive_L2sqr_blas), prints one JSON line, and writes the top-k
ids of the last run as .ivecs (for the Embedkit side to compare against).

Usage: python3 flat_faiss.py BASE QUERIES --k 10 --repeats 3 --ids-out faiss_ids.ivecs
Needs: apt-get install -y python3-faiss libopenblas0-pthread
"""
import argparse
import gzip
import json
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
    # idx: 00 00 type ndims, big-endian dims, then values (ubyte for the image files)
    assert raw[0] == 0 and raw[1] == 0 and raw[2] == 0x08, "expected an idx ubyte file"
    ndims = raw[3]
    dims = np.frombuffer(raw, dtype=">i4", count=ndims, offset=4)
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndims)
    return data.reshape(int(dims[0]), -1).astype(np.float32)


def write_ivecs(path, ids):
    n, k = ids.shape
    out = np.empty((n, k + 1), dtype="<i4")
    out[:, 0] = k
    out[:, 1:] = ids
    out.tofile(path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("queries")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--ids-out")
    a = p.parse_args()
    t = time.perf_counter()
    xb, xq = read_vectors(a.base), read_vectors(a.queries)
    load = time.perf_counter() - t
    index = faiss.IndexFlatL2(xb.shape[1])
    index.add(xb)
    index.search(xq, a.k)  # warm-up
    seconds, cpu = [], []
    for _ in range(a.repeats):
        t, c = time.perf_counter(), time.process_time()
        _, ids = index.search(xq, a.k)
        seconds.append(round(time.perf_counter() - t, 3))
        cpu.append(round(time.process_time() - c, 3))
    if a.ids_out:
        write_ivecs(a.ids_out, ids)
    best = min(seconds)
    print(json.dumps({
        "peer": "faiss-IndexFlatL2", "faiss": faiss.__version__, "base": xb.shape[0], "queries": xq.shape[0],
        "dim": xb.shape[1], "k": a.k, "threads": faiss.omp_get_max_threads(), "load_seconds": round(load, 3),
        "seconds": seconds, "cpu_seconds": cpu, "best_seconds": best, "qps": round(xq.shape[0] / best, 1),
    }))


if __name__ == "__main__":
    main()
