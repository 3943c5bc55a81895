#!/usr/bin/env bash
# Writes the commit the build is made from into the jar (dqa/build-info.properties), so that every
# manifest names the code that ran, not whatever the current folder's checkout is at run time.
# Usage: build-info.sh PROJECT_DIR OUTPUT_FILE   (run by Maven in generate-resources)
set -u
dir=$(cd "$1" && pwd -P)
out=$2
mkdir -p "$(dirname "$out")"
commit=""
dirty=false
top=$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null || true)
if [ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$dir" ]; then
  commit=$(git -C "$dir" rev-parse --short=12 HEAD 2>/dev/null || true)
  # Sources changed or added but not committed make the build "-dirty" (ignored files do not count).
  if [ -n "$commit" ] && [ -n "$(git -C "$dir" status --porcelain --untracked-files=normal -- src pom.xml 2>/dev/null | head -1)" ]; then
    dirty=true
  fi
elif command -v git >/dev/null 2>&1 && [ -d "$dir/.git" ]; then
  echo "build-info: git cannot read $dir (the build records no commit)" >&2
fi
printf 'commit=%s\ndirty=%s\n' "$commit" "$dirty" > "$out.tmp" && mv "$out.tmp" "$out"
