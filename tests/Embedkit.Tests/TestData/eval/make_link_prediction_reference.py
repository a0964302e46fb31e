#!/usr/bin/env python3
"""Builds the reference fixtures for Embedkit's link-prediction tests (no Embedkit code involved).

Run from the repository root:  /usr/bin/python3 tests/Embedkit.Tests/TestData/eval/make_link_prediction_reference.py

Writes, next to this script:
  ranking_reference.json   seeded random score/label vectors, many with ties, and scikit-learn's
                           roc_auc_score and average_precision_score of each (scores are written with
                           repr(), so the C# test reads back exactly the same doubles)
  karate_heuristics.tsv    "u<TAB>v<TAB>cn<TAB>jaccard<TAB>adamic_adar<TAB>resource_allocation" for every
                           pair u < v (by integer id) of data/karate/edges.tsv, computed by brute force in
                           plain Python from neighbour sets: G(x) = neighbours of x other than x,
                           cn = |G(u) & G(v)|, jaccard = cn / |G(u) | G(v)| (0 if empty),
                           adamic_adar = sum 1/ln|G(w)|, resource_allocation = sum 1/|G(w)| over w in G(u) & G(v)
"""
import json
import math
import os
import sys

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))


def ranking_cases():
    rng = np.random.RandomState(20240611)
    cases = []

    def add(name, scores, labels):
        scores = [float(s) for s in scores]
        labels = [int(l) for l in labels]
        cases.append({
            "name": name,
            "scores": scores,
            "labels": labels,
            "roc_auc": float(roc_auc_score(labels, scores)),
            "average_precision": float(average_precision_score(labels, scores)),
        })

    # 300 scores on a coarse grid (one decimal): many ties within and across classes.
    y = rng.rand(300) < 0.4
    add("coarse_ties_300", np.round(rng.randn(300) + 0.8 * y, 1), y)
    # 400 continuous scores, no ties.
    y = rng.rand(400) < 0.5
    add("continuous_400", rng.randn(400) + 1.0 * y, y)
    # 250 small integers 0..4, like common-neighbour counts: very heavy ties.
    y = rng.rand(250) < 0.5
    add("integer_ties_250", np.minimum(4, rng.poisson(0.5 + 1.5 * y)), y)
    # 500 scores, 5 % positives, two-decimal grid.
    y = rng.rand(500) < 0.05
    y[0] = True
    add("imbalanced_500", np.round(rng.rand(500) + 0.3 * y, 2), y)
    # 200 scores where most negatives tie at 0 (as heuristics give to non-edges).
    y = rng.rand(200) < 0.5
    s = np.where(y, rng.exponential(1.0, 200), np.where(rng.rand(200) < 0.8, 0.0, rng.exponential(0.3, 200)))
    add("zero_mass_200", s, y)
    return cases


def karate_heuristics():
    adj = {}
    with open(os.path.join(ROOT, "data", "karate", "edges.tsv")) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            a, b = line.split("\t")[:2]
            a, b = int(a), int(b.strip())
            adj.setdefault(a, set()).add(b)
            adj.setdefault(b, set()).add(a)
    g = {x: adj[x] - {x} for x in adj}
    nodes = sorted(g)
    rows = []
    for i, u in enumerate(nodes):
        for v in nodes[i + 1:]:
            common = g[u] & g[v]
            union = g[u] | g[v]
            cn = len(common)
            jac = cn / len(union) if union else 0.0
            aa = sum(1.0 / math.log(len(g[w])) for w in sorted(common))
            ra = sum(1.0 / len(g[w]) for w in sorted(common))
            rows.append((u, v, cn, jac, aa, ra))
    return rows


def main():
    print("numpy", np.__version__, "sklearn", sklearn.__version__, file=sys.stderr)
    with open(os.path.join(HERE, "ranking_reference.json"), "w") as out:
        json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__,
                   "functions": "sklearn.metrics.roc_auc_score, sklearn.metrics.average_precision_score",
                   "cases": ranking_cases()}, out, indent=1)
        out.write("\n")
    with open(os.path.join(HERE, "karate_heuristics.tsv"), "w") as out:
        for u, v, cn, jac, aa, ra in karate_heuristics():
            out.write("%d\t%d\t%d\t%r\t%r\t%r\n" % (u, v, cn, jac, aa, ra))


if __name__ == "__main__":
    main()
