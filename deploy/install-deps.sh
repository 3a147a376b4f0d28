#!/usr/bin/env bash
# Installs every Debian 12 package egovkpi needs to build, test and run its demo.
# Safe to run twice: it installs only what is missing. Needs root or sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config curl
  libboost1.81-dev libboost-json1.81-dev libboost-system1.81-dev libboost-url1.81-dev
  libpqxx-dev prometheus-cpp-dev libspdlog-dev libfmt-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libssl-dev
  postgresql prometheus prometheus-alertmanager
  systemd systemd-container debootstrap dpkg-dev fakeroot
)
# Node.js and npm type-check the Grafana dashboards (grafana/typecheck). A machine may
# already have Node.js from elsewhere with npm bundled; Debian's npm would conflict with it.
if ! command -v npm >/dev/null; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  # ${Status} is "install ok installed" only for packages that are fully installed.
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
