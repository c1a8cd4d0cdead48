#!/usr/bin/env bash
# scenelens-cli select end to end: on a generated room, the pixel where "show me the cup in
# photo N" outlines the cup is clicked; the object it makes must have the cup's size (the
# ground truth's box, within 25 % per side) and be saved; bad photo numbers and pixels are refused
# with exit code 2. A scene reconstructed from a relative photo folder still finds its photos
# when used from another working directory.
# Usage: cli_select_test.sh <build dir>
set -euo pipefail
cli="$1/app/scenelens-cli"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$cli" synth --seed 5 --views 6 -o "$work/s" >/dev/null
scene="$work/s/scene.scenelens"
answer="$("$cli" ask "$scene" "show me the cup in photo 4" --json)"
pixel="$(echo "$answer" | python3 -c '
import json, sys
p = json.load(sys.stdin)["outlines"][0]["polygon"]
print("%d,%d" % (sum(x for x, _ in p) / len(p), sum(y for _, y in p) / len(p)))')"
echo "clicking photo 4 at $pixel"
"$cli" select "$scene" --photo 4 --pixel "$pixel" --name mug -o "$work/sel.scenelens"
"$cli" objects "$work/sel.scenelens" --json > "$work/objects.json"
python3 - "$work/objects.json" <<'PY'
import json, sys
objs = {o["name"]: o for o in json.load(open(sys.argv[1]))["objects"]}
cup, mug = objs["cup"], objs["mug"]
key = "size_m"
a, b = sorted(cup[key]), sorted(mug[key])
print("cup", a, "mug", b)
for x, y in zip(a, b):
    assert abs(x - y) <= 0.25 * x + 0.01, f"mug {b} is not the cup {a}"
PY
for bad in "--photo 99 --pixel 1,1" "--photo 4 --pixel 5000,1"; do
  rc=0
  # shellcheck disable=SC2086
  "$cli" select "$scene" $bad --name x 2>"$work/err" || rc=$?
  cat "$work/err"
  [ "$rc" -eq 2 ] || { echo "expected exit 2 for $bad, got $rc"; exit 1; }
done
(cd "$work" && "$cli" reconstruct s/images -o rec.scenelens >/dev/null 2>&1)
(cd / && "$cli" select "$work/rec.scenelens/scene.scenelens" --photo 1 --pixel 100,100 --name x \
  -o "$work/rec_sel.scenelens")
echo "ok"
