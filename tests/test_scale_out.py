"""Several app processes share only the store: a submission through process A is visible in
process B's views with the network's next release (issue 18), on SQLite and PostgreSQL.

Two engines on the same database stand for two processes; each has a cache of its own, as each
process has its own ``st.cache_resource``. Nothing but the store connects them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, text

from mintqo.services import dashboards
from mintqo.store.engine import make_engine
from tests.builders import Builder


class ProcessCache:
    """What a process's cache does: keep a result per key, build it on a miss."""

    def __init__(self) -> None:
        self.kept: dict[tuple, Any] = {}

    def __call__(self, key: tuple, build: Callable[[], Any]) -> Any:
        if key not in self.kept:
            self.kept[key] = build()
        return self.kept[key]


def _second_process(engine: Engine) -> Engine:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        return make_engine(
            engine.url.render_as_string(hide_password=False),
            connect_args={"options": f"-csearch_path={schema}"},
        )
    return make_engine(engine.url.render_as_string(hide_password=False))


def test_a_release_made_in_one_process_reaches_the_other(engine: Engine):
    process_a, process_b = engine, _second_process(engine)
    try:
        build = Builder(process_a)
        net = build.network("Geteilt")
        for i in range(5):
            build.initiative(net, f"Erst {i}", rounds=[40.0])
        build.release()
        coordinator = build.coordinator(net)
        cache_a, cache_b = ProcessCache(), ProcessCache()
        first_b = dashboards.network_view(process_b, coordinator, net, cache=cache_b)
        assert (first_b.dashboard.profile["n"] == 5).all()
        newcomers = [build.initiative(net, f"Neu {i}") for i in range(5)]
        for ini in newcomers[:4]:  # submitted through process A …
            build.submit_round(ini, 90.0)
            dashboards.network_view(process_a, coordinator, net, cache=cache_a)
        still = dashboards.network_view(process_b, coordinator, net, cache=cache_b)
        assert still.key == first_b.key and still.release.pending == 4  # … no release yet
        build.submit_round(newcomers[4], 90.0)  # the fifth: A's transaction releases
        after_b = dashboards.network_view(process_b, coordinator, net, cache=cache_b)
        assert after_b.key != first_b.key
        assert (after_b.dashboard.profile["n"] == 10).all()
        assert after_b.dashboard.profile["mean"].iloc[0] == 65.0
        after_a = dashboards.network_view(process_a, coordinator, net, cache=cache_a)
        assert after_a.key == after_b.key  # both processes agree on what the release is
    finally:
        process_b.dispose()
