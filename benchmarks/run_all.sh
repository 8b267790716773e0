#!/usr/bin/env bash
# Reproduce every number in benchmarks/README.md. Loopback only, free ports (never 8501),
# every server is stopped by the scripts themselves. Results: /tmp/mintqo-bench/results/*.json
#
# Durations measured on the busy 2-core machine: seed ≈ 40 s per repeat, aggregates ≈ 1 min,
# reruns ≈ 1–2 min, concurrent saves ≈ 3 min, latency ≈ 6 min, bursts ≈ 2.5 min,
# load (2 mixes × 2 variants) ≈ 10 min (a saturated server adds up to 60 s per run),
# soak ≈ 11 min, what-if ≈ 1 min. Total ≈ 40 min.
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
$PY benchmarks/loadtest.py load --variant stock tuned --users 200 --duration 60
$PY benchmarks/loadtest.py load --mix questionnaire --variant stock tuned --users 200 --duration 60
$PY benchmarks/loadtest.py soak --mix questionnaire --variant tuned --users 200 --duration 600
# 6. what-if estimates for the recommended page changes (compare with step 3)
$PY benchmarks/bench_reruns.py --what-if-no-validate --what-if-lazy-exports
$PY benchmarks/report.py
