#!/usr/bin/env bash
# Cross-check every shipped model against an independent implementation: the network rebuilt in plain
# PyTorch (crosscheck.py, on the weights `dqa-workbench export --npz` writes) and the workbench itself
# answer the same questions on the first LIMIT MNIST test images: clean accuracy, FGSM at each eps
# (deterministic: the two may differ only by float ties, a few images at most) and PGD-40 with a random
# start (comparable within its sampling noise only). Prints a Markdown table, the rows that disagree
# marked, and exits 1 when a deterministic figure differs by more than TOLERANCE images.
#
# Needs:  mvn -q -B -DskipTests package                    (target/dqa-workbench.jar)
#         sudo apt-get install python3-torch               (checked here, never installed)
#         MNIST as IDX files in $DATA_DIR/mnist (default ../shared/datasets)
#
#   src/bench/crosscheck.sh                 # every shipped model (about 2 minutes per model on 2 cores)
#   MODELS="lenet-relu lenet-dqa2" src/bench/crosscheck.sh
#
# Environment: LIMIT (1000), EPS (0.1 0.2 0.3), TOLERANCE (3 images), PGD_STEPS (40; 0 skips PGD),
# THREADS (2), DATA_DIR, MODELS (default: every models/*/card.json), OUT_DIR (target/crosscheck), JAR (a copy
# of the packaged jar to run, so that a rebuild meanwhile does not pull it away),
# PYTHON (/usr/bin/python3), JAVA (java). The table is what docs/VALIDATION.md shows.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
DATA_DIR=${DATA_DIR:-$root/../shared/datasets}
LIMIT=${LIMIT:-1000}
EPS=${EPS:-0.1 0.2 0.3}
TOLERANCE=${TOLERANCE:-3}
PGD_STEPS=${PGD_STEPS:-40}
THREADS=${THREADS:-2}
OUT_DIR=${OUT_DIR:-$root/target/crosscheck}
PYTHON=${PYTHON:-/usr/bin/python3}
JAVA=${JAVA:-java}
jar=${JAR:-$root/target/dqa-workbench.jar}

if ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
  echo "crosscheck: PyTorch is not importable by $PYTHON; install it with: sudo apt-get install python3-torch" >&2
  exit 2
fi
if [[ ! -f $jar ]]; then
  echo "crosscheck: $jar is missing; build it first: (cd $root && mvn -q -B -DskipTests package)" >&2
  exit 2
fi
if [[ ! -d $DATA_DIR ]]; then
  echo "crosscheck: data folder $DATA_DIR does not exist; set DATA_DIR to the folder holding mnist/" >&2
  exit 2
fi
DATA_DIR=$(cd "$DATA_DIR" && pwd)
if [[ -z ${MODELS:-} ]]; then
  MODELS=$(cd "$root/models" && for d in */; do if [[ -f $d/card.json ]]; then echo "${d%/}"; fi; done)
fi
mkdir -p "$OUT_DIR"
export OMP_NUM_THREADS=$THREADS
workbench=("$JAVA" -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS"
  -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -jar "$jar")
eps_csv=$(echo $EPS | tr ' ' ',')

for m in $MODELS; do
  dir=$root/models/$m
  echo "crosscheck: $m" >&2
  "${workbench[@]}" export --model "$dir" --npz "$OUT_DIR/$m.npz" >/dev/null
  "$PYTHON" "$here/crosscheck.py" --data-dir "$DATA_DIR" --model-npz "$OUT_DIR/$m.npz" --limit "$LIMIT" \
    --eps "$eps_csv" --pgd-steps "$PGD_STEPS" --threads "$THREADS" >"$OUT_DIR/$m.pytorch.json"
  {
    for e in $EPS; do
      "${workbench[@]}" attack --model "$dir" --attack fgsm --eps "$e" --limit "$LIMIT" --data-dir "$DATA_DIR" --json
    done
    if [[ $PGD_STEPS -gt 0 ]]; then
      "${workbench[@]}" attack --model "$dir" --attack pgd --eps 0.3 --step 0.01 --steps "$PGD_STEPS" \
        --limit "$LIMIT" --data-dir "$DATA_DIR" --json
    fi
  } | "$PYTHON" -c 'import json, sys
dec = json.JSONDecoder(); text = sys.stdin.read().strip(); out = []
while text:
    obj, end = dec.raw_decode(text); out.append(obj); text = text[end:].strip()
print(json.dumps(out))' >"$OUT_DIR/$m.workbench.json"
done

"$PYTHON" - "$OUT_DIR" "$TOLERANCE" $MODELS <<'PY'
import json, math, sys
out_dir, tolerance, models = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
bad = 0
print("| model | figure | workbench | PyTorch | difference (images) | agrees |")
print("|---|---|---|---|---|---|")
for m in models:
    theirs = json.load(open("%s/%s.pytorch.json" % (out_dir, m)))
    ours = json.load(open("%s/%s.workbench.json" % (out_dir, m)))
    n = theirs["n"]
    rows = [("clean", ours[0]["clean_accuracy"], theirs["clean_accuracy"], True)]
    fgsm = [o for o in ours if o["attack"].split()[0] == "fgsm"]
    for o in fgsm:
        rows.append(("FGSM eps %g" % o["eps"], o["accuracy"], theirs["fgsm"]["%g" % o["eps"]], True))
    pgd = [o for o in ours if o["attack"].split()[0] == "pgd"]
    if pgd and theirs["pgd"]:
        rows.append(("PGD-%d eps 0.3 (random start)" % theirs["pgd"]["steps"], pgd[0]["accuracy"], theirs["pgd"]["accuracy"], False))
    for name, a, b, deterministic in rows:
        diff = round(abs(a - b) * n)
        if deterministic:
            ok = diff <= tolerance
        else:
            p = (a + b) / 2
            noise = max(3, math.ceil(3 * math.sqrt(2 * n * p * (1 - p))))  # 3 sigma of the difference of two samples
            ok = diff <= noise
        bad += 0 if ok else 1
        print("| %s | %s | %.1f %% | %.1f %% | %d | %s |" % (m, name, 100 * a, 100 * b, diff, "yes" if ok else "**no**"))
sys.exit(1 if bad else 0)
PY
