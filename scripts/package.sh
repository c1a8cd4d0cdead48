#!/usr/bin/env bash
# scripts/package.sh   builds the Release preset and the Debian package (build/ci/scenelens_*.deb).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SCENELENS_PRESET="${SCENELENS_PRESET:-ci}"
"$root/scripts/build.sh" >/dev/null
cd "$root/build/$SCENELENS_PRESET"
cpack -G DEB >/dev/null
ls -1 "$PWD"/scenelens_*.deb
