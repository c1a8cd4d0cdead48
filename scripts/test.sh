#!/usr/bin/env bash
# scripts/test.sh [ctest args…]   installs, builds and runs every test (GL tests under Xvfb).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
preset="${SCENELENS_PRESET:-dev}"
cd "$root/build/$preset"
export QT_QPA_PLATFORM=xcb
exec xvfb-run -a -s "-screen 0 1280x800x24" ctest --output-on-failure -j 2 "$@"
