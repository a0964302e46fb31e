#!/usr/bin/env python3
"""Builds the scikit-learn reference fixtures for Embedkit's node-classification tests.

Run from the repository root:  python3 tests/Embedkit.Tests/TestData/eval/make_sklearn_reference.py

For two real graphs it writes, next to this script (no Embedkit code involved):
  <name>_features.tsv   "id<TAB>v1..v16": 16-d truncated SVD of the (symmetric, unweighted) adjacency
                        rows, signs fixed so the largest-|.| entry of each singular vector is positive,
                        rounded to 6 significant digits
  <name>_labels.tsv     "id<TAB>label" pairs of those rows (a copy of the dataset's lines)
  <name>_train.txt      the FIXED training ids (one per line; test = every other labelled row), drawn
                        with numpy.random.RandomState(7), 50 % of the labelled rows
and sklearn_reference.json with, for C in (1.0, 0.1), the Micro-/Macro-F1 (and accuracy when single-label)
of OneVsRestClassifier(LogisticRegression(C=C)) (default lbfgs, max_iter=100, tol=1e-4) predicting, for
each test row, its k = |true labels| most probable labels (DeepWalk's TopKRanker).

  cora          all 2,708 nodes of data/cora (single-label, 7 classes)
  blogcatalog   the first 2,000 node ids (0..1999) of data/blogcatalog, adjacency rows over all
                10,312 nodes (multi-label, 39 labels)

The features are read back from the written TSV (float32, as Embedkit stores them) before fitting, so
the C# test and this script fit exactly the same numbers. The toy section prints the coef_/intercept_
quoted in OneVsRestLogisticRegressionTests.
"""
import gzip
import json
import os
import sys

import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as sla
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
DIM = 16


def read_edges(path):
    with gzip.open(path, "rt") as f:
        pairs = [tuple(int(t) for t in line.split("\t")[:2]) for line in f if line.strip()]
    return np.array(pairs, dtype=np.int64)


def read_labels(path):
    out = []
    with open(path) as f:
        for line in f:
            if line.strip():
                node, label = line.rstrip("\n").split("\t")
                out.append((int(node), label))
    return out


def svd_features(edges, n_all, rows):
    a = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n_all, n_all))
    a = (a + a.T).tocsr()
    a.data[:] = 1.0
    m = a[rows].astype(np.float64)
    v0 = np.ones(min(m.shape)) / np.sqrt(min(m.shape))
    u, s, vt = sla.svds(m, k=DIM, v0=v0)
    order = np.argsort(-s)
    u, s = u[:, order], s[order]
    f = u * s
    for j in range(DIM):
        if f[np.argmax(np.abs(f[:, j])), j] < 0:
            f[:, j] = -f[:, j]
    return f


def write_features(path, ids, f):
    with open(path, "w") as out:
        for i, row in zip(ids, f):
            out.write(str(i) + "\t" + "\t".join("%.6g" % v for v in row) + "\n")


def read_features(path):
    ids, rows = [], []
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            ids.append(int(parts[0]))
            rows.append([float(t) for t in parts[1:]])
    return ids, np.array(rows, dtype=np.float32).astype(np.float64)


class TopKRanker(OneVsRestClassifier):
    """DeepWalk's scoring.py ranker: the k most probable labels of each row."""

    def predict(self, X, top_k_list):
        probs = np.asarray(super().predict_proba(X))
        out = np.zeros_like(probs, dtype=int)
        for i, k in enumerate(top_k_list):
            # stable sort on -p: ties go to the lower label index (Embedkit's rule)
            top = np.argsort(-probs[i], kind="stable")[:k]
            out[i, top] = 1
        return out


def build(name, edges_path, labels_path, node_filter, n_all):
    edges = read_edges(edges_path)
    pairs = [(n, l) for n, l in read_labels(labels_path) if node_filter(n)]
    ids = sorted({n for n, _ in pairs})
    f = svd_features(edges, n_all, ids)
    write_features(os.path.join(HERE, name + "_features.tsv"), ids, f)
    with open(os.path.join(HERE, name + "_labels.tsv"), "w") as out:
        for n, l in pairs:
            out.write("%d\t%s\n" % (n, l))
    rng = np.random.RandomState(7)
    perm = rng.permutation(len(ids))
    train_ids = sorted(ids[i] for i in perm[: len(ids) // 2])
    with open(os.path.join(HERE, name + "_train.txt"), "w") as out:
        out.write("".join("%d\n" % i for i in train_ids))
    return ids, pairs, train_ids


def score(name, results):
    ids, X = read_features(os.path.join(HERE, name + "_features.tsv"))
    pairs = read_labels(os.path.join(HERE, name + "_labels.tsv"))
    with open(os.path.join(HERE, name + "_train.txt")) as f:
        train = {int(t) for t in f.read().split()}
    by_node = {}
    for n, l in pairs:
        by_node.setdefault(n, set()).add(l)
    label_set = sorted({l for _, l in pairs})
    mlb = MultiLabelBinarizer(classes=label_set)
    Y = mlb.fit_transform([sorted(by_node.get(i, ())) for i in ids])
    row = {i: r for r, i in enumerate(ids)}
    tr = [row[i] for i in ids if i in train and i in by_node]
    te = [row[i] for i in ids if i not in train and i in by_node]
    single = all(len(v) == 1 for v in by_node.values())
    entry = {"rows": len(ids), "labels": len(label_set), "train": len(tr), "test": len(te), "single_label": single}
    for solver, C in (("lbfgs", 1.0), ("lbfgs", 0.1), ("liblinear", 1.0), ("liblinear", 0.1)):
        # liblinear (sklearn's default before 0.22, used by DeepWalk's and FastRP's published numbers)
        # penalises the intercept as one more weight; tol is tightened so its optimum is the exact one.
        model = LogisticRegression(C=C) if solver == "lbfgs" else LogisticRegression(C=C, solver="liblinear", tol=1e-8, max_iter=10000)
        clf = TopKRanker(model)
        clf.fit(X[tr], Y[tr])
        k = Y[te].sum(axis=1)
        pred = clf.predict(X[te], k)
        r = {
            "micro_f1": float(f1_score(Y[te], pred, average="micro")),
            "macro_f1": float(f1_score(Y[te], pred, average="macro")),
            "max_n_iter": int(max(int(np.max(getattr(e, "n_iter_", [0]))) for e in clf.estimators_)),
        }
        if single:
            r["accuracy"] = float(np.mean(np.all(pred == Y[te], axis=1)))
        entry[("C=%g" % C) if solver == "lbfgs" else ("liblinear C=%g" % C)] = r
    results[name] = entry


def toy():
    # 1-D, 6 points, overlapping classes: a unique finite optimum.
    x = np.array([[-2.0], [-1.0], [-0.5], [0.5], [1.0], [3.0]])
    y = np.array([0, 0, 1, 0, 1, 1])
    for C in (1.0, 0.1):
        m = LogisticRegression(C=C, tol=1e-12, max_iter=10000).fit(x, y)
        print("toy C=%g sklearn coef=%.10f intercept=%.10f" % (C, m.coef_[0, 0], m.intercept_[0]))
        # sklearn's L-BFGS-B stops on its relative-decrease test (ftol) near 1e-6 of the optimum; the
        # exact optimum, for reference, by scipy BFGS to a 1e-12 gradient:
        from scipy.optimize import minimize
        t = y.astype(float)
        f = lambda p: C * np.sum(np.logaddexp(0, p[0] * x[:, 0] + p[1]) - t * (p[0] * x[:, 0] + p[1])) + 0.5 * p[0] ** 2
        r = minimize(f, [0.0, 0.0], method="BFGS", options={"gtol": 1e-12})
        print("toy C=%g optimum coef=%.10f intercept=%.10f" % (C, r.x[0], r.x[1]))


def main():
    print("numpy", np.__version__, "scipy", scipy.__version__, "sklearn", sklearn.__version__, file=sys.stderr)
    if "--score-only" not in sys.argv:
        build("cora", os.path.join(ROOT, "data/cora/edges.tsv.gz"), os.path.join(ROOT, "data/cora/labels.tsv"),
              lambda n: True, 2708)
        build("blogcatalog", os.path.join(ROOT, "data/blogcatalog/edges.tsv.gz"),
              os.path.join(ROOT, "data/blogcatalog/labels.tsv"), lambda n: n < 2000, 10312)
    results = {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
               "protocol": "OneVsRestClassifier(LogisticRegression(C)) lbfgs max_iter=100 tol=1e-4 ('C=...'), and solver='liblinear' tol=1e-8 ('liblinear C=...'); top-k by probability, k = |true labels|; f1_score micro/macro over all dataset labels"}
    score("cora", results)
    score("blogcatalog", results)
    with open(os.path.join(HERE, "sklearn_reference.json"), "w") as out:
        json.dump(results, out, indent=2, sort_keys=True)
        out.write("\n")
    print(json.dumps(results, indent=2, sort_keys=True))
    toy()


if __name__ == "__main__":
    main()
