#!/usr/bin/env bash
# Compression table on real cosine embeddings: FastRP of the bundled BlogCatalog graph (10,312 nodes, d = 512,
# the quick start's settings), the last 1,000 rows as queries against the other 9,312, k = 10. For each codec,
# at roughly equal byte budgets (BIN1 ~ PQ64 = 64 B, BIN2 ~ PQ128 ~ 128 B, BIN4 ~ PQ256 ~ 256 B, SQ8 512 B,
# F16 1024 B; float32 is 2048 B), recall@10 (ann-benchmarks, exact cosine of the returned ids against FlatIndex
# ground truth) alone and with Refine(Flat) at oversample 4 and 8, with QPS on all cores. One JSON line per run,
# then a Markdown table.
# Usage: bash bench/peers/compression_table.sh [DIM]
set -euo pipefail
cd "$(dirname "$0")/../.."
dim=${1:-512}
work=${WORK:-$(mktemp -d)}
dotnet build src/Embedkit.Cli -c Release -v quiet -nologo > /dev/null
dotnet build bench/Embedkit.Benchmarks -c Release -v quiet -nologo > /dev/null
[ -f "$work/blog$dim.ekv" ] || dotnet src/Embedkit.Cli/bin/Release/net10.0/Embedkit.Cli.dll embed graph data/blogcatalog/edges.tsv.gz -o "$work/blog$dim.ekv" --dim "$dim"
run() { dotnet bench/Embedkit.Benchmarks/bin/Release/net10.0/Embedkit.Benchmarks.dll codec "$work/blog$dim.ekv" --metric cosine --k 10 --repeats 3 \
  --truth "$work/truth$dim" "$@" | tee -a "$work/table.jsonl"; }
: > "$work/table.jsonl"
run --spec Flat
for codec in BIN1 BIN2 BIN4 PQ64 PQ128 PQ256 SQ8 F16; do
  run --spec "$codec" --index "$work/$codec.eki"
  for oversample in 4 8; do
    run --spec "$codec,Refine(Flat)" --oversample "$oversample"
  done
done
/usr/bin/python3 - "$work/table.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| index | code bytes | of float32 | recall@10 | QPS |")
print("| --- | --- | --- | --- | --- |")
for r in rows:
    name = r["spec"] + (f" (oversample {r['oversample']})" if r.get("oversample") else "")
    share = f"1/{r['compression']:g}" if r["compression"] != 1 else "1"
    print(f"| {name} | {r['code_bytes']} | {share} | {r['recall']:.4f} | {r['qps']:,.0f} |")
PY
