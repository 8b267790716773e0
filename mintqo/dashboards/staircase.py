"""How many of a network's initiatives report each step of the impact staircase. Pure.

From the released strongest evidence per initiative and step. Shown only as counts over the
initiatives that filled in a staircase, under the same group rules as every aggregate: at
least five, and none or at least five the viewer does not know.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from mintqo import privacy
from mintqo.dashboards.criteria import frame

STEP_LABELS = (
    (1, "Output", "Aktivitäten finden wie geplant statt"),
    (2, "Output", "Zielgruppen werden erreicht"),
    (3, "Output", "Zielgruppen nehmen das Angebot an"),
    (4, "Outcome", "Zielgruppen verändern Bewusstsein oder Fähigkeiten"),
    (5, "Outcome", "Zielgruppen verändern ihr Handeln"),
    (6, "Outcome", "Lebenssituation der Zielgruppen verändert sich"),
    (7, "Impact", "Gesellschaft verändert sich"),
)
COLUMNS = ["step", "level", "label", "ja", "teilweise", "nein", "n"]
RANK_NAMES = {3: "ja", 2: "teilweise", 1: "nein"}


class StepRow(NamedTuple):
    initiative_id: int
    step: int
    evidence_rank: int


@dataclass(frozen=True)
class StaircaseOverview:
    initiatives: int  # initiatives with a released staircase
    shown: bool
    note: str
    steps: pd.DataFrame  # COLUMNS, one row per step (empty when not shown)


def build_staircase_overview(rows: Sequence[StepRow], known: frozenset[int]) -> StaircaseOverview:
    members = {r.initiative_id for r in rows}
    candidate = privacy.Candidate(
        "staircase", frozenset(privacy.value(i, "staircase") for i in members)
    )
    verdict = privacy.plan([candidate], known)["staircase"]
    if not verdict.shown:
        return StaircaseOverview(len(members), False, verdict.message, frame([], COLUMNS))
    counts = {(r.step, RANK_NAMES[r.evidence_rank]): 0 for r in rows}
    for r in rows:
        counts[(r.step, RANK_NAMES[r.evidence_rank])] += 1
    table = [
        {
            "step": step,
            "level": level,
            "label": label,
            **{name: counts.get((step, name), 0) for name in ("ja", "teilweise", "nein")},
            "n": len(members),
        }
        for step, level, label in STEP_LABELS
    ]
    return StaircaseOverview(len(members), True, "", frame(table, COLUMNS))
