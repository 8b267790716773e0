#!/usr/bin/env bash
# One command for the whole test suite: venv + dev requirements, Chromium for the browser tests,
# lint, then pytest (SQLite always; PostgreSQL too when MINTQO_TEST_DATABASE_URL is set).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh requirements-dev.txt
bash scripts/ensure-browser.sh
echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> vulture (dead code; names only libraries use are in scripts/vulture_allowlist.py)"
.venv/bin/vulture mintqo app.py pages scripts/vulture_allowlist.py --min-confidence 60
echo "==> import-linter (layering contracts in pyproject.toml)"
.venv/bin/lint-imports --no-cache
echo "==> pytest"
exec .venv/bin/python -m pytest "$@"
