"""Raw answers of a round as CSV or Excel (formula-injection safe via :mod:`mintqo.io.tabular`)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pandas as pd

from mintqo.io.tabular import csv_bytes, excel_bytes

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def export_filename(
    kind: str, project_name: str, extension: str, day: dt.date | None = None
) -> str:
    """German, file-system safe name: ``Selbstanalyse-Profil_Roboter-bauen_2026-11-22.pdf``."""
    day = day or dt.date.today()
    name = project_name.translate(_UMLAUTS)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:60] or "Projekt"
    return f"{kind}_{name}_{day.isoformat()}.{extension.lstrip('.')}"


def answers_csv(frame: pd.DataFrame) -> bytes:
    return csv_bytes(frame)


def answers_excel(frame: pd.DataFrame, actions: pd.DataFrame | None = None) -> bytes:
    sheets = {"Antworten": frame}
    if actions is not None:
        sheets["Maßnahmenplan"] = actions
    return excel_bytes(sheets)
