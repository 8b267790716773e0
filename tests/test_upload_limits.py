"""Uploads cannot exhaust the server (issue 13, item 8).

Crafted files (zip bombs, sheets claiming a million rows, CSV with a million cells) are
refused with a German reason, and refusing them stays far inside the budget of 100 MB extra
memory, measured as the peak of Python allocations around the call. The crafted files come
from ``benchmarks/bench_upload_memory.py`` (which measures time and resident memory too).
Real templates, as Excel and our own export write them, still validate.
"""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from benchmarks import bench_upload_memory as files
from mintqo.io.backup import BackupError, load_backup_bytes
from mintqo.io.offline_template import validate_file
from mintqo.io.org_import import parse as parse_org_csv
from mintqo.questionnaire import load_questionnaire

BUDGET = 100 * 1024 * 1024
Q = load_questionnaire(1)
AID = files.AID


def peak(call: Callable[[], Any]) -> tuple[Any, int]:
    """The call's result and the peak of Python allocations while it ran."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def validate(data: bytes, name: str = "upload.xlsx") -> tuple[list[str], int]:
    result, used = peak(lambda: validate_file(data, name, Q, AID))
    return result.messages(), used


def refused(data: bytes, name: str = "upload.xlsx") -> tuple[str, int]:
    messages, used = validate(data, name)
    assert len(messages) == 1, messages
    return messages[0], used


def rebuilt(data: bytes, change: Callable[[zipfile.ZipFile, zipfile.ZipFile], None]) -> bytes:
    """A copy of the archive ``data`` with ``change(source, target)`` adding to it."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        change(source, target)
    return buffer.getvalue()


# --- real templates still validate -----------------------------------------------------------


@pytest.mark.parametrize("name", ["template-filled.xlsx", "template-filled.csv"])
def test_a_filled_template_validates(name):
    messages, used = validate(files.FILES[name][0](), name)
    assert messages == []
    assert used < BUDGET


def test_a_template_with_shared_strings_and_absolute_targets_validates():
    """What Excel writes: every text in sharedStrings.xml, sheets named by relationships."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(files.filled_template_xlsx()))["Selbstanalyse"]
    strings: list[str] = []
    rows = []
    for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{'ABCDE'[c]}{r}"
            if isinstance(value, str):
                strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            elif value is not None:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    from xml.sax.saxutils import escape

    sst = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    data = files.workbook_package(
        f'<worksheet xmlns="{files.MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'.encode(),
        strings=f'<sst xmlns="{files.MAIN}" count="{len(strings)}">{sst}</sst>'.encode(),
        sheet_target="/xl/worksheets/sheet1.xml",
    )
    assert validate(data)[0] == []


def test_the_largest_template_shaped_upload_validates_within_budget():
    data = files.largest_template_xlsx()
    assert 4 * 1024 * 1024 < len(data) <= files.UPLOAD_LIMIT
    messages, used = validate(data)
    assert messages == []
    assert used < BUDGET


def test_a_template_with_many_style_records_is_read_without_them():
    """50,000 style records cost openpyxl 3 s and ≈ 40 MB; the reader never parses styles."""
    messages, used = validate(files.styles_bomb_xlsx())
    assert messages == []
    assert used < 8 * 1024 * 1024


# --- crafted .xlsx files ----------------------------------------------------------------------


def test_a_high_ratio_entry_is_refused_before_inflating_it():
    message, used = refused(files.ratio_bomb_xlsx(inflated_mb=40))
    assert message.startswith(
        "Der Eintrag „xl/worksheets/sheet1.xml“ ist entpackt 40,0 MB groß; erlaubt sind "
        "höchstens 8,0 MB."
    )
    assert "Bitte laden Sie die heruntergeladene Vorlage ausgefüllt hoch" in message
    assert used < BUDGET


def test_an_archive_with_thousands_of_entries_is_refused_from_its_end_record():
    message, used = refused(files.many_entries_xlsx(count=5_000))
    assert message.startswith("Das Archiv enthält 5.005 Einträge; erlaubt sind höchstens 200.")
    assert used < BUDGET


def test_a_sheet_claiming_a_million_rows_is_read_only_as_far_as_the_limit():
    """Today's reader pads every row up to XFD1048576: 1,048,576 × 16,384 cells."""
    messages, used = validate(files.huge_dimension_xlsx())
    assert messages == []  # the template validates; the far-away cell is never read
    assert used < BUDGET


def test_deeply_nested_shared_strings_are_refused():
    message, used = refused(files.nested_strings_xlsx(depth=20_000, strings=5))
    assert message.startswith("Die Excel-Datei ist zu umfangreich")
    assert "50.000 XML-Elemente" in message
    assert used < BUDGET


def test_hundreds_of_thousands_of_shared_strings_are_refused():
    message, used = refused(files.many_strings_xlsx(count=200_000, varied=True))
    assert message.startswith("Die Excel-Datei ist zu umfangreich")
    assert used < BUDGET


def test_a_nested_archive_is_refused():
    def add_zip(source, target):
        target.writestr("xl/embeddings/bild.png", files.filled_template_xlsx())

    message, used = refused(rebuilt(files.filled_template_xlsx(), add_zip))
    assert message.startswith("Der Eintrag „xl/embeddings/bild.png“ ist selbst ein Archiv.")
    assert used < BUDGET


def test_a_dtd_in_the_sheet_is_refused():
    sheet = files._template_sheet_xml()
    declaration = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    message, _ = refused(
        files.workbook_package(sheet.replace(b"<worksheet", declaration + b"<worksheet", 1))
    )
    assert message.startswith("Die Excel-Datei enthält unzulässige XML-Deklarationen (DTD).")


def _template_with(ref: str, text: str) -> bytes:
    """The filled template's sheet with one more text cell, written as raw XML (openpyxl would
    cut a text at 32,767 characters itself)."""
    row = int("".join(ch for ch in ref if ch.isdigit()))
    cell = f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()
    sheet = files._template_sheet_xml()
    if f'<row r="{row}"'.encode() in sheet:
        start = sheet.index(f'<row r="{row}"'.encode())
        end = sheet.index(b"</row>", start)
        sheet = sheet[:end] + cell + sheet[end:]
    else:
        sheet = sheet.replace(
            b"</sheetData>", f'<row r="{row}">'.encode() + cell + b"</row></sheetData>"
        )
    start = sheet.index(b"<dimension")
    sheet = sheet[:start] + sheet[sheet.index(b"/>", start) + 2 :]
    return files.workbook_package(sheet)


@pytest.mark.parametrize(
    "ref, text, message",
    [
        ("F3", "x" * 40_000, "Die Zelle F3 ist mit 40.000 Zeichen zu lang; erlaubt sind 32.767."),
        ("F1001", "mehr", "Die Tabelle hat mehr als 1.000 Zeilen; gelesen werden höchstens 1.000."),
        ("AY3", "breit", "Die Tabelle hat mehr als 50 Spalten; gelesen werden höchstens 50."),
    ],
)
def test_cells_beyond_the_reading_limits_are_refused(ref, text, message):
    # The template's validator ignores column F and beyond: only the reader can object.
    assert validate(_template_with("F4", "erlaubt"))[0] == []
    got, _ = refused(_template_with(ref, text))
    assert got.startswith(message)


# --- crafted CSV files -------------------------------------------------------------------------


def test_a_csv_row_of_a_million_cells_is_refused():
    message, used = refused(files.csv_one_row(), "upload.csv")
    assert message == (
        "Eine Zeile ist mit über 200.000 Zeichen zu lang. Bitte laden Sie die heruntergeladene "
        "Vorlage ausgefüllt hoch."
    )
    assert used < BUDGET


def test_a_csv_of_millions_of_lines_is_read_only_to_the_limit():
    message, used = refused(files.csv_many_lines(), "upload.csv")
    assert message.startswith("Die Tabelle hat mehr als 1.000 Zeilen")
    assert used < BUDGET


def test_an_unreadable_csv_row_is_explained_in_german():
    data = files.filled_template_csv() + b'"' + b"x" * 150_000 + b'"\r\n'
    message, _ = refused(data, "upload.csv")
    assert message.startswith(
        "Zeile 76 ist nicht lesbar (z. B. ein Anführungszeichen ohne Gegenstück oder eine Zelle "
        "mit über 131.072 Zeichen)."
    )


def test_the_largest_template_shaped_csv_validates_within_budget():
    for wide in (False, True):
        data = files.largest_template_csv(wide=wide)
        assert 4 * 1024 * 1024 < len(data) <= files.UPLOAD_LIMIT
        messages, used = validate(data, "upload.csv")
        assert messages == []
        assert used < BUDGET


# --- network import (CSV) -------------------------------------------------------------------------


def test_network_import_refuses_a_row_of_a_million_cells():
    (rows, errors), used = peak(lambda: parse_org_csv(b"Netzwerk;" + files.csv_one_row()))
    assert rows == []
    assert errors == [
        "Zeile 1: Die Kopfzeile ist nicht lesbar (Eine Zeile ist mit über 200.000 Zeichen zu lang.)."
    ]
    assert used < BUDGET


def test_network_import_stops_reading_after_its_row_limit():
    data = b"Netzwerk;Kohorte;Initiative\n" + b";x\n" * 1_600_000  # 4.8 MB of bad lines
    (_rows, errors), used = peak(lambda: parse_org_csv(data))
    assert errors[-1] == "Zeile 20002: Mehr als 20000 Zeilen; bitte teilen Sie die Datei."
    assert len(errors) == 20_001
    assert used < BUDGET


def test_network_import_refuses_a_file_over_5_mb():
    _rows, errors = parse_org_csv(b"Netzwerk\n" + b"a\n" * (3 * 1024 * 1024))
    assert errors == ["Die Datei ist mit 6,0 MB zu groß; erlaubt sind höchstens 5 MB."]


# --- backups --------------------------------------------------------------------------------------


def _zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_handed_in_as_backup_is_refused_before_inflating():
    bomb = _zipped({"mintqo-backup.json": b"{" + b" " * (150 * 1024 * 1024) + b"}"})
    tracemalloc.start()
    try:
        with pytest.raises(BackupError) as info:
            load_backup_bytes(bomb)
        used = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(info.value).startswith(
        "Das ZIP-Archiv wird nicht geöffnet: Der Eintrag „mintqo-backup.json“ ist ungewöhnlich "
        "stark komprimiert ("
    )
    assert used < BUDGET


def test_a_backup_with_a_nested_archive_is_refused():
    inner = _zipped({"mintqo-backup.json": b"{}"})
    with pytest.raises(BackupError, match="ist selbst ein Archiv"):
        load_backup_bytes(_zipped({"mintqo-backup.json": b"{}", "mehr.zip": inner}))


def test_a_backup_nested_ten_thousand_levels_deep_is_refused():
    with pytest.raises(BackupError, match="kein gültiges JSON"):
        load_backup_bytes(b"[" * 100_000)


def test_a_real_backup_document_passes_the_guard():
    doc = {"format": "mintqo-backup", "format_version": 1, "tables": {}}
    payload = json.dumps(doc).encode() + b" " * 100_000  # 100 KB, compresses far beyond 100 : 1
    assert load_backup_bytes(_zipped({"mintqo-backup.json": payload}))["tables"] == {}
