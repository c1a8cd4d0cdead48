#!/usr/bin/env bash
# installer/deb: builds the Debian package with CPack, unpacks it into a throw-away root
# (dpkg -x), checks the desktop entry, MIME type and icon are there, and runs the installed
# scenelens-cli: --version, a synthetic scene and a headless reconstruction of its photos.
set -euo pipefail
build_dir="$1"
work="$(mktemp -d /tmp/scenelens_deb_XXXX)"
trap 'rm -rf "$work"' EXIT
cd "$build_dir"
cpack -G DEB -B "$work/pkg" >/dev/null
deb="$(ls "$work"/pkg/scenelens_*.deb)"
echo "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --info "$deb" | grep -E "Depends|Package|Version"
dpkg -x "$deb" "$work/root"
for f in usr/bin/scenelens usr/bin/scenelens-cli usr/share/applications/scenelens.desktop \
         usr/share/mime/packages/scenelens.xml usr/share/icons/hicolor/scalable/apps/scenelens.svg; do
  [ -e "$work/root/$f" ] || { echo "FAIL: $f missing from the package"; exit 1; }
done
cli="$work/root/usr/bin/scenelens-cli"
"$cli" --version | grep -q "scenelens-cli" || { echo "FAIL: --version"; exit 1; }
"$cli" synth --seed 2 --views 8 --width 320 --height 240 --points 20000 -o "$work/synth" >/dev/null
if "$cli" reconstruct "$work/synth/images" -o "$work/out" >"$work/reconstruct.log" 2>&1; then
  [ -f "$work/out/scene.scenelens" ] && [ -f "$work/out/sparse/images.txt" ] ||
    { echo "FAIL: reconstruction outputs missing"; cat "$work/reconstruct.log"; exit 1; }
  "$cli" info "$work/out/scene.scenelens"
else
  echo "FAIL: installed reconstruct failed"; cat "$work/reconstruct.log"; exit 1
fi
echo "installed package works"
