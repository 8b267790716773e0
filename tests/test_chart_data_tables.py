"""Every chart offers its data as a table and says what it shows: on every page (every section)
of every demo role, each Vega-Lite chart carries its sentence as accessible name and is directly
followed by a "Daten anzeigen" expander holding a table once it is opened
(``ui.charts.show_cached_chart``).

Walks the rendered element tree in document order, so a chart drawn without ``show_cached_chart``
(no expander after it) fails here, whichever page it is on."""

from __future__ import annotations

import pytest

from mintqo.store.users import actor_for
from mintqo.ui.navigation import specs_for
from tests.conftest import app_test, each_section, show_data_tables, walk_tree

DATA_LABEL = "Daten anzeigen"
DEMO_USERS = ("demo-initiative", "demo-koordination", "demo-admin")
# Pages that must show at least one chart with the demo data (so the check is not vacuous).
PAGES_WITH_CHARTS = {
    "demo-initiative": {"pages/profile.py"},
    "demo-koordination": {"pages/network.py", "pages/workshop.py"},
    "demo-admin": {"pages/network.py", "pages/workshop.py", "pages/national.py"},
}


def _tokens(at) -> list[tuple[str, object]]:
    """("chart", el) and ("data", expander) in the order they appear on the page."""
    out = []
    for node in walk_tree(at._tree):
        if getattr(node, "type", None) == "vega_lite_chart":
            out.append(("chart", node))
        elif getattr(node, "type", None) == "expander" and node.label == DATA_LABEL:
            out.append(("data", node))
    return out


def _has_table(expander) -> bool:
    return any(
        getattr(n, "type", None) in {"arrow_data_frame", "dataframe"} for n in walk_tree(expander)
    )


def _check_charts(at, path: str) -> int:
    """Assert each chart shown is followed by its data table; the number of charts."""
    tokens = _tokens(at)
    charts = [n for n, (kind, _) in enumerate(tokens) if kind == "chart"]
    for n in charts:
        chart = tokens[n][1]
        assert chart.proto.alt.strip(), f"{path}: chart no. {charts.index(n) + 1} has no sentence"
        assert n + 1 < len(tokens) and tokens[n + 1][0] == "data", (
            f"{path}: chart no. {charts.index(n) + 1} has no '{DATA_LABEL}' table after it"
        )
        assert _has_table(tokens[n + 1][1]), f"{path}: '{DATA_LABEL}' holds no table"
    assert len(at.get("vega_lite_chart")) == len(charts)  # the walk saw every chart
    return len(charts)


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_chart_is_followed_by_its_data_table(demo_db, username: str) -> None:
    actor = actor_for(demo_db, username)
    assert actor is not None
    at = app_test(username)
    at.run()
    charts_on: dict[str, int] = {}
    for spec in specs_for(actor):
        at.switch_page(spec.path).run()
        assert not at.exception, (spec.path, [e.value for e in at.exception])
        charts_on[spec.path] = 0
        for shown in each_section(at):  # every section (tab) of the page in turn
            assert not shown.exception, (spec.path, [e.value for e in shown.exception])
            show_data_tables(shown)
            assert not shown.exception, (spec.path, [e.value for e in shown.exception])
            charts_on[spec.path] += _check_charts(shown, spec.path)
    for path in PAGES_WITH_CHARTS[username]:
        assert charts_on[path] > 0, f"{path} shows no chart for {username}"


def test_a_charts_table_is_sent_only_while_its_expander_is_open(demo_db) -> None:
    """The table below a chart is built and drawn on request: closed, the expander is empty."""
    at = app_test("demo-koordination")
    at.run()
    at.switch_page("pages/network.py").run()
    closed = [e for kind, e in _tokens(at) if kind == "data"]
    assert closed and not any(_has_table(e) for e in closed)
    assert not at.dataframe
    show_data_tables(at)
    assert all(_has_table(e) for kind, e in _tokens(at) if kind == "data")
    assert len(at.dataframe) == len(closed)
