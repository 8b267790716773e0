"""The offline questionnaire: an Excel/CSV template per assessment, and its validator.

Workshops often have bad Wi-Fi, so an initiative can download its questionnaire, fill it in
offline and upload it into its draft. The work is split by direction: the layout both sides
agree on (:mod:`mintqo.io.offline_template_layout`), writing the template
(:mod:`mintqo.io.offline_template_writer`), reading an upload into rows
(:mod:`mintqo.io.offline_template_reader`) and validating them, all or nothing
(:mod:`mintqo.io.offline_template_validation`). This module re-exports their public names, so
callers import the offline template from one place. Pure: no store, no streamlit.
"""

from __future__ import annotations

from mintqo.io.offline_template_layout import (
    COL_CRITERION,
    COL_ID,
    COL_NOTE,
    COL_STATEMENT,
    COL_VALUE,
    COLUMNS,
    EXAMPLE_ID,
    EXAMPLE_VALUE,
    MARKER,
    META_ASSESSMENT,
    META_VERSION,
    NOT_APPLICABLE,
    NOTE_ROW_TEXT,
    REQUIRED_COLUMNS,
)
from mintqo.io.offline_template_reader import MAX_FILE_BYTES, Problem, read_rows
from mintqo.io.offline_template_validation import (
    MAX_NOTE_CHARS,
    ParsedAnswers,
    TemplateError,
    ValidationResult,
    validate_file,
    validate_rows,
)
from mintqo.io.offline_template_writer import (
    TemplateContent,
    example_row,
    template_bytes,
    template_csv,
    template_filename,
    template_rows,
    template_xlsx,
)

__all__ = [
    "COLUMNS",
    "COL_CRITERION",
    "COL_ID",
    "COL_NOTE",
    "COL_STATEMENT",
    "COL_VALUE",
    "EXAMPLE_ID",
    "EXAMPLE_VALUE",
    "MARKER",
    "MAX_FILE_BYTES",
    "MAX_NOTE_CHARS",
    "META_ASSESSMENT",
    "META_VERSION",
    "NOTE_ROW_TEXT",
    "NOT_APPLICABLE",
    "REQUIRED_COLUMNS",
    "ParsedAnswers",
    "Problem",
    "TemplateContent",
    "TemplateError",
    "ValidationResult",
    "example_row",
    "read_rows",
    "template_bytes",
    "template_csv",
    "template_filename",
    "template_rows",
    "template_xlsx",
    "validate_file",
    "validate_rows",
]
