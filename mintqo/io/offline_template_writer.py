"""Writing the offline questionnaire template: its rows, and the .csv and .xlsx files.

Workshops often have bad Wi-Fi, so an initiative downloads its questionnaire with the draft's
current answers and notes, fills it in offline and uploads it again. The .xlsx adds what helps
filling it in by hand: a 1–5 / n.z. drop-down, shaded note and example rows, an "Anleitung"
sheet. Every text cell is formula-safe (:mod:`mintqo.io.tabular`). Pure: no store, no streamlit.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mintqo.io.answers_export import export_filename
from mintqo.io.offline_template_layout import (
    COL_VALUE,
    COLUMNS,
    EXAMPLE_ID,
    EXAMPLE_VALUE,
    MARKER,
    META_ASSESSMENT,
    META_VERSION,
    NOT_APPLICABLE,
    NOTE_ROW_TEXT,
    SHEET_TITLE,
)
from mintqo.io.tabular import csv_rows_bytes, mark_text_cells, spreadsheet_safe
from mintqo.questionnaire import SCALE_MAX, SCALE_MIN, Questionnaire


@dataclass(frozen=True)
class TemplateContent:
    """What goes into a template: the questionnaire plus the draft's current answers and notes."""

    assessment_id: int
    questionnaire: Questionnaire
    answers: Mapping[str, int | None] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)
    title: str = ""


def _value_cell(answers: Mapping[str, int | None], item_id: str) -> Any:
    if item_id not in answers:
        return ""
    value = answers[item_id]
    return NOT_APPLICABLE if value is None else int(value)


def template_rows(content: TemplateContent) -> list[list[Any]]:
    """All rows of the template (meta row, header row, data rows), cells not yet neutralised."""
    q = content.questionnaire
    rows: list[list[Any]] = [
        [MARKER, META_ASSESSMENT, content.assessment_id, META_VERSION, q.version],
        list(COLUMNS),
        example_row(q),
    ]
    for criterion in q.criteria:
        label = f"{criterion.id} {criterion.name}"
        for item in criterion.items:
            rows.append([item.id, label, item.text, _value_cell(content.answers, item.id), ""])
        rows.append([criterion.id, label, NOTE_ROW_TEXT, "", content.notes.get(criterion.id, "")])
    return rows


def example_row(questionnaire: Questionnaire) -> list[Any]:
    """A filled row for orientation (ID "Beispiel": the import skips it)."""
    criterion = questionnaire.criteria[0]
    label = next(o.label for o in questionnaire.scale if o.value == EXAMPLE_VALUE)
    return [
        EXAMPLE_ID,
        f"{criterion.id} {criterion.name}",
        f"So sieht eine ausgefüllte Zeile aus: in „{COL_VALUE}“ eine Zahl von {SCALE_MIN} bis "
        f"{SCALE_MAX} (hier {EXAMPLE_VALUE} = {label}) oder „{NOT_APPLICABLE}“. Diese Zeile "
        "wird beim Hochladen übersprungen.",
        EXAMPLE_VALUE,
        "Notizen stehen in der grauen Notizzeile am Ende jedes Kriteriums.",
    ]


def template_csv(content: TemplateContent, sep: str = ";") -> bytes:
    """The template as CSV for German Excel: UTF-8 with BOM, semicolons, formula-safe text."""
    return csv_rows_bytes(template_rows(content), sep=sep)


def template_xlsx(content: TemplateContent) -> bytes:
    """The template as .xlsx with a 1–5 / n.z. drop-down in the value column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    rows = template_rows(content)
    for row in rows:
        ws.append([spreadsheet_safe(c) for c in row])
    mark_text_cells(ws)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    ws["A1"].font = Font(italic=True, color="808080")
    note_fill = PatternFill("solid", fgColor="F2F2F2")
    example_fill = PatternFill("solid", fgColor="FFF4D6")
    for r, row in enumerate(rows[2:], start=3):
        ws.cell(r, 3).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(r, 5).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(r, 2).alignment = Alignment(vertical="top")
        if row[2] == NOTE_ROW_TEXT:
            for c in range(1, 6):
                ws.cell(r, c).fill = note_fill
        if row[0] == EXAMPLE_ID:
            for c in range(1, 6):
                ws.cell(r, c).fill = example_fill
                ws.cell(r, c).font = Font(italic=True, color="595959")
    ws.column_dimensions["A"].width = 9
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 70
    ws.column_dimensions["D"].width = 12
    ws.column_dimensions["E"].width = 50
    ws.freeze_panes = "A3"

    options = ",".join([*(str(v) for v in range(SCALE_MIN, SCALE_MAX + 1)), NOT_APPLICABLE])
    validation = DataValidation(
        type="list",
        formula1=f'"{options}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ungültige Bewertung",
        error="Bitte 1 bis 5 oder „n.z.“ (nicht zutreffend) wählen.",
        promptTitle="Bewertung",
        prompt="1 = trifft nicht zu … 5 = trifft voll zu; n.z. = nicht zutreffend",
        showInputMessage=True,
    )
    ws.add_data_validation(validation)
    for r, row in enumerate(rows[2:], start=3):
        if row[2] != NOTE_ROW_TEXT and row[0] != EXAMPLE_ID:
            validation.add(f"D{r}")

    help_ws = wb.create_sheet("Anleitung")
    q = content.questionnaire
    lines = [
        "So füllen Sie die Vorlage aus",
        "",
        "1. Tragen Sie in der Spalte „Bewertung“ je Aussage eine Zahl von 1 bis 5 ein "
        "oder „n.z.“, wenn die Aussage nicht zutrifft.",
        *(f"   {o.value} = {o.label}" for o in q.scale),
        f"   n.z. = {q.not_applicable_label}",
        "2. Notizen und Belege gehören in die graue Notizzeile am Ende jedes Kriteriums.",
        "3. Leere Zellen ändern nichts: was Sie online schon eingetragen haben, bleibt erhalten.",
        "4. Ändern Sie die Spalten „ID“ und die erste Zeile nicht; laden Sie die Datei dann auf "
        "der Seite „Selbstanalyse“ hoch.",
        f"5. Die gelbe Zeile „{EXAMPLE_ID}“ zeigt eine ausgefüllte Zeile; sie wird beim "
        "Hochladen übersprungen.",
    ]
    for line in lines:
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 110

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def template_filename(project_name: str, extension: str, day: dt.date | None = None) -> str:
    """``Selbstanalyse-Vorlage_Roboter-bauen_2026-11-22.xlsx``: project and day, not an id."""
    return export_filename("Selbstanalyse-Vorlage", project_name, extension, day)


def template_bytes(content: TemplateContent, filename: str) -> bytes:
    """The template in the format the file name asks for (.csv, otherwise .xlsx)."""
    if filename.lower().endswith(".csv"):
        return template_csv(content)
    return template_xlsx(content)
