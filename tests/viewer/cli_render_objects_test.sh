#!/usr/bin/env bash
# scenelens-cli render --objects end to end: on a generated room (its true objects), the same view
# rendered twice without the boxes matches itself, and with --objects it differs from it (the boxes
# are drawn). Needs a display (ctest runs under xvfb-run).
# Usage: cli_render_objects_test.sh <build dir>
set -euo pipefail
cli="$1/app/scenelens-cli"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$cli" synth --seed 3 --views 4 --width 160 --height 120 -o "$work/s" >/dev/null
scene="$work/s/scene.scenelens"
render() { "$cli" render --scene "$scene" --camera 1 --size 320x240 --no-cameras "$@"; }
render -o "$work/plain.png"
render -o "$work/again.png" --reference "$work/plain.png" --threshold 0.1
set +e
render --objects -o "$work/boxes.png" --reference "$work/plain.png" --threshold 0.1
rc=$?
set -e
if [ "$rc" -ne 3 ]; then
  echo "FAIL: render --objects drew the same image as without it (exit $rc, expected 3)"
  exit 1
fi
echo "render --objects draws the boxes"
