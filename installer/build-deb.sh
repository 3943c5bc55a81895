#!/usr/bin/env bash
# Builds the Linux app-image and the .deb of DQA Workbench with jpackage (JDK 17).
#
#   mvn -q -B -DskipTests package && installer/build-deb.sh
#
# Input:  target/dqa-workbench.jar, target/lib/ (from `mvn package`), assets/, models/.
# Output: target/installer/dqa-workbench/          app-image (bin/dqa-workbench launcher)
#         target/installer/dqa-workbench_<v>_amd64.deb
# Options (environment): SKIP_DEB=1 builds the app-image only.
set -euo pipefail
trap 'echo "build-deb.sh: command failed at line $LINENO (exit $?)" >&2' ERR
cd "$(dirname "$0")/.."

NAME=dqa-workbench
OUT=target/installer
STAGE=$OUT/input
JAR=target/$NAME.jar

for tool in jpackage; do
  command -v "$tool" >/dev/null || { echo "build-deb.sh: $tool not found (it comes with JDK 17)" >&2; exit 2; }
done
if [ ! -f "$JAR" ] || [ ! -d target/lib ]; then
  echo "build-deb.sh: $JAR or target/lib/ missing; run: mvn -q -B -DskipTests package" >&2
  exit 2
fi

# jpackage wants a numeric version: the project's version without -SNAPSHOT and similar suffixes.
project_version=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
VERSION=${project_version%%-*}
[[ "$VERSION" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || { echo "build-deb.sh: cannot use version '$project_version'" >&2; exit 2; }

seconds() { echo $(( $(date +%s) - $1 )); }

# 1. Stage the input folder. It becomes lib/app/ of the installation ($APPDIR at run time):
#    the jar, its dependencies in lib/ (the jar's manifest class path points there), the bundled
#    sample data and icons in assets/, the shipped models in models/. Hard links where possible:
#    the libtorch jar alone is 111 MB.
t=$(date +%s)
rm -rf "$OUT"
mkdir -p "$STAGE"
cp "$JAR" "$STAGE/"
cp -rl target/lib "$STAGE/lib" 2>/dev/null || cp -r target/lib "$STAGE/lib"
cp -r assets "$STAGE/assets"
mkdir -p "$STAGE/models"
for dir in models/*/; do
  # Shipped models only (folders with a card); recipes and the retrain script stay in the source.
  [ -f "$dir/card.json" ] && cp -r "${dir%/}" "$STAGE/models/"
done
[ -f models/README.md ] && cp models/README.md "$STAGE/models/"
find "$STAGE/assets" -name '*.py' -delete
echo "build-deb.sh: staged $(du -sh "$STAGE" | cut -f1) in $STAGE ($(seconds "$t") s)"

# 2. The app-image. The launcher runs dqa.Main: no arguments opens the window, anything else is the
#    command line (headless; --selftest checks the installation). Assets and models are read from
#    the installation; user data (settings, workspace, data cache, ~/.djl.ai, ~/.openjfx) stays in
#    the user's home: the installation is never written to.
t=$(date +%s)
# A -Pcuda build has no libtorch jar: the installed app then lets DJL download the CUDA libtorch.
offline=true
if ! ls target/lib/pytorch-native-*.jar >/dev/null 2>&1; then
  offline=false
  echo "build-deb.sh: no pytorch-native jar in target/lib (a -Pcuda build): the app downloads libtorch at first start"
fi
java_options=(
  '-Ddqa.assets=$APPDIR/assets'
  '-Ddqa.models=$APPDIR/models'
  "-Dai.djl.offline=$offline"
  '-Dai.djl.pytorch.graph_optimizer=false'
  '-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error'
)
# The Java runtime: the modules the jars use (jdeps), plus HTTPS (jdk.crypto.ec) for downloads,
# the Swing interop of javafx-swing (jdk.unsupported.desktop), charsets and zip file systems; not
# the whole JDK (no smart cards, compilers or tools).
modules=java.base,java.compiler,java.datatransfer,java.desktop,java.logging,java.management,java.naming
modules+=,java.net.http,java.prefs,java.scripting,java.sql,java.xml
modules+=,jdk.charsets,jdk.crypto.ec,jdk.unsupported,jdk.unsupported.desktop,jdk.zipfs
jp_java_options=()
for o in "${java_options[@]}"; do jp_java_options+=(--java-options "$o"); done

jpackage --type app-image \
  --name "$NAME" \
  --app-version "$VERSION" \
  --vendor "DQA Workbench" \
  --description "Do quantized activation functions defend neural networks against adversarial examples? A desktop workbench." \
  --input "$STAGE" \
  --main-jar "$NAME.jar" \
  --main-class dqa.Main \
  --icon assets/icons/$NAME.png \
  --add-modules "$modules" \
  "${jp_java_options[@]}" \
  --dest "$OUT"
image="$OUT/$NAME"
echo "build-deb.sh: app-image $image: $(du -sh "$image" | cut -f1) ($(seconds "$t") s)"

if [ "${SKIP_DEB:-0}" = 1 ]; then
  exit 0
fi

# 3. The .deb from that image (installs into /opt/dqa-workbench). JavaFX's natives ship inside its
#    jars, so jpackage cannot see what they link to: GTK 3 and the X11/GL libraries are declared here.
#    installer/linux/ holds our postinst/prerm: the menu entry is never fatal (jpackage's own fails
#    the installation where no desktop menu exists) and /usr/bin/dqa-workbench links the launcher.
t=$(date +%s)
for tool in dpkg-deb fakeroot; do
  command -v "$tool" >/dev/null || { echo "build-deb.sh: $tool not found (apt-get install dpkg-dev fakeroot)" >&2; exit 2; }
done
jpackage --type deb \
  --app-image "$image" \
  --name "$NAME" \
  --app-version "$VERSION" \
  --vendor "DQA Workbench" \
  --description "Do quantized activation functions defend neural networks against adversarial examples? A desktop workbench." \
  --icon assets/icons/$NAME.png \
  --linux-package-name "$NAME" \
  --linux-deb-maintainer "dqa-workbench@localhost" \
  --linux-menu-group "Education;Science" \
  --linux-app-category science \
  --linux-shortcut \
  --resource-dir installer/linux \
  --linux-package-deps "libgtk-3-0 | libgtk-3-0t64, libgl1, libx11-6, libxtst6, libxxf86vm1, libfontconfig1, libfreetype6" \
  --dest "$OUT"
deb=$(ls "$OUT"/${NAME}_*.deb)
echo "build-deb.sh: $deb: $(du -h "$deb" | cut -f1) ($(seconds "$t") s)"
