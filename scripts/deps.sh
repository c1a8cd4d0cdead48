#!/usr/bin/env bash
# Installs the Debian 12 packages SceneLens needs to build, test and run. Idempotent:
# prints nothing and touches nothing when everything is already there.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git file dpkg-dev
  qt6-base-dev qt6-base-dev-tools qt6-3d-dev libqt6opengl6-dev libgl-dev libgl1-mesa-dri
  libtorch-dev python3-torch
  libopen3d-dev libeigen3-dev libopencv-dev libceres-dev
  libcli11-dev libspdlog-dev nlohmann-json3-dev libtinygltf-dev libnanoflann-dev libcpp-httplib-dev
  libgtest-dev clang-format
  ffmpeg xvfb xauth x11-utils imagemagick
  colmap
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "scenelens: installing missing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
echo "scenelens: packages installed"
