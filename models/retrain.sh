#!/usr/bin/env bash
# Retrains every shipped model from its recipe and ships it into models/<name>/ with its card.
# Usage: models/retrain.sh [--data-dir DIR] [--runs DIR] [NAME ...]   (default: every recipe in models/recipes/)
#   --runs DIR  keep the run folders in DIR/<name> (default: a temporary folder); a run left there unfinished by a
#               crash, Ctrl-C or a stopped machine is resumed from its last epoch, a finished one is only shipped,
#               so the CIFAR-10 recipes (up to 90 minutes each) can be run as one long, interruptible job.
# Needs the full training sets (see README, "Data"); runs from the packaged jar (mvn -q package -DskipTests),
# or from the copy JAR names (so that a rebuild during a long retraining does not pull the jar away).
set -euo pipefail
cd "$(dirname "$0")/.."
data=()
runs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir|--runs) [ $# -ge 2 ] || { echo "retrain: $1 needs a folder" >&2; exit 2; } ;;&
    --data-dir) data+=(--data-dir "$2"); shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --*) echo "retrain: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in models/recipes/*.json; do names+=("$(basename "$f" .json)"); done
fi
jar=${JAR:-target/dqa-workbench.jar}
[ -f "$jar" ] || { echo "retrain: $jar is missing; run: mvn -q package -DskipTests" >&2; exit 2; }
if [ -z "$runs" ]; then
  runs=$(mktemp -d)
  trap 'rm -rf "$runs"' EXIT
fi
mkdir -p "$runs"
for name in "${names[@]}"; do
  recipe=models/recipes/$name.json
  [ -f "$recipe" ] || { echo "retrain: no recipe $recipe" >&2; exit 2; }
  echo "== $name"
  run=$runs/$name
  if [ ! -f "$run/run.json" ]; then
    java -jar "$jar" train "${data[@]}" --recipe "$recipe" --out "$run"
  elif grep -q '"status" *: *"COMPLETED"' "$run/run.json"; then
    echo "$run is complete; shipping it"
  else
    java -jar "$jar" train "${data[@]}" --resume "$run"
  fi
  java -jar "$jar" ship --run "$run" --name "$name" --recipe-file "$name.json" --models-dir models
done
