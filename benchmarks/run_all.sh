#!/usr/bin/env bash
# Reproduce every number in benchmarks/README.md. Loopback only, free ports (never 8501),
# every server is stopped by the scripts themselves. Results: /tmp/mintqo-bench/results/*.json
#
# Durations on the 2-core machine (quiet): seed ≈ 1 min per repeat, aggregates ≈ 2 min,
# reruns ≈ 2 min, concurrent saves ≈ 2 min, latency ≈ 2 min, bursts ≈ 3 min,
# load (4 variants × 2.5 min) ≈ 11 min, soak ≈ 11 min. Total ≈ 35 min.
# Run only when the machine is quiet: load average < 0.5, no other pytest/streamlit.
#   QUICK=1 benchmarks/run_all.sh   shorter runs (smoke test of the harness, ≈ 8 min)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export MINTQO_DEMO_PASSWORD="${MINTQO_DEMO_PASSWORD:-demo-passwort-2026}"
QUICK="${QUICK:-0}"

uptime
pgrep -fa "pytest|streamlit run" || true

if [[ "$QUICK" == 1 ]]; then
  $PY benchmarks/seed_national.py --keep
  $PY benchmarks/bench_aggregates.py --repeat 10 --cold-repeat 3 --naive-repeat 1
  $PY benchmarks/bench_reruns.py --repeat 10
  $PY benchmarks/bench_concurrent_saves.py --saves 100
  $PY benchmarks/loadtest.py latency --variant config tuned --repeat 10
  $PY benchmarks/loadtest.py burst --variant tuned --sessions 20
  $PY benchmarks/loadtest.py load --variant tuned --users 50 --duration 30
  exit 0
fi

# 1. national data (also becomes the shared benchmark store)
$PY benchmarks/seed_national.py --repeat 3 --keep
# 2. target 1: aggregates vs naive
$PY benchmarks/bench_aggregates.py
# 3. target 2: AppTest reruns
$PY benchmarks/bench_reruns.py
# 4. target 4: concurrent saves (PostgreSQL via MINTQO_TEST_DATABASE_URL)
$PY benchmarks/bench_concurrent_saves.py
# 5. target 3: server — Nagle (back-to-back reruns), first load bursts, 200 users, soak
$PY benchmarks/loadtest.py latency --variant stock config nodelay tuned
$PY benchmarks/loadtest.py burst --variant stock tuned --sessions 20 200
$PY benchmarks/loadtest.py load --variant stock config nodelay tuned --users 200 --duration 120
$PY benchmarks/loadtest.py soak --variant tuned --users 200 --duration 600
