#!/usr/bin/env bash
# Installs Debian packages with apt-get (as root, or through sudo): the test browser, Node.js, the benchmark's
# load balancer. Usage: scripts/install-debian.sh PACKAGE...
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "Run as root (or install sudo) to install: ${*: -1}" >&2; return 1; fi; }
as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
