"""hnswlib side of bench/peers/hnsw_vs_hnswlib.sh.

Builds an hnswlib index (space 'l2', M, ef_construction, one thread) on MNIST-style idx base vectors, then for
each ef times one warm-up and R batch knn_query calls over every query (best kept) and writes the returned
labels to OUT/hnswlib-ef{ef}.i64 (int64, row-major, n_queries x k) so that the Embedkit harness scores them
with the same exact distances and recall definition as its own results. One JSON line per step on stdout.

Usage: hnsw_hnswlib.py BASE_IDX QUERY_IDX OUT_DIR [--m 16] [--ef-construction 200] [--threads 1]
       [--ef 16,32,64,128,256] [--k 10] [--repeats 2] [--limit N] [--dump]
"""
import argparse
import gzip
import json
import os
import struct
import time

import hnswlib
import numpy as np


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, dims = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, "expected unsigned-byte idx data"
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    values = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims)
    return values.reshape(shape[0], -1).astype(np.float32)


def huge_pages_mb():
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith("AnonHugePages:"):
                return int(line.split()[1]) // 1024
    return 0


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("queries")
    p.add_argument("out")
    p.add_argument("--m", type=int, default=16)
    p.add_argument("--ef-construction", type=int, default=200)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--ef", default="16,32,64,128,256")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--dump", action="store_true", help="also write OUT/base.f32 and OUT/queries.f32 for the native peer")
    a = p.parse_args()

    xb = read_idx(a.base)
    xq = read_idx(a.queries)
    if a.limit:
        xb = xb[: a.limit]
    n, d = xb.shape
    labels = np.arange(n)
    if a.dump:
        xb.tofile(os.path.join(a.out, "base.f32"))
        xq.tofile(os.path.join(a.out, "queries.f32"))

    before = rss()
    t, c = time.perf_counter(), time.process_time()
    index = hnswlib.Index(space="l2", dim=d)
    index.init_index(max_elements=n, ef_construction=a.ef_construction, M=a.m)
    index.set_num_threads(a.threads)
    index.add_items(xb, labels, num_threads=a.threads)
    build, build_cpu = time.perf_counter() - t, time.process_time() - c
    after = rss()
    print(json.dumps({"peer": "hnswlib", "version": getattr(hnswlib, "__version__", "?"), "n": n, "dim": d, "m": a.m,
                      "ef_construction": a.ef_construction, "threads": a.threads, "build_seconds": round(build, 2), "build_cpu_seconds": round(build_cpu, 2),
                      "rss_bytes_per_vector": round((after - before) / n, 1),
                      "huge_pages_mb": huge_pages_mb()}), flush=True)

    for ef in [int(e) for e in a.ef.split(",")]:
        index.set_ef(ef)
        index.knn_query(xq, k=a.k, num_threads=a.threads)  # warm-up
        best = best_cpu = float("inf")
        for _ in range(a.repeats):
            t, c = time.perf_counter(), time.process_time()
            found, _ = index.knn_query(xq, k=a.k, num_threads=a.threads)
            best, best_cpu = min(best, time.perf_counter() - t), min(best_cpu, time.process_time() - c)
        found.astype(np.int64).tofile(os.path.join(a.out, f"hnswlib-ef{ef}.i64"))
        print(json.dumps({"peer": "hnswlib", "ef": ef, "qps": round(len(xq) / best), "cpu_qps": round(len(xq) / best_cpu)}), flush=True)


if __name__ == "__main__":
    main()
