#!/usr/bin/env bash
# One command for a demo: venv + requirements, SQLite store with demo data if empty, app on :8501.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh requirements.txt
export MINTQO_DEMO="${MINTQO_DEMO:-1}"
export MINTQO_DEMO_PASSWORD="${MINTQO_DEMO_PASSWORD:-mintqo-demo-2026}"
.venv/bin/python -m mintqo seed-demo --if-empty
echo "==> mintqo läuft auf http://localhost:${MINTQO_PORT:-8501} (Demo-Logins: demo-initiative," \
     "demo-koordination, demo-admin; Passwort: $MINTQO_DEMO_PASSWORD)"
exec .venv/bin/python -m mintqo serve --server.port "${MINTQO_PORT:-8501}" "$@"
