"""The team comparison's tables, charts and sentences (pure), and the report's section
"Wo wir uns uneinig waren": hand-made sheets, numbers checked by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pypdfium2 as pdfium

from mintqo.charts.radar import radar_chart
from mintqo.charts.team_spread import (
    band_sentence,
    profile_band_sentence,
    short_label,
    spread_chart,
    spread_sentence,
)
from mintqo.io.report_pdf import build_report
from mintqo.profile import build_profile, series_frame
from mintqo.questionnaire import load_questionnaire
from mintqo.scoring import score_assessment
from mintqo.team import Member, compare
from mintqo.team_frames import (
    BAND_LABEL,
    band_frames,
    band_table,
    criteria_table,
    disagreement_table,
    spread_frames,
    statements_table,
    unique_names,
)
from tests.test_report_pdf import _staircase

Q = load_questionnaire()
FIRST = Q.criteria[0]
ITEMS = [i.id for i in FIRST.items]


def _team(*rows: tuple[str, list]) -> list[Member]:
    """Members rating the first criterion as given ('' = unanswered), everything else 3."""
    members = []
    for name, values in rows:
        ratings: dict[str, int | None] = {i.id: 3 for i in Q.items}
        for item, value in zip(ITEMS, values, strict=True):
            if value == "":
                del ratings[item]
            else:
                ratings[item] = value
        members.append(Member(name, ratings))
    return members


def test_tables_name_every_member_and_speak_german():
    team = _team(
        ("Kim", [5, 4, None, 2, 3]), ("Kim", [1, 4, None, 2, 3]), ("Ali", [3, 4, 4, "", 3])
    )
    comparison = compare(Q, team)
    assert unique_names(comparison.members) == ["Kim", "Kim (2)", "Ali"]
    statements = statements_table(comparison, Q)
    first = statements.iloc[0]
    assert [first["Kim"], first["Kim (2)"], first["Ali"]] == ["5", "1", "3"]
    assert first["Spannweite"] == "1–5" and first["Median"] == "3,0"
    assert first["Standardabweichung"] == "1,6"  # sqrt(8/3) = 1.63
    third, fourth = statements.iloc[2], statements.iloc[3]
    assert [third["Kim"], third["Ali"], third["nicht zutreffend"]] == ["n. z.", "4", 2]
    assert fourth["Ali"] == "–"  # unanswered
    criteria = criteria_table(comparison, Q)
    row = criteria.iloc[0]
    # Kim 62.5, Kim (2) 37.5, Ali 62.5 (see tests/test_team_statistics.py): whole numbers, half up
    assert [row["Kim"], row["Kim (2)"], row["Ali"], row["Median"]] == [63, 38, 63, 63]
    assert row["Spannweite"] == "38–63" and row["Bereich"] == Q.areas[0].name


def test_band_frames_and_their_sentence():
    team = _team(("Ana", [5, 5, 5, 5, 5]), ("Ben", [1, 1, 1, 1, 1]))
    comparison = compare(Q, team)
    profiles, band = band_frames(comparison)
    assert list(profiles["series"].unique()) == ["Median des Teams"]
    first = band.set_index("criterion_id").loc[FIRST.id]
    assert (first["low"], first["high"]) == (0.0, 100.0)
    assert profiles.set_index("criterion_id").loc[FIRST.id, "score"] == 50.0
    sentence = band_sentence(band_table(comparison))
    assert f"Am weitesten auseinander: {FIRST.name} (0 bis 100)." in sentence
    assert "Am nächsten beieinander:" in sentence and "(alle 50)" in sentence
    assert profile_band_sentence(band_table(comparison), 2).startswith(
        "Das Band zeigt je Kriterium den niedrigsten bis höchsten Wert der 2 Bögen"
    )
    chart = radar_chart(profiles, band, questionnaire=Q, band_label=BAND_LABEL)
    chart.to_dict()  # validates against the Vega-Lite schema


def test_least_consensus_chart_with_two_members():
    team = _team(("Ana", [5, 2, 3, 3, None]), ("Ben", [2, 2, 4, 3, 3]))
    comparison = compare(Q, team)
    least = comparison.least_agreement_statements(3)
    summary, points = spread_frames(comparison, least)
    # range 3, then range 1, then a split about applicability (range 0 over one rating)
    assert list(summary["item_id"]) == [ITEMS[0], ITEMS[2], ITEMS[4]]
    assert summary.iloc[2]["label"].endswith("(1× nicht zutreffend)")
    assert summary.iloc[0]["ratings"] == "Ana 5 · Ben 2"
    assert len(points) == 2 + 1 + 2  # Ana's n/a is no point
    spec = spread_chart(summary, points).to_dict()  # validated
    assert spec["layer"][0]["mark"]["type"] == "rule"
    sentence = spread_sentence(summary)
    assert sentence.startswith("Die 3 Aussagen, bei denen das Team am wenigsten übereinstimmt")
    assert f"„{FIRST.items[0].text}“ (von 2 bis 5; Ana 5 · Ben 2)" in sentence
    assert spread_sentence(summary.iloc[:0]).startswith("Das Team ist sich bei allen Aussagen")
    assert short_label("1. " + "Wort " * 20).endswith(" …")
    assert len(short_label("1. " + "Wort " * 20)) <= 44


def test_report_has_the_section_where_the_team_disagreed():
    team = _team(("Ana", [5, 2, 3, 3, None]), ("Ben", [1, 2, 4, 3, 3]), ("Cem", [3, 2, 3, 3, 3]))
    comparison = compare(Q, team)
    agreed = {i.id: 3 for i in Q.items} | {ITEMS[4]: None}
    table = disagreement_table(comparison, Q, comparison.least_agreement_statements(5), agreed)
    assert list(table.columns) == [
        "Aussage",
        "Kriterium",
        "Bewertungen",
        "Spannweite",
        "Gemeinsames Ergebnis",
    ]
    assert table.iloc[0]["Bewertungen"] == "Ana 5 · Ben 1 · Cem 3"
    assert table.iloc[0]["Spannweite"] == "1–5" and table.iloc[0]["Gemeinsames Ergebnis"] == (
        "3 – teils, teils"
    )
    split = table.set_index("Aussage").loc[FIRST.items[4].text]
    assert split["Spannweite"] == "3, 1× n. z." and split["Gemeinsames Ergebnis"] == (
        Q.not_applicable_label
    )
    scores = {c: r.score for c, r in score_assessment(Q, agreed).items()}
    _, band = band_frames(comparison)
    data = build_report(
        project_name="Ferienwerkstatt",
        initiative_name="Team-Initiative",
        round_no=2,
        submitted_at=dt.datetime(2026, 11, 20, 10, 0),
        profile=build_profile(Q, scores, agreed),
        radar=radar_chart(
            series_frame(Q, {"Runde 2": scores}), band, questionnaire=Q, band_label=BAND_LABEL
        ),
        actions=pd.DataFrame(columns=["Kriterium", "Maßnahme", "Wer", "Bis wann", "Status"]),
        staircase=_staircase(),
        disagreements=table,
    )
    pdf = pdfium.PdfDocument(data)
    text = "".join(pdf[n].get_textpage().get_text_range() for n in range(len(pdf)))
    assert "Wo wir uns uneinig waren" in text
    assert "Ana 5 · Ben 1 · Cem 3" in text.replace("\r\n", " ").replace("\n", " ")
