#!/usr/bin/env bash
# FastRP speed, Embedkit against a scipy/numpy/sklearn implementation of the reference's steps, on the same
# machine in one run, at the same thread counts. Prints one JSON line per run.
# Usage: bash bench/peers/fastrp_vs_scipy.sh [EDGES] [DIM]
# Needs: apt-get install -y python3-scipy python3-sklearn libopenblas0-pthread
set -euo pipefail
cd "$(dirname "$0")/../.."
edges=${1:-data/blogcatalog/edges.tsv.gz}
dim=${2:-512}
plain=$(mktemp --suffix .tsv)
trap 'rm -f "$plain"' EXIT
zcat -f "$edges" > "$plain"
dotnet build bench/Embedkit.Benchmarks -c Release -v quiet -nologo > /dev/null
for threads in 1 2; do
  # OPENBLAS_CORETYPE/L2_SIZE pin an old kernel on this workplace's machines: unset them for a fair peer.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads /usr/bin/python3 bench/peers/fastrp_scipy.py "$plain" --dim "$dim" --repeats 5 \
    | sed "s/^{/{\"threads\": $threads, /"
  dotnet bench/Embedkit.Benchmarks/bin/Release/net10.0/Embedkit.Benchmarks.dll fastrp "$edges" --dim "$dim" --threads "$threads" --repeats 5
done
