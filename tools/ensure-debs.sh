#!/usr/bin/env bash
# Install the Debian packages given as arguments, but only those not installed yet,
# so that a machine already set up pays nothing.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
((${#missing[@]})) || exit 0
SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
echo "installing system packages: ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
