#!/usr/bin/env python3
"""Reference BM25 + trec_eval metrics, written from the formulas (not from Embedkit's code).

Reads the analyzed documents and queries that `Embedkit.Benchmarks bm25 DIR --dump-tokens TOK` writes
(TOK/docs.jsonl, TOK/queries.jsonl: {"id": ..., "tokens": [...]}, tokens from Lucene's EnglishAnalyzer) and
a BEIR qrels file, scores every query against every document with Lucene 8+'s BM25
(idf = ln(1 + (N - df + 0.5) / (df + 0.5)), tf part f / (f + k1 (1 - b + b dl / avgdl)), no (k1 + 1),
query terms weighted by their count), dl being Lucene's one-byte length (SmallFloat.intToByte4) or exact,
ranks as trec_eval does (score desc, docno desc), drops the query's own id (BEIR), and prints
nDCG@10 / Recall@100 / MRR@10 / MAP@100 as current trec_eval computes them, as one JSON line.

usage: bm25_reference.py TOK QRELS [--k1 0.9] [--b 0.4] [--length-norm lucene|exact] [--depth 100]
"""
import argparse
import collections
import json
import math


def int4(i):  # SmallFloat.longToInt4: 4 significant bits, the leading one implicit
    bits = i.bit_length()
    if bits < 4:
        return i
    shift = bits - 4
    return ((i >> shift) & 0x07) | ((shift + 1) << 3)


def from_int4(i):  # SmallFloat.int4ToLong
    bits, shift = i & 0x07, (i >> 3) - 1
    return bits if shift == -1 else (bits | 0x08) << shift


FREE = 255 - int4(2**31 - 1)  # = 24 values stored as themselves


def lucene_length(n):  # byte4ToInt(intToByte4(n))
    if n < FREE:
        return n
    return FREE + from_int4(int4(n - FREE))


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_qrels(path):
    qrels = collections.defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            parts = line.rstrip("\n").split("\t")
            if n == 0 and not parts[2].lstrip("-").isdigit():
                continue
            qrels[parts[0]][parts[1]] = int(parts[2])
    return qrels


def metrics(ranked, judged):
    rel = [judged.get(d, 0) for d in ranked]
    num_rel = sum(1 for r in judged.values() if r >= 1)
    dcg = sum(r / math.log2(i + 2) for i, r in enumerate(rel[:10]) if r > 0)
    ideal = sorted((r for r in judged.values() if r > 0), reverse=True)[:10]
    idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal))
    recall = sum(1 for r in rel[:100] if r >= 1) / num_rel
    rr = next((1.0 / (i + 1) for i, r in enumerate(rel[:10]) if r >= 1), 0.0)
    ap, found = 0.0, 0
    for i, r in enumerate(rel[:100]):
        if r >= 1:
            found += 1
            ap += found / (i + 1)
    return dcg / idcg if idcg > 0 else 0.0, recall, rr, ap / num_rel


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tokens")
    ap.add_argument("qrels")
    ap.add_argument("--k1", type=float, default=0.9)
    ap.add_argument("--b", type=float, default=0.4)
    ap.add_argument("--length-norm", choices=["lucene", "exact"], default="lucene")
    ap.add_argument("--depth", type=int, default=100)
    args = ap.parse_args()

    docs = read_jsonl(args.tokens + "/docs.jsonl")
    queries = {q["id"]: q["tokens"] for q in read_jsonl(args.tokens + "/queries.jsonl")}
    qrels = read_qrels(args.qrels)

    tfs = [collections.Counter(d["tokens"]) for d in docs]
    lengths = [len(d["tokens"]) for d in docs]
    nonempty = sum(1 for n in lengths if n > 0)
    avgdl = sum(lengths) / nonempty
    df = collections.Counter(t for tf in tfs for t in tf)
    norm = [args.k1 * (1 - args.b + args.b * (lucene_length(n) if args.length_norm == "lucene" else n) / avgdl) for n in lengths]
    postings = collections.defaultdict(list)
    for i, tf in enumerate(tfs):
        for t, f in tf.items():
            postings[t].append((i, f))

    sums = [0.0, 0.0, 0.0, 0.0]
    evaluated = retrieved = 0
    for qid, judged in qrels.items():
        if qid not in queries or not any(r >= 1 for r in judged.values()):
            continue
        scores = collections.defaultdict(float)
        for t, count in collections.Counter(queries[qid]).items():
            if t not in df:
                continue
            idf = math.log(1 + (nonempty - df[t] + 0.5) / (df[t] + 0.5))
            for i, f in postings[t]:
                scores[i] += count * idf * f / (f + norm[i])
        run = sorted(((s, docs[i]["id"]) for i, s in scores.items()), key=lambda p: (-p[0], tuple(-ord(c) for c in p[1])))
        ranked = [d for _, d in run[: args.depth] if d != qid]
        retrieved += len(run[: args.depth])
        for j, v in enumerate(metrics(ranked, judged)):
            sums[j] += v
        evaluated += 1
    names = ["ndcg@10", "recall@100", "mrr@10", "map@100"]
    out = {"impl": "python-reference", "length_norm": args.length_norm, "queries": evaluated, "retrieved": retrieved}
    out.update({n: s / evaluated for n, s in zip(names, sums)})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
