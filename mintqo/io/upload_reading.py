"""Reading an uploaded spreadsheet (.xlsx or CSV) in bounded memory and time.

The archive guard (:mod:`mintqo.io.archive_guard`) bounds what an ``.xlsx`` inflates to. What
is left is the cost of *parsing* it, and openpyxl does more than the template needs: it builds
an object per style record (≈ 60 µs each: 50,000 of them, 18 KB zipped, took 3 s and 86 MB
of resident memory),
keeps every shared string, and scans every sheet the workbook lists at load time, even when
the same sheet is listed ten thousand times. A sheet may also claim ``A1:XFD1048576`` and
openpyxl pads every row to that width.

So openpyxl never sees the uploaded package. We take the one sheet we read (the template's
sheet, else the first) and its shared strings, found through the package's relationships;
check that these parts declare no DTD (no entity tricks) and hold at most
:data:`MAX_XML_TAGS` tags together; and hand openpyxl a minimal workbook made of them alone
(no styles, themes, other sheets, links or macros: the template needs none). openpyxl reads
it in read-only mode, values only, and never more than :data:`MAX_ROWS` + 1 rows and
:data:`MAX_COLUMNS` + 1 columns, whatever the sheet claims; reading stops there. Content in
that one extra row or column refuses the file (German message); cells further out are never
looked at, and the template's rows all lie far inside.

A CSV is decoded as a stream, never held as one string, and parsed row by row: a row longer
than :data:`MAX_ROW_CHARS` (one line of separators holds a million empty cells) stops the read.

=================  ========  =================================================================
limit              value     why (the template for 60 statements, filled in completely)
=================  ========  =================================================================
MAX_ROWS           1,000     the template has 74 rows; room for longer questionnaires
MAX_COLUMNS        50        the template has 5 columns; room for a user's own columns
MAX_CELL_CHARS     32,767    what Excel itself allows in a cell (notes may hold 2,000)
MAX_ROW_CHARS      200,000   a template row is ≤ 2,300 characters (a full 2,000-character note)
MAX_XML_TAGS       50,000    the template's sheet has 1,914 ``<``; 50,000 parse in ≈ 0.15 s
=================  ========  =================================================================

Every refusal is an :class:`UnreadableUpload` with a German reason; callers add advice.
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

from mintqo.io.archive_guard import (
    XLSX_UPLOAD,
    ArchiveRefused,
    NotAnArchive,
    open_checked,
    read_entry,
)

MAX_ROWS = 1_000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 32_767
MAX_ROW_CHARS = 200_000
MAX_XML_TAGS = 50_000

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_WORKSHEET = "/worksheet"
_SHARED_STRINGS = "/sharedStrings"
_OFFICE_DOCUMENT = "/officeDocument"


class UnreadableUpload(ValueError):
    """Why an uploaded file is not read, in German; ``complete`` when it already says what to do.

    Without advice, callers add what fits their file (e.g. "use the downloaded template").
    """

    def __init__(self, message: str, complete: bool = False) -> None:
        super().__init__(message)
        self.complete = complete


NOT_XLSX = (
    "Die Datei ist keine lesbare Excel-Datei (.xlsx). Bitte speichern Sie sie erneut als "
    "Excel-Arbeitsmappe oder als CSV."
)
DAMAGED_XLSX = "Die Excel-Datei ist beschädigt oder unvollständig."


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


# --- .xlsx: the parts we need -------------------------------------------------------------------


class _TagBudget:
    """The XML tags all parsed parts may hold together."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, xml: bytes) -> None:
        self.left -= xml.count(b"<")
        if self.left < 0:
            raise UnreadableUpload(
                "Die Excel-Datei ist zu umfangreich: die gelesenen Teile (Tabellenblatt, Texte, "
                f"Verzeichnisse) enthalten zusammen mehr als {_number(MAX_XML_TAGS)} XML-Elemente."
            )


def _check_xml(xml: bytes) -> None:
    # NUL never occurs in UTF-8 XML; refusing it also refuses UTF-16/32, where the DTD check
    # would not see "<!DOCTYPE" (Excel and LibreOffice write UTF-8).
    if b"\x00" in xml or _DTD.search(xml):
        raise UnreadableUpload("Die Excel-Datei enthält unzulässige XML-Deklarationen (DTD).")


def _part(archive: zipfile.ZipFile, name: str, budget: _TagBudget) -> bytes:
    """A small part we parse ourselves (relationships, workbook), checked."""
    xml = read_entry(archive, name, XLSX_UPLOAD.max_entry_bytes)
    _check_xml(xml)
    budget.spend(xml)
    return xml


def _copy_part(
    archive: zipfile.ZipFile,
    name: str,
    package: zipfile.ZipFile,
    target: str,
    budget: _TagBudget,
) -> None:
    """Copy a part openpyxl will parse into ``package``, checked on the way (never held whole)."""
    tail = b""
    with archive.open(name) as source, package.open(target, "w") as sink:
        while chunk := source.read(1 << 16):
            _check_xml(tail + chunk)  # the tail catches a declaration cut between two chunks
            budget.spend(chunk)
            sink.write(chunk)
            tail = chunk[-16:]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relationships(
    archive: zipfile.ZipFile, owner: str, budget: _TagBudget
) -> list[tuple[str, str, str]]:
    """(id, type, archive path of the target) of the part ``owner`` ('' = the package)."""
    folder, name = posixpath.split(owner)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in archive.namelist():
        return []
    root = ElementTree.fromstring(_part(archive, rels_name, budget))
    found = []
    for rel in root:
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.append((rel.get("Id", ""), rel.get("Type", ""), posixpath.normpath(path)))
    return found


def _sheet_id(sheet: ElementTree.Element) -> str:
    return next((v for k, v in sheet.attrib.items() if k.startswith("{") and k.endswith("}id")), "")


def _locate(
    archive: zipfile.ZipFile, sheet_name: str, budget: _TagBudget
) -> tuple[str, str | None]:
    """Archive paths of the sheet to read and of the shared strings (if any)."""
    office = [
        t for _, kind, t in _relationships(archive, "", budget) if kind.endswith(_OFFICE_DOCUMENT)
    ]
    if not office:
        raise UnreadableUpload(NOT_XLSX, complete=True)
    workbook = office[0]
    root = ElementTree.fromstring(_part(archive, workbook, budget))
    sheets = [s for s in root.iter() if _local(s.tag) == "sheet"]
    chosen = next((s for s in sheets if s.get("name") == sheet_name), sheets[0] if sheets else None)
    rels = _relationships(archive, workbook, budget)
    by_id = {rel_id: (kind, target) for rel_id, kind, target in rels}
    kind, target = by_id.get(_sheet_id(chosen), ("", "")) if chosen is not None else ("", "")
    if not kind.endswith(_WORKSHEET) or target not in archive.namelist():
        raise UnreadableUpload(NOT_XLSX, complete=True)
    strings = next((t for _, k, t in rels if k.endswith(_SHARED_STRINGS)), None)
    return target, strings if strings in archive.namelist() else None


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _minimal_workbook(
    archive: zipfile.ZipFile, sheet: str, strings: str | None, budget: _TagBudget
) -> bytes:
    """A workbook of just the ``sheet`` part and its shared ``strings`` (what openpyxl reads)."""
    overrides = [("/xl/workbook.xml", "sheet.main"), ("/xl/worksheets/sheet1.xml", "worksheet")]
    rels = [("worksheet", "worksheets/sheet1.xml")]
    if strings is not None:
        overrides.append(("/xl/sharedStrings.xml", "sharedStrings"))
        rels.append(("sharedStrings", "sharedStrings.xml"))
    content_types = "".join(
        f'<Override PartName="{p}" ContentType="{_CT}.{t}+xml"/>' for p, t in overrides
    )
    workbook_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/{t}" Target="{target}"/>'
        for i, (t, target) in enumerate(rels, start=1)
    )
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
        f'-package.relationships+xml"/>{content_types}</Types>',
        "_rels/.rels": f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets><sheet '
        'name="Tabelle" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}">{workbook_rels}'
        "</Relationships>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        for name, text in parts.items():
            package.writestr(name, text)
        _copy_part(archive, sheet, package, "xl/worksheets/sheet1.xml", budget)
        if strings is not None:
            _copy_part(archive, strings, package, "xl/sharedStrings.xml", budget)
    return buffer.getvalue()


def _extract(data: bytes, sheet_name: str) -> bytes:
    try:
        with open_checked(data, XLSX_UPLOAD) as archive:
            budget = _TagBudget(MAX_XML_TAGS)
            sheet, strings = _locate(archive, sheet_name, budget)
            return _minimal_workbook(archive, sheet, strings, budget)
    except ElementTree.ParseError as exc:
        raise UnreadableUpload(NOT_XLSX, complete=True) from exc
    except NotAnArchive as exc:
        raise UnreadableUpload(DAMAGED_XLSX, complete=True) from exc
    except ArchiveRefused as exc:
        raise UnreadableUpload(str(exc)) from exc
    except (zipfile.BadZipFile, EOFError, OSError) as exc:  # e.g. a CRC error while copying
        raise UnreadableUpload(DAMAGED_XLSX, complete=True) from exc


# --- .xlsx: the cells -----------------------------------------------------------------------


def _check_cells(rows: list[tuple[Any, ...]]) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise UnreadableUpload(
                    f"Die Zelle {_column_letter(c)}{r} ist mit {_number(len(value))} Zeichen "
                    f"zu lang; erlaubt sind {_number(MAX_CELL_CHARS)}."
                )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_extent(rows: list[list[Any]]) -> list[list[Any]]:
    """Refuse content just beyond MAX_ROWS / MAX_COLUMNS; return the rows within them."""
    if len(rows) > MAX_ROWS and not all(_blank(v) for v in rows[MAX_ROWS]):
        raise UnreadableUpload(
            f"Die Tabelle hat mehr als {_number(MAX_ROWS)} Zeilen; gelesen werden höchstens "
            f"{_number(MAX_ROWS)}."
        )
    if not all(_blank(v) for row in rows for v in row[MAX_COLUMNS:]):
        raise UnreadableUpload(
            f"Die Tabelle hat mehr als {MAX_COLUMNS} Spalten; gelesen werden höchstens "
            f"{MAX_COLUMNS}."
        )
    return [row[:MAX_COLUMNS] for row in rows[:MAX_ROWS]]


def xlsx_rows(data: bytes, sheet_name: str) -> list[list[Any]]:
    """Cell values of the sheet ``sheet_name`` (else the first sheet), row by row.

    Raises :class:`UnreadableUpload` for anything the limits above refuse.
    """
    from openpyxl import load_workbook

    package = _extract(data, sheet_name)
    try:
        workbook = load_workbook(
            io.BytesIO(package), read_only=True, data_only=True, keep_links=False
        )
    except Exception as exc:
        raise UnreadableUpload(NOT_XLSX, complete=True) from exc
    try:
        sheet = workbook.worksheets[0]
        raw = list(sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1, values_only=True))
    except Exception as exc:
        raise UnreadableUpload("Die Excel-Datei konnte nicht gelesen werden.") from exc
    finally:
        workbook.close()
    _check_cells(raw)
    return _check_extent([list(row) for row in raw])


# --- CSV ----------------------------------------------------------------------------------------


def _is_utf8(data: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 16):
            decoder.decode(view[start : start + (1 << 16)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def text_stream(data: bytes) -> io.TextIOWrapper:
    """``data`` as text, decoded while read: UTF-8 (BOM optional), else Windows-1252.

    Windows-1252 is what German Excel saves as "CSV"; its few undefined bytes become "�".
    """
    if data.startswith(codecs.BOM_UTF8) or _is_utf8(data):
        encoding, errors = "utf-8-sig", "strict"
    else:
        encoding, errors = "cp1252", "replace"
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors=errors, newline="")


class RowTooLong(UnreadableUpload):
    """A CSV row longer than :data:`MAX_ROW_CHARS` characters."""


class RowLines:
    """Physical lines for :func:`csv.reader`; a row longer than the limit stops the reader.

    Call :meth:`next_row` after each row the reader returns (a quoted cell may span lines).
    """

    def __init__(self, stream: io.TextIOBase, max_row_chars: int = MAX_ROW_CHARS) -> None:
        self._stream = stream
        self._limit = max_row_chars
        self._row_chars = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self._stream.readline(self._limit + 1)
        if not line:
            raise StopIteration
        self._row_chars += len(line)
        if self._row_chars > self._limit:
            raise RowTooLong(f"Eine Zeile ist mit über {_number(self._limit)} Zeichen zu lang.")
        return line

    def next_row(self) -> None:
        self._row_chars = 0


def _read_csv(data: bytes, delimiter: str, max_rows: int) -> list[list[str]]:
    lines = RowLines(text_stream(data))
    reader = csv.reader(lines, delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            lines.next_row()
            rows.append(row)
            if len(rows) >= max_rows:
                break
    except csv.Error as exc:
        # The csv module's own message is English; say in German what usually causes it.
        raise UnreadableUpload(
            f"Zeile {reader.line_num} ist nicht lesbar (z. B. ein Anführungszeichen ohne "
            f"Gegenstück oder eine Zelle mit über {_number(csv.field_size_limit())} Zeichen)."
        ) from exc
    _check_cells([tuple(row[: MAX_COLUMNS + 1]) for row in rows])
    return rows


def csv_head(data: bytes, delimiter: str, count: int) -> list[list[str]]:
    """The first ``count`` rows of a CSV file (to guess its separator)."""
    return [row[:MAX_COLUMNS] for row in _read_csv(data, delimiter, count)]


def csv_rows(data: bytes, delimiter: str) -> list[list[str]]:
    """The rows of a CSV file within the limits above (see :func:`xlsx_rows`).

    Raises :class:`UnreadableUpload` (also for the csv module's own errors).
    """
    return _check_extent(_read_csv(data, delimiter, MAX_ROWS + 1))
