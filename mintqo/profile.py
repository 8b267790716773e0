"""The profile of a submitted round: area scores, strengths, improvement potentials, deltas.

Pure: assembles what :mod:`mintqo.scoring` computes into display-ready records and frames.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from mintqo import scoring
from mintqo.questionnaire import Questionnaire

Scores = Mapping[str, float | None]


@dataclass(frozen=True)
class CriterionLine:
    criterion_id: str
    name: str
    area_id: str
    area_name: str
    score: float
    explanation: str


@dataclass(frozen=True)
class StatementLine:
    item_id: str
    text: str
    criterion_id: str
    criterion_name: str
    value: int
    value_label: str
    score: float


@dataclass(frozen=True)
class Profile:
    questionnaire: Questionnaire
    criterion_scores: Mapping[str, float | None]  # every criterion, None = no score
    area_scores: Mapping[str, float | None]
    strengths: tuple[CriterionLine, ...]
    potentials: tuple[CriterionLine, ...]
    weakest_statements: tuple[StatementLine, ...]
    deltas: Mapping[str, float | None] | None  # None when there is no previous round


def _line(questionnaire: Questionnaire, criterion_id: str, score: float) -> CriterionLine:
    c = questionnaire.criterion_by_id[criterion_id]
    return CriterionLine(
        c.id, c.name, c.area_id, questionnaire.area_by_id[c.area_id].name, score, c.explanation
    )


def build_profile(
    questionnaire: Questionnaire,
    criterion_scores: Scores,
    answers: scoring.Answers,
    previous_scores: Scores | None = None,
) -> Profile:
    """Profile of one round; ``previous_scores`` (the round before) adds per-criterion deltas."""
    scores = {c.id: criterion_scores.get(c.id) for c in questionnaire.criteria}
    strengths = scoring.strongest_criteria(questionnaire, scores, 3)
    potentials = scoring.weakest_criteria(questionnaire, scores, 3)
    statements = tuple(
        StatementLine(
            r.item_id,
            questionnaire.item_by_id[r.item_id].text,
            r.criterion_id,
            questionnaire.criterion_by_id[r.criterion_id].name,
            r.value,
            questionnaire.scale_label(r.value),
            r.score,
        )
        for r in scoring.weakest_items(questionnaire, answers, 5)
    )
    deltas = None
    if previous_scores is not None:
        raw = scoring.round_deltas(previous_scores, scores)
        deltas = {c.id: raw.get(c.id) for c in questionnaire.criteria}
    return Profile(
        questionnaire=questionnaire,
        criterion_scores=scores,
        area_scores=scoring.area_scores(questionnaire, scores),
        strengths=tuple(_line(questionnaire, c, scores[c]) for c in strengths),  # type: ignore[arg-type]
        potentials=tuple(_line(questionnaire, c, scores[c]) for c in potentials),  # type: ignore[arg-type]
        weakest_statements=statements,
        deltas=deltas,
    )


def series_frame(questionnaire: Questionnaire, series: Mapping[str, Scores]) -> pd.DataFrame:
    """Long frame ``series, criterion_id, score`` (NaN = no score) for the radar chart."""
    rows = [
        {"series": label, "criterion_id": c.id, "score": scores.get(c.id)}
        for label, scores in series.items()
        for c in questionnaire.criteria
    ]
    frame = pd.DataFrame(rows, columns=["series", "criterion_id", "score"])
    frame["score"] = pd.to_numeric(frame["score"], errors="coerce").astype(float)
    return frame


def scores_table(profile: Profile) -> pd.DataFrame:
    """German table of the criterion scores (and changes), in questionnaire order."""
    q = profile.questionnaire
    rows = []
    for c in q.criteria:
        score = profile.criterion_scores.get(c.id)
        row = {
            "Bereich": q.area_by_id[c.area_id].name,
            "Kriterium": c.name,
            "Wert (0–100)": None if score is None else round(score, 1),
        }
        if profile.deltas is not None:
            delta = profile.deltas.get(c.id)
            row["Veränderung"] = None if delta is None else round(delta, 1)
        rows.append(row)
    return pd.DataFrame(rows)


def deltas_frame(profile: Profile) -> pd.DataFrame:
    """``criterion_id, criterion, area_id, area, delta`` for the progress chart (no-score rows dropped)."""
    if profile.deltas is None:
        return pd.DataFrame(columns=["criterion_id", "criterion", "area_id", "area", "delta"])
    q = profile.questionnaire
    rows = [
        {
            "criterion_id": c.id,
            "criterion": c.name,
            "area_id": c.area_id,
            "area": q.area_by_id[c.area_id].name,
            "delta": profile.deltas[c.id],
        }
        for c in q.criteria
        if profile.deltas.get(c.id) is not None
    ]
    return pd.DataFrame(rows, columns=["criterion_id", "criterion", "area_id", "area", "delta"])
