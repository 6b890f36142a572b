#!/usr/bin/env bash
# Reproduces models/bert-lens-ner and its MODEL_CARD.md from the shared corpora:
#   training/reproduce.sh ../shared/data
# Trains the bundled recipe, then the ablation recipes (for the card's
# comparison, into training/.cache/runs/), then evaluates everything with
# `bert-lens eval` and writes the card. About 1.5 hours on 2 cores; the
# bundled model alone (the first step) takes about 45 minutes.
set -euo pipefail
DATA=${1:?usage: training/reproduce.sh SHARED_DATA_DIR (the folder holding ner/ and text/)}
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
RUNS=training/.cache/runs

$PY training/train.py --data "$DATA" --out models/bert-lens-ner --recipe glove+mlm
for recipe in scratch glove; do
  $PY training/train.py --data "$DATA" --out "$RUNS/$recipe" --recipe "$recipe"
done
rm -rf "$RUNS/glove+mlm" && cp -r models/bert-lens-ner "$RUNS/glove+mlm"
npm run build
$PY training/model_card.py --data "$DATA" --model models/bert-lens-ner --runs "$RUNS"
