#!/usr/bin/env bash
# Configures (once) and builds SceneLens incrementally. Preset: $SCENELENS_PRESET (default dev).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/deps.sh"
preset="${SCENELENS_PRESET:-dev}"
build_dir="$root/build/$preset"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/scenelens-ccache}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
# Paths relative to the checkout, so another clone of the repository reuses the cache.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
jobs="${SCENELENS_JOBS:-$(nproc)}"
cmake --build "$build_dir" -j "$jobs" "$@"
