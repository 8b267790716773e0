"""Time ``python -m mintqo seed-demo --scale national`` into a fresh temporary SQLite file.

Target: ≤ 60 s on the 2-core machine. Reports wall time (the whole CLI process, including
interpreter start-up and migrations), the time the CLI itself reports, row counts and the file
size after a WAL checkpoint.

    .venv/bin/python benchmarks/seed_national.py [--repeat 3] [--keep]

``--keep`` moves the last generated file to the shared benchmark store (MINTQO_BENCH_DB) so the
other benchmarks reuse it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import NATIONAL_DB, PYTHON, ROOT, checkpoint, save_result, seed_env


def seed_once(path: Path) -> dict:
    started = time.perf_counter()
    proc = subprocess.run(
        [PYTHON, "-m", "mintqo", "seed-demo", "--scale", "national"],
        cwd=ROOT,
        env=seed_env(path),
        capture_output=True,
        text=True,
        timeout=900,
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"seed-demo failed:\n{proc.stdout}\n{proc.stderr}")
    reported = re.search(r"in ([\d.]+) s angelegt", proc.stdout)
    counts = {
        m.group(1): int(m.group(2).replace(".", ""))
        for m in re.finditer(r"^\s+(\w+)\s+([\d.]+)$", proc.stdout, re.MULTILINE)
    }
    checkpoint(path)
    return {
        "wall_s": round(wall, 2),
        "cli_reported_s": float(reported.group(1)) if reported else None,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "counts": counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the file as MINTQO_BENCH_DB")
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="mintqo-seed-") as tmp:
        for i in range(args.repeat):
            path = Path(tmp) / f"national{i}.sqlite3"
            runs.append(seed_once(path))
            print(f"run {i + 1}: {runs[-1]['wall_s']} s, {runs[-1]['file_mb']} MB", flush=True)
            if args.keep and i == args.repeat - 1:
                NATIONAL_DB.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, NATIONAL_DB)
            else:
                path.unlink()
    walls = [r["wall_s"] for r in runs]
    save_result(
        "seed_national",
        {
            "target": "≤ 60 s",
            "median_s": round(statistics.median(walls), 2),
            "max_s": max(walls),
            "runs": runs,
            "command": "python -m mintqo seed-demo --scale national (DATABASE_URL=sqlite:///<tmp>)",
        },
    )


if __name__ == "__main__":
    main()
