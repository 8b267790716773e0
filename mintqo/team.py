"""Where a team agrees and where it does not: divergence statistics of a team round. Pure.

Every finished member sheet is a set of ratings (1–5, None = "nicht zutreffend", missing =
unanswered). Per statement: each member's rating, the spread of the ratings given (min–max,
standard deviation over members who rated, interquartile range), the number of "nicht
zutreffend"; per criterion: each member's criterion score (``mintqo.scoring``) and their
spread. The least-agreement lists rank by range first (how far apart the extremes are), then
by standard deviation, then by disagreement about applicability — with two members the range
is all there is, and it still works.

A statement is *divergent* (:data:`DIVERGENT_RANGE`) when the ratings given lie two or more
steps apart, or when some members rated it and others found it "nicht zutreffend": one step
(3 against 4) is the ordinary noise of a five-point scale, two steps (3 against 5) are two
different pictures of the same offer and worth talking about before agreeing.

The agreed proposal pre-fills the team's result with the median rating (rounded half up); a
statement most members marked "nicht zutreffend" is proposed as "nicht zutreffend".
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mintqo.questionnaire import Questionnaire
from mintqo.scoring import score_assessment

Ratings = Mapping[str, int | None]
DIVERGENT_RANGE = 2
"""Ratings this many steps apart (or more) make a statement one to talk about."""


@dataclass(frozen=True)
class Member:
    """A finished sheet: who (as the team sees them) and their ratings."""

    name: str
    ratings: Ratings


@dataclass(frozen=True)
class Spread:
    values: tuple[float, ...]  # the ratings (or scores) given, members who gave none left out
    not_applicable: int

    @property
    def low(self) -> float | None:
        return min(self.values) if self.values else None

    @property
    def high(self) -> float | None:
        return max(self.values) if self.values else None

    @property
    def range(self) -> float:
        return (max(self.values) - min(self.values)) if self.values else 0.0

    @property
    def std(self) -> float:
        """Population standard deviation (the team is the whole population, not a sample)."""
        return statistics.pstdev(self.values) if len(self.values) > 1 else 0.0

    @property
    def iqr(self) -> float:
        if len(self.values) < 2:
            return 0.0
        q1, _, q3 = statistics.quantiles(self.values, n=4, method="inclusive")
        return q3 - q1

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None


@dataclass(frozen=True)
class StatementDivergence:
    item_id: str
    criterion_id: str
    text: str
    ratings: tuple[int | str | None, ...]  # per member, in member order; "" = unanswered
    spread: Spread

    @property
    def applicability_split(self) -> bool:
        """Some rated it, some found it not applicable."""
        return bool(self.spread.values) and self.spread.not_applicable > 0

    @property
    def divergent(self) -> bool:
        """Worth talking about before agreeing (see :data:`DIVERGENT_RANGE`)."""
        return self.spread.range >= DIVERGENT_RANGE or self.applicability_split


@dataclass(frozen=True)
class CriterionDivergence:
    criterion_id: str
    name: str
    scores: tuple[float | None, ...]  # per member
    spread: Spread


@dataclass(frozen=True)
class TeamComparison:
    members: tuple[str, ...]
    statements: tuple[StatementDivergence, ...]  # questionnaire order
    criteria: tuple[CriterionDivergence, ...]  # questionnaire order

    def least_agreement_statements(self, n: int = 10) -> list[StatementDivergence]:
        disputed = [s for s in self.statements if s.spread.range > 0 or s.applicability_split]
        return sorted(disputed, key=_disagreement, reverse=True)[:n]

    def divergent_statements(self) -> list[StatementDivergence]:
        """Every divergent statement, the least agreement first."""
        return sorted((s for s in self.statements if s.divergent), key=_disagreement, reverse=True)

    def least_agreement_criteria(self, n: int = 5) -> list[CriterionDivergence]:
        disputed = [c for c in self.criteria if c.spread.range > 0]
        return sorted(disputed, key=lambda c: (c.spread.range, c.spread.std), reverse=True)[:n]


def _disagreement(s: StatementDivergence) -> tuple[float, float, int]:
    return (s.spread.range, s.spread.std, s.spread.not_applicable if s.spread.values else 0)


def compare(questionnaire: Questionnaire, members: Sequence[Member]) -> TeamComparison:
    """The divergence of finished sheets (at least one) on the round's questionnaire."""
    statements = []
    for item in questionnaire.items:
        given = [m.ratings[item.id] for m in members if item.id in m.ratings]
        statements.append(
            StatementDivergence(
                item.id,
                item.criterion_id,
                item.text,
                tuple(m.ratings.get(item.id, "") if item.id in m.ratings else "" for m in members),
                Spread(
                    tuple(float(v) for v in given if v is not None),
                    sum(1 for v in given if v is None),
                ),
            )
        )
    results = [score_assessment(questionnaire, m.ratings) for m in members]
    criteria = []
    for criterion in questionnaire.criteria:
        scores = tuple(r[criterion.id].score for r in results)
        criteria.append(
            CriterionDivergence(
                criterion.id,
                criterion.name,
                scores,
                Spread(tuple(s for s in scores if s is not None), 0),
            )
        )
    return TeamComparison(tuple(m.name for m in members), tuple(statements), tuple(criteria))


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def proposal(questionnaire: Questionnaire, members: Sequence[Member]) -> dict[str, int | None]:
    """Pre-filled agreed ratings: the median of the ratings given, rounded half up; "nicht
    zutreffend" where more members chose it than rated; nothing where nobody answered."""
    agreed: dict[str, int | None] = {}
    for item in questionnaire.items:
        given = [m.ratings[item.id] for m in members if item.id in m.ratings]
        if not given:
            continue
        rated = [v for v in given if v is not None]
        if len(given) - len(rated) > len(rated):
            agreed[item.id] = None
        elif rated:
            agreed[item.id] = _round_half_up(statistics.median(rated))
    return agreed
