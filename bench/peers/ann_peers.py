"""FAISS and hnswlib side of bench/peers/ann_peers.sh: one process builds and searches each peer index on the
same base and queries, and prints one JSON line per (index, search setting) in the shape the table writer
(ann_table.py) reads: peer, index, params, build_seconds, bytes_per_vector, recall, qps.

  truth  faiss.IndexFlatL2: exact neighbours, written as OUT/truth.ivecs (ids) and OUT/truth.fvecs (squared
         distances, recomputed in float64) for every other side; also the exact-search row.
  faiss  IndexHNSWFlat(d, M) and IndexHNSWSQ(d, QT_8bit, M), efConstruction 200, efSearch sweep; IndexIVFFlat and IndexIVFPQ(nlist, m, 8)
         trained on the base (FAISS defaults), nprobe sweep; IndexPQ(d, m, 8); IndexBinaryFlat over the sign
         bits of (x - base mean), packed as Embedkit's BIN1 packs them.
  hnswlib  Index('l2') with M, ef_construction 200, ef sweep.

Recall is ann-benchmarks' recall@k (a returned id is a hit when its exact distance is within 1e-3 of the true
k-th distance), computed here from exact float64 distances of the returned ids, for every peer alike (also for
the label files other peers leave in OUT: --score-labels). QPS is queries / the best of --repeats timed batch
searches of all queries, after one warm-up. Bytes per vector: the serialized index / base count.

Usage: ann_peers.py BASE QUERIES OUT [--write-inputs] [--threads 1] [--k 10] [--m 16] [--nlist 1024] [--pq-m 16]
                    [--ef 16,32,64,128,256] [--nprobe 1,4,16,64] [--repeats 2] [--limit N] [--query-limit N]
       ann_peers.py BASE QUERIES OUT --score-labels PEER   (score OUT/PEER-*.i64 label files, print JSON)
Needs: apt-get install -y python3-faiss python3-hnswlib libopenblas0-pthread
"""
import argparse
import glob
import json
import os
import sys
import tempfile
import time

import faiss
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from codec_faiss import read_vectors, recall  # noqa: E402  (same folder: one reader and one recall definition)


def write_vecs(path, matrix, dtype):
    rows, k = matrix.shape
    out = np.empty((rows, k + 1), dtype=dtype)
    out[:, 0] = np.array([k], dtype="<i4").view(dtype)[0]
    out[:, 1:] = matrix
    out.tofile(path)


def timed_search(search, repeats):
    search()  # warm-up
    best, result = None, None
    for _ in range(repeats):
        t = time.perf_counter()
        result = search()
        elapsed = time.perf_counter() - t
        best = elapsed if best is None else min(best, elapsed)
    return best, result


class Table:
    def __init__(self, xb, xq, truth_d, k):
        self.xb, self.xq, self.truth_d, self.k = xb, xq, truth_d, k

    def row(self, peer, index, params, build, nbytes, ids, seconds):
        line = {"peer": peer, "index": index, "params": params, "build_seconds": round(build, 2),
                "bytes_per_vector": round(nbytes / self.xb.shape[0], 1),
                "recall": round(recall(self.xb, self.xq, ids, self.truth_d, self.k), 4),
                "qps": round(self.xq.shape[0] / seconds, 1)}
        print(json.dumps(line), flush=True)


def faiss_bytes(index):
    return faiss.serialize_index_binary(index).size if isinstance(index, faiss.IndexBinary) else faiss.serialize_index(index).size


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("queries")
    p.add_argument("out")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--m", type=int, default=16)
    p.add_argument("--nlist", type=int, default=1024)
    p.add_argument("--pq-m", type=int, default=16)
    p.add_argument("--ef", default="16,32,64,128,256")
    p.add_argument("--nprobe", default="1,4,16,64")
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--query-limit", type=int, default=0)
    p.add_argument("--score-labels")
    p.add_argument("--only", default="flat,hnsw,hnswsq,hnswlib,ivfflat,ivfpq,pq,binary")
    p.add_argument("--write-inputs", action="store_true", help="write OUT/base.fvecs and OUT/queries.fvecs (the vectors used) for the other sides")
    a = p.parse_args()
    faiss.omp_set_num_threads(a.threads)
    xb, xq = read_vectors(a.base), read_vectors(a.queries)
    if a.limit:
        xb = np.ascontiguousarray(xb[: a.limit])
    if a.query_limit:
        xq = np.ascontiguousarray(xq[: a.query_limit])
    n, d = xb.shape
    k = a.k
    truth_path = os.path.join(a.out, "truth")
    if a.write_inputs:
        write_vecs(os.path.join(a.out, "base.fvecs"), xb, "<f4")
        write_vecs(os.path.join(a.out, "queries.fvecs"), xq, "<f4")

    if a.score_labels:
        truth_d = np.fromfile(truth_path + ".fvecs", dtype="<f4").reshape(xq.shape[0], -1)[:, 1:]
        for f in sorted(glob.glob(os.path.join(a.out, a.score_labels + "-*.i64"))):
            ids = np.fromfile(f, dtype="<i8").reshape(xq.shape[0], -1)
            label = os.path.basename(f)[len(a.score_labels) + 1:-4]
            print(json.dumps({"labels": label, "recall": round(recall(xb, xq, ids, truth_d, k), 4)}))
        return

    only = set(a.only.split(","))
    t = time.perf_counter()
    flat = faiss.IndexFlatL2(d)
    flat.add(xb)
    build = time.perf_counter() - t
    seconds, (_, truth_ids) = timed_search(lambda: flat.search(xq, k), a.repeats)
    diff = xb[truth_ids].astype(np.float64) - xq[:, None, :].astype(np.float64)
    truth_d = np.sort((diff * diff).sum(axis=2), axis=1)
    write_vecs(truth_path + ".ivecs", truth_ids.astype("<i4"), "<i4")
    write_vecs(truth_path + ".fvecs", truth_d.astype("<f4"), "<f4")
    table = Table(xb, xq, truth_d, k)
    print(json.dumps({"peer": "faiss", "faiss": faiss.__version__, "base": n, "queries": xq.shape[0], "dim": d, "k": k,
                      "threads": a.threads}), flush=True)
    if "flat" in only:
        table.row("faiss", "IndexFlatL2", "", build, faiss_bytes(flat), truth_ids, seconds)
    del flat

    efs = [int(x) for x in a.ef.split(",")]
    if "hnsw" in only:
        t = time.perf_counter()
        index = faiss.IndexHNSWFlat(d, a.m)
        index.hnsw.efConstruction = 200
        index.add(xb)
        build = time.perf_counter() - t
        nbytes = faiss_bytes(index)
        for ef in efs:
            index.hnsw.efSearch = ef
            seconds, (_, ids) = timed_search(lambda: index.search(xq, k), a.repeats)
            table.row("faiss", f"IndexHNSWFlat M={a.m}", f"ef={ef}", build, nbytes, ids, seconds)
        del index

    if "hnswsq" in only:
        t = time.perf_counter()
        index = faiss.IndexHNSWSQ(d, faiss.ScalarQuantizer.QT_8bit, a.m)
        index.hnsw.efConstruction = 200
        index.train(xb)
        index.add(xb)
        build = time.perf_counter() - t
        nbytes = faiss_bytes(index)
        for ef in efs:
            index.hnsw.efSearch = ef
            seconds, (_, ids) = timed_search(lambda: index.search(xq, k), a.repeats)
            table.row("faiss", f"IndexHNSWSQ M={a.m} 8-bit", f"ef={ef}", build, nbytes, ids, seconds)
        del index

    if "hnswlib" in only:
        import hnswlib
        t = time.perf_counter()
        index = hnswlib.Index(space="l2", dim=d)
        index.init_index(max_elements=n, ef_construction=200, M=a.m)
        index.add_items(xb, np.arange(n), num_threads=a.threads)
        build = time.perf_counter() - t
        with tempfile.NamedTemporaryFile(dir=a.out) as f:
            index.save_index(f.name)
            nbytes = os.path.getsize(f.name)
        for ef in efs:
            index.set_ef(ef)
            seconds, (ids, _) = timed_search(lambda: index.knn_query(xq, k=k, num_threads=a.threads), a.repeats)
            table.row("hnswlib", f"M={a.m}", f"ef={ef}", build, nbytes, ids.astype(np.int64), seconds)
        del index

    nprobes = [int(x) for x in a.nprobe.split(",")]
    for kind in ("ivfflat", "ivfpq"):
        if kind not in only:
            continue
        t = time.perf_counter()
        quantizer = faiss.IndexFlatL2(d)
        if kind == "ivfflat":
            index, name = faiss.IndexIVFFlat(quantizer, d, a.nlist), f"IndexIVFFlat nlist={a.nlist}"
        else:
            index, name = faiss.IndexIVFPQ(quantizer, d, a.nlist, a.pq_m, 8), f"IndexIVFPQ nlist={a.nlist} m={a.pq_m}"
        index.train(xb)
        index.add(xb)
        build = time.perf_counter() - t
        nbytes = faiss_bytes(index)
        for nprobe in nprobes:
            index.nprobe = nprobe
            seconds, (_, ids) = timed_search(lambda: index.search(xq, k), a.repeats)
            table.row("faiss", name, f"nprobe={nprobe}", build, nbytes, ids, seconds)
        del index, quantizer

    if "pq" in only:
        t = time.perf_counter()
        index = faiss.IndexPQ(d, a.pq_m, 8)
        index.train(xb)
        index.add(xb)
        build = time.perf_counter() - t
        seconds, (_, ids) = timed_search(lambda: index.search(xq, k), a.repeats)
        table.row("faiss", f"IndexPQ m={a.pq_m}", "", build, faiss_bytes(index), ids, seconds)
        del index

    if "binary" in only:
        centre = xb.astype(np.float64).mean(axis=0).astype(np.float32)

        def binarise(x):
            return np.packbits(x - centre >= 0, axis=1, bitorder="little")

        t = time.perf_counter()
        index = faiss.IndexBinaryFlat(d)
        index.add(binarise(xb))
        build = time.perf_counter() - t
        codes = binarise(xq)
        seconds, (_, ids) = timed_search(lambda: index.search(codes, k), a.repeats)
        table.row("faiss", "IndexBinaryFlat", "", build, faiss_bytes(index), ids.astype(np.int64), seconds)


if __name__ == "__main__":
    main()
