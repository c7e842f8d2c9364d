#!/usr/bin/env bash
# Installs the web chat's browser dependency (socket.io-client, pinned in package-lock.json) and copies
# the file the page needs into web/vendor/, so the page loads nothing from the internet.
# Usage: scripts/install-web.sh [browser]   ("browser" also makes sure Debian's chromium is there, for the tests)
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "Run as root (or install sudo) to install: ${*: -1}" >&2; return 1; fi; }
apt_install() { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"; }

if [ "${1:-}" = "browser" ]; then
  [ -x /usr/bin/chromium ] || { echo "Installing chromium (Debian) for the browser tests"; apt_install chromium; }
  /usr/bin/chromium --version 2>/dev/null  # Debian's launcher script prints a harmless shell error here
  exit 0
fi

command -v npm >/dev/null || { echo "Installing Node.js and npm (Debian)"; apt_install nodejs npm; }
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
mkdir -p web/vendor
cp node_modules/socket.io-client/dist/socket.io.min.js node_modules/socket.io-client/dist/socket.io.min.js.map web/vendor/
echo "Web chat dependencies installed (web/vendor/)."
