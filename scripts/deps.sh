#!/usr/bin/env bash
# Installs the Debian packages Fusion's build and tests need, when missing.
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
	gcc         # cgo: the SQLite driver and, later, libyara
	bind9-utils # named-checkzone: the RPZ export tests
	bind9       # named: the RPZ export tests load zones into a real server
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
echo "deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
