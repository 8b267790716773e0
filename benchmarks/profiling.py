"""Sampling the app server with py-spy (``requirements-dev.txt``) while a benchmark loads it.

The raw output (py-spy's collapsed stacks, one line per stack with its sample count) stays in
``/tmp/mintqo-bench/profile-<name>.txt`` for flame graphs; :func:`profile_summary` gives the
functions with the most samples of their own and the mintqo, Streamlit and SQLAlchemy
functions with the most samples below them.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections import Counter
from pathlib import Path

from common import BENCH_DIR, PYTHON
from st_client import Server


def start_profiler(server: Server, name: str) -> tuple[subprocess.Popen, str]:
    """py-spy sampling ``server`` until :func:`stop_profiler`; returns it and its output file."""
    out = str(BENCH_DIR / f"profile-{name.replace(' ', '_')}.txt")
    spy = str(Path(PYTHON).with_name("py-spy"))
    cmd = [spy, "record", "--pid", str(server.process.pid), "--rate", "250"]
    cmd += ["--format", "raw", "--output", out, "--nonblocking"]
    cmd += os.environ.get("MINTQO_PYSPY_ARGS", "").split()
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), out


def stop_profiler(profiler: subprocess.Popen) -> None:
    profiler.send_signal(signal.SIGINT)
    profiler.wait(30)


def profile_summary(path: str, top: int = 25) -> dict:
    """Self and inclusive sample counts of the hottest functions in py-spy's raw output."""
    own: Counter = Counter()
    below: Counter = Counter()
    total = 0
    with open(path, encoding="utf-8") as raw:
        lines = raw.read().splitlines()
    for line in lines:
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        n = int(count)
        total += n
        own[frames[-1]] += n
        for frame in set(frames):
            if "mintqo" in frame or "streamlit/" in frame or "sqlalchemy" in frame:
                below[frame] += n
    return {
        "samples": total,
        "own": [(f, round(100 * n / total, 1)) for f, n in own.most_common(top)],
        "inclusive": [(f, round(100 * n / total, 1)) for f, n in below.most_common(top * 2)],
    }
