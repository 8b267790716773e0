"""Dashboard data at national scale through the use-case layer, without the web server.

Measured on the national store (130 networks, 10,000 initiatives, ≈ 2 M answers), as a
coordinator and as the programme team:

* coordinator dashboard (``services.dashboards.network_view``):
  - **cold**: first call in a fresh engine with an empty cache — what the first view after a
    release costs (the all-networks statistics for the comparison included);
  - **cold, statistics kept**: the same with the all-networks statistics already in the cache
    (they are shared by every network's dashboard of the same release state);
  - **warm**: the page's real path with a filled cache — the data-version read and a cache hit;
* national overview (``services.dashboards.national_view``): cold and warm the same way;
* one **release** of a network (``releases.release_all_due`` after five submissions): the
  rewrite of the released tables, the price a fifth submission pays inside its transaction.

    .venv/bin/python benchmarks/bench_aggregates.py [--repeat 30] [--cold-repeat 10]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from common import (
    NATIONAL_DB,
    ensure_national_db,
    private_copy,
    save_result,
    sqlite_url,
    summary,
    time_calls,
)

DEMO_NETWORK = 1  # the demo coordinator's network
LARGE_NETWORK = 2  # a typical network (≈ 77 initiatives)


class KeptCache:
    """A process's cache (what ``ui.cache.shared`` does, without Streamlit)."""

    def __init__(self, only: tuple[str, ...] | None = None) -> None:
        self.kept: dict[tuple, Any] = {}
        self.only = only

    def __call__(self, key: tuple, build: Callable[[], Any]) -> Any:
        if self.only is not None and key[0] not in self.only:
            return build()
        if key not in self.kept:
            self.kept[key] = build()
        return self.kept[key]


def cold(url: str, call: Callable[[Any, KeptCache], object], repeat: int, cache=None) -> list:
    """``call(engine, cache)`` in a fresh engine each time (new connection, empty cache)."""
    from mintqo.store.engine import make_engine

    out = []
    for _ in range(repeat):
        engine = make_engine(url)
        fresh = cache() if cache else KeptCache()
        t0 = time.perf_counter()
        call(engine, fresh)
        out.append((time.perf_counter() - t0) * 1000)
        engine.dispose()
    return out


def release_once(url: str, network_id: int) -> float:
    """ms of releasing ``network_id`` after five new submitted rounds (on a private copy)."""
    from sqlalchemy import select, update

    from mintqo.store import releases
    from mintqo.store.engine import make_engine, write_session
    from mintqo.store.models import Initiative

    engine = make_engine(url)
    try:
        with write_session(engine) as s:
            ids = s.scalars(
                select(Initiative.id).where(Initiative.network_id == network_id).limit(5)
            ).all()
            s.execute(
                update(Initiative)
                .where(Initiative.id.in_(ids))
                .values(scores_version=Initiative.scores_version + 1)
            )
        t0 = time.perf_counter()
        with write_session(engine) as s:
            released = releases.release_all_due(s)
        assert network_id in released
        return (time.perf_counter() - t0) * 1000
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cold-repeat", type=int, default=10)
    args = parser.parse_args()

    url = sqlite_url(ensure_national_db())
    from mintqo.services import acting, dashboards
    from mintqo.store.engine import make_engine

    engine = make_engine(url)
    coordinators = {}
    admin = acting.resolve(engine, "demo-admin")
    coordinators[DEMO_NETWORK] = acting.resolve(engine, "demo-koordination")
    results: dict[str, dict] = {}
    for label, nid in (("demo network", DEMO_NETWORK), ("large network", LARGE_NETWORK)):
        viewer = coordinators.get(nid, admin)
        n = len(dashboards.participation_rows(engine, viewer, nid).rows)
        key = f"network dashboard, {label} ({n} projects)"

        def view(e, cache, nid=nid, viewer=viewer):
            return dashboards.network_view(e, viewer, nid, cache=cache)

        warm_cache = KeptCache()
        view(engine, warm_cache)
        results[key] = {
            "cold": summary(cold(url, view, args.cold_repeat)),
            "cold, statistics kept": summary(
                cold(url, view, args.cold_repeat, lambda kept=warm_cache: _with_stats(kept))
            ),
            "warm": summary(
                time_calls(lambda v=view, kept=warm_cache: v(engine, kept), args.repeat)
            ),
        }

    def national(e, cache):
        return dashboards.national_view(e, admin, cache=cache)

    warm_cache = KeptCache()
    national(engine, warm_cache)
    results["national overview"] = {
        "cold": summary(cold(url, national, args.cold_repeat)),
        "warm": summary(time_calls(lambda: national(engine, warm_cache), args.repeat)),
    }
    engine.dispose()
    copy = private_copy(NATIONAL_DB, "release.sqlite3")
    results["release of the large network (5 changed initiatives)"] = {
        "once": summary([release_once(sqlite_url(copy), LARGE_NETWORK) for _ in range(3)])
    }
    save_result("bench_aggregates", {"db": str(NATIONAL_DB), "results": results})
    for key, modes in results.items():
        print(key, {m: v["median_ms"] for m, v in modes.items()})


def _with_stats(source: KeptCache) -> KeptCache:
    """A fresh cache holding only the all-networks statistics of ``source``."""
    fresh = KeptCache()
    fresh.kept = {k: v for k, v in source.kept.items() if k[0] == "network-stats"}
    return fresh


if __name__ == "__main__":
    main()
