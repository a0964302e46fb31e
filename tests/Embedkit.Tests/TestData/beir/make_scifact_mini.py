#!/usr/bin/env python3
"""Makes scifact-mini/, a small real subset of BEIR SciFact for the BM25 regression tests.

usage: make_scifact_mini.py SCIFACT_DIR OUT_DIR

Keeps every 7th test query (in qrels order) up to 40, their qrels and judged documents, the 5 documents that
rank highest for each of them under a plain BM25 over the full corpus (lower-cased \\w+ tokens; only used to
pick hard non-relevant documents, not to compute any expected value), 150 further documents drawn with
random.Random(42), and 5 train queries without test qrels. Lines are copied byte for byte, in corpus order.
"""
import collections
import json
import math
import random
import re
import sys

src, out = sys.argv[1], sys.argv[2]
corpus_lines = open(f"{src}/corpus.jsonl", encoding="utf-8").read().splitlines()
docs = [json.loads(l) for l in corpus_lines]
qrel_lines = open(f"{src}/qrels/test.tsv", encoding="utf-8").read().splitlines()
header, qrel_rows = qrel_lines[0], [l.split("\t") for l in qrel_lines[1:]]
test_queries = list(dict.fromkeys(r[0] for r in qrel_rows))
chosen = test_queries[::7][:40]
query_lines = {json.loads(l)["_id"]: l for l in open(f"{src}/queries.jsonl", encoding="utf-8").read().splitlines()}

tok = lambda s: re.findall(r"\w+", s.lower())
tfs = [collections.Counter(tok(d["title"] + " " + d["text"])) for d in docs]
avg = sum(sum(t.values()) for t in tfs) / len(tfs)
df = collections.Counter(w for t in tfs for w in t)
keep = set()
for q in chosen:
    judged = {r[1] for r in qrel_rows if r[0] == q}
    keep |= judged
    words = tok(json.loads(query_lines[q])["text"])
    scores = []
    for i, t in enumerate(tfs):
        n = sum(t.values())
        s = sum(math.log(1 + (len(docs) - df[w] + 0.5) / (df[w] + 0.5)) * t[w] / (t[w] + 0.9 * (0.6 + 0.4 * n / avg)) for w in words if w in t)
        scores.append((s, i))
    keep |= {docs[i]["_id"] for _, i in sorted(scores, reverse=True)[:5]}
rng = random.Random(42)
others = [d["_id"] for d in docs if d["_id"] not in keep]
keep |= set(rng.sample(others, 150))

import os
os.makedirs(f"{out}/qrels", exist_ok=True)
with open(f"{out}/corpus.jsonl", "w", encoding="utf-8") as f:
    for line, d in zip(corpus_lines, docs):
        if d["_id"] in keep:
            f.write(line + "\n")
train_only = [q for q in query_lines if q not in set(test_queries)][:5]
with open(f"{out}/queries.jsonl", "w", encoding="utf-8") as f:
    for q, line in query_lines.items():
        if q in set(chosen) or q in train_only:
            f.write(line + "\n")
with open(f"{out}/qrels/test.tsv", "w", encoding="utf-8") as f:
    f.write(header + "\n")
    for r in qrel_rows:
        if r[0] in set(chosen):
            f.write("\t".join(r) + "\n")
