#!/usr/bin/env bash
# Reproduces models/bert-lens-ner and its MODEL_CARD.md from the shared corpora:
#   training/reproduce.sh ../shared/data             # train every recipe, then copy and document
#   training/reproduce.sh ../shared/data --card-only # copy and document the runs already trained
# Trains every recipe of the card's comparison (train.py's RECIPES) into
# training/.cache/runs/, copies the bundled one (train.py's DEFAULT_RECIPE)
# to models/bert-lens-ner, then evaluates everything with `bert-lens eval`
# and writes the card. See training/README.md for times.
set -euo pipefail
DATA=${1:?usage: training/reproduce.sh SHARED_DATA_DIR [--card-only] (SHARED_DATA_DIR holds ner/ and text/)}
CARD_ONLY=${2:-}
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
RUNS=training/.cache/runs
MODEL=models/bert-lens-ner
recipes() { $PY -c "import sys; sys.path.insert(0, 'training'); import train; print($1)"; }
BUNDLED=$(recipes 'train.DEFAULT_RECIPE')

if [ "$CARD_ONLY" != "--card-only" ]; then
  for recipe in $(recipes '" ".join(train.RECIPES)'); do
    $PY training/train.py --data "$DATA" --out "$RUNS/$recipe" --recipe "$recipe"
  done
fi
rm -rf "$MODEL" && mkdir -p models && cp -r "$RUNS/$BUNDLED" "$MODEL"
npm run build
$PY training/model_card.py --data "$DATA" --model "$MODEL" --runs "$RUNS"
