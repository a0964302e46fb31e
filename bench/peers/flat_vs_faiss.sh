#!/usr/bin/env bash
# Exact flat search, Embedkit FlatIndex against FAISS IndexFlatL2, on the same machine in one run, both with
# all threads: Fashion-MNIST (60,000 train images as base, 10,000 t10k images as queries, 784-d), L2, k = 10.
# The two sides alternate for ROUNDS rounds (each round: one warm-up search and one timed search of all
# queries per side), so that a noisy shared machine slows both alike; each round prints one JSON line per
# side, and the last line compares them: the QPS ratio of each round (Embedkit / FAISS) and its median, the
# best round of each side, and Embedkit's lowest recall against FAISS's top-k (ids, and ann-benchmarks
# recall by exact distances, which counts ties).
# Usage: bash bench/peers/flat_vs_faiss.sh [BASE] [QUERIES] [K] [ROUNDS] [THREADS]
# Needs: apt-get install -y python3-faiss libopenblas0-pthread
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${FASHION_MNIST:-../shared/data/fashion-mnist}
base=${1:-$data/train-images-idx3-ubyte.gz}
queries=${2:-$data/t10k-images-idx3-ubyte.gz}
k=${3:-10}
rounds=${4:-3}
threads=${5:-$(nproc)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build bench/Embedkit.Benchmarks -c Release -v quiet -nologo > /dev/null
for round in $(seq "$rounds"); do
  # OPENBLAS_CORETYPE/L2_SIZE pin an old kernel on this workplace's machines: unset them for a fair peer.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" \
    /usr/bin/python3 bench/peers/flat_faiss.py "$base" "$queries" --k "$k" --repeats 1 --ids-out "$work/faiss.ivecs" | tee -a "$work/faiss.jsonl"
  dotnet bench/Embedkit.Benchmarks/bin/Release/net10.0/Embedkit.Benchmarks.dll flat "$base" "$queries" --k "$k" --repeats 1 \
    --threads "$threads" --peer-ids "$work/faiss.ivecs" | tee -a "$work/embedkit.jsonl"
done
/usr/bin/python3 - "$work/faiss.jsonl" "$work/embedkit.jsonl" <<'PY'
import json, sys
faiss = [json.loads(l) for l in open(sys.argv[1])]
ours = [json.loads(l) for l in open(sys.argv[2])]
ratios = sorted(round(e["qps"] / f["qps"], 2) for f, e in zip(faiss, ours))
f, e = max(r["qps"] for r in faiss), max(r["qps"] for r in ours)
print(json.dumps({"summary": "embedkit vs faiss", "threads": ours[0]["threads"], "rounds": len(ours),
                  "round_ratios": ratios, "median_ratio": ratios[len(ratios) // 2],
                  "best_faiss_qps": f, "best_embedkit_qps": e, "best_ratio": round(e / f, 2),
                  "faiss_cpu_seconds": [r["cpu_seconds"][0] for r in faiss], "embedkit_cpu_seconds": [r["cpu_seconds"][0] for r in ours],
                  "recall_ids_vs_faiss": min(r["recall_ids_vs_peer"] for r in ours),
                  "recall_distances_vs_faiss": min(r["recall_distances_vs_peer"] for r in ours)}))
PY
