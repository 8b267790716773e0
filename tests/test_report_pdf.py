"""PDF report: opens, page 1 shows the radar image (rendered to PNG for a look), file names."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from mintqo.charts.radar import radar_chart
from mintqo.charts.theme import AREA_COLORS
from mintqo.io.answers_export import answers_csv, answers_excel, export_filename
from mintqo.io.report_pdf import build_report
from mintqo.profile import build_profile, series_frame
from mintqo.questionnaire import load_questionnaire
from mintqo.scoring import score_assessment
from mintqo.store import impact

Q = load_questionnaire()
OUT = Path(__file__).resolve().parents[1] / "test-output"


def _profile():
    answers = {
        i.id: min(5, 1 + k % 5 + j % 2)
        for k, c in enumerate(Q.criteria)
        for j, i in enumerate(c.items)
    }
    scores = {cid: r.score for cid, r in score_assessment(Q, answers).items()}
    previous = {cid: max(0.0, s - 10) for cid, s in scores.items()}
    return build_profile(Q, scores, answers, previous), scores, previous


def _staircase() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "step": s.step,
                "level": s.level,
                "label": s.label,
                "evidence": ("ja", "teilweise", None)[s.step % 3],
                "indicator": "Teilnahmelisten",
            }
            for s in impact.STEPS
        ]
    )


def test_pdf_first_page_shows_radar():
    profile, scores, previous = _profile()
    radar = radar_chart(series_frame(Q, {"Runde 2": scores, "Runde 1": previous}), questionnaire=Q)
    actions = pd.DataFrame(
        [
            {
                "Kriterium": "Ziele und Zielgruppen",
                "Maßnahme": "Zielgruppen aufschreiben „jetzt“",
                "Wer": "Kim",
                "Bis wann": "01.03.2027",
                "Status": "offen",
            }
        ]
    )
    data = build_report(
        project_name="Roboter bauen für Einsteiger:innen",
        initiative_name="Robotik-Werkstatt Demostadt e.V.",
        round_no=2,
        submitted_at=dt.datetime(2026, 11, 20, 10, 0),
        profile=profile,
        radar=radar,
        actions=actions,
        staircase=_staircase(),
        created=dt.date(2026, 11, 22),
    )
    assert data.startswith(b"%PDF")
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) >= 2
    page = pdf[0]
    text = page.get_textpage().get_text_range()
    assert "Profil der Selbstanalyse" in text and "Angebotsqualität" in text
    assert "Fragebogen-Version 1" in text and "20.11.2026" in text  # Berlin date
    # Page 1 is full: key figures, the radar and the strengths.
    assert "Stärken" in text
    assert f"von {len(Q.criteria)} Kriterien bewertet" in text
    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    assert len(images) == 1
    left, bottom, right, top = images[0].get_bounds()
    width, height = page.get_size()
    assert (right - left) > 0.7 * (width - 2 * 42) and (top - bottom) > 0.3 * height
    image = page.render(scale=1.5).to_pil()
    OUT.mkdir(exist_ok=True)
    image.save(OUT / "report-page1.png")
    # The radar's area colours are visible on the rendered page.
    colours = {
        tuple(int(v) for v in c)
        for c in np.unique(np.asarray(image.convert("RGB")).reshape(-1, 3), axis=0)
    }
    for hex_colour in AREA_COLORS.values():
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert any(sum(abs(a - b) for a, b in zip(c, rgb, strict=True)) < 40 for c in colours)
    later = "".join(pdf[i].get_textpage().get_text_range() for i in range(1, len(pdf)))
    assert "Maßnahmenplan" in later and "Wirkungstreppe" in later and "„jetzt“" in later
    assert "nicht erfasst" in later
    assert not re.search(r"\b(None|nan|NaN)\b", later)
    for n in range(len(pdf)):
        pdf[n].render(scale=1.2).to_pil().save(OUT / f"report-page{n + 1}.png")


def test_export_filenames_and_tables():
    day = dt.date(2026, 11, 22)
    assert (
        export_filename("Selbstanalyse-Profil", "Mädchen-Technik-Tag: Größe", "pdf", day)
        == "Selbstanalyse-Profil_Maedchen-Technik-Tag-Groesse_2026-11-22.pdf"
    )
    assert export_filename("X", "///", ".csv", day) == "X_Projekt_2026-11-22.csv"
    frame = pd.DataFrame({"Aussage": ["=SUMME(A1)"], "Wert": [3]})
    assert b"'=SUMME(A1)" in answers_csv(frame)
    workbook = pd.read_excel(io.BytesIO(answers_excel(frame)), sheet_name=None)
    assert list(workbook) == ["Antworten"]


def test_answers_excel_is_styled_with_scores_and_version():
    from openpyxl import load_workbook

    answers = {
        i.id: (None if k == 0 else 1 + k % 5) for c in Q.criteria for k, i in enumerate(c.items)
    }
    rows = [
        {
            "Bereich": Q.area_by_id[c.area_id].name,
            "Kriterium-ID": c.id,
            "Kriterium": c.name,
            "Aussage-ID": i.id,
            "Aussage": i.text,
            "Wert": answers[i.id],
            "Antwort": "x",
            "Notizen / Belege": "",
        }
        for c in Q.criteria
        for i in c.items
    ]
    frame = pd.DataFrame(rows)
    frame["Wert"] = frame["Wert"].astype("Int64")
    data = answers_excel(
        frame,
        info={"Projekt": "Roboter bauen", "Runde": 2, "Fragebogen-Version": 1},
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Info", "Antworten", "Ergebnisse"]
    info = {r[0]: r[1] for r in book["Info"].iter_rows(min_row=2, values_only=True)}
    assert info["Fragebogen-Version"] == "1" and info["Projekt"] == "Roboter bauen"
    sheet = book["Antworten"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet.column_dimensions["E"].width == 60  # the statements: wide, wrapped
    assert sheet["F2"].value is None and sheet["F3"].value == 2  # whole numbers, not 2.0
    scores = pd.read_excel(io.BytesIO(data), sheet_name="Ergebnisse")
    expected = score_assessment(Q, {k: v for k, v in answers.items()})
    by_id = dict(zip(scores["Kriterium-ID"], scores["Wert (0–100)"], strict=True))
    for criterion_id, result in expected.items():
        assert by_id[criterion_id] == pytest.approx(round(result.score, 1))
    assert scores["Bewertete Aussagen"].dtype.kind == "i"
