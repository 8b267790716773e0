"""The current questionnaire's criteria as dashboard rows and frames."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from mintqo.questionnaire import Questionnaire, load_questionnaire

LOW_SCORE = 50.0
"""A criterion score below this counts as 'low' in the workshop topics."""


@dataclass(frozen=True)
class CriterionRow:
    criterion_id: str
    Kriterium: str
    area: str
    Bereich: str


def criteria(questionnaire: Questionnaire | None = None) -> list[CriterionRow]:
    """The questionnaire's criteria in display order (the current one by default)."""
    q = questionnaire or load_questionnaire()
    return [CriterionRow(c.id, c.name, c.area_id, q.area_by_id[c.area_id].name) for c in q.criteria]


def criteria_frame(questionnaire: Questionnaire | None = None) -> pd.DataFrame:
    rows = criteria(questionnaire)
    return pd.DataFrame(
        [vars(r) for r in rows], columns=["criterion_id", "Kriterium", "area", "Bereich"]
    )


def frame(rows: Sequence[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame of row dicts with exactly ``columns`` (also when there are no rows)."""
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(list(rows), columns=columns)
