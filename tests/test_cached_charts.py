"""Cached chart specs (``mintqo.ui.charts.show_cached_chart``): every builder's spec is valid
Vega-Lite, and a cached chart follows the releases (a release changes what it shows, a single
submission does not)."""

from __future__ import annotations

import json

import pyarrow as pa
from sqlalchemy import Engine, select

from mintqo.charts.progress import progress_chart
from mintqo.charts.staircase import staircase_chart
from mintqo.profile import build_profile, deltas_frame
from mintqo.questionnaire import load_questionnaire
from mintqo.store import impact
from mintqo.store.engine import read_session
from mintqo.store.models import Project
from mintqo.ui.charts import chart_spec
from tests.builders import Builder
from tests.conftest import app_test, open_section


def _payload(el) -> str:
    """Spec and data of one chart element."""
    parts = [el.proto.spec]
    for dataset in el.proto.datasets:
        parts.append(pa.ipc.open_stream(dataset.data.data).read_all().to_pandas().to_csv())
    return "\n".join(parts)


# Where each chart is: the section of "Mein Netzwerk" to open (None: the page's first view)
# and its place among the charts there (AppTest keeps no element key for vega_lite_chart).
PLACE = {
    "radar": (None, 0),  # Mein Profil
    "network-radar": ("Profil", 0),
    "network-distribution": ("Verteilung", 0),
}


def _chart(at, name: str):
    section, index = PLACE[name]
    if section is not None:
        open_section(at, section)
    return at.get("vega_lite_chart")[index]


def test_profile_charts_have_valid_specs(demo_db: Engine) -> None:
    q = load_questionnaire()
    profile = build_profile(
        q, {c.id: 60.0 for c in q.criteria}, {}, {c.id: 40.0 for c in q.criteria}
    )
    progress = progress_chart(deltas_frame(profile))
    progress.to_dict()  # validates against the Vega-Lite schema
    with read_session(demo_db) as s:
        project_id = s.scalar(select(Project.id).order_by(Project.id))
    steps = impact.load_staircase(demo_db, project_id)
    stairs = staircase_chart(steps)
    stairs.to_dict()
    # The cached path sends the same chart (data included), only unvalidated and theme-free.
    spec = chart_spec(progress)
    assert json.dumps(spec, ensure_ascii=False).count("+20") >= 1
    assert "$schema" in spec and spec.get("datasets")


def _five_newcomers(engine: Engine) -> None:
    build = Builder(engine)
    for i in range(5):
        build.initiative(1, f"Nachzüglerin {i}", rounds=[3.0])
    build.release()


def test_cached_network_charts_follow_the_releases(demo_db: Engine) -> None:
    at = app_test("demo-koordination").run()
    at.switch_page("pages/network.py").run()
    assert not at.exception, at.exception
    before = {k: _payload(_chart(at, k)) for k in ("network-radar", "network-distribution")}
    Builder(demo_db).initiative(1, "Nachzüglerin", rounds=[3.0])
    at.run()
    # No release: the cached specs are served as they were.
    assert {k: _payload(_chart(at, k)) for k in before} == before
    _five_newcomers(demo_db)
    at.run()
    assert not at.exception, at.exception
    for key, old in before.items():
        assert _payload(_chart(at, key)) != old, key


def test_cached_profile_radar_follows_the_network_release(demo_db: Engine) -> None:
    at = app_test("demo-initiative").run()
    at.switch_page("pages/profile.py").run()
    assert not at.exception, at.exception
    before = _payload(_chart(at, "radar"))
    assert "Netzwerk-Mittel" in before
    _five_newcomers(demo_db)
    at.run()
    after = _payload(_chart(at, "radar"))
    assert "Netzwerk-Mittel" in after and after != before
    # Overlays are part of the key: switching the mean off is not served from the cache.
    at.checkbox(key="ov-mean").uncheck().run()
    assert "Netzwerk-Mittel" not in _payload(_chart(at, "radar"))
