#!/usr/bin/env bash
# Full-vector HNSW before and after a change: the `hnsw` harness of bench/Embedkit.Benchmarks built from REV
# (a `git archive` snapshot in a temporary folder) and from the working tree, run alternately ROUNDS times on the
# same data with the same settings (one thread, M = 16, efConstruction = 200, k = 10, the first LIMIT base
# vectors), so that the load of a shared machine falls on both sides alike. Identical recall on both sides means
# the same graph; compare build CPU seconds and cpu_qps (QPS by this process's CPU time).
# Usage: bash bench/peers/hnsw_before_after.sh REV [DATA_DIR] [ROUNDS] [LIMIT]
set -euo pipefail
cd "$(dirname "$0")/../.."
rev=$1
data=${2:-/work/shared/data/fashion-mnist}
rounds=${3:-3}
limit=${4:-10000}
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT
git archive "$rev" | tar -x -C "$before"
(cd "$before" && dotnet build bench/Embedkit.Benchmarks -c Release -v quiet -nologo > /dev/null)
dotnet build bench/Embedkit.Benchmarks -c Release -v quiet -nologo > /dev/null
truth=${HNSW_TRUTH_CACHE:-/tmp/embedkit-fashion-mnist-truth}
for round in $(seq "$rounds"); do
  for side in before after; do
    root=$PWD
    [ "$side" = before ] && root=$before
    echo "{\"round\": $round, \"side\": \"$side\", \"rev\": \"$([ "$side" = before ] && echo "$rev" || echo working-tree)\", \"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
    dotnet "$root/bench/Embedkit.Benchmarks/bin/Release/net10.0/Embedkit.Benchmarks.dll" hnsw \
      "$data/train-images-idx3-ubyte.gz" "$data/t10k-images-idx3-ubyte.gz" --threads 1 --limit "$limit" --ef 16,64 --repeats 5 --truth "$truth"
  done
done
