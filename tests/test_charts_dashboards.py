"""Dashboard chart builders: valid Vega-Lite, German labels, area colours, tooltips."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from mintqo.charts.distribution import distribution_chart, distribution_spec
from mintqo.charts.heatmap import heatmap_chart
from mintqo.charts.participation import monthly_chart, status_chart
from mintqo.charts.theme import AREA_COLORS
from mintqo.charts.trend import trend_by_area, trend_chart

CRITS = [("AQ1", "Ziele", "AQ"), ("RQ1", "Personal", "RQ"), ("EQ1", "Wirkung", "EQ")]


def _spec(chart) -> str:
    return json.dumps(chart.to_dict(), ensure_ascii=False)


def test_heatmap_has_rows_criteria_area_strip_and_tooltips() -> None:
    frame = pd.DataFrame(
        [
            {"label": label, "Kriterium": name, "area": area, "score": score}
            for label, score in (("Initiative A", 80.0), ("Initiative B", None))
            for _, name, area in CRITS
        ]
    )
    spec = _spec(heatmap_chart(frame))
    assert "Initiative A" in spec and "Wert (0–100)" in spec
    for colour in AREA_COLORS.values():
        assert colour in spec
    assert '"tooltip"' in spec
    assert '"labelOverlap": false' in spec  # Vega would drop every other criterion name


def test_distribution_and_trend_charts() -> None:
    frame = pd.DataFrame(
        [{"Kriterium": n, "area": a, "score": float(s)} for _, n, a in CRITS for s in range(5)]
    )
    spec = _spec(distribution_chart(frame))
    # Quartile boxes built from the quartiles themselves, with German tooltips (Vega-Lite's
    # composite box plot says "Upper Whisker").
    assert "boxplot" not in spec and "Wert (0–100)" in spec and AREA_COLORS["EQ"] in spec
    for title in ("Unteres Quartil", "Median", "Oberes Quartil", "Höchster Wert"):
        assert title in spec
    rounds = pd.DataFrame(
        [
            {"round_no": 1, "criterion_id": "AQ1", "area": "AQ", "score": 40.0},
            {"round_no": 1, "criterion_id": "AQ2", "area": "AQ", "score": 60.0},
            {"round_no": 2, "criterion_id": "AQ1", "area": "AQ", "score": 70.0},
        ]
    )
    by_area = trend_by_area(rounds, {"AQ": 2})
    # Round 2 lacks AQ2: an area mean over part of its criteria would mislead, so it is left out.
    assert by_area[["round_no", "score"]].values.tolist() == [[1, 50.0]]
    spec = _spec(trend_chart(by_area))
    assert "Runde 1" in spec and "Mittelwert (0–100)" in spec


def test_participation_charts() -> None:
    monthly = pd.DataFrame(
        {
            "Monat": [dt.date(2025, 1, 1), dt.date(2025, 2, 1)],
            "Begonnen": [3, 1],
            "Abgeschickt": [0, 2],
        }
    )
    spec = _spec(monthly_chart(monthly))
    assert "Abgeschickt" in spec and "Selbstanalysen" in spec
    status = pd.DataFrame({"Status": ["abgeschickt", "abgeschickt", "in Bearbeitung"]})
    assert "Projekte" in _spec(status_chart(status))


def test_distribution_spec_equals_the_altair_chart_spec() -> None:
    """The fast path (layout made once per list of criteria) gives the chart's own spec, also
    for other values in the same layout and for another list of criteria."""

    def to_dict(chart) -> dict:
        return chart.to_dict(validate=False)

    def frame(shift: float, names=CRITS) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"Kriterium": n, "area": a, "score": float(s) * 9 + shift * i}
                for i, (_, n, a) in enumerate(names)
                for s in range(5)
            ]
        )

    for shift in (0.0, 1.5, 3.0):
        data = frame(shift)
        assert distribution_spec(data, to_dict=to_dict) == to_dict(distribution_chart(data))
    fewer = frame(2.0, CRITS[:2])
    assert distribution_spec(fewer, to_dict=to_dict) == to_dict(distribution_chart(fewer))
