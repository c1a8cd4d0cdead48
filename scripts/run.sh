#!/usr/bin/env bash
# scripts/run.sh [photos|folder|video|scene …]   opens the app (bundled sample scene if none)
# scripts/run.sh --headless [inputs …] [-o DIR]   does the job without a window, prints where
# Installs what is missing, builds incrementally, then runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh" >/dev/null
preset="${SCENELENS_PRESET:-dev}"
bin="$root/build/$preset/app"

headless=0
args=()
for a in "$@"; do
  if [ "$a" = "--headless" ]; then headless=1; else args+=("$a"); fi
done

sample_dir="$root/build/sample"
ensure_sample() {
  if [ ! -f "$sample_dir/scene.scenelens" ]; then
    "$bin/scenelens-cli" synth --seed 1 --views 12 -o "$sample_dir" >/dev/null
  fi
}

if [ $headless -eq 1 ]; then
  # Inputs and an optional -o DIR; default: reconstruct the bundled sample scene's photos.
  out="$root/build/headless"
  inputs=()
  while [ ${#args[@]} -gt 0 ]; do
    case "${args[0]}" in
      -o|--output) out="${args[1]}"; args=("${args[@]:2}") ;;
      *) inputs+=("${args[0]}"); args=("${args[@]:1}") ;;
    esac
  done
  if [ ${#inputs[@]} -eq 0 ]; then
    ensure_sample
    inputs=("$sample_dir/images")
  fi
  "$bin/scenelens-cli" reconstruct "${inputs[@]}" -o "$out"
  echo "scenelens: results written to $out (scene.scenelens, sparse/, points.ply)"
  exit 0
fi

if [ ${#args[@]} -eq 0 ]; then
  ensure_sample
  args=("$sample_dir/scene.scenelens")
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "scenelens: no display found; starting under Xvfb (use --headless for no window)" >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$bin/scenelens" "${args[@]}"
fi
exec "$bin/scenelens" "${args[@]}"
