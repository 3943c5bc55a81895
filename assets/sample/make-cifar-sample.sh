#!/usr/bin/env bash
# Makes the bundled CIFAR-10 sample (assets/sample/cifar10/) from the JPEG copy of CIFAR-10:
# per class the first 50 training and the first 100 test JPEG files (by name), unchanged, imported
# by the product itself into its cache format (decoded once, order shuffled with the import seed).
# Usage (from the project root, after mvn -q package -DskipTests):
#   assets/sample/make-cifar-sample.sh [ARCHIVE]   (default: ../shared/datasets/cifar10-jpeg/cifar10-jpeg.tar.gz)
set -euo pipefail
cd "$(dirname "$0")/../.."
archive=${1:-../shared/datasets/cifar10-jpeg/cifar10-jpeg.tar.gz}
jar=${JAR:-target/dqa-workbench.jar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/files"
tar xzf "$archive" -C "$work/files" --wildcards \
  'cifar10-jpeg/test/*/00[0-9][0-9].jpg' 'cifar10-jpeg/train/*/00[0-4][0-9].jpg'
# The same bytes give the same archive: sorted names, fixed owner and time, gzip without a time stamp.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/files" -cf - cifar10-jpeg \
  | gzip -9n > "$work/cifar10-jpeg-sample.tar.gz"
touch -d @0 "$work/cifar10-jpeg-sample.tar.gz"
DQA_HOME="$work/home" java -jar "$jar" fetch cifar10 --from "$work/cifar10-jpeg-sample.tar.gz"
rm -rf assets/sample/cifar10
mkdir -p assets/sample/cifar10
cp "$work/home/datasets/cifar10/"* assets/sample/cifar10/
ls -l assets/sample/cifar10
