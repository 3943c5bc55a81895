#!/usr/bin/env bash
# How much the window costs: the same training run from the Train view (live loss, accuracy and
# threshold charts) and headless, alternating on the same engine thread, then a sweep from the
# Robustness view; the longest FX-thread stall of each job is measured by the app's FxStallMonitor
# (the same numbers the workbench logs after every job). The window is the real one, rendered by
# JavaFX's software pipeline on a headless screen (Monocle), as in the robot tests.
#
#   src/bench/window-vs-headless.sh                   # lenet/relu, 2 epochs of MNIST, 2 rounds (~5 min)
#   ACT=dqa:2 EPOCHS=1 src/bench/window-vs-headless.sh
#   QUICK=1 src/bench/window-vs-headless.sh           # smoke: 3,000 images, 1 epoch, sweep of 100 images
#
# Environment: ACT (relu), EPOCHS (2), ROUNDS (2), SWEEP_IMAGES (1000), DATA_DIR (../shared/datasets),
# OUT (target/bench/window.json), THREADS (engine threads, 2). Needs Maven; not part of `mvn verify`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ACT=${ACT:-relu}
EPOCHS=${EPOCHS:-2}
ROUNDS=${ROUNDS:-2}
SWEEP_IMAGES=${SWEEP_IMAGES:-1000}
DATA_DIR=${DATA_DIR:-$root/../shared/datasets}
OUT=${OUT:-$root/target/bench/window.json}
THREADS=${THREADS:-2}
limit=0
if [ "${QUICK:-0}" = 1 ]; then
  EPOCHS=1 ROUNDS=2 SWEEP_IMAGES=100 limit=3000
fi

cd "$root"
echo "engine threads: $THREADS"
echo "load before: $(cat /proc/loadavg)"
mvn -q -B test -Dtest.engine.threads="$THREADS" -Dtest=WindowTrainingBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Ddqa.bench.window="$OUT" -Ddqa.bench.data-dir="$DATA_DIR" -Ddqa.bench.act="$ACT" \
  -Ddqa.bench.epochs="$EPOCHS" -Ddqa.bench.rounds="$ROUNDS" -Ddqa.bench.sweep-images="$SWEEP_IMAGES" \
  -Ddqa.bench.train-limit="$limit"
echo "load after:  $(cat /proc/loadavg)"
# One line per figure (no jq needed: the JSON is pretty-printed by the bench).
grep -E '"(side|images_per_second|longest_fx_stall_ms|fx_stalls_over_50ms|window_median_images_per_second|headless_median_images_per_second|window_slower_percent|seconds)"' "$OUT"
echo "full results: $OUT"
