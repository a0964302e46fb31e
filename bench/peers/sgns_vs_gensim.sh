#!/usr/bin/env bash
# DeepWalk training speed and quality, Embedkit against gensim Word2Vec on the SAME walks, in one run on one
# machine at the same thread counts: Embedkit writes the walks (`embedkit walks`), then gensim (sg=1, hs=0,
# negative=5) and `embedkit embed words` train on that file with the same settings, and both vector sets
# are scored by the same node-classification evaluator (C=1, 5 splits). Embedkit's own `embed graph
# --method deepwalk` (walks sampled while training) and node2vec's memory are measured too.
# Prints a markdown table. Usage: bash bench/peers/sgns_vs_gensim.sh [THREADS...]   (default: 1 2)
# Needs: apt-get install -y python3-gensim
set -euo pipefail
cd "$(dirname "$0")/../.."
threads_list=${*:-1 2}
walks=${WALKS:-80}
edges=data/blogcatalog/edges.tsv.gz
labels=data/blogcatalog/labels.tsv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build src/Embedkit.Cli -c Release -v quiet -nologo > /dev/null
ek="dotnet src/Embedkit.Cli/bin/Release/net10.0/Embedkit.Cli.dll"
$ek walks "$edges" -o "$work/walks.txt" --walks "$walks" --walk-length 40 2> /dev/null
tokens=$(wc -w < "$work/walks.txt")
walk_count=$(wc -l < "$work/walks.txt")

f1() { # embeddings -> "mi10/ma10 | mi50/ma50"
  $ek eval node-classification "$1" "$labels" --ratios 0.1,0.5 --repeats 5 --c 1 --json 2>/dev/null | /usr/bin/python3 -c '
import json,sys; r=json.load(sys.stdin)["results"]
print(" | ".join("%.2f/%.2f" % (100 * x["micro_f1"], 100 * x["macro_f1"]) for x in r))'
}
timed() { # out-file, command... ; prints "seconds peakMB"
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$out" 2>&1
  awk '{printf "%.1f %d\n", $1, $2/1024}' "$work/time"
}

echo "walks: $walk_count, tokens: $tokens (BlogCatalog, $walks walks × 40 nodes per node), d=128, window 10, 5 negatives, 1 epoch"
echo
echo "| threads | trainer | train s | tokens/s | walks/s | whole command s | peak RSS MB | F1 10% (micro/macro) | F1 50% |"
echo "|---|---|---|---|---|---|---|---|---|"
for t in $threads_list; do
  read -r g_wall g_mb < <(timed "$work/gensim.log" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/peers/gensim_word2vec.py \
    "$work/walks.txt" "$work/gensim.txt" --dim 128 --window 10 --negatives 5 --epochs 1 --min-count 1 --sample 0 --threads "$t")
  g_train=$(tail -1 "$work/gensim.log" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["train_seconds"])')
  echo "| $t | gensim $(tail -1 "$work/gensim.log" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])') Word2Vec | $g_train | $(/usr/bin/python3 -c "print(round($tokens/$g_train))") | $(/usr/bin/python3 -c "print(round($walk_count/$g_train))") | $g_wall | $g_mb | $(f1 "$work/gensim.txt") |"

  read -r e_wall e_mb < <(timed "$work/words.log" $ek embed words "$work/walks.txt" -o "$work/words.ekv" --dim 128 --window 10 --negatives 5 \
    --epochs 1 --min-count 1 --sample 0 --threads "$t")
  e_train=$(grep -o '[0-9.]* s$' <(grep "^word2vec d=" "$work/words.log") | awk '{print $1}')
  echo "| $t | embedkit embed words (same walks) | $e_train | $(/usr/bin/python3 -c "print(round($tokens/$e_train))") | $(/usr/bin/python3 -c "print(round($walk_count/$e_train))") | $e_wall | $e_mb | $(f1 "$work/words.ekv") |"

  for method in deepwalk "node2vec --p 0.25 --q 0.25"; do
    read -r d_wall d_mb < <(timed "$work/dw.log" $ek embed graph "$edges" -o "$work/dw.ekv" --method $method --walks "$walks" --threads "$t")
    d_train=$(grep -o '[0-9.]* s$' <(grep -E "^(deepwalk|node2vec) d=" "$work/dw.log") | awk '{print $1}')
    echo "| $t | embedkit embed graph --method $method (walks on the fly) | $d_train | $(/usr/bin/python3 -c "print(round($tokens/$d_train))") | $(/usr/bin/python3 -c "print(round($walk_count/$d_train))") | $d_wall | $d_mb | $(f1 "$work/dw.ekv") |"
  done
done
