#!/usr/bin/env bash
# ANN peers side by side, on the same data, thread count and machine, in one run: FAISS (IndexFlatL2,
# IndexHNSWFlat, IndexIVFFlat, IndexIVFPQ, IndexPQ, IndexBinaryFlat) and hnswlib through Python
# (bench/peers/ann_peers.py), USearch from .NET (NuGet Cloud.Unum.USearch; the benchmark harness's `usearch`
# command), then Embedkit through its own CLI (`embedkit bench ann --json`), one spec after another. Every side
# reads the same base and queries and is scored with the same exact ground truth (FAISS IndexFlatL2, distances
# recomputed in float64) and the ann-benchmarks recall@k definition. Writes OUT/rows.jsonl and a markdown table
# (OUT/table.md); with WRITE_DOCS=1 the table replaces the "ANN peers" block of docs/benchmarks.md.
# Usage: bash bench/peers/ann_peers.sh [DATA_DIR] [THREADS]
#   env: LIMIT=N / QUERY_LIMIT=N (first N base / query vectors, for a quick run), NLIST (default 1024),
#        EF (16,32,64,128,256), NPROBE (1,4,16,64), OUT (work folder), WRITE_DOCS=1
# Needs: apt-get install -y python3-faiss python3-hnswlib libopenblas0-pthread; the Fashion-MNIST idx files.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-../shared/data/fashion-mnist}
threads=${2:-1}
nlist=${NLIST:-1024}
ef=${EF:-16,32,64,128,256}
nprobe=${NPROBE:-1,4,16,64}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
base=$data/train-images-idx3-ubyte.gz
queries=$data/t10k-images-idx3-ubyte.gz
limits=()
[ -n "${LIMIT:-}" ] && limits+=(--limit "$LIMIT")
[ -n "${QUERY_LIMIT:-}" ] && limits+=(--query-limit "$QUERY_LIMIT")
dotnet build bench/Embedkit.Benchmarks -c Release -v quiet -nologo > /dev/null
dotnet build src/Embedkit.Cli -c Release -v quiet -nologo > /dev/null
harness="dotnet bench/Embedkit.Benchmarks/bin/Release/net10.0/Embedkit.Benchmarks.dll"
embedkit="dotnet src/Embedkit.Cli/bin/Release/net10.0/Embedkit.Cli.dll"
# OPENBLAS_CORETYPE/L2_SIZE pin an old kernel on this workplace's machines: unset them for a fair peer.
py() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" /usr/bin/python3 "$@"; }
rows=$out/rows.jsonl
: > "$rows"
echo "{\"machine\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\", \"cores\": $(nproc), \"threads\": $threads, \"load_average_before\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"dotnet\": \"$(dotnet --version)\"}" | tee -a "$rows"

# 1. FAISS and hnswlib (also writes the ground truth and the shared .fvecs inputs).
py bench/peers/ann_peers.py "$base" "$queries" "$out" --threads "$threads" --nlist "$nlist" --ef "$ef" \
  --nprobe "$nprobe" --write-inputs "${limits[@]}" | tee -a "$rows"

# 2. USearch (its keys are scored by the Python side, with the same distances).
$harness usearch "$out/base.fvecs" "$out/queries.fvecs" "$out" --threads "$threads" --ef "$ef" > "$out/usearch.jsonl"
py bench/peers/ann_peers.py "$base" "$queries" "$out" --score-labels usearch "${limits[@]}" > "$out/usearch-recall.jsonl"
py - "$out" <<'PY' | tee -a "$rows"
import json, sys
out = sys.argv[1]
recall = {r["labels"]: r["recall"] for r in map(json.loads, open(f"{out}/usearch-recall.jsonl"))}
for row in map(json.loads, open(f"{out}/usearch.jsonl")):
    if "labels" in row:
        row["recall"] = recall[row.pop("labels")]
    print(json.dumps(row))
PY

# 3. Embedkit, through the CLI a user runs.
ours() {
  local json
  if json=$($embedkit bench ann --base "$out/base.fvecs" --queries "$out/queries.fvecs" --ground-truth "$out/truth.ivecs" \
      --threads "$threads" -k 10 --json "$@"); then
    echo "$json" | py -c 'import json,sys; r=json.load(sys.stdin); r["peer"]="embedkit"; print(json.dumps(r))' | tee -a "$rows"
  else
    echo "embedkit bench ann $* failed: skipped in the table" >&2
  fi
}
ours --spec Flat
ours --spec HNSW16 --search-params "ef=$ef"
ours --spec HNSW16,SQ8 --search-params "ef=$ef"
ours --spec "IVF$nlist,Flat" --search-params "nprobe=$nprobe"
ours --spec "IVF$nlist,PQ16" --search-params "nprobe=$nprobe"
ours --spec PQ16
ours --spec BIN1
echo "{\"load_average_after\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" | tee -a "$rows"

cmd="bash bench/peers/ann_peers.sh $data $threads${LIMIT:+ (LIMIT=$LIMIT)}${QUERY_LIMIT:+ (QUERY_LIMIT=$QUERY_LIMIT)}"
py bench/peers/ann_table.py "$rows" "$cmd" > "$out/table.md"
cat "$out/table.md"
if [ "${WRITE_DOCS:-0}" = 1 ]; then py bench/peers/ann_table.py "$rows" "$cmd" --write docs/benchmarks.md; fi
