#!/usr/bin/env bash
# Creates .venv with Python 3.10 and installs the pinned dependencies and this project.
# Usage: scripts/install.sh [dev]   ("dev" adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)'; then
  python=$(scripts/find-python.sh)
  echo "Creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi
requirements=requirements.txt
[ "${1:-}" = "dev" ] && requirements=requirements-dev.txt
.venv/bin/python -m pip install --quiet --upgrade "pip<25"
.venv/bin/python -m pip install --quiet -r "$requirements" -c constraints.txt
.venv/bin/python -m pip install --quiet --no-deps -e .
echo "Python dependencies installed ($requirements)."
