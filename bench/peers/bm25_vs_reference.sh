#!/usr/bin/env bash
# BM25 on a BEIR dataset (default: SciFact test, 5,183 documents, 300 queries), three ways in one run:
#  - Embedkit's Bm25Index (Lucene's English analyzer, hand-written inverted index), Lucene and exact length norms;
#  - Lucene.Net 4.8's own index and BM25Similarity, stock (1/sqrt(length) norm byte) and with Lucene 8+'s length
#    byte, the same analyzer, single-threaded searches, alternating with ours for ROUNDS rounds;
#  - bench/peers/bm25_reference.py, BM25 and trec_eval written from the formulas, on the analyzer's tokens.
# Each prints one JSON line; the last line compares metrics (must agree) and QPS (one thread each).
# Usage: bash bench/peers/bm25_vs_reference.sh [BEIR_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-../shared/data/scifact}
rounds=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build bench/Embedkit.Benchmarks -c Release -v quiet -nologo > /dev/null
harness=bench/Embedkit.Benchmarks/bin/Release/net10.0/Embedkit.Benchmarks.dll
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for round in $(seq "$rounds"); do
  dotnet "$harness" bm25 "$dir" --lucene --repeats 3 | tee -a "$work/runs.jsonl"
done
dotnet "$harness" bm25 "$dir" --length-norm exact --repeats 1 --dump-tokens "$work/tok" | tee -a "$work/runs.jsonl"
for norm in lucene exact; do
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/peers/bm25_reference.py "$work/tok" "$dir/qrels/test.tsv" --length-norm "$norm" | tee -a "$work/runs.jsonl"
done
/usr/bin/python3 - "$work/runs.jsonl" <<'PY'
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
metrics = ["ndcg@10", "recall@100", "mrr@10", "map@100"]
ours = [r for r in runs if r["impl"] == "embedkit" and r["length_norm"] == "lucene"]
byte = [r for r in runs if r["impl"] == "lucene.net-4.8+length-byte-norm"]
ref = {r["length_norm"]: r for r in runs if r["impl"] == "python-reference"}
exact = next(r for r in runs if r["impl"] == "embedkit" and r["length_norm"] == "exact")
ratios = sorted(round(o["qps_1_thread"] / l["qps_1_thread"], 2) for o, l in zip(ours, byte))
print(json.dumps({"summary": "embedkit bm25 vs lucene.net and the python reference", "rounds": len(ours),
    "max_metric_diff_vs_reference_lucene_norm": max(abs(ours[0][m] - ref["lucene"][m]) for m in metrics),
    "max_metric_diff_vs_reference_exact_norm": max(abs(exact[m] - ref["exact"][m]) for m in metrics),
    "max_metric_diff_vs_lucene_net_length_byte": max(abs(ours[0][m] - byte[0][m]) for m in metrics),
    "same_top10_sets_vs_lucene_net_length_byte": byte[0]["same_top10_sets"], "queries": ours[0]["queries"],
    "qps_1_thread_ratio_vs_lucene_net": ratios, "median_ratio": ratios[len(ratios) // 2],
    "build_s": [o["build_s"] for o in ours], "lucene_net_build_s": [l["build_s"] for l in byte]}))
PY
