#!/usr/bin/env bash
# Compressed-code scans, Embedkit against FAISS on the same machine in one run: Fashion-MNIST (60,000 train
# images as base, 10,000 t10k images as queries, 784-d), L2, k = 10.
#   PQ16:  Embedkit's PQ16 (asymmetric ADC scan) vs faiss.IndexPQ(784, 16, 8), both 16-byte codes, each trained
#          on the base once (the trained indexes are cached in the work folder, so rounds time only searches);
#   BIN1:  Embedkit's BIN1 with symmetric scoring (popcount Hamming scan of the binarised query) vs
#          faiss.IndexBinaryFlat(784) over the same sign bits of (x - base mean), both 98-byte codes.
# For each thread count (1, then all cores) the sides alternate for ROUNDS rounds (each run: one warm-up and one
# timed search of all queries), so that a noisy shared machine slows both alike; every run prints one JSON line
# (QPS, recall@10 by exact distances against FlatIndex ground truth), and the last lines compare the best rounds.
# Usage: bash bench/peers/codecs_vs_faiss.sh [ROUNDS]
# Needs: apt-get install -y python3-faiss libopenblas0-pthread
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${FASHION_MNIST:-../shared/data/fashion-mnist}
base=$data/train-images-idx3-ubyte.gz
queries=$data/t10k-images-idx3-ubyte.gz
rounds=${1:-3}
work=${WORK:-$(mktemp -d)}
dotnet build bench/Embedkit.Benchmarks -c Release -v quiet -nologo > /dev/null
ours="dotnet bench/Embedkit.Benchmarks/bin/Release/net10.0/Embedkit.Benchmarks.dll codec $base $queries --k 10 --repeats 1 --truth $work/truth"
# OPENBLAS_CORETYPE/L2_SIZE pin an old kernel on this workplace's machines: unset them for a fair peer.
peer() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$1" OPENBLAS_NUM_THREADS="$1" \
  /usr/bin/python3 bench/peers/codec_faiss.py "$base" "$queries" --k 10 --repeats 1 --truth "$work/truth" "${@:2}"; }
$ours --spec Flat --repeats 0 > /dev/null   # --repeats 0: only write the exact ground truth, once
for threads in 1 $(nproc); do
  for round in $(seq "$rounds"); do
    peer "$threads" --mode pq --m 16 --index "$work/faiss-pq16.index" | tee -a "$work/pq-faiss-$threads.jsonl"
    $ours --spec PQ16 --threads "$threads" --index "$work/pq16.eki" | tee -a "$work/pq-embedkit-$threads.jsonl"
    peer "$threads" --mode binary | tee -a "$work/bin-faiss-$threads.jsonl"
    $ours --spec BIN1 --scoring symmetric --threads "$threads" --index "$work/bin1.eki" | tee -a "$work/bin-embedkit-$threads.jsonl"
  done
done
/usr/bin/python3 - "$work" $(nproc) <<'PY'
import json, sys
work, cores = sys.argv[1], sys.argv[2]
for kind, name in (("pq", "PQ16 vs IndexPQ"), ("bin", "BIN1 Hamming vs IndexBinaryFlat")):
    for threads in ("1", cores):
        f = [json.loads(l) for l in open(f"{work}/{kind}-faiss-{threads}.jsonl")]
        e = [json.loads(l) for l in open(f"{work}/{kind}-embedkit-{threads}.jsonl")]
        fq, eq = max(r["qps"] for r in f), max(r["qps"] for r in e)
        print(json.dumps({"summary": name, "threads": int(threads), "rounds": len(e), "faiss_qps": fq, "embedkit_qps": eq,
                          "ratio": round(eq / fq, 2), "faiss_recall": f[0].get("recall"), "embedkit_recall": e[0]["recall"]}))
PY
