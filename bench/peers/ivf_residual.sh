#!/usr/bin/env bash
# Whether IVF's codecs should encode residuals to the list's centroid (FAISS's by_residual, its default) or the
# vectors themselves: Embedkit IVF256 over PQ16 and SQ8 on Fashion-MNIST (60,000 base, 10,000 queries, 784-d, L2,
# k = 10), each with residuals on and off, one thread: train and add seconds, then recall@10 and QPS per nprobe.
# Prints JSON lines. Usage: bash bench/peers/ivf_residual.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-../shared/data/fashion-mnist}
base=$data/train-images-idx3-ubyte.gz
queries=$data/t10k-images-idx3-ubyte.gz
dotnet build bench/Embedkit.Benchmarks -c Release -v quiet -nologo > /dev/null
harness="dotnet bench/Embedkit.Benchmarks/bin/Release/net10.0/Embedkit.Benchmarks.dll ivf $base $queries --lists ${IVF_LISTS:-256} --nprobe ${IVF_NPROBE:-1,4,16} --threads 1"
echo "{\"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\", \"cores\": $(nproc), \"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
for storage in PQ16 SQ8; do
  for residual in 1 0; do
    $harness --storage "$storage" --residual "$residual"
  done
done
echo "{\"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
