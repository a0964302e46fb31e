#!/usr/bin/env bash
# HNSW over codecs, Embedkit against FAISS, on the same machine in one run, one thread each: Fashion-MNIST
# (60,000 base, 10,000 queries, 784-d, L2, k = 10), M = 32, efConstruction = 200. Embedkit's HNSW32 (float
# vectors), HNSW32,SQ8 (8-bit codes, the codec trained on the base) and HNSW32,SQ8,Refine(Flat) through
# `embedkit bench ann`; FAISS IndexHNSWSQ(d, QT_8bit, 32) (and with FAISS_FLAT=1 IndexHNSWFlat(d, 32)). For each
# side: build seconds (training included), bytes per vector of the saved index, and for each ef recall@10
# (ann-benchmarks: exact distances of the returned ids against the exact top 10 from faiss.IndexFlatL2) and
# QPS (best of 2 searches of all queries after a warm-up). ROUNDS rounds (default 1), FAISS first in each.
# Usage: bash bench/peers/hnsw_codecs_vs_faiss.sh [DATA_DIR] [ROUNDS]
# Needs: python3-faiss, numpy; the Fashion-MNIST idx files in DATA_DIR. HNSW_EF=16,64 narrows the sweep.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-/work/shared/data/fashion-mnist}
rounds=${2:-1}
efs=${HNSW_EF:-16,32,64,128,256}
base=$data/train-images-idx3-ubyte.gz
queries=$data/t10k-images-idx3-ubyte.gz
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build src/Embedkit.Cli -c Release -v quiet -nologo > /dev/null
cli=src/Embedkit.Cli/bin/Release/net10.0/Embedkit.Cli.dll
echo "{\"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\", \"cores\": $(nproc), \"dotnet\": \"$(dotnet --version)\"}"
for round in $(seq "$rounds"); do
  echo "{\"round\": $round, \"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
  # OPENBLAS_CORETYPE/L2_SIZE pin an old kernel on this workplace's machines: unset them for a fair peer.
  flat=--no-flat
  [ -z "${FAISS_FLAT:-}" ] || flat=""
  (cd bench/peers && env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 /usr/bin/python3 hnsw_codecs_faiss.py \
    "$base" "$queries" "$out" --m 32 --ef "$efs" --threads 1 $flat)
  for spec in "HNSW32" "HNSW32,SQ8" "HNSW32,SQ8,Refine(Flat)"; do
    echo "{\"spec\": \"$spec\", \"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
    dotnet "$cli" bench ann --base "$base" --queries "$queries" --ground-truth "$out/truth.ivecs" --spec "$spec" \
      --search-params "ef=$efs" -k 10 --threads 1 --json
    echo
  done
done
