#!/usr/bin/env bash
# Writes the commit the build is made from into the jar (dqa/build-info.properties), so that every
# manifest names the code that ran, not whatever the current folder's checkout is at run time.
# Usage: build-info.sh PROJECT_DIR OUTPUT_FILE   (run by Maven in generate-resources)
set -u
dir=$1
out=$2
mkdir -p "$(dirname "$out")"
commit=$(git -C "$dir" rev-parse --short=12 HEAD 2>/dev/null || true)
dirty=false
if [ -n "$commit" ] && [ -n "$(git -C "$dir" status --porcelain --untracked-files=no -- src pom.xml 2>/dev/null | head -1)" ]; then
  dirty=true
fi
printf 'commit=%s\ndirty=%s\n' "$commit" "$dirty" > "$out.tmp" && mv "$out.tmp" "$out"
