#!/usr/bin/env bash
# Reproduce the numbers in benchmarks/README.md ("Results: issue 18" and the browser table of
# issue 14). Loopback only, free ports (never 8501); every server is stopped by the scripts
# themselves. Results: /tmp/mintqo-bench/results/*.json; the tables: benchmarks/report.py.
#
# Durations on the 2-core machine: seeding ≈ 15 s (SQLite) / ≈ 1 min (PostgreSQL), server CPU
# ≈ 1 min, each load run ≈ 2–3 min, bursts ≈ 1 min each, browser clicks ≈ 3 min, the soaks
# 1 hour each. Total ≈ 2.5 hours (SOAK=0: ≈ 25 min).
# Run only when the machine is quiet: load average < 0.5, no other pytest/streamlit.
#   BEFORE=/path/to/old/checkout   also measure an older checkout (server CPU, browser clicks)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export MINTQO_DEMO_PASSWORD="${MINTQO_DEMO_PASSWORD:-demo-passwort-2026}"
SOAK="${SOAK:-1}"
PG_URL="${PG_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/mintqo_bench}"

uptime
pgrep -fa "pytest|streamlit run" || true
# nginx for the runs with several app processes (deploy/nginx.conf)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || {
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q nginx-light; else sudo apt-get install -y -q nginx-light; fi
}

# national data (the shared SQLite benchmark store)
$PY benchmarks/seed_national.py --keep
# 1. server CPU per rerun, per page (before/after when BEFORE is given)
if [[ -n "${BEFORE:-}" ]]; then
  rm -rf "$BEFORE/benchmarks-now" && cp -r benchmarks "$BEFORE/benchmarks-now"
  (cd "$BEFORE" && MINTQO_BENCH_DB=/tmp/mintqo-bench/national-before.sqlite3 \
    "$OLDPWD/$PY" benchmarks-now/bench_server_cpu.py --tag before)
fi
$PY benchmarks/bench_server_cpu.py --tag after
# 2. one process: 200 coordinators on "Mein Netzwerk", and the workshop mix
$PY benchmarks/loadtest.py load --mix network --users 200 --ramp 30 --duration 60 --tag network200
$PY benchmarks/loadtest.py load --mix workshop --users 200 --duration 120 --tag workshop200
# 3. first loads: 200 sessions within one second, one process
for role in register anonymous initiative; do
  $PY benchmarks/loadtest.py burst --sessions 200 --role "$role" --tag "$role"
done
# 5. PostgreSQL, two processes behind nginx, 400 users
createdb -h 127.0.0.1 -U postgres mintqo_bench 2>/dev/null || true
MINTQO_BENCH_STORE="$PG_URL" $PY benchmarks/loadtest.py load --processes 2 --users 400 \
  --duration 120 --tag pg400
# issue 14: clicks in the browser
if [[ -n "${BEFORE:-}" ]]; then
  $PY benchmarks/bench_browser.py --root "$BEFORE" --label before
fi
$PY benchmarks/bench_browser.py --label after
# 4. memory: one hour of the workshop mix (SQLite, one process; PostgreSQL, two processes)
if [[ "$SOAK" == 1 ]]; then
  $PY benchmarks/loadtest.py soak --duration 3600 --users 200 --tag hour
  MINTQO_BENCH_STORE="$PG_URL" $PY benchmarks/loadtest.py soak --processes 2 --users 400 \
    --duration 3600 --tag pg
fi
$PY benchmarks/report.py
