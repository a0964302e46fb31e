#!/usr/bin/env python3
"""Peer of `embedkit eval link-prediction --split DIR --embeddings FILE`, in plain Python + numpy + scikit-learn.

    /usr/bin/python3 bench/peers/sklearn_link_prediction.py SPLIT_DIR EMBEDDINGS.tsv [--C 1.0]

Reads a split folder written by `embedkit eval link-prediction EDGES --write-split SPLIT_DIR` (residual.tsv,
test.tsv, train.tsv) and embeddings as TSV (`embedkit convert emb.ekv emb.tsv`), and prints one JSON object with
the same "scorers" and "baselines" as the embedkit command, every number computed independently:
  dot, cosine       row-wise products of the float32 vectors, in float64; cosine = u.v / sqrt(|u|^2 |v|^2)
  hadamard_lr       sklearn LogisticRegression(C, lbfgs, max_iter=1000, tol=1e-6) on u*v of the training
                    pairs, test pairs ranked by decision_function
  heuristics        Python sets over residual.tsv: G(x) = neighbours of x other than x; common neighbours,
                    Jaccard |G(u)&G(v)|/|G(u)|G(v)|, Adamic-Adar sum 1/ln|G(w)|, resource allocation sum 1/|G(w)|
  auc, ap           sklearn.metrics.roc_auc_score and average_precision_score
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score


def pairs(path):
    u, v, y = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            a, b, label = line.rstrip("\n").split("\t")
            u.append(a)
            v.append(b)
            y.append(int(label))
    return u, v, np.array(y)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("split")
    p.add_argument("embeddings")
    p.add_argument("--C", type=float, default=1.0)
    args = p.parse_args()
    start = time.perf_counter()

    emb = {}
    with open(args.embeddings, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            emb[parts[0]] = np.array(parts[1:], dtype=np.float32)
    adj = {}
    with open(args.split + "/residual.tsv", encoding="utf-8") as f:
        for line in f:
            a, b = line.rstrip("\n").split("\t")[:2]
            adj.setdefault(a, set()).add(b)
            adj.setdefault(b, set()).add(a)
    g = {x: s - {x} for x, s in adj.items()}
    tu, tv, ty = pairs(args.split + "/test.tsv")
    ru, rv, ry = pairs(args.split + "/train.tsv")

    def matrix(ids):
        return np.stack([emb[i] for i in ids]).astype(np.float64)

    U, V = matrix(tu), matrix(tv)
    scores = {"dot": (U * V).sum(axis=1)}
    # sqrt(|u|^2 |v|^2) rather than |u| |v|: equal vectors get exactly 1 and stay tied (as in Embedkit)
    norms = np.sqrt((U * U).sum(axis=1) * (V * V).sum(axis=1))
    scores["cosine"] = np.divide(scores["dot"], norms, out=np.zeros_like(norms), where=norms != 0)
    X = (matrix(ru) * matrix(rv)).astype(np.float32).astype(np.float64)
    model = LogisticRegression(C=args.C, max_iter=1000, tol=1e-6).fit(X, ry)
    scores["hadamard_lr"] = model.decision_function((U * V).astype(np.float32).astype(np.float64))

    base = {k: [] for k in ("common_neighbors", "jaccard", "adamic_adar", "resource_allocation")}
    for a, b in zip(tu, tv):
        ga, gb = g.get(a, set()), g.get(b, set())
        common = sorted(ga & gb)
        union = len(ga | gb)
        base["common_neighbors"].append(len(common))
        base["jaccard"].append(len(common) / union if union else 0.0)
        base["adamic_adar"].append(sum(1.0 / math.log(len(g[w])) for w in common))
        base["resource_allocation"].append(sum(1.0 / len(g[w]) for w in common))

    def score(s):
        return {"auc": round(float(roc_auc_score(ty, s)), 6), "ap": round(float(average_precision_score(ty, s)), 6)}

    out = {
        "peer": "sklearn " + sklearn.__version__,
        "test_pairs": len(ty),
        "scorers": {k: score(scores[k]) for k in ("hadamard_lr", "dot", "cosine")},
        "baselines": {k: score(np.array(v)) for k, v in base.items()},
        "lr_iterations": int(model.n_iter_[0]),
        "seconds": round(time.perf_counter() - start, 3),
    }
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
