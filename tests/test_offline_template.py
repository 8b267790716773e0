"""The offline template and its validator: layout, round trips, and every bad input in German."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from mintqo.io.offline_template import (
    COLUMNS,
    EXAMPLE_ID,
    MAX_FILE_BYTES,
    NOTE_ROW_TEXT,
    TemplateContent,
    read_rows,
    template_csv,
    template_xlsx,
    validate_file,
)
from mintqo.questionnaire import load_questionnaire

Q = load_questionnaire(1)
AID = 42
FIRST, SECOND = Q.items[0].id, Q.items[1].id
CRIT = Q.criteria[0].id


def content(answers=None, notes=None) -> TemplateContent:
    return TemplateContent(AID, Q, answers or {}, notes or {})


def csv_text(rows: list[list[object]], sep: str = ";") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def make_csv(
    data_rows: list[list[object]],
    sep: str = ";",
    encoding: str = "utf-8-sig",
    meta: list[object] | None = None,
    header: list[object] | None = None,
) -> bytes:
    rows = [
        meta
        if meta is not None
        else ["mintqo-Vorlage", "Selbstanalyse", AID, "Fragebogen-Version", 1],
        header if header is not None else list(COLUMNS),
        *data_rows,
    ]
    return csv_text(rows, sep).encode(encoding)


def messages(data: bytes, name: str = "x.csv") -> list[str]:
    result = validate_file(data, name, Q, AID)
    assert not result.ok
    assert result.parsed is None
    return result.messages()


# --- template layout --------------------------------------------------------------------------


def test_xlsx_template_has_a_row_per_statement_a_note_row_per_criterion_and_a_dropdown():
    data = template_xlsx(content({FIRST: 4, SECOND: None}, {CRIT: "Belege im Ordner"}))
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Selbstanalyse"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("mintqo-Vorlage", "Selbstanalyse", AID, "Fragebogen-Version", Q.version)
    assert rows[1] == COLUMNS
    assert rows[2][0] == EXAMPLE_ID and rows[2][3] == 4  # a filled example row, skipped on import
    body = rows[3:]
    ids = [r[0] for r in body]
    assert ids.count(FIRST) == 1
    assert {i.id for i in Q.items} <= set(ids)
    assert {c.id for c in Q.criteria} <= set(ids)
    assert len(body) == len(Q.items) + len(Q.criteria)
    by_id = {r[0]: r for r in body}
    assert by_id[FIRST][3] == 4
    assert by_id[SECOND][3] == "n.z."
    assert by_id[CRIT][2] == NOTE_ROW_TEXT and by_id[CRIT][4] == "Belege im Ordner"
    assert by_id[FIRST][2] == Q.items[0].text
    # The drop-down covers every statement row and offers exactly 1–5 and n.z.
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    dv = validations[0]
    assert dv.type == "list" and dv.formula1 == '"1,2,3,4,5,n.z."'
    covered = {str(c) for rng in dv.sqref.ranges for c in [rng.coord]}
    statement_rows = [i + 4 for i, r in enumerate(body) if r[2] != NOTE_ROW_TEXT]
    assert covered == {f"D{r}" for r in statement_rows}


def test_csv_template_has_the_same_rows_as_the_xlsx_template():
    c = content({FIRST: 2}, {CRIT: "x"})
    xlsx_rows = list(
        load_workbook(io.BytesIO(template_xlsx(c)))["Selbstanalyse"].iter_rows(values_only=True)
    )
    csv_rows, problems = read_rows(template_csv(c), "t.csv")
    assert not problems
    assert template_csv(c).startswith(b"\xef\xbb\xbf")
    normalised = [["" if v is None else str(v) for v in row] for row in xlsx_rows]
    assert csv_rows == normalised


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_template_imports_unchanged(fmt):
    answers = {i.id: (i_n % 5) + 1 for i_n, i in enumerate(Q.items)}
    answers[SECOND] = None
    notes = {
        CRIT: "=SUMME(A1) ist eine Notiz, keine Formel",
        Q.criteria[1].id: "-5 Teilnehmende\nzweite Zeile",
    }
    c = content(answers, notes)
    data = template_csv(c) if fmt == "csv" else template_xlsx(c)
    result = validate_file(data, f"t.{fmt}", Q, AID)
    assert result.ok, result.messages()
    assert dict(result.parsed.answers) == answers
    assert dict(result.parsed.notes) == notes


def test_formula_like_notes_are_neutralised_in_the_template():
    c = content(notes={CRIT: '=HYPERLINK("http://x")'})
    assert b"'=HYPERLINK" in template_csv(c)
    ws = load_workbook(io.BytesIO(template_xlsx(c)))["Selbstanalyse"]
    cells = [
        cell
        for row in ws.iter_rows()
        for cell in row
        if cell.value and "HYPERLINK" in str(cell.value)
    ]
    assert cells and all(cell.data_type == "s" and cell.value.startswith("'") for cell in cells)


# --- accepted variants ------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_variants_are_read(sep, encoding):
    data = make_csv(
        [[FIRST, "", "", "3", ""], [CRIT, "", "", "", "Größe überprüft – ja"]], sep, encoding
    )
    result = validate_file(data, "x.csv", Q, AID)
    assert result.ok, result.messages()
    assert dict(result.parsed.answers) == {FIRST: 3}
    assert dict(result.parsed.notes) == {CRIT: "Größe überprüft – ja"}


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1", 1),
        ("5", 5),
        ("3.0", 3),
        ("4,0", 4),
        (" 2 ", 2),
        ("n.z.", None),
        ("N.Z.", None),
        ("nz", None),
        ("nicht zutreffend", None),
    ],
)
def test_accepted_value_spellings(raw, expected):
    result = validate_file(make_csv([[FIRST, "", "", raw, ""]]), "x.csv", Q, AID)
    assert result.ok, result.messages()
    assert dict(result.parsed.answers) == {FIRST: expected}


def test_empty_cells_and_blank_rows_change_nothing():
    result = validate_file(
        make_csv([[FIRST, "", "", "", ""], ["", "", "", "", ""], []]), "x.csv", Q, AID
    )
    assert result.ok
    assert dict(result.parsed.answers) == {} and dict(result.parsed.notes) == {}


# --- every bad input: all problems, with row and column, in German ----------------------------


BAD_CELLS = [
    (
        "0",
        "Zeile 3, Spalte „Bewertung“: 0 liegt außerhalb der Skala. Erlaubt sind 1 bis 5 oder „n.z.“.",
    ),
    (
        "6",
        "Zeile 3, Spalte „Bewertung“: 6 liegt außerhalb der Skala. Erlaubt sind 1 bis 5 oder „n.z.“.",
    ),
    (
        "-1",
        "Zeile 3, Spalte „Bewertung“: „-1“ ist keine gültige Bewertung. Erlaubt sind 1 bis 5 oder „n.z.“.",
    ),
    (
        "3.5",
        "Zeile 3, Spalte „Bewertung“: „3.5“ ist keine ganze Zahl. Erlaubt sind 1, 2, 3, 4, 5 oder „n.z.“.",
    ),
    (
        "2,5",
        "Zeile 3, Spalte „Bewertung“: „2,5“ ist keine ganze Zahl. Erlaubt sind 1, 2, 3, 4, 5 oder „n.z.“.",
    ),
    (
        "gut",
        "Zeile 3, Spalte „Bewertung“: „gut“ ist keine gültige Bewertung. Erlaubt sind 1 bis 5 oder „n.z.“.",
    ),
    (
        "=1+1",
        "Zeile 3, Spalte „Bewertung“: „=1+1“ ist keine gültige Bewertung. Erlaubt sind 1 bis 5 oder „n.z.“.",
    ),
]


@pytest.mark.parametrize("raw, message", BAD_CELLS)
def test_bad_values_are_reported_with_row_and_column(raw, message):
    assert messages(make_csv([[FIRST, "", "", raw, ""]])) == [message]


def test_all_problems_are_reported_at_once_and_nothing_is_accepted():
    data = make_csv(
        [
            [FIRST, "", "", "3", ""],
            ["XX9.9", "", "", "2", ""],
            [SECOND, "", "", "7", ""],
            [FIRST, "", "", "4", ""],
            [CRIT, "", "", "4", "Notiz"],
            [Q.items[2].id, "", "", "1", "Notiz an der falschen Stelle"],
            ["", "", "", "5", ""],
        ]
    )
    assert messages(data) == [
        "Zeile 4, Spalte „ID“: „XX9.9“ ist keine bekannte Aussage oder kein Kriterium "
        "von Fragebogen-Version 1.",
        "Zeile 5, Spalte „Bewertung“: 7 liegt außerhalb der Skala. Erlaubt sind 1 bis 5 oder „n.z.“.",
        f"Zeile 6, Spalte „ID“: „{FIRST}“ kommt doppelt vor (zuerst in Zeile 3).",
        "Zeile 7, Spalte „Bewertung“: In der Notizzeile eines Kriteriums wird keine Bewertung eingetragen.",
        f"Zeile 8, Spalte „Notiz“: Notizen gehören in die Notizzeile des Kriteriums {CRIT} "
        "(ID-Spalte = Kriterium).",
        "Zeile 9, Spalte „ID“: Die ID fehlt; ohne ID lässt sich die Zeile keiner Aussage zuordnen.",
    ]


def test_missing_header():
    assert messages(
        make_csv([[FIRST, "", "", "3", ""]], header=["ID", "Kriterium", "Aussage", "Wert"])
    ) == [
        "Zeile 2: Die Kopfzeile fehlt oder ist unvollständig: Spalte(n) „Bewertung“ nicht gefunden. "
        "Bitte verwenden Sie die heruntergeladene Vorlage unverändert."
    ]
    assert messages(b"a;b;c\r\n1;2;3\r\n") == [
        "Zeile 2: Die Kopfzeile fehlt oder ist unvollständig: Spalte(n) „ID“, „Bewertung“ nicht gefunden. "
        "Bitte verwenden Sie die heruntergeladene Vorlage unverändert."
    ]


def test_wrong_questionnaire_version_and_wrong_assessment():
    data = make_csv(
        [[FIRST, "", "", "3", ""]],
        meta=["mintqo-Vorlage", "Selbstanalyse", 41, "Fragebogen-Version", 2],
    )
    assert messages(data) == [
        "Zeile 1, Spalte „Fragebogen-Version“: Die Vorlage gehört zu Fragebogen-Version 2, diese "
        "Selbstanalyse verwendet Version 1. Bitte laden Sie die aktuelle Vorlage herunter.",
        "Zeile 1, Spalte „Selbstanalyse“: Die Vorlage gehört zu Selbstanalyse Nr. 41, nicht zu Nr. 42. "
        "Bitte laden Sie die Vorlage dieser Selbstanalyse herunter.",
    ]


def test_missing_meta_row():
    data = csv_text([list(COLUMNS), [FIRST, "", "", "3", ""]]).encode()
    assert messages(data) == [
        "Zeile 1: Die Angaben zu Selbstanalyse und Fragebogen-Version fehlen (erste Zeile der Vorlage). "
        "Bitte laden Sie die Vorlage neu herunter und übertragen Sie Ihre Eingaben."
    ]


@pytest.mark.parametrize("data", [b"", b"   \r\n", b"\xef\xbb\xbf", b";;;\r\n;;\r\n"])
def test_empty_file(data):
    assert messages(data) == ["Die Datei ist leer."]


def test_file_over_5_mb():
    data = make_csv([[FIRST, "", "", "3", ""]]) + b" " * MAX_FILE_BYTES
    assert messages(data) == ["Die Datei ist mit 5.0 MB zu groß; erlaubt sind höchstens 5 MB."]


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00",
            "Die Datei ist keine Tabelle. Bitte laden Sie die ausgefüllte Vorlage als .xlsx oder CSV hoch.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "Die Datei ist keine Tabelle. Bitte laden Sie die ausgefüllte Vorlage als .xlsx oder CSV hoch.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "Dateien im alten Excel-Format (.xls) werden nicht unterstützt. "
            "Bitte speichern Sie die Datei als .xlsx oder CSV.",
        ),
        (b"PK\x03\x04 truncated", "Die Excel-Datei ist beschädigt oder unvollständig."),
    ],
)
def test_not_a_spreadsheet(data, message):
    assert messages(data, "upload.xlsx") == [message]


def test_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hallo.txt", "kein Excel")
    assert messages(buffer.getvalue(), "x.xlsx") == [
        "Die Datei ist keine lesbare Excel-Datei (.xlsx). Bitte speichern Sie sie erneut als "
        "Excel-Arbeitsmappe oder als CSV."
    ]


def test_plain_text_that_is_not_a_table():
    assert messages("Liebe Grüße aus dem Workshop!\n".encode()) == [
        "Zeile 2: Die Kopfzeile fehlt oder ist unvollständig: Spalte(n) „ID“, „Bewertung“ nicht gefunden. "
        "Bitte verwenden Sie die heruntergeladene Vorlage unverändert."
    ]


def test_bad_notes():
    too_long = "x" * 2001
    data = make_csv([[CRIT, "", "", "", too_long], [Q.criteria[1].id, "", "", "", "a\x00b"]])
    assert messages(data) == [
        "Zeile 3, Spalte „Notiz“: Die Notiz ist mit 2001 Zeichen zu lang; erlaubt sind 2000.",
        "Zeile 4, Spalte „Notiz“: Die Notiz enthält unzulässige Steuerzeichen (z. B. ein Nullbyte). "
        "Bitte entfernen Sie sie.",
    ]


def test_bad_values_in_an_xlsx_are_reported_with_excel_row_numbers():
    c = content({FIRST: 3})
    wb = load_workbook(io.BytesIO(template_xlsx(c)))
    ws = wb["Selbstanalyse"]
    ws["D4"] = 9  # second statement
    ws["D5"] = 2.5
    buffer = io.BytesIO()
    wb.save(buffer)
    assert messages(buffer.getvalue(), "x.xlsx") == [
        "Zeile 4, Spalte „Bewertung“: 9 liegt außerhalb der Skala. Erlaubt sind 1 bis 5 oder „n.z.“.",
        "Zeile 5, Spalte „Bewertung“: „2.5“ ist keine ganze Zahl. Erlaubt sind 1, 2, 3, 4, 5 oder „n.z.“.",
    ]


def test_the_example_row_shows_a_filled_row_and_is_skipped_on_import():
    """Issue 14, item 19: the template has an example row; importing it changes nothing."""
    for data, name in (
        (template_csv(content({}, {})), "t.csv"),
        (template_xlsx(content({}, {})), "t.xlsx"),
    ):
        rows, problems = read_rows(data, name)
        assert not problems
        example = next(r for r in rows if r[0] == EXAMPLE_ID)
        assert "übersprungen" in example[2] and example[3] == "4"
        result = validate_file(data, name, Q, AID)
        assert result.ok and result.parsed.answers == {} and result.parsed.notes == {}
