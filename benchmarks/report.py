"""Print the results table (Markdown) from the JSON files the benchmarks wrote.

.venv/bin/python benchmarks/report.py            # reads /tmp/mintqo-bench/results/*.json
"""

from __future__ import annotations

import json

from common import RESULTS_DIR


def load(name: str) -> dict | None:
    path = RESULTS_DIR / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def load_all(prefix: str) -> list[dict]:
    """Every result whose file name starts with ``prefix`` (e.g. all load-test runs)."""
    return [json.loads(p.read_text()) for p in sorted(RESULTS_DIR.glob(f"{prefix}*.json"))]


def procs(r: dict) -> str:
    n = r.get("processes", 1)
    return f", {n} processes behind nginx" if n > 1 else ""


def ms(s: dict | None) -> str:
    if not s or not s.get("n"):
        return "–"
    return f"{s['median_ms']:.1f} / {s['p95_ms']:.1f}"


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    lines = [
        row("Target", "Goal", "Measured median / p95 (ms)", "Load, CPU", "Command"),
        row(*["---"] * 5),
    ]

    def note(d: dict) -> str:
        load_1 = d["machine"].split("load ")[1].split(",")[0]
        calibration = f", cpu {d['cpu_calibration_s']} s" if "cpu_calibration_s" in d else ""
        return load_1 + calibration + (" ⚠" if d.get("busy") else "")

    if d := load("seed_national"):
        runs = ", ".join(f"{r['wall_s']} s" for r in d["runs"])
        size = d["runs"][-1]["file_mb"]
        lines.append(
            row("seed national", "≤ 60 s", f"{runs} ({size} MB)", note(d), "`seed_national.py`")
        )
    if d := load("bench_aggregates"):
        for key, modes in d["ours"].items():
            for mode, s in modes.items():
                lines.append(row(f"1 · {key}", mode, ms(s), note(d), "`bench_aggregates.py`"))
        for key, s in d["naive"].items():
            lines.append(row(f"1 · {key}", "naive", ms(s), note(d), "`bench_aggregates.py`"))
        for key, r in d["ratios"].items():
            lines.append(row(f"1 · {key}", "ratio", f"{r}×", note(d), "`bench_aggregates.py`"))
    if d := load("bench_reruns"):
        for key, s in d.items():
            if isinstance(s, dict) and "median_ms" in s:
                lines.append(row(f"2 · {key}", "≤ 60 ms", ms(s), note(d), "`bench_reruns.py`"))
    if d := load("bench_cold_profiles"):
        for key in ("first view", "rerun after it"):
            lines.append(
                row(
                    f"2 · Mein Profil, {key}, {d['initiatives']} different initiatives",
                    "report",
                    ms(d[key]),
                    note(d),
                    "`bench_reruns.py --cold-profiles 20`",
                )
            )
    if d := load("loadtest_latency"):
        for r in d["results"]:
            triv = r.get("trivial_page")
            lines.append(
                row(
                    f"3 · trivial page back-to-back rerun [{r['variant']}]",
                    "Nagle",
                    ms(triv),
                    note(d),
                    "`loadtest.py latency`",
                )
            )
            for page, s in r["pages"].items():
                lines.append(
                    row(
                        f"3 · {page} back-to-back rerun [{r['variant']}]",
                        "–",
                        ms(s),
                        note(d),
                        "`loadtest.py latency`",
                    )
                )
    for d in load_all("loadtest_burst"):
        for r in d["results"]:
            lines.append(
                row(
                    f"3 · first load, {r['sessions']} sessions at once [{r['variant']}{procs(r)}]",
                    "report",
                    ms(r["first_load"]) + f", errors {sum(r['errors'].values())}",
                    note(d),
                    "`loadtest.py burst`",
                )
            )
    for mode in ("load", "soak"):
        for d in load_all(f"loadtest_{mode}_"):
            for r in d["results"]:
                if "tracemalloc" in r["variant"]:
                    continue  # a memory diagnosis: tracing makes its times meaningless
                rss = f"RSS {r['rss_idle_mb']}→{r['rss_end_mb']} MB (max {r['rss_max_mb']})"
                gc = r.get("gc_pauses_over_5ms", {}).get("gen2")
                gc_note = f"; full GCs {gc['count']} (max {gc['max_ms']} ms)" if gc else ""
                late = r.get("late_interactions")
                late_note = f"; 2nd half of steady phase {ms(late)}" if late else ""
                own = ", own initiatives (login form)" if r.get("own_initiatives") else ""
                lines.append(
                    row(
                        f"3 · {mode} {r['users']} users, {r['mix']} mix{own} "
                        f"[{r['variant']}{procs(r)}]",
                        "p95 ≤ 150 ms, 0 errors",
                        f"{ms(r['interactions'])}; errors {r['error_total']}; {rss}; "
                        f"first load {ms(r['per_kind'].get('first_load'))}{gc_note}{late_note}",
                        note(d),
                        f"`loadtest.py {mode}`",
                    )
                )
    if d := load("bench_concurrent_saves"):
        for r in d["results"]:
            if "failed" in r:
                lines.append(row(f"4 · saves {r['backend']}", "0 errors", r["failed"], "", ""))
                continue
            lines.append(
                row(
                    f"4 · {r['threads']}×{r['saves_per_thread']} saves, {r['backend']}",
                    "0 errors, 0 lost",
                    f"errors {r['errors']}, lost {r['lost_writes']}, "
                    f"{r['throughput_saves_per_s']} saves/s, latency {ms(r['save_latency'])}",
                    note(d),
                    "`bench_concurrent_saves.py`",
                )
            )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
