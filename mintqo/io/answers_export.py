"""Raw answers of a round as CSV or Excel (formula-injection safe via :mod:`mintqo.io.tabular`).

The Excel file is meant to be read: an "Info" sheet says which project, round and
questionnaire version it holds, "Antworten" has every statement, "Ergebnisse" the criterion
scores (0–100, the same rule as the profile), and the action plan follows when given. File
names carry the project and the day, never an internal id.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

import pandas as pd

from mintqo.formats import EXPORT_DECIMALS, local_date
from mintqo.io.tabular import csv_bytes, excel_bytes
from mintqo.scoring import value_to_score

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


ANSWER_COLUMNS = {"Bereich", "Kriterium-ID", "Kriterium", "Wert"}


def answers_csv(frame: pd.DataFrame) -> bytes:
    return csv_bytes(frame)


def scores_from_answers(frame: pd.DataFrame) -> pd.DataFrame:
    """Criterion scores of an answers table (columns of ``answers_table``): the mean of the
    rated statements on 0–100, none with fewer than half of them rated (as
    :func:`mintqo.scoring.score_criterion`)."""
    rows = []
    for (area, criterion_id, criterion), part in frame.groupby(
        ["Bereich", "Kriterium-ID", "Kriterium"], sort=False
    ):
        rated = part["Wert"].dropna().astype(float)
        scored = len(rated) > 0 and 2 * len(rated) >= len(part)
        rows.append(
            {
                "Bereich": area,
                "Kriterium-ID": criterion_id,
                "Kriterium": criterion,
                "Wert (0–100)": round(value_to_score(rated.mean()), EXPORT_DECIMALS)
                if scored
                else None,
                "Bewertete Aussagen": len(rated),
                "Aussagen": len(part),
                "Hinweis": "" if scored else "zu wenige Bewertungen für einen Wert",
            }
        )
    scores = pd.DataFrame(rows)
    if len(scores):
        scores["Bewertete Aussagen"] = scores["Bewertete Aussagen"].astype(int)
        scores["Aussagen"] = scores["Aussagen"].astype(int)
    return scores


def info_sheet(info: Mapping[str, object]) -> pd.DataFrame:
    """Key–value rows ("Projekt", "Fragebogen-Version", …), dates in German."""
    values = [
        local_date(v) if isinstance(v, dt.date) else ("–" if v is None else str(v))
        for v in info.values()
    ]
    return pd.DataFrame({"Angabe": list(info), "Wert": values})


def answers_excel(
    frame: pd.DataFrame,
    actions: pd.DataFrame | None = None,
    *,
    scores: pd.DataFrame | None = None,
    info: Mapping[str, object] | None = None,
) -> bytes:
    """The workbook: "Info" (when ``info`` is given, e.g. project, initiative, round,
    questionnaire version, submitted on), "Antworten", "Ergebnisse" (``scores`` or computed
    from the answers) and "Maßnahmenplan" (when ``actions`` is given)."""
    sheets: dict[str, pd.DataFrame] = {}
    if info:
        sheets["Info"] = info_sheet({**info, "Exportiert am": dt.date.today()})
    answers = frame.copy()
    if "Wert" in answers.columns:
        answers["Wert"] = answers["Wert"].astype("Int64")
    sheets["Antworten"] = answers
    if scores is None and set(frame.columns) >= ANSWER_COLUMNS:
        scores = scores_from_answers(frame)
    if scores is not None:
        sheets["Ergebnisse"] = scores
    if actions is not None:
        sheets["Maßnahmenplan"] = actions
    return excel_bytes(sheets)
