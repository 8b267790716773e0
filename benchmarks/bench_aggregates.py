"""Target 1: dashboard data at national scale, ours (SQL over stored scores) vs naive (answers → pandas).

Measured on the national store (130 networks, 10,000 initiatives, ≈ 2 M answers):

* coordinator dashboard, all its aggregates (``aggregates.network_dashboard``):
  - **cold**: first call in a fresh engine (new SQLite connection, empty page cache; the OS file
    cache is warm), no application cache — what the first visitor after a submission pays;
  - **uncached**: repeated calls of the store function (SQLite cache warm, no app cache);
  - **warm**: the page's real path ``mintqo.ui.dashboard_cache.network_dashboard`` — two
    data-version lookups plus a ``st.cache_data`` hit (keyed by ids and versions);
* national overview (``aggregates.national_overview``): cold, uncached and warm the same way;
* **naive**: what a page would do without stored scores: read all answers of the latest
  submitted rounds into pandas (``pd.read_sql_query``), score every criterion of every
  assessment, then group per initiative and network. Run in the same process; ratio reported.

    .venv/bin/python benchmarks/bench_aggregates.py [--repeat 30] [--naive-repeat 3]
"""

from __future__ import annotations

import argparse
import inspect
import logging
import os
import time

from common import NATIONAL_DB, ensure_national_db, save_result, sqlite_url, summary, time_calls

DEMO_NETWORK = 1  # the demo coordinator's network (12 initiatives)
LARGE_NETWORK = 2  # a typical network (≈ 77 initiatives)

NAIVE_SQL = """
SELECT i.network_id, p.initiative_id, s.id AS assessment_id, a.item_id, a.value
FROM answer a
JOIN assessment s ON s.id = a.assessment_id
JOIN project p ON p.id = s.project_id
JOIN initiative i ON i.id = p.initiative_id
WHERE s.is_latest = 1 AND s.status = 'submitted'
"""


def naive_scores(engine):
    """All answers → pandas → per initiative × criterion scores (the way we avoid)."""
    import pandas as pd

    from mintqo.questionnaire import load_questionnaire

    q = load_questionnaire()
    criterion_of = {item.id: c.id for c in q.criteria for item in c.items}
    size_of = {c.id: len(c.items) for c in q.criteria}
    with engine.connect() as conn:
        answers = pd.read_sql_query(NAIVE_SQL, conn)
    answers["criterion_id"] = answers["item_id"].map(criterion_of)
    grouped = answers.groupby(["network_id", "initiative_id", "assessment_id", "criterion_id"])[
        "value"
    ].agg(["mean", "count"])
    grouped = grouped[2 * grouped["count"] >= grouped.index.get_level_values(3).map(size_of)]
    grouped["score"] = (grouped["mean"] - 1) / 4 * 100
    per_initiative = grouped.groupby(level=[0, 1, 3])["score"].mean()
    return per_initiative


def naive_network(engine, network_id: int):
    per_initiative = naive_scores(engine)
    own = per_initiative.xs(network_id, level=0)
    return own.groupby(level="criterion_id").describe()


def naive_national(engine):
    per_initiative = naive_scores(engine)
    return per_initiative.groupby(level=[0, 2]).agg(["mean", "count"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cold-repeat", type=int, default=10)
    parser.add_argument("--naive-repeat", type=int, default=3)
    args = parser.parse_args()

    db = ensure_national_db()
    os.environ["DATABASE_URL"] = sqlite_url(db)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from mintqo.store import aggregates
    from mintqo.store.engine import make_engine
    from mintqo.ui import dashboard_cache
    from mintqo.ui.engine import get_engine

    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    engine = get_engine()
    results: dict[str, dict] = {}

    def cold(fn) -> list[float]:
        out = []
        for _ in range(args.cold_repeat):
            fresh = make_engine(sqlite_url(db))
            t0 = time.perf_counter()
            fn(fresh)
            out.append((time.perf_counter() - t0) * 1000)
            fresh.dispose()
        return out

    takes_stats = "stats" in inspect.signature(aggregates.network_dashboard).parameters
    shared_stats = aggregates.network_criterion_stats(engine) if takes_stats else None
    results["all-networks statistics (network_criterion_stats, shared)"] = {
        "uncached": summary(
            time_calls(lambda: aggregates.network_criterion_stats(engine), args.cold_repeat)
        )
    }
    for label, nid in (("demo network", DEMO_NETWORK), ("large network", LARGE_NETWORK)):
        n_ini = len(aggregates.network_initiatives(engine, nid))
        key = f"coordinator dashboard, {label} ({n_ini} initiatives)"
        results[key] = {
            "cold": summary(cold(lambda e, nid=nid: aggregates.network_dashboard(e, nid))),
            **(
                {
                    # After a submission: the all-networks statistics are recomputed once and
                    # shared (dashboard_cache), each dashboard then only computes its network.
                    "cold, shared national stats cached": summary(
                        cold(
                            lambda e, nid=nid: aggregates.network_dashboard(
                                e, nid, stats=shared_stats
                            )
                        )
                    )
                }
                if shared_stats is not None
                else {}
            ),
            "uncached": summary(
                time_calls(lambda nid=nid: aggregates.network_dashboard(engine, nid), args.repeat)
            ),
        }
        dashboard_cache.network_dashboard(nid, frozenset(), True)  # fill the cache
        results[key]["warm"] = summary(
            time_calls(
                lambda nid=nid: dashboard_cache.network_dashboard(nid, frozenset(), True),
                args.repeat,
            )
        )

    results["national overview"] = {
        "cold": summary(cold(aggregates.national_overview)),
        "uncached": summary(
            time_calls(lambda: aggregates.national_overview(engine), max(5, args.repeat // 3))
        ),
    }
    dashboard_cache.national_overview()
    results["national overview"]["warm"] = summary(
        time_calls(dashboard_cache.national_overview, args.repeat)
    )

    naive = {
        "coordinator dashboard (naive, demo network)": summary(
            time_calls(lambda: naive_network(engine, DEMO_NETWORK), args.naive_repeat)
        ),
        "national overview (naive)": summary(
            time_calls(lambda: naive_national(engine), args.naive_repeat)
        ),
    }
    dash = results["coordinator dashboard, demo network (12 initiatives)"]
    ratios = {
        "naive / ours uncached, coordinator dashboard": round(
            naive["coordinator dashboard (naive, demo network)"]["median_ms"]
            / dash["uncached"]["median_ms"]
        ),
        "naive / ours warm, coordinator dashboard": round(
            naive["coordinator dashboard (naive, demo network)"]["median_ms"]
            / dash["warm"]["median_ms"]
        ),
        "naive / ours uncached, national overview": round(
            naive["national overview (naive)"]["median_ms"]
            / results["national overview"]["uncached"]["median_ms"]
        ),
    }
    save_result(
        "bench_aggregates",
        {
            "targets": "coordinator dashboard ≤ 10 ms warm / ≤ 50 ms cold; national overview ≤ 150 ms",
            "db": str(NATIONAL_DB),
            "ours": results,
            "naive": naive,
            "ratios": ratios,
        },
    )
    print(
        "\nmedians (ms):",
        {k: {m: v[m]["median_ms"] for m in v} for k, v in results.items()},
        {k: v["median_ms"] for k, v in naive.items()},
        ratios,
        sep="\n",
    )


if __name__ == "__main__":
    main()
