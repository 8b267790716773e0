"""Scores of a self-analysis: pure functions over a questionnaire and answers, no I/O.

Criterion score = mean of the rated items mapped from the 1–5 scale to 0–100. "Nicht
zutreffend" (stored as no value) and unanswered items are left out; a criterion with fewer than
half of its items rated has no score, because two ratings out of six say too little.

Submission (issue 14, item 3): a criterion is *ready* when it has a score, or when every one of
its statements is answered – a criterion the initiative answered completely but mostly with
"nicht zutreffend" is a deliberate answer, not missing work. It is submitted without a score and
shown as "nicht bewertet" in the profile (left out of area scores, strengths and potentials).
Only a criterion without a score *and* with unanswered statements blocks submission, and
answering its open statements (with a rating or "nicht zutreffend") always unblocks it. A round
needs at least one scored criterion: a profile of nothing but "nicht bewertet" says nothing.
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

    @property
    def unanswered(self) -> int:
        return self.total - self.answered - self.not_applicable

    @property
    def complete(self) -> bool:
        """Every statement answered (with a rating or 'nicht zutreffend')."""
        return self.unanswered == 0

    @property
    def not_rated(self) -> bool:
        """Answered completely, but too many 'nicht zutreffend' for a score: 'nicht bewertet'."""
        return self.complete and not self.has_score

    @property
    def blocks_submission(self) -> bool:
        """No score yet and statements still open: answering them decides it."""
        return not self.has_score and not self.complete


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


@dataclass(frozen=True)
class SubmissionCheck:
    """Where a round stands before submission, for the page and the store to agree on."""

    blocking: tuple[str, ...]  # no score, statements open: answer them
    not_rated: tuple[str, ...]  # complete, too many 'nicht zutreffend': 'nicht bewertet'
    optional_open: tuple[str, ...]  # scored, some statements still open (may stay open)
    complete: int  # criteria with every statement answered
    nothing_scored: bool

    @property
    def ready(self) -> bool:
        return not self.blocking and not self.nothing_scored


def submission_check(questionnaire: Questionnaire, answers: Answers) -> SubmissionCheck:
    results = score_assessment(questionnaire, answers).values()
    return SubmissionCheck(
        blocking=tuple(r.criterion_id for r in results if r.blocks_submission),
        not_rated=tuple(r.criterion_id for r in results if r.not_rated),
        optional_open=tuple(r.criterion_id for r in results if r.has_score and not r.complete),
        complete=sum(1 for r in results if r.complete),
        nothing_scored=not any(r.has_score for r in results),
    )


def missing_for_submission(questionnaire: Questionnaire, answers: Answers) -> list[str]:
    """Criteria that block submission: no score and statements still unanswered."""
    return [
        cid for cid, r in score_assessment(questionnaire, answers).items() if r.blocks_submission
    ]


def not_rated(questionnaire: Questionnaire, answers: Answers) -> list[str]:
    """Criteria answered completely but without a score ('nicht bewertet')."""
    return [cid for cid, r in score_assessment(questionnaire, answers).items() if r.not_rated]


def nothing_scored(questionnaire: Questionnaire, answers: Answers) -> bool:
    """True while no criterion has a score (submission needs at least one)."""
    return not any(r.has_score for r in score_assessment(questionnaire, answers).values())
