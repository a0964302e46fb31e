#!/usr/bin/env python3
"""Peer timing script (not a test): scikit-learn on the DeepWalk node-classification protocol.

  python3 bench/peers/sklearn_node_classification.py EMBEDDINGS.tsv LABELS.tsv [--C 1.0] [--threads 2]
      [--ratios 0.1,...,0.9] [--repeats 5] [--seed 0]

EMBEDDINGS.tsv: "id<TAB>v1<TAB>...<TAB>vd" per row; LABELS.tsv: "id<TAB>label" per (node, label) pair.
For each repeat the labelled rows are shuffled (numpy RandomState(seed + repeat)); for each train ratio p
the first round(p·n) train OneVsRestClassifier(LogisticRegression(C=C), n_jobs=threads) and each test row
predicts its k = |true labels| most probable labels (DeepWalk's TopKRanker); Micro-/Macro-F1 are sklearn's
f1_score on indicator matrices over all labels. Prints per-ratio mean ± population std and the wall time
of the whole protocol (fits + predictions, excluding file loading). BLAS is limited to one thread per
worker so that --threads is the whole budget.

To make a quick 128-d input without Embedkit (random features: low F1, fine for timing):
  python3 bench/peers/sklearn_node_classification.py --make-random-projection data/blogcatalog/edges.tsv.gz OUT.tsv [--dim 128] [--seed 0]
(each row = mean of its neighbours' seeded Gaussian vectors, i.e. D⁻¹·A·R.)
"""
import argparse
import gzip
import os
import sys
import time


def make_random_projection(edges_path, out_path, dim, seed):
    import numpy as np
    import scipy.sparse as sp
    opener = gzip.open if edges_path.endswith(".gz") else open
    with opener(edges_path, "rt") as f:
        e = np.array([[int(t) for t in line.split("\t")[:2]] for line in f if line.strip()], dtype=np.int64)
    n = int(e.max()) + 1
    a = sp.coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n))
    a = (a + a.T).tocsr()
    a.data[:] = 1.0
    deg = np.asarray(a.sum(axis=1)).ravel()
    r = np.random.RandomState(seed).standard_normal((n, dim))
    x = (a @ r) / np.maximum(deg, 1)[:, None]
    with open(out_path, "w") as out:
        for i in range(n):
            out.write(str(i) + "\t" + "\t".join("%.6g" % v for v in x[i]) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("embeddings")
    ap.add_argument("labels")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--solver", default="lbfgs", choices=["lbfgs", "liblinear"],
                    help="liblinear penalises the intercept (sklearn's default before 0.22; Embedkit's --liblinear)")
    ap.add_argument("--ratios", default="0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--make-random-projection", action="store_true")
    args = ap.parse_args()
    if args.make_random_projection:
        make_random_projection(args.embeddings, args.labels, args.dim, args.seed)
        return
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    import numpy as np
    import sklearn
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import MultiLabelBinarizer

    class TopKRanker(OneVsRestClassifier):
        def predict(self, X, top_k_list):
            probs = np.asarray(super().predict_proba(X))
            out = np.zeros_like(probs, dtype=int)
            for i, k in enumerate(top_k_list):
                out[i, np.argsort(-probs[i], kind="stable")[:k]] = 1
            return out

    ids, rows = [], []
    with open(args.embeddings) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 1:
                ids.append(parts[0])
                rows.append([float(t) for t in parts[1:]])
    X = np.array(rows, dtype=np.float32).astype(np.float64)
    by_id = {}
    with open(args.labels) as f:
        for line in f:
            if line.strip():
                node, label = line.rstrip("\n").split("\t")
                by_id.setdefault(node, set()).add(label)
    keep = [i for i, node in enumerate(ids) if node in by_id]
    X = X[keep]
    label_set = sorted({l for v in by_id.values() for l in v})
    Y = MultiLabelBinarizer(classes=label_set).fit_transform([sorted(by_id[ids[i]]) for i in keep])
    n = X.shape[0]
    ratios = [float(t) for t in args.ratios.split(",")]
    print("sklearn %s, %d labelled rows x %d dims, %d labels, C=%g, n_jobs=%d"
          % (sklearn.__version__, n, X.shape[1], len(label_set), args.C, args.threads))
    import warnings
    warnings.filterwarnings("ignore")
    scores = {p: [] for p in ratios}
    start = time.perf_counter()
    for r in range(args.repeats):
        order = np.random.RandomState(args.seed + r).permutation(n)
        for p in ratios:
            t = max(1, int(round(p * n)))
            tr, te = order[:t], order[t:]
            clf = TopKRanker(LogisticRegression(C=args.C, solver=args.solver), n_jobs=args.threads)
            clf.fit(X[tr], Y[tr])
            pred = clf.predict(X[te], Y[te].sum(axis=1))
            scores[p].append((f1_score(Y[te], pred, average="micro"), f1_score(Y[te], pred, average="macro")))
    wall = time.perf_counter() - start
    for p in ratios:
        s = np.array(scores[p])
        print("ratio %.2f  micro %.4f ± %.4f  macro %.4f ± %.4f"
              % (p, s[:, 0].mean(), s[:, 0].std(), s[:, 1].mean(), s[:, 1].std()))
    print("total wall time %.2f s (%d splits, n_jobs=%d)" % (wall, len(ratios) * args.repeats, args.threads))


if __name__ == "__main__":
    sys.exit(main())
