"""Radar geometry and chart spec: angles, closure, scaling, every criterion and overlay present."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from mintqo.charts.radar import NO_SCORE, radar_chart, radar_points, radar_spec
from mintqo.charts.theme import AREA_COLORS
from mintqo.profile import series_frame
from mintqo.questionnaire import load_questionnaire

Q = load_questionnaire()
N = len(Q.criteria)


def test_angles_follow_questionnaire_order_clockwise_from_top():
    pts = radar_points({c.id: 100.0 for c in Q.criteria}, Q)
    assert list(pts["criterion_id"][:N]) == [c.id for c in Q.criteria]
    assert pts["angle"][:N].tolist() == pytest.approx([2 * math.pi * k / N for k in range(N)])
    first = pts.iloc[0]
    assert (first.x, first.y) == pytest.approx((0.0, 1.0))  # top
    quarter = pts.iloc[N // 4]
    assert (quarter.x, quarter.y) == pytest.approx((1.0, 0.0))  # clockwise: right at 90°
    # Areas occupy contiguous sectors.
    areas = list(pts["area_id"][:N])
    assert areas == sorted(areas, key=[a.id for a in Q.areas].index)


def test_polygon_is_closed():
    pts = radar_points({c.id: 10.0 * (k + 1) for k, c in enumerate(Q.criteria)}, Q)
    assert len(pts) == N + 1
    assert (
        pts.iloc[-1][["criterion_id", "x", "y"]].tolist()
        == pts.iloc[0][["criterion_id", "x", "y"]].tolist()
    )
    assert list(pts["order"]) == list(range(N + 1))


@pytest.mark.parametrize("score", [0.0, 25.0, 50.0, 80.0, 100.0])
def test_radius_scales_linearly(score):
    pts = radar_points({c.id: score for c in Q.criteria}, Q)
    assert (pts["x"] ** 2 + pts["y"] ** 2).map(math.sqrt).tolist() == pytest.approx(
        [score / 100] * (N + 1)
    )


def test_missing_score_drawn_at_centre_and_flagged():
    scores = {c.id: 60.0 for c in Q.criteria}
    scores["RQ2"] = None
    pts = radar_points(scores, Q).set_index("criterion_id")
    assert not pts.loc["RQ2", "has_score"] and math.isnan(pts.loc["RQ2", "score"])
    assert (pts.loc["RQ2", "x"], pts.loc["RQ2", "y"]) == (0.0, 0.0)
    spec = json.loads(radar_chart(series_frame(Q, {"Runde 1": scores}), questionnaire=Q).to_json())
    assert Q.criterion_by_id["RQ2"].name in spec["title"]["text"]
    assert NO_SCORE in json.dumps(spec["datasets"], ensure_ascii=False)


def _spec(series: dict, band: pd.DataFrame | None = None) -> dict:
    return json.loads(radar_chart(series_frame(Q, series), band, questionnaire=Q).to_json())


def test_spec_contains_every_criterion_series_and_band():
    current = {c.id: 70.0 for c in Q.criteria}
    previous = {c.id: 50.0 for c in Q.criteria}
    mean = {c.id: 55.0 for c in Q.criteria}
    band = pd.DataFrame({"criterion_id": [c.id for c in Q.criteria], "low": 40.0, "high": 70.0})
    spec = _spec({"Runde 2": current, "Runde 1": previous, "Netzwerk-Mittel": mean}, band)
    rows = [r for data in spec["datasets"].values() for r in data]
    polygon_rows = [r for r in rows if "series" in r and "score_text" in r]
    for label in ("Runde 2", "Runde 1", "Netzwerk-Mittel"):
        ids = {r["criterion_id"] for r in polygon_rows if r["series"] == label}
        assert ids == {c.id for c in Q.criteria}
    labels = [r for r in rows if "label" in r]
    assert {r["criterion"] for r in labels} == {c.name for c in Q.criteria}
    assert any(r.get("band") for r in rows)  # the translucent band layer has data
    text = json.dumps(spec, ensure_ascii=False)
    for area in Q.areas:
        assert AREA_COLORS[area.id] in text and area.name in text
    tooltip_titles = {
        t["title"] for layer in spec["layer"] for t in layer.get("encoding", {}).get("tooltip", [])
    }
    assert {"Kriterium", "Wert (0–100)", "Reihe"} <= tooltip_titles


def test_overlay_absent_when_not_given():
    spec = _spec({"Runde 1": {c.id: 70.0 for c in Q.criteria}})
    rows = [r for data in spec["datasets"].values() for r in data]
    assert {r["series"] for r in rows if "series" in r} == {"Runde 1"}
    assert not any("band" in r for r in rows)


def test_spoke_labels_are_strings_with_line_breaks_not_lists() -> None:
    """List cells become the text "[a,b]" once Streamlit ships the data as Arrow."""
    frame = pd.DataFrame(
        {"series": "Runde 1", "criterion_id": [c.id for c in Q.criteria], "score": 50.0}
    )
    spec = radar_chart(frame).to_dict()
    rows = [r for data in spec["datasets"].values() for r in data if "label" in r]
    assert rows and all(isinstance(r["label"], str) for r in rows)
    assert "Ziele und\nZielgruppen" in {r["label"] for r in rows}
    text_marks = [
        layer["mark"]
        for layer in spec["layer"]
        if layer.get("encoding", {}).get("text", {}).get("field") == "label"
    ]
    assert text_marks and all(m.get("lineBreak") == "\n" for m in text_marks)


def _to_dict(chart) -> dict:
    return chart.to_dict(validate=False)


@pytest.mark.parametrize("with_band", [False, True])
def test_radar_spec_equals_the_altair_chart_spec(with_band: bool) -> None:
    """The fast path (static layers built once) gives exactly the chart's own spec."""
    scores = {c.id: 10.0 * (i % 10) for i, c in enumerate(Q.criteria)}
    scores[Q.criteria[3].id] = None  # a criterion without a score: named in the title
    series = series_frame(Q, {"Runde 2": scores, "Netzwerk-Mittel": dict.fromkeys(scores, 55.0)})
    band = (
        pd.DataFrame({"criterion_id": [c.id for c in Q.criteria], "low": 40.0, "high": 70.0})
        if with_band
        else None
    )
    expected = _to_dict(radar_chart(series, band, questionnaire=Q, size=380))
    for _ in range(2):  # the second call reuses the cached static layers
        fast = radar_spec(series, band, questionnaire=Q, size=380, to_dict=_to_dict)
        assert fast == expected
    other = series_frame(Q, {"Runde 1": dict.fromkeys(scores, 80.0)})
    assert radar_spec(other, questionnaire=Q, size=380, to_dict=_to_dict) == _to_dict(
        radar_chart(other, questionnaire=Q, size=380)
    )


def test_a_reused_layout_takes_the_new_rows_and_title() -> None:
    """The second radar of the same series and band (another network, another round) gets its
    own rows, dataset names and title in the layout the first one made."""
    ids = [c.id for c in Q.criteria]
    band = pd.DataFrame({"criterion_id": ids, "low": 30.0, "high": 60.0})
    first = series_frame(
        Q, {"Netzwerk": dict.fromkeys(ids, 50.0), "Kohorte": dict.fromkeys(ids, 45.0)}
    )
    radar_spec(first, band, questionnaire=Q, size=300, to_dict=_to_dict)
    scores = {c: 7.0 * n for n, c in enumerate(ids)}
    scores[ids[5]] = None
    second = series_frame(Q, {"Netzwerk": scores, "Kohorte": dict.fromkeys(ids, 61.0)})
    other_band = pd.DataFrame({"criterion_id": ids, "low": 20.0, "high": 90.0})
    fast = radar_spec(second, other_band, questionnaire=Q, size=300, to_dict=_to_dict)
    assert fast == _to_dict(radar_chart(second, other_band, questionnaire=Q, size=300))
    assert Q.criteria[5].name in " ".join(fast["title"]["text"])


def test_a_radar_without_series_is_laid_out_by_altair() -> None:
    """No series: the polygon and vertex layers hold the same (no) rows, so their data cannot be
    told apart for a layout; the spec is then Altair's own."""
    empty = series_frame(Q, {})
    fast = radar_spec(empty, questionnaire=Q, size=300, to_dict=_to_dict)
    assert fast == _to_dict(radar_chart(empty, questionnaire=Q, size=300))
