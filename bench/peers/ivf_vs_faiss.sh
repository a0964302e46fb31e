#!/usr/bin/env bash
# IVF, Embedkit against FAISS on the same machine in one run, back to back, one thread each: Fashion-MNIST (60,000
# train images as base, 10,000 t10k images as queries, 784-d), L2, k = 10, nlist = 1024 (IVF1024), nprobe swept
# over 1, 4, 16, 64. Two pairs: Embedkit IVF1024,Flat vs faiss.IndexIVFFlat, and Embedkit IVF1024,PQ16 (residual
# codes, precomputed tables) vs faiss.IndexIVFPQ(m = 16, 8 bits, by residual, FAISS's default). Each side trains
# k-means on the base vectors (FAISS: 25 iterations, random seeding, 256 points per centroid at most; Embedkit:
# the same, with k-means++ seeding), then adds them. Embedkit's figures come from `embedkit bench ann` (build
# seconds = training + adding), FAISS's from bench/peers/ivf_faiss.py (train and add seconds); recall@10 is the
# ann-benchmarks definition on both sides, against one exact ground truth (FAISS IndexFlatL2, written once).
# Each side warms up on 100 queries, then searches all queries REPEATS times per nprobe (default 3) and reports
# the fastest, so that a noisy shared machine slows both alike.
# Prints JSON lines. Usage: bash bench/peers/ivf_vs_faiss.sh [DATA_DIR] [THREADS] [REPEATS]
# Needs: apt-get install -y python3-faiss; IVF_LIMIT=N uses the first N base vectors (a quick run).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-../shared/data/fashion-mnist}
threads=${2:-1}
repeats=${3:-3}
base=$data/train-images-idx3-ubyte.gz
queries=$data/t10k-images-idx3-ubyte.gz
nlist=${IVF_NLIST:-1024}
sweep=${IVF_NPROBE:-1,4,16,64}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
limit=${IVF_LIMIT:+--limit $IVF_LIMIT}
dotnet build src/Embedkit.Cli -c Release -v quiet -nologo > /dev/null
embedkit="dotnet src/Embedkit.Cli/bin/Release/net10.0/Embedkit.Cli.dll"
# OPENBLAS_CORETYPE/L2_SIZE pin an old kernel on this workplace's machines: unset them for a fair peer.
peer() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads \
  /usr/bin/python3 bench/peers/ivf_faiss.py "$base" "$queries" --nlist "$nlist" --nprobe "$sweep" --threads "$threads" --repeats "$repeats" $limit "$@"; }
echo "{\"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\", \"cores\": $(nproc), \"dotnet\": \"$(dotnet --version)\", \"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
peer --kind flat --truth-out "$out/truth.ivecs"
ours() {
  if [ -n "${IVF_LIMIT:-}" ]; then
    /usr/bin/python3 - "$base" "$queries" "$out" "$IVF_LIMIT" <<'PY'
import gzip, sys, numpy as np
def read(p):
    b = gzip.open(p).read(); n, r, c = (int.from_bytes(b[i:i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(b, np.uint8, offset=16).reshape(n, r * c).astype(np.float32)
lim = int(sys.argv[4]); np.save(sys.argv[3] + "/base.npy", read(sys.argv[1])[:lim]); np.save(sys.argv[3] + "/queries.npy", read(sys.argv[2])[:max(1, lim // 6)])
PY
    $embedkit bench ann --base "$out/base.npy" --queries "$out/queries.npy" --ground-truth "$out/truth.ivecs" --threads "$threads" --repeats "$repeats" -k 10 --json "$@"
  else
    $embedkit bench ann --base "$base" --queries "$queries" --ground-truth "$out/truth.ivecs" --threads "$threads" --repeats "$repeats" -k 10 --json "$@"
  fi
}
ours --spec "IVF$nlist,Flat" --search-params "nprobe=$sweep"
echo "{\"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
peer --kind pq --m 16
ours --spec "IVF$nlist,PQ16" --search-params "nprobe=$sweep"
echo "{\"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
