"""Helpers shared by the benchmarks: the national-scale store, statistics, machine notes.

The national store is generated once (``python -m mintqo seed-demo --scale national``) into
``MINTQO_BENCH_DB`` (default ``/tmp/mintqo-bench/national.sqlite3``) and reused by every
benchmark; delete the file to regenerate it. Benchmarks that write work on a private copy.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BENCH_DIR = Path(os.environ.get("MINTQO_BENCH_DIR", "/tmp/mintqo-bench"))
NATIONAL_DB = Path(os.environ.get("MINTQO_BENCH_DB", str(BENCH_DIR / "national.sqlite3")))
DEMO_PASSWORD = os.environ.get("MINTQO_DEMO_PASSWORD", "demo-passwort-2026")
RESULTS_DIR = BENCH_DIR / "results"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# A PostgreSQL store for the server benchmarks instead of private SQLite copies (scale-out
# runs): e.g. postgresql+psycopg://postgres@127.0.0.1:5432/mintqo_bench. Seeded with the
# national data on first use; benchmarks that write change it for good (reseed by dropping
# its tables or the database).
BENCH_STORE = os.environ.get("MINTQO_BENCH_STORE", "").strip()

Store = Path | str  # a SQLite file, or a database URL


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def store_url(store: Store) -> str:
    return store if isinstance(store, str) else sqlite_url(store)


def seed_env(store: Store) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = store_url(store)
    env["MINTQO_DEMO_PASSWORD"] = DEMO_PASSWORD
    return env


def ensure_national_store(url: str) -> str:
    """The national demo data in the database at ``url``, seeded if it has none (≈ 1 min)."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            seeded = "initiative" in inspect(conn).get_table_names() and (
                conn.execute(text("SELECT count(*) FROM initiative")).scalar_one() >= 10_000
            )
    finally:
        engine.dispose()
    if not seeded:
        print(f"[setup] generating national demo data into {url} …", file=sys.stderr, flush=True)
        subprocess.run(
            [PYTHON, "-m", "mintqo", "seed-demo", "--scale", "national"],
            cwd=ROOT,
            env=seed_env(url),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=1800,
        )
    return url


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file so its size is the real size and copies are complete."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def ensure_national_db(path: Path = NATIONAL_DB) -> Path:
    """The national-scale demo store, generated on first use (≈ 30–60 s)."""
    if path.exists() and path.stat().st_size > 10_000_000:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"[setup] generating national demo data into {path} …", file=sys.stderr, flush=True)
    subprocess.run(
        [PYTHON, "-m", "mintqo", "seed-demo", "--scale", "national"],
        cwd=ROOT,
        env=seed_env(path),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=900,
    )
    checkpoint(path)
    return path


def private_copy(source: Path, name: str) -> Path:
    """A copy of ``source`` that a writing benchmark may change, private to this process.

    The file name carries the process id: two benchmarks running at the same time (a soak and
    a short run beside it) must never replace each other's live database – a copy over a
    server's open store logged every session of that server out. Copies left by processes
    that are gone are removed first (each is the size of the national store).
    """
    checkpoint(source)
    work = BENCH_DIR / "work"
    work.mkdir(parents=True, exist_ok=True)
    _remove_orphaned_copies(work)
    stem, dot, suffix = name.rpartition(".")
    target = work / (f"{stem}-{os.getpid()}{dot}{suffix}" if dot else f"{name}-{os.getpid()}")
    for extra in ("-wal", "-shm"):
        Path(f"{target}{extra}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def _remove_orphaned_copies(work: Path) -> None:
    for path in work.glob("*-[0-9]*.sqlite3*"):
        pid = path.name.split(".sqlite3")[0].rsplit("-", 1)[-1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            path.unlink(missing_ok=True)


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0–100) of non-empty ``samples``."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(samples_ms: Sequence[float]) -> dict[str, float]:
    if not samples_ms:
        return {"n": 0}
    return {
        "n": len(samples_ms),
        "median_ms": round(statistics.median(samples_ms), 2),
        "p95_ms": round(percentile(samples_ms, 95), 2),
        "min_ms": round(min(samples_ms), 2),
        "max_ms": round(max(samples_ms), 2),
    }


def time_calls(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall time in ms of ``repeat`` calls of ``fn``."""
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


def machine_note() -> str:
    """CPU count, model, load average and Python version, for the results table."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in load_average())
    return (
        f"{os.cpu_count()} cores ({model or platform.machine()}), load {load}, "
        f"Python {platform.python_version()}"
    )


def cpu_calibration_s() -> float:
    """Seconds for a fixed pure-Python loop (10 M additions), best of three.

    This virtual machine's speed drifted by 25–40 % within an hour (same code, quiet machine):
    results taken at different times are only comparable together with this number.
    """
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - t0)
    return round(best, 3)


def busy_warning() -> str | None:
    """A warning if the machine is not quiet enough for final numbers."""
    load1 = load_average()[0]
    others = subprocess.run(
        ["pgrep", "-fa", "pytest|streamlit run"], capture_output=True, text=True
    ).stdout.splitlines()
    others = [line for line in others if str(os.getpid()) not in line.split()[0]]
    notes = []
    if load1 >= 0.5:
        notes.append(f"load average {load1:.2f} ≥ 0.5")
    if others:
        notes.append(f"{len(others)} other pytest/streamlit processes")
    return "; ".join(notes) or None


def free_port() -> int:
    """A free TCP port on 127.0.0.1 that is not Streamlit's default 8501."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port != 8501:
            return port


def code_state(root: Path = ROOT) -> str:
    """HEAD commit and the modified tracked files of the checkout ``root`` (others work in the
    same checkout)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True
        ).stdout.rstrip()

    dirty = [line[3:] for line in git("status", "--short", "--untracked-files=no").splitlines()]
    return git("rev-parse", "--short", "HEAD") + (
        f" + uncommitted: {', '.join(dirty)}" if dirty else ""
    )


def save_result(name: str, data: dict) -> Path:
    """Write a JSON result next to the national store (and print it)."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    data = {
        "benchmark": name,
        "machine": machine_note(),
        "cpu_calibration_s": cpu_calibration_s(),
        "busy": busy_warning(),
        "code": code_state(),
        **data,
    }
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    return path
