"""Print the results tables (Markdown) from the JSON files the benchmarks wrote.

    .venv/bin/python benchmarks/report.py      # reads /tmp/mintqo-bench/results/*.json

One table per question of issue 18 (server CPU per rerun before/after, load on one process and
on several, first loads, memory) and issue 14 (browser clicks before/after). A result that is
missing is left out; every row names the file it came from, the machine's load when it ran
and the CPU calibration (``common.cpu_calibration_s``), so rows taken at different times can
be compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from common import RESULTS_DIR

CPU_TARGET_MS = 12.0
LOAD_P95_TARGET_MS = 150.0
BURST_P95_TARGET_MS = 2000.0
SOAK_SLOPE_TARGET = 0.5  # MB per minute and process, last 20 minutes
CLICK_TARGET_MS = 300.0


def load(name: str) -> dict | None:
    path = RESULTS_DIR / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def load_all(prefix: str) -> Iterator[tuple[str, dict]]:
    for path in sorted(RESULTS_DIR.glob(f"{prefix}*.json")):
        yield path.stem, json.loads(path.read_text())


def note(d: dict) -> str:
    load_1 = d["machine"].split("load ")[1].split(",")[0] if "load " in d["machine"] else "?"
    return f"load {load_1}, cpu {d.get('cpu_calibration_s', '?')} s"


def table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "–"
    return "✓" if value <= target else "✗"


def server_cpu() -> str | None:
    before, after = load("bench_server_cpu_before"), load("bench_server_cpu_after")
    if not after:
        return None
    old = {c["case"]: c for c in (before or {}).get("cases", [])}
    rows = []
    for c in after["cases"]:
        if "server_cpu_ms_per_rerun" not in c:
            continue
        was = old.get(c["case"], {}).get("server_cpu_ms_per_rerun", "n/a")
        now = c["server_cpu_ms_per_rerun"]
        lat = c["latency"]
        rows.append(
            (
                c["case"],
                was,
                now,
                verdict(now, CPU_TARGET_MS),
                c.get("messages_per_rerun", "–"),
                f"{lat['median_ms']} / {lat['p95_ms']}",
            )
        )
    head = (
        "Case",
        f"before ({before['code'] if before else '–'}) ms",
        f"after ({after['code']}) ms",
        f"≤ {CPU_TARGET_MS:g} ms",
        "messages per rerun",
        "wall median / p95 ms (2 tabs back to back)",
    )
    notes = f"before: {note(before)}; " if before else ""
    return table(head, rows) + f"\n\n{notes}after: {note(after)}."


def load_runs() -> str | None:
    rows = []
    for name, d in [*load_all("loadtest_load"), *load_all("loadtest_soak")]:
        for r in d["results"]:
            inter = r["interactions"]
            rows.append(
                (
                    name,
                    r.get("store", "sqlite"),
                    r["mix"],
                    r["users"],
                    r["processes"],
                    f"{inter.get('median_ms', '–')} / {inter.get('p95_ms', '–')}",
                    verdict(inter.get("p95_ms"), LOAD_P95_TARGET_MS),
                    r["error_total"],
                    r.get("rss_growth_last_20_min_mb_per_min_per_process", "–"),
                    note(d),
                )
            )
    if not rows:
        return None
    head = (
        "File",
        "store",
        "mix",
        "users",
        "processes",
        "median / p95 ms",
        f"p95 ≤ {LOAD_P95_TARGET_MS:g}",
        "errors",
        "RSS slope last 20 min (MB/min/process)",
        "machine",
    )
    return table(head, rows)


def bursts() -> str | None:
    rows = []
    for name, d in load_all("loadtest_burst"):
        for r in d["results"]:
            first = r["first_load"]
            rows.append(
                (
                    name,
                    r["role"],
                    r["sessions"],
                    r["processes"],
                    f"{first.get('median_ms', '–')} / {first.get('p95_ms', '–')}",
                    verdict(first.get("p95_ms"), BURST_P95_TARGET_MS),
                    sum(r["errors"].values()),
                    note(d),
                )
            )
    if not rows:
        return None
    head = ("File", "role", "sessions", "processes", "median / p95 ms", "p95 ≤ 2 s", "errors", "")
    return table(head, rows)


def browser() -> str | None:
    before, after = load("browser-before"), load("browser-after")
    if not after:
        return None
    old = (before or {}).get("clicks", {})
    rows = []
    for key, c in after["clicks"].items():
        was = old.get(key, {})
        rows.append(
            (
                key,
                f"{was.get('median_ms', 'n/a')} / {was.get('p95_ms', 'n/a')}",
                f"{c.get('median_ms', 'n/a')} / {c.get('p95_ms', 'n/a')}",
                verdict(c.get("p95_ms"), CLICK_TARGET_MS) if not key.startswith("login") else "–",
            )
        )
    head = ("Click (settled in Chromium)", "before median / p95 ms", "after", "p95 ≤ 300 ms")
    return table(head, rows)


def main() -> None:
    for title, build in (
        ("Server CPU per rerun, national store (bench_server_cpu.py)", server_cpu),
        ("Load and soak (loadtest.py load / soak)", load_runs),
        ("First loads (loadtest.py burst)", bursts),
        ("Clicks in the browser, demo store (bench_browser.py)", browser),
    ):
        text = build()
        if text:
            print(f"### {title}\n\n{text}\n")


if __name__ == "__main__":
    main()
