"""The offline questionnaire: an Excel/CSV template per assessment, and its validator.

Workshops often have bad Wi-Fi, so an initiative can download its questionnaire, fill it in
offline and upload it into its draft. The same layout is used for .xlsx and .csv:

    row 1  mintqo-Vorlage | Selbstanalyse | <assessment id> | Fragebogen-Version | <version>
    row 2  ID | Kriterium | Aussage | Bewertung | Notiz
    row 3… one row per statement (ID = item id, Bewertung = 1–5 or "n.z."), and after the
           statements of each criterion one note row (ID = criterion id, text in "Notiz").

Validation is all-or-nothing: :func:`validate_file` returns every problem it finds (with the
spreadsheet row and column, in German) and answers only when there is no problem at all.
Empty cells change nothing (an answer given online is never wiped by an empty cell).
This module is pure: no store, no streamlit.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mintqo.io.answers_export import export_filename
from mintqo.io.tabular import csv_rows_bytes, mark_text_cells, restore_text, spreadsheet_safe
from mintqo.io.upload_reading import UnreadableUpload, csv_head, csv_rows, xlsx_rows
from mintqo.questionnaire import SCALE_MAX, SCALE_MIN, Questionnaire
from mintqo.text import has_control_chars

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NOTE_CHARS = 2000
MARKER = "mintqo-Vorlage"
META_ASSESSMENT = "Selbstanalyse"
META_VERSION = "Fragebogen-Version"
COL_ID, COL_CRITERION, COL_STATEMENT, COL_VALUE, COL_NOTE = (
    "ID",
    "Kriterium",
    "Aussage",
    "Bewertung",
    "Notiz",
)
COLUMNS = (COL_ID, COL_CRITERION, COL_STATEMENT, COL_VALUE, COL_NOTE)
REQUIRED_COLUMNS = (COL_ID, COL_VALUE)
NOT_APPLICABLE = "n.z."
NOTE_ROW_TEXT = "Notizen / Belege zu diesem Kriterium (Spalte „Notiz“)"
EXAMPLE_ID = "Beispiel"
"""The ID of the example row below the header: shows how a filled row looks, skipped on import."""
EXAMPLE_VALUE = 4
_NA_SPELLINGS = {"n.z.", "n.z", "nz", "n. z.", "n.z.)", "nicht zutreffend", "k.a.", "n/a", "na"}
_INTEGER = re.compile(r"^[+]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+[.,]\d+$")
# Control characters that have no business in a note (tab, LF and CR are fine).
_SHEET_TITLE = "Selbstanalyse"


# --- problems and results ---------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an uploaded file; row is the spreadsheet row number (1-based)."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.column is not None:
            where.append(f"Spalte „{self.column}“")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class ParsedAnswers:
    """The content of a valid file: only cells that were filled in."""

    answers: Mapping[str, int | None]  # item id -> 1..5, None = nicht zutreffend
    notes: Mapping[str, str]  # criterion id -> text


@dataclass(frozen=True)
class ValidationResult:
    problems: tuple[Problem, ...] = ()
    parsed: ParsedAnswers | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.parsed is not None

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


class TemplateError(ValueError):
    """Raised by callers that want an exception instead of a result; carries every problem."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- building the template ---------------------------------------------------------------------


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
    ws.title = _SHEET_TITLE
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


# --- reading a file -----------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # Undo our own formula neutralisation, so an exported template re-imports unchanged.
    return restore_text(str(value))


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) // 50


def _read_csv(data: bytes) -> list[list[Any]]:
    """Rows of a CSV file, separated by whichever of ; , tab finds the template's columns."""
    best, best_score = ";", -1
    for delimiter in (";", ",", "\t"):
        try:
            head = csv_head(data, delimiter, 20)
        except UnreadableUpload:
            continue
        score = max((sum(1 for c in row if c.strip() in COLUMNS) for row in head), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return csv_rows(data, best)


def _unreadable(error: UnreadableUpload, xlsx: bool) -> Problem:
    if error.complete:
        return Problem(str(error))
    advice = (
        "Bitte laden Sie die heruntergeladene Vorlage ausgefüllt hoch (ohne eingefügte Bilder "
        "oder Objekte) oder speichern Sie sie als CSV."
        if xlsx
        else "Bitte laden Sie die heruntergeladene Vorlage ausgefüllt hoch."
    )
    return Problem(f"{error} {advice}")


def read_rows(data: bytes, filename: str = "") -> tuple[list[list[str]] | None, list[Problem]]:
    """The cells of an uploaded .xlsx or .csv as text rows, or the problems that prevent reading.

    Reading is bounded (see :mod:`mintqo.io.upload_reading`): a crafted file is refused with a
    German reason before it can cost much memory or time.
    """
    if not data or not data.strip(b" \t\r\n\xef\xbb\xbf"):
        return None, [Problem("Die Datei ist leer.")]
    if len(data) > MAX_FILE_BYTES:
        size_mb = len(data) / (1024 * 1024)
        return None, [
            Problem(
                f"Die Datei ist mit {size_mb:.1f} MB zu groß; erlaubt sind höchstens "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB."
            )
        ]
    is_xlsx = data.startswith(b"PK")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return None, [
            Problem(
                "Dateien im alten Excel-Format (.xls) werden nicht unterstützt. Bitte speichern "
                "Sie die Datei als .xlsx oder CSV."
            )
        ]
    if not is_xlsx and _looks_binary(data):
        return None, [
            Problem(
                "Die Datei ist keine Tabelle. Bitte laden Sie die ausgefüllte Vorlage als .xlsx "
                "oder CSV hoch."
            )
        ]
    try:
        raw = xlsx_rows(data, _SHEET_TITLE) if is_xlsx else _read_csv(data)
    except UnreadableUpload as exc:
        return None, [_unreadable(exc, is_xlsx)]
    rows = [[_cell_text(v) for v in row] for row in raw]
    if not any(any(c.strip() for c in row) for row in rows):
        return None, [Problem("Die Datei ist leer.")]
    return rows, []


# --- validating ---------------------------------------------------------------------------------


def _parse_value(raw: str) -> tuple[int | None, str | None]:
    """(value, error message); value None with no error means 'nicht zutreffend'."""
    text = raw.strip()
    if text.lower() in _NA_SPELLINGS:
        return None, None
    if _INTEGER.match(text):
        value = int(text)
    elif _DECIMAL.match(text):
        number = float(text.replace(",", "."))
        if not number.is_integer():
            return None, (f"„{text}“ ist keine ganze Zahl. Erlaubt sind 1, 2, 3, 4, 5 oder „n.z.“.")
        value = int(number)
    else:
        return None, f"„{text[:40]}“ ist keine gültige Bewertung. Erlaubt sind 1 bis 5 oder „n.z.“."
    if not SCALE_MIN <= value <= SCALE_MAX:
        return None, f"{value} liegt außerhalb der Skala. Erlaubt sind 1 bis 5 oder „n.z.“."
    return value, None


def _find_header(rows: list[list[str]]) -> tuple[int | None, dict[str, int]]:
    """Index of the header row and the column index of each known header."""
    best_index, best_columns = None, {}
    for index, row in enumerate(rows[:20]):
        columns = {}
        for col, cell in enumerate(row):
            name = cell.strip()
            if name in COLUMNS and name not in columns:
                columns[name] = col
        if len(columns) > len(best_columns):
            best_index, best_columns = index, columns
    return best_index, best_columns


def _check_meta(
    rows: list[list[str]], header_index: int, questionnaire: Questionnaire, assessment_id: int
) -> list[Problem]:
    meta = next(
        ((i, row) for i, row in enumerate(rows[:header_index]) if row and row[0].strip() == MARKER),
        None,
    )
    if meta is None:
        return [
            Problem(
                "Die Angaben zu Selbstanalyse und Fragebogen-Version fehlen (erste Zeile der "
                "Vorlage). Bitte laden Sie die Vorlage neu herunter und übertragen Sie Ihre "
                "Eingaben.",
                row=1,
            )
        ]
    index, row = meta
    cells = [c.strip() for c in row]
    problems = []

    def value_after(label: str) -> tuple[str, int] | None:
        if label in cells:
            pos = cells.index(label) + 1
            return (cells[pos] if pos < len(cells) else ""), pos
        return None

    found = value_after(META_VERSION)
    version_text = found[0] if found else ""
    if not version_text.isdigit():
        problems.append(
            Problem(
                "Die Fragebogen-Version fehlt oder ist unlesbar.",
                row=index + 1,
                column=META_VERSION,
            )
        )
    elif int(version_text) != questionnaire.version:
        problems.append(
            Problem(
                f"Die Vorlage gehört zu Fragebogen-Version {int(version_text)}, diese "
                f"Selbstanalyse verwendet Version {questionnaire.version}. Bitte laden Sie "
                "die aktuelle Vorlage herunter.",
                row=index + 1,
                column=META_VERSION,
            )
        )
    found = value_after(META_ASSESSMENT)
    id_text = found[0] if found else ""
    if not id_text.isdigit():
        problems.append(
            Problem(
                "Die Nummer der Selbstanalyse fehlt oder ist unlesbar.",
                row=index + 1,
                column=META_ASSESSMENT,
            )
        )
    elif int(id_text) != assessment_id:
        problems.append(
            Problem(
                f"Die Vorlage gehört zu Selbstanalyse Nr. {int(id_text)}, nicht zu Nr. "
                f"{assessment_id}. Bitte laden Sie die Vorlage dieser Selbstanalyse herunter.",
                row=index + 1,
                column=META_ASSESSMENT,
            )
        )
    return problems


def _check_note(text: str, row: int) -> Problem | None:
    if has_control_chars(text):
        return Problem(
            "Die Notiz enthält unzulässige Steuerzeichen (z. B. ein Nullbyte). Bitte entfernen "
            "Sie sie.",
            row=row,
            column=COL_NOTE,
        )
    if len(text) > MAX_NOTE_CHARS:
        return Problem(
            f"Die Notiz ist mit {len(text)} Zeichen zu lang; erlaubt sind {MAX_NOTE_CHARS}.",
            row=row,
            column=COL_NOTE,
        )
    return None


def validate_rows(
    rows: list[list[str]], questionnaire: Questionnaire, assessment_id: int
) -> ValidationResult:
    header_index, columns = _find_header(rows)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if header_index is None or missing:
        where = header_index + 1 if header_index is not None else 2
        names = ", ".join(f"„{c}“" for c in missing or REQUIRED_COLUMNS)
        return ValidationResult(
            problems=(
                Problem(
                    f"Die Kopfzeile fehlt oder ist unvollständig: Spalte(n) {names} nicht "
                    "gefunden. Bitte verwenden Sie die heruntergeladene Vorlage unverändert.",
                    row=where,
                ),
            )
        )
    problems = _check_meta(rows, header_index, questionnaire, assessment_id)
    id_col, value_col = columns[COL_ID], columns[COL_VALUE]
    note_col = columns.get(COL_NOTE)
    answers: dict[str, int | None] = {}
    notes: dict[str, str] = {}
    seen_rows: dict[str, int] = {}

    def cell(row: list[str], col: int | None) -> str:
        return row[col] if col is not None and col < len(row) else ""

    for index in range(header_index + 1, len(rows)):
        row, number = rows[index], index + 1
        key = cell(row, id_col).strip()
        value_text = cell(row, value_col).strip()
        note_text = cell(row, note_col)
        if not key:
            if value_text or note_text.strip():
                problems.append(
                    Problem(
                        "Die ID fehlt; ohne ID lässt sich die Zeile keiner Aussage zuordnen.",
                        row=number,
                        column=COL_ID,
                    )
                )
            continue
        if key == EXAMPLE_ID:
            continue  # the template's example row
        if key in seen_rows:
            problems.append(
                Problem(
                    f"„{key}“ kommt doppelt vor (zuerst in Zeile {seen_rows[key]}).",
                    row=number,
                    column=COL_ID,
                )
            )
            continue
        seen_rows[key] = number
        if key in questionnaire.item_by_id:
            if value_text:
                value, error = _parse_value(value_text)
                if error:
                    problems.append(Problem(error, row=number, column=COL_VALUE))
                else:
                    answers[key] = value
            if note_text.strip():
                criterion = questionnaire.item_by_id[key].criterion_id
                problems.append(
                    Problem(
                        f"Notizen gehören in die Notizzeile des Kriteriums {criterion} "
                        "(ID-Spalte = Kriterium).",
                        row=number,
                        column=COL_NOTE,
                    )
                )
        elif key in questionnaire.criterion_by_id:
            if value_text:
                problems.append(
                    Problem(
                        "In der Notizzeile eines Kriteriums wird keine Bewertung eingetragen.",
                        row=number,
                        column=COL_VALUE,
                    )
                )
            if note_text.strip():
                problem = _check_note(note_text, number)
                if problem:
                    problems.append(problem)
                else:
                    notes[key] = note_text.strip()
        else:
            problems.append(
                Problem(
                    f"„{key[:40]}“ ist keine bekannte Aussage oder kein Kriterium von "
                    f"Fragebogen-Version {questionnaire.version}.",
                    row=number,
                    column=COL_ID,
                )
            )
    if problems:
        return ValidationResult(problems=tuple(problems))
    return ValidationResult(parsed=ParsedAnswers(answers=answers, notes=notes))


def validate_file(
    data: bytes, filename: str, questionnaire: Questionnaire, assessment_id: int
) -> ValidationResult:
    """Check an uploaded file completely; answers only if there is no problem at all."""
    rows, problems = read_rows(data, filename)
    if rows is None:
        return ValidationResult(problems=tuple(problems))
    return validate_rows(rows, questionnaire, assessment_id)
