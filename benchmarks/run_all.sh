#!/usr/bin/env bash
# Reproduce every number in benchmarks/README.md. Loopback only, free ports (never 8501),
# every server is stopped by the scripts themselves. Results: /tmp/mintqo-bench/results/*.json
#
# Durations on the 2-core machine: seed ≈ 30 s per repeat, aggregates ≈ 1.5 min, reruns
# ≈ 20 s, concurrent saves ≈ 1 min, latency ≈ 2 min, bursts ≈ 4 min, load runs ≈ 2 min each
# (6 runs), soak ≈ 11 min. Total ≈ 35 min.
# Run only when the machine is quiet: load average < 0.5, no other pytest/streamlit.
#   QUICK=1 benchmarks/run_all.sh   shorter runs (smoke test of the harness, ≈ 8 min)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export MINTQO_DEMO_PASSWORD="${MINTQO_DEMO_PASSWORD:-demo-passwort-2026}"
QUICK="${QUICK:-0}"

uptime
pgrep -fa "pytest|streamlit run" || true
# nginx for the runs with several app processes (deploy/nginx.conf)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || {
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q nginx-light; else sudo apt-get install -y -q nginx-light; fi
}

if [[ "$QUICK" == 1 ]]; then
  $PY benchmarks/seed_national.py --keep
  $PY benchmarks/bench_aggregates.py --repeat 10 --cold-repeat 3 --naive-repeat 1
  $PY benchmarks/bench_reruns.py --repeat 10
  $PY benchmarks/bench_concurrent_saves.py --saves 100
  $PY benchmarks/loadtest.py latency --variant config tuned --repeat 10
  $PY benchmarks/loadtest.py burst --variant tuned --sessions 20
  $PY benchmarks/loadtest.py load --variant tuned --users 50 --duration 30
  $PY benchmarks/loadtest.py load --variant tuned --users 50 --duration 30 --processes 2
  exit 0
fi

# 1. national data (also becomes the shared benchmark store)
$PY benchmarks/seed_national.py --repeat 3 --keep
# 2. target 1: aggregates vs naive
$PY benchmarks/bench_aggregates.py
# 3. target 2: AppTest reruns, and first views of Mein Profil by different initiatives
$PY benchmarks/bench_reruns.py
$PY benchmarks/bench_reruns.py --cold-profiles 20
# 4. target 4: concurrent saves (PostgreSQL via MINTQO_TEST_DATABASE_URL)
$PY benchmarks/bench_concurrent_saves.py
# 5. target 3: server — Nagle (back-to-back reruns), first-load bursts, 200 users, soak
$PY benchmarks/loadtest.py latency --variant stock config nodelay tuned
$PY benchmarks/loadtest.py burst --variant stock tuned --sessions 20 200
$PY benchmarks/loadtest.py burst --variant tuned --sessions 200 --processes 2
$PY benchmarks/loadtest.py load --variant tuned --users 200 --duration 60
$PY benchmarks/loadtest.py load --variant tuned --users 200 --duration 60 --processes 2
$PY benchmarks/loadtest.py load --variant tuned --users 100 --duration 60 --tag 100users
$PY benchmarks/loadtest.py load --variant gc-default-gclog tuned-gclog --users 200 --duration 60 \
  --processes 2 --tag gc
$PY benchmarks/loadtest.py load --variant tuned --users 200 --ramp 60 --duration 180 --processes 2 \
  --own-initiatives --tag long
$PY benchmarks/loadtest.py soak --variant tuned --processes 2
$PY benchmarks/report.py
