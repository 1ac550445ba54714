#!/usr/bin/env bash
# Build the whole cache in the background at low priority, as `npm run data` does after fetching
# the sources: pass 1 (ground truth, histograms, thumbnails) and, alongside it, pass 2 (backbone
# features) on every shard pass 1 has finished; then pass 3 (the fine histograms that the shipped
# split generator reads). Safe to run again after a stop or a crash: every pass skips finished shards.
#   training/data/run-cache.sh                       # start (returns at once)
#   tail -f training/.work/cache/progress.log        # progress, one line per shard
#   kill -- -$(cat training/.work/run-cache.pid)     # stop everything it started (its process group)
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p training/.work/cache

if [[ "${1:-}" != "--worker" ]]; then
  # Its own session and process group, so one kill stops the runner and both passes.
  setsid "$0" --worker > training/.work/run-cache.log 2>&1 < /dev/null &
  echo $! > training/.work/run-cache.pid
  echo "started (process group $(cat training/.work/run-cache.pid)); progress: tail -f training/.work/cache/progress.log"
  exit 0
fi

nice -n 10 npx tsx training/data/build-cache.ts > training/.work/gt.log 2>&1 &
gt=$!
# Features follow the ground truth shard by shard; one more sweep after pass 1 ends.
while kill -0 "$gt" 2>/dev/null; do
  nice -n 10 npx tsx training/data/build-features.ts >> training/.work/feat.log 2>&1 || true
  sleep 30
done
wait "$gt" || echo "ground-truth pass failed: see training/.work/gt.log" >&2
nice -n 10 npx tsx training/data/build-features.ts >> training/.work/feat.log 2>&1
nice -n 10 npx tsx training/data/build-hist32.ts >> training/.work/hist32.log 2>&1
echo "cache built: passes 1 to 3 done"
