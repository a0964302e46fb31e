#!/usr/bin/env bash
# HNSW build and search, Embedkit against hnswlib, on the same machine in one run, back to back, one thread
# each, M = 16, efConstruction = 200, k = 10: build seconds, memory per vector, and for each ef recall@10
# (ann-benchmarks definition; every side's returned ids scored by the Embedkit harness with exact distances) and
# QPS. Two hnswlib peers: Debian's python3-hnswlib (built for baseline x86-64, SSE) through its Python API, and
# the same hnswlib headers (libhnswlib-dev) compiled here with -O3 -march=native (AVX). The three are run
# ROUNDS times (default 2) to show whether the ratios are stable. Embedkit asks Linux for transparent huge pages
# for its vectors (madvise); the hnswlib peers get them too, through glibc's malloc tunable, so that page size is
# not what the comparison measures (each side reports huge_pages_mb). Prints JSON lines.
# Usage: bash bench/peers/hnsw_vs_hnswlib.sh [DATA_DIR] [THREADS] [ROUNDS]
# Needs: apt-get install -y python3-hnswlib libhnswlib-dev g++; the Fashion-MNIST idx files in DATA_DIR.
# HNSW_LIMIT=N uses the first N base vectors (a quick run).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-/work/shared/data/fashion-mnist}
threads=${2:-1}
rounds=${3:-2}
base=$data/train-images-idx3-ubyte.gz
queries=$data/t10k-images-idx3-ubyte.gz
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
truth=${HNSW_TRUTH_CACHE:-/tmp/embedkit-fashion-mnist-truth}
limit=${HNSW_LIMIT:+--limit $HNSW_LIMIT}
dotnet build bench/Embedkit.Benchmarks -c Release -v quiet -nologo > /dev/null
harness=bench/Embedkit.Benchmarks/bin/Release/net10.0/Embedkit.Benchmarks.dll
native=""
if [ -d /usr/include/hnswlib ] && command -v g++ > /dev/null; then
  g++ -O3 -march=native -std=c++17 bench/peers/hnsw_hnswlib_native.cpp -o "$out/hnswlib-native"
  native="$out/hnswlib-native"
fi
echo "{\"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\", \"cores\": $(nproc), \"dotnet\": \"$(dotnet --version)\"}"
for round in $(seq "$rounds"); do
  echo "{\"round\": $round, \"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
  # OPENBLAS_CORETYPE/L2_SIZE pin an old kernel on this workplace's machines: unset them for a fair peer.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=$threads GLIBC_TUNABLES=glibc.malloc.hugetlb=1 /usr/bin/python3 bench/peers/hnsw_hnswlib.py \
    "$base" "$queries" "$out" --threads "$threads" --dump $limit
  if [ -n "$native" ] && [ "$threads" = 1 ]; then
    GLIBC_TUNABLES=glibc.malloc.hugetlb=1 "$native" "$out/base.f32" "$out/queries.f32" "${HNSW_DIM:-784}" "$out"
  fi
  dotnet "$harness" hnsw "$base" "$queries" --threads "$threads" --truth "$truth" --peer-labels "$out" $limit
done
