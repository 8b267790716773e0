"""Charts people can read (issue 14, items 7 and 11–14; issue 15, items 4 and 6): German
numbers and months, whole-number axes for counts, widths that follow the container, contrast
of every colour that carries text or meaning, full names, and a sentence per chart."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re

import pandas as pd
import pytest

from mintqo import formats
from mintqo.charts import theme
from mintqo.charts.distribution import distribution_chart, distribution_sentence
from mintqo.charts.heatmap import SCORE_CLASSES, heatmap_chart, heatmap_sentence, score_class
from mintqo.charts.participation import (
    monthly_chart,
    monthly_sentence,
    status_chart,
    status_sentence,
)
from mintqo.charts.progress import progress_chart, progress_sentence
from mintqo.charts.radar import radar_chart, radar_sentence
from mintqo.charts.staircase import (
    EVIDENCE_COLORS,
    staircase_chart,
    staircase_sentence,
    staircase_table,
)
from mintqo.charts.trend import trend_chart, trend_sentence
from mintqo.profile import series_frame
from mintqo.questionnaire import load_questionnaire

Q = load_questionnaire()
AREAS = {a.id: a.name for a in Q.areas}


def _spec(chart) -> dict:
    return chart.to_dict()  # validates against the Vega-Lite schema


def _text(chart) -> str:
    return json.dumps(_spec(chart), ensure_ascii=False)


def _heat_frame(rows=("Netz A", "Netz B")) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"label": r, "Kriterium": c.name, "area": c.area_id, "score": 20.0 + 5 * k + 30 * i}
            for i, r in enumerate(rows)
            for k, c in enumerate(Q.criteria)
        ]
    )


def _steps() -> pd.DataFrame:
    from mintqo.store.impact import STEPS

    evidence = ("ja", "teilweise", "nein", None, None, "ja", None)
    return pd.DataFrame(
        [
            {
                "step": s.step,
                "level": s.level,
                "label": s.label,
                "evidence": evidence[s.step - 1],
                "indicator": "Teilnahmelisten" if s.step == 1 else None,
            }
            for s in STEPS
        ]
    )


def _deltas() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "criterion_id": c.id,
                "criterion": c.name,
                "area_id": c.area_id,
                "area": AREAS[c.area_id],
                "delta": float(k - 4),
            }
            for k, c in enumerate(Q.criteria)
        ]
    )


def _months() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Monat": [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)],
            "Begonnen": [3, 1, 2],
            "Abgeschickt": [0, 2, 1],
        }
    )


@functools.cache
def _every_chart():
    dist = pd.DataFrame(
        [
            {"Kriterium": c.name, "area": c.area_id, "score": float(s)}
            for c in Q.criteria
            for s in (10, 40, 55, 70, 90)
        ]
    )
    by_area = pd.DataFrame(
        {"round_no": [1, 1, 2, 2], "area": ["AQ", "RQ", "AQ", "RQ"], "score": [40, 50, 60, 45.0]}
    )
    profiles = series_frame(Q, {"Runde 2": {c.id: 70.0 for c in Q.criteria}})
    status = pd.DataFrame({"Status": ["abgeschickt", "abgeschickt", "in Bearbeitung"]})
    return {
        "heatmap": heatmap_chart(_heat_frame()),
        "distribution": distribution_chart(dist),
        "trend": trend_chart(by_area),
        "progress": progress_chart(_deltas()),
        "staircase": staircase_chart(_steps()),
        "monthly": monthly_chart(_months()),
        "status": status_chart(status),
        "radar": radar_chart(profiles, questionnaire=Q),
    }


# --- formats ------------------------------------------------------------------------------


def test_german_numbers_dates_and_precision() -> None:
    assert formats.number(1234.56) == "1.234,6"
    assert formats.number(76.65) == "76,7"  # half up, as people round
    assert formats.score(82.5) == "83" and formats.score(None) == "–"
    assert formats.signed(12.4) == "+12" and formats.signed(-4.6) == "−5"
    assert formats.signed(0.3) == "±0"
    assert formats.count(1234) == "1.234"
    assert formats.number(-0.01, 1) == "0,0"  # never "-0,0"
    assert formats.yes_no(True) == "ja" and formats.yes_no(False) == "nein"
    assert formats.plural(1, "Kriterium", "Kriterien") == "1 Kriterium"
    assert formats.plural(4, "Projekt", "Projekte") == "4 Projekte"


def test_times_are_berlin_time_in_one_format() -> None:
    winter = dt.datetime(2026, 3, 9, 12, 1)  # stored as naive UTC
    summer = dt.datetime(2026, 7, 9, 12, 1)
    assert formats.local_time(winter) == "09.03.2026, 13:01 Uhr"
    assert formats.local_time(summer) == "09.07.2026, 14:01 Uhr"
    assert formats.local_date(dt.datetime(2026, 3, 8, 23, 30)) == "09.03.2026"
    assert formats.month_name(dt.date(2026, 3, 1)) == "März 2026"


# --- every chart: German locale, contrast config, container width ------------------------


@pytest.mark.parametrize("name", list(_every_chart()))
def test_every_chart_speaks_german_and_fits_its_container(name: str) -> None:
    spec = _spec(_every_chart()[name])
    config = spec["config"]
    assert config["locale"]["number"]["decimal"] == ","
    assert config["locale"]["time"]["months"][2] == "März"
    assert config["axis"]["labelColor"] == theme.TEXT
    assert config["legend"]["labelColor"] == theme.TEXT
    assert config["aria"] is False  # the German sentence is the description, not English ARIA
    # The width comes from the container (Streamlit sets it), the height from the chart.
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert not any(k in spec for k in ("hconcat", "vconcat", "concat"))  # can be stretched
    text = json.dumps(spec, ensure_ascii=False)
    assert "None" not in text and "null" not in re.sub(r'"[a-z_]+": null', "", text)


def test_count_axes_are_whole_numbers() -> None:
    charts = _every_chart()
    for name in ("monthly", "status"):
        text = _text(charts[name])
        assert '"format": "d"' in text and '"tickMinStep": 1' in text, name
    monthly = _text(charts["monthly"])
    assert '"format": "%b %Y"' in monthly  # German short months from the locale


def test_colours_meet_contrast() -> None:
    for colour in theme.AREA_COLORS.values():  # used for text (radar labels)
        assert theme.contrast(colour) >= 4.5, colour
    for colour in (theme.TEXT, theme.MUTED_TEXT):
        assert theme.contrast(colour) >= 4.5, colour
    for colour in (*theme.SERIES_COLORS, theme.BAND_STROKE):  # lines and marks
        assert theme.contrast(colour) >= 3.0, colour
    for _, _, fill in SCORE_CLASSES:  # each heatmap class has a readable text colour
        assert theme.contrast(theme.readable_on(fill), fill) >= 4.5, fill
    for evidence, fill in EVIDENCE_COLORS.items():
        assert theme.contrast(theme.readable_on(fill), fill) >= 4.5, evidence
    # The quartile band is not the colour of any series (it was the "Kohorte" magenta).
    assert theme.BAND_FILL not in theme.SERIES_COLORS


def test_areas_are_named_in_full_and_not_by_colour_alone() -> None:
    charts = _every_chart()
    for name in ("distribution", "trend", "progress", "radar"):
        text = _text(charts[name])
        for area in Q.areas:
            assert area.name in text, (name, area.name)
    heat = _text(charts["heatmap"])
    assert "AQ · Angebotsqualität" in heat  # the strip's abbreviation, spelled out
    radar = _spec(charts["radar"])
    assert any("strokeDash" in layer.get("encoding", {}) for layer in radar["layer"])  # pattern


# --- single charts -----------------------------------------------------------------------


def test_heatmap_prints_values_in_classes_and_shows_every_criterion() -> None:
    spec = _spec(heatmap_chart(_heat_frame()))
    assert "width" not in spec  # fits the column: no fixed width of 12 × 34 px
    rows = [r for data in spec["datasets"].values() for r in data if "score_text" in r]
    assert {r["Kriterium"] for r in rows} == {c.name for c in Q.criteria}
    assert {r["score_text"] for r in rows} >= {"20", "50"}
    assert score_class(19.9) == "0–19" and score_class(80) == "80–100"
    assert score_class(None) is None
    sentence = heatmap_sentence(_heat_frame(), row_word=("Netzwerk", "Netzwerken"))
    assert sentence.startswith("Werte (0–100) von 2 Netzwerken in 12 Kriterien.")
    assert "am höchsten: Netz B" in sentence


def test_progress_names_every_bar_in_full() -> None:
    spec = _spec(progress_chart(_deltas()))
    text = json.dumps(spec, ensure_ascii=False)
    for c in Q.criteria:
        assert c.name.split()[0] in text
    axis = spec["layer"][0]["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0  # never cut off
    labels = json.loads(axis["labelExpr"].removesuffix("[datum.label]"))
    assert {" ".join(lines) for lines in labels.values()} == {c.name for c in Q.criteria}
    sentence = progress_sentence(_deltas(), 1)
    assert sentence.startswith("Veränderung seit Runde 1 in 12 Kriterien: 7 verbessert")
    assert f"Am stärksten verbessert: {Q.criteria[-1].name} (+7)" in sentence
    assert f"Am stärksten gesunken: {Q.criteria[0].name} (−4)" in sentence


def test_staircase_names_steps_groups_and_evidence() -> None:
    steps = _steps()
    text = _text(staircase_chart(steps))
    for label in steps["label"]:
        assert label in text
    for level in ("OUTPUT", "OUTCOME", "IMPACT"):
        assert level in text
    for word in ("ja", "teilweise", "nein", "nicht erfasst"):
        assert f'"Nachweis": "{word}"' in text
    assert len(set(EVIDENCE_COLORS.values())) == 4  # erreicht / nein / nicht erfasst differ
    table = staircase_table(steps)
    assert list(table.columns) == ["Stufe", "Ebene", "Beschreibung", "Nachweis", "Indikator"]
    assert not table.isna().any().any()
    assert "None" not in table.to_csv()
    assert table.loc[3, "Nachweis"] == "nicht erfasst" and table.loc[3, "Indikator"] == "–"
    sentence = staircase_sentence(steps)
    assert "belegt: Stufen 1 und 6" in sentence
    assert "nicht erfasst: Stufen 4, 5 und 7" in sentence


def test_radar_sentence_names_strongest_weakest_and_change() -> None:
    current = {c.id: 50.0 for c in Q.criteria}
    current[Q.criteria[2].id] = 82.0
    current[Q.criteria[9].id] = 34.0
    current[Q.criteria[5].id] = None
    previous = {c.id: 50.0 for c in Q.criteria}
    previous[Q.criteria[2].id] = 60.0
    frame = series_frame(Q, {"Runde 2": current, "Runde 1": previous})
    sentence = radar_sentence(frame, questionnaire=Q)
    assert (
        f"stärkstes Kriterium: {Q.criteria[2].name} (82); "
        f"schwächstes: {Q.criteria[9].name} (34)" in sentence
    )
    assert f"am stärksten verbessert: {Q.criteria[2].name} (+22)" in sentence
    assert f"am stärksten gesunken: {Q.criteria[9].name} (−16)" in sentence
    assert f"Ohne Bewertung: {Q.criteria[5].name}" in sentence
    band = pd.DataFrame(
        {"criterion_id": [c.id for c in Q.criteria], "low": 40.0, "high": 60.0}
    ).assign(high=lambda f: f["high"].where(f.index != 3, 90.0))
    mean = series_frame(Q, {"Netzwerk-Mittel": previous, "Alle Netzwerke": current})
    text = radar_sentence(mean, band, questionnaire=Q, band_label="Mittlere Hälfte")
    assert "Über „Alle Netzwerke“ liegen" in text
    assert f"Mittlere Hälfte: am weitesten auseinander bei {Q.criteria[3].name} (40 bis 90)" in text


def test_other_sentences() -> None:
    dist = pd.DataFrame(
        [{"Kriterium": "A", "area": "AQ", "score": float(s)} for s in (10, 20, 30, 40, 50)]
        + [{"Kriterium": "B", "area": "RQ", "score": float(s)} for s in (60, 62, 64, 66, 68)]
    )
    text = distribution_sentence(dist)
    assert "Höchster Median: B (64)" in text and "niedrigster: A (30)" in text
    assert "am engsten bei B (62 bis 66)" in text
    by_area = pd.DataFrame(
        {"round_no": [1, 1, 2, 2], "area": ["AQ", "RQ", "AQ", "RQ"], "score": [40, 50, 60, 45.0]}
    )
    assert trend_sentence(by_area) == (
        "Mittelwerte je Bereich von Runde 1 bis Runde 2: Angebotsqualität 40 → 60 (+20) und "
        "Ressourcenqualität 50 → 45 (−5)."
    )
    assert monthly_sentence(_months()) == (
        "Von Januar 2026 bis März 2026 wurden 6 Selbstanalysen begonnen und 3 abgeschickt. "
        "Die meisten Abgaben im Februar 2026 (2)."
    )
    status = pd.DataFrame({"Status": ["abgeschickt", "abgeschickt", "nicht begonnen"]})
    assert status_sentence(status) == ("Von 3 Projekten: 2 abgeschickt und 1 noch nicht begonnen.")
