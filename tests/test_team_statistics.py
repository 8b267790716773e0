"""Divergence statistics of a team round, against hand-computed numbers (issue 16)."""

from __future__ import annotations

import pytest

from mintqo.questionnaire import load_questionnaire
from mintqo.team import Member, compare, proposal

Q = load_questionnaire()
CRIT = Q.criteria[0]  # five statements
ITEMS = [i.id for i in CRIT.items]


def _member(name: str, values: list[int | str | None]) -> Member:
    """Ratings for the first criterion ('' = unanswered); every other statement rated 3."""
    ratings: dict[str, int | None] = {i.id: 3 for i in Q.items}
    for item, value in zip(ITEMS, values, strict=True):
        if value == "":
            del ratings[item]
        else:
            ratings[item] = value  # type: ignore[assignment]
    return Member(name, ratings)


def test_three_members_spread_per_statement_and_criterion():
    team = [
        _member("Ana", [5, 4, None, 2, 3]),
        _member("Ben", [1, 4, None, 2, 3]),
        _member("Cem", [3, 4, 4, "", 3]),
    ]
    result = compare(Q, team)
    assert result.members == ("Ana", "Ben", "Cem")
    first, second, third, fourth = result.statements[:4]
    # 5, 1, 3: range 4, population std sqrt(((5-3)² + (1-3)² + 0) / 3) = sqrt(8/3)
    assert first.spread.range == 4 and first.spread.std == pytest.approx((8 / 3) ** 0.5)
    assert first.spread.median == 3 and first.spread.iqr == pytest.approx(2.0)  # 2 … 4
    assert second.spread.range == 0 and second.spread.std == 0
    # two 'nicht zutreffend', one 4: a split about applicability, range 0 over the one rating
    assert third.spread.not_applicable == 2 and third.spread.values == (4.0,)
    assert third.applicability_split
    assert third.ratings == (None, None, 4)
    assert fourth.ratings == (2, 2, "")  # Cem left it unanswered
    # criterion scores: Ana (5,4,_,2,3) → mean 3.5 → 62.5; Ben (1,4,_,2,3) → 2.5 → 37.5;
    # Cem (3,4,4,_,3) → 3.5 → 62.5
    crit = result.criteria[0]
    assert crit.scores == pytest.approx((62.5, 37.5, 62.5))
    assert crit.spread.range == pytest.approx(25.0)
    ranked = result.least_agreement_statements(3)
    assert [s.item_id for s in ranked][:2] == [ITEMS[0], ITEMS[2]]
    assert result.least_agreement_criteria(1)[0].criterion_id == CRIT.id


def test_two_members_still_compare_and_rank():
    team = [_member("Ana", [5, 2, 3, 3, 3]), _member("Ben", [2, 2, 4, 3, 3])]
    result = compare(Q, team)
    ranked = result.least_agreement_statements(5)
    assert [s.item_id for s in ranked] == [ITEMS[0], ITEMS[2]]  # ranges 3 and 1
    assert ranked[0].spread.std == pytest.approx(1.5)  # |5 − 2| / 2
    assert ranked[0].spread.iqr == pytest.approx(1.5)  # inclusive quartiles of (2, 5)


def test_proposal_is_the_rounded_median_and_respects_not_applicable():
    team = [
        _member("Ana", [5, 4, None, 2, None]),
        _member("Ben", [2, 4, None, 3, 4]),
        _member("Cem", [4, 5, 4, "", 2]),
        _member("Dora", [3, 4, 4, "", None]),
    ]
    agreed = proposal(Q, team)
    with_na_majority = proposal(Q, [*team[:2], _member("Cem", [4, 5, 4, "", None]), team[3]])
    assert agreed[ITEMS[0]] == 4  # median of 2,3,4,5 = 3.5 → 4 (half up)
    assert agreed[ITEMS[1]] == 4
    assert agreed[ITEMS[2]] == 4  # two n/a, two rated: rated wins the tie
    assert agreed[ITEMS[3]] == 3  # median of 2,3 = 2.5 → 3
    assert agreed[ITEMS[4]] == 3  # two n/a against 4 and 2: a tie, the ratings' median wins
    assert with_na_majority[ITEMS[4]] is None  # three n/a against one 4


def test_nobody_answered_gives_no_proposal_and_no_spread():
    team = [_member("Ana", ["", 3, 3, 3, 3]), _member("Ben", ["", 3, 3, 3, 3])]
    assert ITEMS[0] not in proposal(Q, team)
    statement = compare(Q, team).statements[0]
    assert statement.spread.values == () and statement.spread.low is None
    assert statement.spread.range == 0 and statement.spread.std == 0
