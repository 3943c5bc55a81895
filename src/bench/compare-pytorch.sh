#!/usr/bin/env bash
# Compare the workbench's speed with plain PyTorch on the same machine, in the same run.
#
# Runs `dqa-workbench bench --json` (training, inference, FGSM/PGD step, full sweep with and without
# reuse, memory), then the same workloads in Debian's PyTorch (pytorch_bench.py beside this file,
# settings taken from the workbench's JSON so both do exactly the same work, the sweep done the usual
# way: PGD re-run at every eps on every image, on the same exported weights), and prints a table of
# ratios workbench / PyTorch with the direction that is better and the issue's targets.
#
# Needs:  mvn -q -B -DskipTests package          (target/dqa-workbench.jar)
#         sudo apt-get install python3-torch libopenblas0-openmp   (checked here, never installed)
#         MNIST as IDX files (raw or .gz) in $DATA_DIR/mnist (default ../shared/datasets)
#
# Run from anywhere:
#   src/bench/compare-pytorch.sh                      # the full comparison (tens of minutes; quiet machine!)
#   QUICK=1 THREADS=1 src/bench/compare-pytorch.sh    # a smoke run: a few batches, 128 sweep images
#   src/bench/compare-pytorch.sh --only train,pgd     # extra arguments go to `bench` (and so to both sides)
#   (give --repeats through REPEATS, and with QUICK=1 none of the sizes QUICK sets: picocli refuses an
#   option given twice)
#
# Environment: THREADS (engine threads on both sides, default 2), REPEATS (default 3), DATA_DIR,
# SWEEP_MODEL (default lenet-relu, a shipped model), OUT_DIR (default target/bench), PYTHON
# (default /usr/bin/python3: Debian's, not a pyenv one first on PATH), JAVA (default java), QUICK=1.
# Results: $OUT_DIR/workbench.json, pytorch.json, comparison.txt. Not part of `mvn verify`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
DATA_DIR=${DATA_DIR:-$root/../shared/datasets}
THREADS=${THREADS:-2}
REPEATS=${REPEATS:-3}
SWEEP_MODEL=${SWEEP_MODEL:-lenet-relu}
OUT_DIR=${OUT_DIR:-$root/target/bench}
PYTHON=${PYTHON:-/usr/bin/python3}
JAVA=${JAVA:-java}
QUICK=${QUICK:-0}
jar=$root/target/dqa-workbench.jar

if ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
  echo "compare-pytorch: PyTorch is not importable by $PYTHON." >&2
  echo "  Install Debian's PyTorch (2 threads, OpenBLAS) with:" >&2
  echo "    sudo apt-get install python3-torch libopenblas0-openmp" >&2
  echo "  (or point PYTHON at an interpreter that has torch and numpy)" >&2
  exit 2
fi
if [[ ! -f $jar ]]; then
  echo "compare-pytorch: $jar is missing; build it first: (cd $root && mvn -q -B -DskipTests package)" >&2
  exit 2
fi
if [[ ! -d $DATA_DIR ]]; then
  echo "compare-pytorch: data folder $DATA_DIR does not exist; set DATA_DIR to the folder holding mnist/" >&2
  exit 2
fi
DATA_DIR=$(cd "$DATA_DIR" && pwd)
mkdir -p "$OUT_DIR"

export OMP_NUM_THREADS=$THREADS
java_opts=(-Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1
  -Dai.djl.pytorch.graph_optimizer=false -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error)
workbench=("$JAVA" "${java_opts[@]}" -jar "$jar")

bench_args=(--data-dir "$DATA_DIR" --repeats "$REPEATS" --sweep-model "$SWEEP_MODEL")
if [[ $QUICK == 1 ]]; then
  bench_args=(--data-dir "$DATA_DIR" --repeats 1 --sweep-model "$SWEEP_MODEL" --warmup 1 --train-batches 3
    --infer-images 256 --attack-batches 1 --pgd-steps 3 --sweep-images 128 --sweep-steps 3)
fi

echo "== machine: $(nproc) cores, $(uname -srm); load $(cut -d' ' -f1-3 /proc/loadavg); threads $THREADS" >&2
echo "== exporting the sweep model $SWEEP_MODEL for PyTorch" >&2
(cd "$root" && "${workbench[@]}" export --model "$SWEEP_MODEL" --npz "$OUT_DIR/sweep-model.npz" --json >/dev/null)

echo "== workbench: bench ${bench_args[*]} $*" >&2
(cd "$root" && "${workbench[@]}" bench "${bench_args[@]}" "$@" --json --out "$OUT_DIR/workbench.json" >/dev/null)

echo "== PyTorch ($("$PYTHON" -c 'import torch; print(torch.__version__)')): the same settings" >&2
"$PYTHON" "$here/pytorch_bench.py" run --data-dir "$DATA_DIR" --settings-from "$OUT_DIR/workbench.json" \
  --model-npz "$OUT_DIR/sweep-model.npz" --threads "$THREADS" --out "$OUT_DIR/pytorch.json" >/dev/null

echo "== comparison (also in $OUT_DIR/comparison.txt)" >&2
"$PYTHON" "$here/pytorch_bench.py" compare "$OUT_DIR/workbench.json" "$OUT_DIR/pytorch.json" | tee "$OUT_DIR/comparison.txt"
