#!/usr/bin/env bash
# Installs the web chat's browser dependency (socket.io-client, pinned in package-lock.json) and copies
# the file the page needs into web/vendor/, so the page loads nothing from the internet.
# Usage: scripts/install-web.sh [browser]   ("browser" also makes sure Debian's chromium is there, for the tests)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "browser" ]; then
  [ -x /usr/bin/chromium ] || { echo "Installing chromium (Debian) for the browser tests"; scripts/install-debian.sh chromium; }
  /usr/bin/chromium --version 2>/dev/null  # Debian's launcher script prints a harmless shell error here
  exit 0
fi

command -v npm >/dev/null || { echo "Installing Node.js and npm (Debian)"; scripts/install-debian.sh nodejs npm; }
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
mkdir -p web/vendor
cp node_modules/socket.io-client/dist/socket.io.min.js node_modules/socket.io-client/dist/socket.io.min.js.map web/vendor/
echo "Web chat dependencies installed (web/vendor/)."
