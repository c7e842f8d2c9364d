#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 supports Python 3.8-3.10 only).
# Looks for python3.10 on PATH, then under pyenv; explains what to install when neither exists.
set -euo pipefail

is_310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; }

if [ -n "${PYTHON:-}" ] && is_310 "$PYTHON"; then echo "$PYTHON"; exit 0; fi
if command -v python3.10 >/dev/null 2>&1 && is_310 "$(command -v python3.10)"; then
  command -v python3.10; exit 0
fi
pyenv=$(command -v pyenv || true)
[ -z "$pyenv" ] && [ -x "${PYENV_ROOT:-$HOME/.pyenv}/bin/pyenv" ] && pyenv="${PYENV_ROOT:-$HOME/.pyenv}/bin/pyenv"
if [ -n "$pyenv" ]; then
  prefix=$("$pyenv" prefix 3.10 2>/dev/null || true)
  if [ -z "$prefix" ]; then
    version=$("$pyenv" versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | tail -n 1 || true)
    [ -n "$version" ] && prefix=$("$pyenv" root)/versions/$version
  fi
  if [ -n "$prefix" ] && is_310 "$prefix/bin/python"; then echo "$prefix/bin/python"; exit 0; fi
fi
cat >&2 <<'MSG'
Python 3.10 is required: Rasa 3.6 runs on Python 3.8-3.10 only, and this project is built on 3.10.
Install it, then run the command again:
  - with pyenv:            pyenv install 3.10
  - on Debian/Ubuntu:      apt-get install python3.10 python3.10-venv   (where your release ships it)
  - or set PYTHON=/path/to/python3.10
MSG
exit 1
