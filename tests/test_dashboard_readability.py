"""AppTests of the dashboards as German users read them (issue 14, items 7–10 and 14; issue 15,
item 6): every chart says in a sentence what it shows (also as its accessible name), the
participation filter filters the chart below it too, times are Berlin time, 0–100 values are
whole numbers, and the cohort is text that can wrap."""

from __future__ import annotations

import datetime as dt
import json
import re

import pyarrow as pa
import pytest
from sqlalchemy import Engine

from mintqo.services.dashboards import ReleaseState
from mintqo.ui.network_view import release_caption
from tests.conftest import app_test, each_section, open_section, show_data_tables, walk_tree

DASHBOARDS = (
    ("demo-koordination", "pages/network.py"),
    ("demo-koordination", "pages/workshop.py"),
    ("demo-admin", "pages/national.py"),
)


def _open(username: str, page: str):
    at = app_test(username).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _chart_rows(el) -> list[dict]:
    rows = []
    for dataset in el.proto.datasets:
        rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    return rows


@pytest.mark.parametrize(("username", "page"), DASHBOARDS)
def test_every_chart_has_a_sentence_below_it_and_as_its_name(
    demo_db: Engine, username: str, page: str
) -> None:
    seen = 0
    for shown in each_section(_open(username, page)):
        seen += _check_sentences(shown, page)
    assert seen


def _check_sentences(at, page: str) -> int:
    nodes = [n for n in walk_tree(at._tree) if getattr(n, "type", None)]
    charts = [i for i, n in enumerate(nodes) if n.type == "vega_lite_chart"]
    for i in charts:
        chart = nodes[i]
        sentence = chart.proto.alt
        assert len(sentence) > 30, (page, sentence)
        following = next(n for n in nodes[i + 1 :] if n.type == "markdown")
        assert following.value.replace("\\", "") == sentence  # shown, Markdown-escaped
        assert not re.search(r"\d\.\d", sentence)  # no English decimal point
        spec = json.loads(chart.proto.spec)
        assert spec["config"]["locale"]["number"]["decimal"] == ","
    return len(charts)


def test_participation_filter_filters_the_chart_too(demo_db: Engine) -> None:
    at = open_section(_open("demo-koordination", "pages/network.py"), "Beteiligung")
    status_chart = at.get("vega_lite_chart")[0]
    before = {r["Status"] for r in _chart_rows(status_chart) if "Status" in r}
    assert {"abgeschickt", "in Bearbeitung"} <= before
    at.multiselect(key="participation-filter").set_value(["abgeschickt"]).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Letzte Aktivität" in d.value.columns)
    assert set(table["Status"]) == {"abgeschickt"}
    after = {r["Status"] for r in _chart_rows(at.get("vega_lite_chart")[0]) if "Status" in r}
    assert after == {"abgeschickt"}
    assert "Von " in at.get("vega_lite_chart")[0].proto.alt
    assert "abgeschickt" in at.get("vega_lite_chart")[0].proto.alt


def test_network_view_formats(demo_db: Engine) -> None:
    at = _open("demo-koordination", "pages/network.py")
    # The cohort's long name is text (it wraps), not a metric (cut off at 1280 px).
    assert [m.label for m in at.metric] == ["Initiativen", "in der Auswertung"]
    assert any(m.value.startswith("Kohorte") for m in at.markdown)
    # The "Daten anzeigen" tables: whole numbers, no empty cells as "None".
    show_data_tables(at)
    profile = next(d.value for d in at.dataframe if "Unteres Quartil" in d.value.columns)
    assert all(profile[c].dtype.kind in "iu" or profile[c].dtype.name == "Int64"
               for c in ("Mittelwert", "Median", "Initiativen"))  # fmt: skip
    open_section(at, "Beteiligung")
    table = next(d.value for d in at.dataframe if "Letzte Aktivität" in d.value.columns)
    assert str(table["Letzte Aktivität"].dtype) == "datetime64[us, Europe/Berlin]"
    participation = next(
        d for d in at.dataframe if "Letzte Aktivität" in d.value.columns
    ).proto.columns
    config = json.loads(participation)
    assert config["Letzte Aktivität"]["type_config"]["format"] == "DD.MM.YYYY, HH:mm [Uhr]"
    show_data_tables(open_section(at, "Initiativen"))
    weakest = next(d.value for d in at.dataframe if "Initiativen gesamt" in d.value.columns)
    assert weakest["Mittelwert"].dtype.name == "Int64"  # whole numbers on the 0–100 scale


def test_release_caption_in_berlin_time() -> None:
    winter = ReleaseState(1, 3, dt.datetime(2026, 3, 9, 12, 1), 0)
    assert release_caption(winter) == "Stand: 09.03.2026, 13:01 Uhr."
    summer = ReleaseState(1, 3, dt.datetime(2026, 7, 9, 12, 1), 2)
    assert release_caption(summer).startswith("Stand: 09.07.2026, 14:01 Uhr. 2 neue Abgaben")


def test_aggregate_export_counts_are_whole_and_means_have_one_decimal(demo_db: Engine) -> None:
    import io

    import pandas as pd

    from mintqo.io import aggregate_export
    from mintqo.services import acting
    from mintqo.services.dashboards import network_view

    coordinator = acting.resolve(demo_db, "demo-koordination")
    dash = network_view(demo_db, coordinator, 1).dashboard
    frames = aggregate_export.network_frames(dash)
    profile = frames["Netzwerkprofil"]
    assert profile["Initiativen"].dtype.name == "Int64"
    assert profile["Initiativen unter 50"].dtype.name == "Int64"
    assert (profile["Mittelwert"] == profile["Mittelwert"].round(1)).all()
    text = aggregate_export.csv_of(frames).decode("utf-8-sig")
    parsed = pd.read_csv(io.StringIO(text), sep=";", dtype=str)
    counts = parsed["Initiativen"].dropna()
    assert counts.str.fullmatch(r"\d+").all()  # "2", never "2,0"
    means = parsed["Mittelwert"].dropna()
    assert means.str.fullmatch(r"\d+(,\d)?").all()  # decimal comma, one place
