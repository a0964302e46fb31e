#!/usr/bin/env bash
# Link prediction on BlogCatalog and Cora, node2vec's protocol: 50% of the edges held out with a spanning
# forest kept, as many non-edges sampled, Hadamard features + logistic regression (C = 1), ROC-AUC. Every
# method embeds the same residual graph (seed 42) at its default options (node2vec: p = q = 0.25), and the
# four neighbourhood heuristics score the same pairs. Prints one markdown table.
# Usage: bash bench/peers/link_prediction_table.sh [THREADS]   (default: all cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=${1:-0}
dotnet build src/Embedkit.Cli -c Release -v quiet -nologo > /dev/null
ek="dotnet src/Embedkit.Cli/bin/Release/net10.0/Embedkit.Cli.dll"
declare -A row
datasets="blogcatalog cora"
methods=("fastrp" "deepwalk" "node2vec --p 0.25 --q 0.25" "line")
for data in $datasets; do
  for m in "${methods[@]}"; do
    json=$($ek eval link-prediction "data/$data/edges.tsv.gz" --method $m --holdout 0.5 --seed 42 --threads "$threads" --json 2>/dev/null)
    name=${m%% *}
    row[$data,$name]=$(echo "$json" | /usr/bin/python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["auc"])')
    for h in common_neighbors jaccard adamic_adar resource_allocation; do
      row[$data,$h]=$(echo "$json" | /usr/bin/python3 -c "import json,sys; print('%.4f' % json.load(sys.stdin)['baselines']['$h']['auc'])")
    done
  done
done
echo "| method | BlogCatalog AUC | Cora AUC |"
echo "|---|---|---|"
for name in fastrp deepwalk node2vec line common_neighbors jaccard adamic_adar resource_allocation; do
  echo "| $name | ${row[blogcatalog,$name]} | ${row[cora,$name]} |"
done
