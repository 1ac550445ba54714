#!/bin/sh
# The shipped models in one command (`npm run train:shipped`, after `npm run data`): the two
# embedders (cell-set generators on the RDN and RRDN features), each with its agent and export,
# then the split generator and its agents on them, written into resources/models (the
# resources/models/MODEL-CARD.md's Training section says what each run is). Seeds are fixed; the
# embedders' phases are also bounded by minutes (--gen-minutes, --gan-minutes), as they were
# trained, so a much faster or slower machine stops them at another step. Hours on 2 cores.
# Each run keeps its checkpoints in training/.work/runs/<run>: run again to resume.
set -eu
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
COMMON="--arch cellset --rounds 3 --positions --slot-ranks --gen-lr 5e-4 --batch 64 --val-limit 2000 --feat-dropout 0.3 --agent-train-limit 8000"
# shellcheck disable=SC2086 # COMMON is a list of options
$PY training/train.py $COMMON --run v12 --seed 1242 --gen-epochs 3 --gen-minutes 18 \
  --gan-epochs 1 --gan-minutes 2 --agent-minutes 5 --out resources/models
# shellcheck disable=SC2086
$PY training/train.py $COMMON --run rrdn2 --seed 1243 --gen-epochs 4 --gen-minutes 10 \
  --gan-epochs 1 --gan-minutes 2 --agent-minutes 4 --limit 11493 --backbone rrdn --out resources/models/rrdn
$PY training/train_splits.py --embedder training/.work/runs/v12/gan-final.pt --run splits3 --out resources/models
$PY training/train_splits.py --embedder training/.work/runs/rrdn2/gan-final.pt --run splits3-rrdn --decisions splits3 \
  --out resources/models/rrdn
