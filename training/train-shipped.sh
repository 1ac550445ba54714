#!/bin/sh
# The shipped models in one command (`npm run train:shipped`, after `npm run data`): the split
# generator's decisions, then the two embedders (cell-set generators on the RDN and RRDN features),
# each with the split generator and its agent on it, written into resources/models (the
# resources/models/MODEL-CARD.md's Training section says what each run is). Seeds are fixed; the
# embedders' phases are also bounded by minutes (--gen-minutes, --gan-minutes), as they were
# trained, so a much faster or slower machine stops them at another step. Hours on 2 cores.
# Each run keeps its checkpoints in training/.work/runs/<run>: run again to resume.
# The decisions read only the fine histograms, so they are trained once and committed in
# training/checkpoints/splits4: a session whose machine starts without the cache (hours to rebuild)
# can then train one embedder and export it, without training the decisions again.
set -eu
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
DECISIONS=training/checkpoints/splits4
COMMON="--arch cellset --rounds 3 --positions --slot-ranks --gen-lr 5e-4 --batch 64 --val-limit 2000 --feat-dropout 0.3 --agent-train-limit 8000"
if [ ! -f "$DECISIONS/splits-best.pt" ]; then
  $PY training/train_splits.py --run splits4 --phases train --threads 1 --keep-decisions "$DECISIONS"
fi
# shellcheck disable=SC2086 # COMMON is a list of options
$PY training/train.py $COMMON --run v13 --seed 1242 --gen-epochs 3 --gen-minutes 18 \
  --gan-epochs 1 --gan-minutes 2 --agent-minutes 5 --out resources/models
$PY training/train_splits.py --embedder training/.work/runs/v13/gan-final.pt --run splits4-rdn --decisions "$DECISIONS" \
  --out resources/models
# shellcheck disable=SC2086
$PY training/train.py $COMMON --run rrdn3 --seed 1243 --gen-epochs 4 --gen-minutes 10 \
  --gan-epochs 1 --gan-minutes 2 --agent-minutes 4 --limit 11493 --backbone rrdn --out resources/models/rrdn
$PY training/train_splits.py --embedder training/.work/runs/rrdn3/gan-final.pt --run splits4-rrdn --decisions "$DECISIONS" \
  --out resources/models/rrdn
