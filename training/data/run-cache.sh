#!/usr/bin/env bash
# Build the whole cache in the background at low priority: pass 1 (ground truth, histograms,
# thumbnails) and, alongside it, pass 2 (backbone features) on every shard pass 1 has finished.
# Safe to run again after a stop or a crash: both passes skip finished shards.
#   training/data/run-cache.sh            # start (returns at once)
#   tail -f training/.work/cache/progress.log
#   kill $(cat training/.work/run-cache.pid)   # stop (the current shards are redone next time)
set -euo pipefail
cd "$(dirname "$0")/../.."
log=training/.work/cache
mkdir -p "$log"
(
  nice -n 10 npx tsx training/data/build-cache.ts > training/.work/gt.log 2>&1 &
  gt=$!
  # Features follow the ground truth shard by shard; one more sweep after pass 1 ends.
  while kill -0 "$gt" 2>/dev/null; do
    nice -n 10 npx tsx training/data/build-features.ts >> training/.work/feat.log 2>&1 || true
    sleep 30
  done
  wait "$gt" || echo "ground-truth pass failed: see training/.work/gt.log" >&2
  nice -n 10 npx tsx training/data/build-features.ts >> training/.work/feat.log 2>&1
) > training/.work/run-cache.log 2>&1 &
echo $! > training/.work/run-cache.pid
echo "started (pid $(cat training/.work/run-cache.pid)); progress: tail -f $log/progress.log"
