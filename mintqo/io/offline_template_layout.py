"""The layout of the offline questionnaire template, shared by the writer and the reader.

One place for the marker, the meta labels, the column names and the special rows, so a
template written by :mod:`mintqo.io.offline_template_writer` is what
:mod:`mintqo.io.offline_template_validation` expects (the same layout for .xlsx and .csv):

    row 1  mintqo-Vorlage | Selbstanalyse | <assessment id> | Fragebogen-Version | <version>
    row 2  ID | Kriterium | Aussage | Bewertung | Notiz
    row 3… one row per statement (ID = item id, Bewertung = 1–5 or "n.z."), and after the
           statements of each criterion one note row (ID = criterion id, text in "Notiz").
"""

from __future__ import annotations

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
SHEET_TITLE = "Selbstanalyse"
