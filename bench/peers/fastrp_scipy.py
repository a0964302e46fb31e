#!/usr/bin/env python3
"""FastRP peer: the reference implementation's steps (GTmac/FastRP fastrp.py) in scipy/numpy/sklearn.

M = D^-1 A; R = sklearn SparseRandomProjection (density 1/sqrt(n)); components scaled by deg^beta;
U_1 = M R', U_i = M U_{i-1}; U = sum_i w_i normalize(U_i); sklearn.preprocessing.scale(U).

Usage: /usr/bin/python3 bench/peers/fastrp_scipy.py EDGES.tsv [--dim 512] [--weights 0,0,1,6.67]
       [--beta -0.64] [--repeats 3] [--out emb.tsv]
Prints one JSON line: {"peer":"scipy-fastrp","seconds":[...],"best_seconds":...,"peak_rss_mb":...}.
Thread count: set OMP_NUM_THREADS / OPENBLAS_NUM_THREADS; scipy's sparse products are single-threaded.
"""
import argparse
import json
import resource
import time

import numpy as np
from scipy.sparse import csr_matrix, spdiags
from sklearn import random_projection
from sklearn.preprocessing import normalize, scale


def load(path):
    edges = np.loadtxt(path, dtype=np.int64, comments=("#", "%"), ndmin=2)
    n = int(edges[:, :2].max()) + 1
    rows = np.concatenate([edges[:, 0], edges[:, 1]])
    cols = np.concatenate([edges[:, 1], edges[:, 0]])
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))


def fastrp(A, dim, weights, beta, seed):
    n = A.shape[0]
    degree = np.asarray(A.sum(axis=1)).ravel()
    M = spdiags(1.0 / degree, 0, n, n) @ A
    transformer = random_projection.SparseRandomProjection(n_components=dim, random_state=seed)
    Y = transformer.fit(M)
    Y.components_ = Y.components_ @ spdiags(np.power(degree, beta), 0, n, n)
    cur = transformer.transform(M)
    cur = cur.toarray() if hasattr(cur, "toarray") else cur
    U = np.zeros((n, dim))
    for i, w in enumerate(weights):
        if i > 0:
            cur = M @ cur
        if w != 0:
            U += w * normalize(cur, norm="l2", axis=1)
    return scale(U)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("edges")
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--weights", default="0,0,1,6.67")
    ap.add_argument("--beta", type=float, default=-0.64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out")
    args = ap.parse_args()
    weights = [float(x) for x in args.weights.split(",")]
    t0 = time.perf_counter()
    A = load(args.edges)
    load_seconds = time.perf_counter() - t0
    seconds = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        U = fastrp(A, args.dim, weights, args.beta, args.seed)
        seconds.append(time.perf_counter() - t0)
    if args.out:
        with open(args.out, "w") as f:
            for i, row in enumerate(U):
                f.write(str(i) + "\t" + "\t".join("%.7g" % x for x in row) + "\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peer": "scipy-fastrp", "nodes": A.shape[0], "dim": args.dim, "load_seconds": round(load_seconds, 3),
                      "seconds": [round(s, 3) for s in seconds], "best_seconds": round(min(seconds), 3),
                      "peak_rss_mb": round(peak, 1)}))


if __name__ == "__main__":
    main()
