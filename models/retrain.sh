#!/usr/bin/env bash
# Retrains every shipped model from its recipe and ships it into models/<name>/ with its card.
# Usage: models/retrain.sh [--data-dir DIR] [NAME ...]   (default: every recipe in models/recipes/)
# Needs the full MNIST training set (see README, "Data"); runs from the packaged jar (mvn -q package -DskipTests),
# or from the copy JAR names (so that a rebuild during a long retraining does not pull the jar away).
set -euo pipefail
cd "$(dirname "$0")/.."
data=()
if [ "${1:-}" = "--data-dir" ]; then data=(--data-dir "$2"); shift 2; fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in models/recipes/*.json; do names+=("$(basename "$f" .json)"); done
fi
jar=${JAR:-target/dqa-workbench.jar}
[ -f "$jar" ] || { echo "retrain: $jar is missing; run: mvn -q package -DskipTests" >&2; exit 2; }
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
for name in "${names[@]}"; do
  recipe=models/recipes/$name.json
  [ -f "$recipe" ] || { echo "retrain: no recipe $recipe" >&2; exit 2; }
  echo "== $name"
  java -jar "$jar" train "${data[@]}" --recipe "$recipe" --out "$runs/$name"
  java -jar "$jar" ship --run "$runs/$name" --name "$name" --recipe-file "$name.json" --models-dir models
done
