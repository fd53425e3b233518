#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only when something is missing (Debian 12, run as root).
set -euo pipefail

packages=(
  gcc-avr avr-libc arduino-core-avr simavr libsimavr-dev socat
  lua5.1 lua5.3 lua5.4 lua-socket luajit2 nginx libnginx-mod-http-lua
  mosquitto chromium postgresql g++
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "system packages: all ${#packages[@]} present"
  exit 0
fi

echo "system packages: installing ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "not root: run this script as root (or: sudo apt-get install -y --no-install-recommends ${missing[*]})" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The Debian postgresql package starts a cluster on 5432; the tests start their own clusters and do not use it.
