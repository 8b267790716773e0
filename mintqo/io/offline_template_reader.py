"""Reading an uploaded offline template (.xlsx or .csv) into rows of text, boundedly.

An upload can be anything: empty, too large, an old .xls, a picture, a crafted zip. Each is
refused here with a German reason before the content is checked
(:mod:`mintqo.io.offline_template_validation`); reading itself is bounded by
:mod:`mintqo.io.upload_reading`. Our own formula neutralisation is undone, so an exported
template re-imports unchanged. Pure: no store, no streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mintqo.io.offline_template_layout import COLUMNS, SHEET_TITLE
from mintqo.io.tabular import restore_text
from mintqo.io.upload_reading import UnreadableUpload, csv_head, csv_rows, xlsx_rows

MAX_FILE_BYTES = 5 * 1024 * 1024


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
        raw = xlsx_rows(data, SHEET_TITLE) if is_xlsx else _read_csv(data)
    except UnreadableUpload as exc:
        return None, [_unreadable(exc, is_xlsx)]
    rows = [[_cell_text(v) for v in row] for row in raw]
    if not any(any(c.strip() for c in row) for row in rows):
        return None, [Problem("Die Datei ist leer.")]
    return rows, []
