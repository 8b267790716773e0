"""Scores of a self-analysis: pure functions over a questionnaire and answers, no I/O.

Criterion score = mean of the rated items mapped from the 1–5 scale to 0–100. "Nicht
zutreffend" (stored as no value) and unanswered items are left out; a criterion with fewer than
half of its items rated has no score, because two ratings out of six say too little.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mintqo.questionnaire import SCALE_MAX, SCALE_MIN, Criterion, Questionnaire

Answers = Mapping[str, int | None]
"""item id → value 1–5, or None for 'nicht zutreffend'. Missing keys are unanswered items."""


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: str
    score: float | None  # None: "zu wenige Antworten"
    answered: int  # items with a rating 1–5
    not_applicable: int
    total: int

    @property
    def has_score(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class RankedItem:
    item_id: str
    criterion_id: str
    value: int
    score: float


def value_to_score(value: float) -> float:
    """Map a rating (or mean rating) on the 1–5 scale to 0–100."""
    return (value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100


def score_criterion(criterion: Criterion, answers: Answers) -> CriterionResult:
    values = [answers[i.id] for i in criterion.items if i.id in answers]
    rated = [v for v in values if v is not None]
    total = len(criterion.items)
    score = value_to_score(sum(rated) / len(rated)) if rated and 2 * len(rated) >= total else None
    return CriterionResult(
        criterion_id=criterion.id,
        score=score,
        answered=len(rated),
        not_applicable=len(values) - len(rated),
        total=total,
    )


def score_assessment(questionnaire: Questionnaire, answers: Answers) -> dict[str, CriterionResult]:
    """Results for every criterion, in questionnaire order."""
    return {c.id: score_criterion(c, answers) for c in questionnaire.criteria}


def area_scores(
    questionnaire: Questionnaire, criterion_scores: Mapping[str, float | None]
) -> dict[str, float | None]:
    """Mean of the scored criteria of each area; None where no criterion of the area is scored."""
    result: dict[str, float | None] = {}
    for area in questionnaire.areas:
        scored = [s for c in area.criteria if (s := criterion_scores.get(c.id)) is not None]
        result[area.id] = sum(scored) / len(scored) if scored else None
    return result


def _scored(criterion_scores: Mapping[str, float | None], order: list[str]) -> list[str]:
    # Stable tie-break by questionnaire order keeps the ranking reproducible.
    return [c for c in order if criterion_scores.get(c) is not None]


def weakest_criteria(
    questionnaire: Questionnaire, criterion_scores: Mapping[str, float | None], n: int = 3
) -> list[str]:
    """Improvement potentials: the n lowest-scored criteria, lowest first."""
    order = [c.id for c in questionnaire.criteria]
    scored = _scored(criterion_scores, order)
    return sorted(scored, key=lambda c: (criterion_scores[c], order.index(c)))[:n]


def strongest_criteria(
    questionnaire: Questionnaire, criterion_scores: Mapping[str, float | None], n: int = 3
) -> list[str]:
    """Strengths: the n highest-scored criteria, highest first."""
    order = [c.id for c in questionnaire.criteria]
    scored = _scored(criterion_scores, order)
    return sorted(scored, key=lambda c: (-criterion_scores[c], order.index(c)))[:n]


def weakest_items(questionnaire: Questionnaire, answers: Answers, n: int = 5) -> list[RankedItem]:
    """The n lowest-rated single statements (n/a and unanswered left out), lowest first."""
    ranked = [
        RankedItem(item.id, item.criterion_id, value, value_to_score(value))
        for item in questionnaire.items
        if (value := answers.get(item.id)) is not None
    ]
    # sorted() is stable, so equal ratings keep questionnaire order.
    return sorted(ranked, key=lambda r: r.value)[:n]


def round_deltas(
    previous: Mapping[str, float | None], current: Mapping[str, float | None]
) -> dict[str, float | None]:
    """Change per criterion from one round to the next; None where either round has no score."""
    keys = list(current) + [k for k in previous if k not in current]
    return {
        k: (current[k] - previous[k])  # type: ignore[operator]
        if current.get(k) is not None and previous.get(k) is not None
        else None
        for k in keys
    }




def missing_for_submission(questionnaire: Questionnaire, answers: Answers) -> list[str]:
    """Criteria that block submission because they have no score yet."""
    return [cid for cid, r in score_assessment(questionnaire, answers).items() if not r.has_score]
