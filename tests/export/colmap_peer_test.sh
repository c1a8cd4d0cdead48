#!/usr/bin/env bash
# A real peer reads our COLMAP export: Debian's `colmap model_analyzer` must report the camera,
# image and point counts that scenelens-cli wrote, for the text and the binary model.
# Usage: colmap_peer_test.sh <build dir>
set -euo pipefail
build="$1"
cli="$build/app/scenelens-cli"
if ! command -v colmap >/dev/null; then
  echo "SKIP: colmap is not installed (scripts/deps.sh installs it)"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$cli" synth --seed 5 --views 6 -o "$work/synth" >/dev/null
scene="$work/synth/scene.scenelens"
info="$("$cli" info "$scene")"
echo "$info"
for fmt in colmap-text colmap-bin; do
  "$cli" export "$scene" --format "$fmt" -o "$work/$fmt"
  out="$(colmap model_analyzer --path "$work/$fmt/sparse" 2>&1)"
  echo "$out" | grep -E "Cameras|Images|Points" || true
  cams=$(echo "$out" | sed -n 's/.*Cameras: *\([0-9]*\).*/\1/p' | head -1)
  imgs=$(echo "$out" | sed -n 's/.*Images: *\([0-9]*\).*/\1/p' | head -1)
  pts=$(echo "$out" | sed -n 's/.*Points: *\([0-9]*\).*/\1/p' | head -1)
  n_imgs=$(ls "$work/$fmt/images" | wc -l)
  # What we wrote, counted from the text model (the binary one is converted by the peer itself).
  if [ "$fmt" = colmap-text ]; then
    want_cams=$(grep -vc '^#' "$work/$fmt/sparse/cameras.txt")
    want_imgs=$(( $(grep -vc '^#' "$work/$fmt/sparse/images.txt") / 2 ))
    want_pts=$(grep -vc '^#' "$work/$fmt/sparse/points3D.txt")
  fi
  echo "$fmt: peer reads cameras=$cams images=$imgs points=$pts; wrote cameras=$want_cams images=$want_imgs points=$want_pts photos=$n_imgs"
  if [ "$cams" != "$want_cams" ] || [ "$imgs" != "$want_imgs" ] || [ "$pts" != "$want_pts" ] \
     || [ "$imgs" != 6 ] || [ "$n_imgs" != 6 ] || [ "${pts:-0}" -lt 100 ]; then
    echo "FAIL: colmap model_analyzer disagrees with the $fmt export"
    exit 1
  fi
done
echo "PASS"
