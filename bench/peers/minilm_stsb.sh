#!/usr/bin/env bash
# A check of the whole text path (tokenizer, ONNX, pooling) against a known quantity: all-MiniLM-L6-v2 on the
# STS Benchmark test split (1,379 pairs), Spearman correlation of the pairs' cosines with the gold scores.
# Embedkit encodes both columns with `embed text`; numpy/scipy only score. Reads ../shared/data/stsbenchmark.
# Usage: bash bench/peers/minilm_stsb.sh [MODEL]   (default minilm)
set -euo pipefail
cd "$(dirname "$0")/../.."
model=${1:-minilm}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build src/Embedkit.Cli -c Release -v quiet -nologo > /dev/null
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
/usr/bin/python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
rows = [l.rstrip("\n").split("\t") for l in open("../shared/data/stsbenchmark/sts-test.csv", encoding="utf-8")]
rows = [r for r in rows if len(r) >= 7]
for column, name in ((5, "s1"), (6, "s2")):
    open(f"{work}/{name}.txt", "w", encoding="utf-8").write("".join(r[column] + "\n" for r in rows))
open(f"{work}/gold.txt", "w").write("".join(r[4] + "\n" for r in rows))
PY
ek="dotnet src/Embedkit.Cli/bin/Release/net10.0/Embedkit.Cli.dll"
$ek embed text "$work/s1.txt" -o "$work/s1.npy" --model "$model" 2> /dev/null
$ek embed text "$work/s2.txt" -o "$work/s2.npy" --model "$model" 2> /dev/null
/usr/bin/python3 - "$work" <<'PY'
import sys
import numpy as np
from scipy.stats import spearmanr
work = sys.argv[1]
a, b, gold = np.load(f"{work}/s1.npy"), np.load(f"{work}/s2.npy"), np.loadtxt(f"{work}/gold.txt")
cosine = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
print(f"pairs {len(gold)}  spearman {100 * spearmanr(cosine, gold).correlation:.2f}")
PY
