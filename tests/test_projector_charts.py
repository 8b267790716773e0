"""The projector's slide charts (issue 17): every text at least 24 px (growing with the slide),
filling the slide, drawn as SVG; the workshop topics and the impact staircase overview as
charts, tables and sentences with German numbers."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from mintqo.charts.slide_topics import (
    staircase_overview_sentence,
    staircase_overview_slide,
    staircase_overview_table,
    topics_sentence,
    topics_slide,
    topics_table,
)
from mintqo.charts.slides import FONT, SLIDE_FONT, area_distribution_slide, radar_slide
from mintqo.services import acting, workshop
from mintqo.ui.network_view import BAND_LABEL, radar_frames

# --- the charts --------------------------------------------------------------------------------


def _texts_of(spec: dict) -> list:
    """Every font size a spec sets (marks, axes, legends, config), wherever it is."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key.lower().endswith("fontsize"):
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


@pytest.fixture
def demo_deck(demo_db: Engine):
    coordinator = acting.resolve(demo_db, "demo-koordination")
    return workshop.deck(demo_db, coordinator, 1)


def test_slide_charts_have_large_text_fill_the_slide_and_are_svg(demo_deck) -> None:
    dash = demo_deck.view.dashboard
    profiles, band = radar_frames(dash, with_comparison=False)
    area = dash.distribution[dash.distribution["area"] == "AQ"]
    charts = {
        "radar": radar_slide(profiles, band, band_label=BAND_LABEL),
        "area": area_distribution_slide(area, list(dict.fromkeys(area["Kriterium"]))),
        "topics": topics_slide(dash.weakest, 4),
    }
    for name, chart in charts.items():
        spec = chart.to_dict()  # validates against the Vega-Lite schema
        assert spec["width"] == "container" and spec["height"] == "container", name
        assert spec["usermeta"]["embedOptions"]["renderer"] == "svg", name
        sizes = _texts_of(spec)
        assert sizes, name
        # every text either is the growing slide size (never below 24 px) or a fixed size ≥ 24
        for size in sizes:
            assert size == FONT or (isinstance(size, int | float) and size >= SLIDE_FONT), (
                name,
                size,
            )
    assert FONT["expr"].startswith(f"max({SLIDE_FONT},")


def test_topics_and_staircase_tables_sentences_and_charts() -> None:
    weakest = pd.DataFrame(
        {
            "criterion_id": ["EQ3", "AQ2"],
            "Kriterium": ["Lernen und Weiterentwicklung", "Gender und Diversität"],
            "Bereich": ["Ergebnisqualität", "Angebotsqualität"],
            "area": ["EQ", "AQ"],
            "mean": [38.4, 61.5],
            "low_count": [7, 2],
            "n": [10, 10],
        }
    )
    table = topics_table(weakest, 4)
    assert list(table.columns) == [
        "Kriterium",
        "Bereich",
        "Mittelwert",
        "Initiativen unter 50",
        "Initiativen gesamt",
    ]
    assert table["Initiativen unter 50"].tolist() == [7, 2]
    sentence = topics_sentence(weakest, 4)
    assert "Lernen und Weiterentwicklung (38; 7 von 10 unter 50)" in sentence
    assert "Gender und Diversität (62; 2 von 10 unter 50)" in sentence  # 61,5 rounds half up
    spec = topics_slide(weakest, 4).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["note"] for r in rows] == ["38 · 7 von 10 unter 50", "62 · 2 von 10 unter 50"]
    steps = pd.DataFrame(
        {
            "step": range(1, 8),
            "level": ["Output"] * 3 + ["Outcome"] * 3 + ["Impact"],
            "label": [f"Stufe {i}" for i in range(1, 8)],
            "ja": [5, 4, 3, 2, 1, 0, 0],
            "teilweise": [1, 1, 1, 1, 1, 1, 0],
            "nein": [0, 1, 0, 0, 0, 0, 0],
            "n": [6] * 7,
        }
    )
    assert staircase_overview_table(steps)["ja"].tolist() == [5, 4, 3, 2, 1, 0, 0]
    text = staircase_overview_sentence(steps)
    assert "der 6 Initiativen" in text and "Stufe 2: 6 (ja 4, teilweise 1, nein 1)" in text
    spec = staircase_overview_slide(steps).to_dict()
    parts = next(iter(spec["datasets"].values()))
    assert {(p["step"], p["Nachweis"], p["count"]) for p in parts} >= {(2, "nein", 1), (1, "ja", 5)}
    assert not any(p["count"] == 0 for p in parts)  # empty parts draw nothing
