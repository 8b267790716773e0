#!/usr/bin/env bash
# Creates .venv (if missing) and installs the given requirements file into it, only when the file
# changed since the last install. Sourced by run.sh and test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQ="${1:-requirements.txt}"
PY="${PYTHON:-python3}"
cd "$ROOT"
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating virtual environment in .venv"
  "$PY" -m venv .venv
fi
STAMP=".venv/.installed-$(basename "$REQ")"
HASH="$(cat "$REQ" requirements.txt | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$HASH" ]; then
  echo "==> Installing $REQ"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$REQ"
  echo "$HASH" > "$STAMP"
fi
