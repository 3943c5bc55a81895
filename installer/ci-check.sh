#!/usr/bin/env bash
# CI check of the installer: build the .deb, install it with dpkg, run the installed launcher's
# --selftest headless, and fail unless the verdict is ok and the installation was not written to.
# Called by .ci/run after `mvn verify` passed (which leaves target/dqa-workbench.jar and target/lib/).
# Needs root for dpkg; without root it checks the app-image instead. KEEP_INSTALLED=1 keeps the
# package installed afterwards (default: removed again).
set -euo pipefail
trap 'echo "installer: command failed at line $LINENO (exit $?)" >&2' ERR
cd "$(dirname "$0")/.."

NAME=dqa-workbench
step() { echo "installer: $*"; }
since() { echo "$(( $(date +%s) - $1 )) s"; }

as_root=0
[ "$(id -u)" -eq 0 ] && as_root=1

# Tools jpackage needs for a .deb (present on most machines, not in a minimal container).
if ! command -v fakeroot >/dev/null || ! command -v dpkg-deb >/dev/null; then
  [ "$as_root" -eq 1 ] || { step "fakeroot/dpkg-deb missing and not root"; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fakeroot dpkg-dev >/dev/null
fi

t=$(date +%s)
if [ ! -f target/$NAME.jar ] || [ ! -d target/lib ]; then
  mvn -q -B -DskipTests package
fi
step "building app-image and .deb (jpackage; compressing the .deb takes a few minutes)"
installer/build-deb.sh | sed 's/^/  /'
deb=$(ls target/installer/${NAME}_*.deb)
step "built $deb, $(du -h "$deb" | cut -f1) in $(since "$t")"

if [ "$as_root" -eq 1 ]; then
  t=$(date +%s)
  depends=$(dpkg-deb -f "$deb" Depends)
  # Install what the package declares (GTK and the X11 libraries JavaFX links to) before dpkg -i.
  if ! DEBIAN_FRONTEND=noninteractive apt-get satisfy -y -qq "$depends" >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get satisfy -y -qq "$depends" >/dev/null
  fi
  if ! dpkg -i "$deb" >/dev/null; then
    step "dpkg -i $deb failed; purging the half-installed package"
    dpkg -P "$NAME" >/dev/null 2>&1 || true
    exit 1
  fi
  launcher=/opt/$NAME/bin/$NAME
  install_root=/opt/$NAME
  step "installed with dpkg -i: $(dpkg-query -W -f='${Package} ${Version}, ${Installed-Size} KB' $NAME) in $(since "$t")"
else
  launcher=target/installer/$NAME/bin/$NAME
  install_root=target/installer/$NAME
  step "not root: checking the app-image instead of installing the .deb"
fi
[ -x "$launcher" ] || { step "no launcher at $launcher"; exit 1; }

# The self-test: headless (no DISPLAY), offline, one thread per op. Root can write anywhere, so
# also check that nothing in the installation changed.
t=$(date +%s)
marker=$(mktemp)
out=$(mktemp)
sleep 1
rc=0
env -u DISPLAY -u WAYLAND_DISPLAY OMP_NUM_THREADS=1 timeout 600 "$launcher" --selftest >"$out" 2>&1 || rc=$?
sed 's/^/  /' "$out"
verdict=$(tail -n 1 "$out")
written=$(find "$install_root" -newer "$marker" -print | head -5)
rm -f "$marker" "$out"

ok=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("ok") is True)' "$verdict" 2>/dev/null || echo False)
if [ "$as_root" -eq 1 ] && [ "${KEEP_INSTALLED:-0}" != 1 ]; then
  dpkg -P "$NAME" >/dev/null 2>&1 || step "warning: dpkg -P $NAME failed"
fi
if [ "$rc" -ne 0 ] || [ "$ok" != True ]; then
  step "selftest FAILED (exit $rc): $verdict"
  exit 1
fi
if [ -n "$written" ]; then
  step "selftest wrote into the installation: $written"
  exit 1
fi
step "selftest ok in $(since "$t"): $verdict"
