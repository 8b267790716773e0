"""Validating the rows of a returned offline template: all or nothing.

:func:`validate_file` returns every problem it finds (with the spreadsheet row and column, in
German) and answers only when there is no problem at all, so a half-imported file never mixes
with the draft. Empty cells change nothing (an answer given online is never wiped by an empty
cell); the example row is skipped. Pure: no store, no streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mintqo.io.offline_template_layout import (
    COL_ID,
    COL_NOTE,
    COL_VALUE,
    COLUMNS,
    EXAMPLE_ID,
    MARKER,
    META_ASSESSMENT,
    META_VERSION,
    REQUIRED_COLUMNS,
)
from mintqo.io.offline_template_reader import Problem, read_rows
from mintqo.questionnaire import SCALE_MAX, SCALE_MIN, Questionnaire
from mintqo.text import has_control_chars

MAX_NOTE_CHARS = 2000
_NA_SPELLINGS = {"n.z.", "n.z", "nz", "n. z.", "n.z.)", "nicht zutreffend", "k.a.", "n/a", "na"}
_INTEGER = re.compile(r"^[+]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+[.,]\d+$")


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
    """Check the text rows of a template (:func:`read_rows`) for ``assessment_id``."""
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
