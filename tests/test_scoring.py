"""Scoring with hand-computed expectations, including 'nicht zutreffend' and edge cases."""

from __future__ import annotations

import pytest

from mintqo.questionnaire import Questionnaire, load_questionnaire, parse_questionnaire
from mintqo.scoring import (
    area_scores,
    missing_for_submission,
    round_deltas,
    score_assessment,
    score_criterion,
    strongest_criteria,
    value_to_score,
    weakest_criteria,
    weakest_items,
)


def _criterion(cid: str, n: int) -> dict:
    return {
        "id": cid,
        "name": f"Kriterium {cid}",
        "explanation": "Erklärung",
        "example": "Beispiel",
        "items": [{"id": f"{cid}.{i}", "text": f"Aussage {i}"} for i in range(1, n + 1)],
    }


@pytest.fixture
def small() -> Questionnaire:
    """Area A: criteria A1 (4 items), A2 (5 items); area B: B1 (6 items)."""
    return parse_questionnaire(
        {
            "version": 1,
            "title": "Test",
            "scale": {
                "options": [{"value": v, "label": f"L{v}"} for v in range(1, 6)],
                "not_applicable": "n. z.",
            },
            "areas": [
                {
                    "id": "A",
                    "name": "A",
                    "description": "d",
                    "criteria": [_criterion("A1", 4), _criterion("A2", 5)],
                },
                {"id": "B", "name": "B", "description": "d", "criteria": [_criterion("B1", 6)]},
            ],
        }
    )


def test_scale_maps_to_0_100() -> None:
    assert [value_to_score(v) for v in (1, 2, 3, 4, 5)] == [0, 25, 50, 75, 100]


def test_criterion_score_is_mean_of_rated_items(small: Questionnaire) -> None:
    # A1: 5, 4, 2, n/a → mean 11/3 → (11/3 - 1)/4*100 = 66.67; n/a excluded
    result = score_criterion(
        small.criterion_by_id["A1"], {"A1.1": 5, "A1.2": 4, "A1.3": 2, "A1.4": None}
    )
    assert result.score == pytest.approx(200 / 3)
    assert (result.answered, result.not_applicable, result.total) == (3, 1, 4)


def test_half_the_items_is_enough_fewer_is_not(small: Questionnaire) -> None:
    a1 = small.criterion_by_id["A1"]  # 4 items: 2 rated is exactly half
    assert score_criterion(a1, {"A1.1": 3, "A1.2": 5}).score == pytest.approx(75)
    # 5 items: 2 rated is fewer than half, even with 3 n/a
    a2 = small.criterion_by_id["A2"]
    answers = {"A2.1": 5, "A2.2": 5, "A2.3": None, "A2.4": None, "A2.5": None}
    assert score_criterion(a2, answers).score is None
    assert score_criterion(a2, {**answers, "A2.3": 1}).score == pytest.approx(
        value_to_score(11 / 3)
    )
    assert score_criterion(a2, {}).score is None


def test_area_score_is_mean_of_scored_criteria(small: Questionnaire) -> None:
    assert area_scores(small, {"A1": 80.0, "A2": None, "B1": 20.0}) == {"A": 80.0, "B": 20.0}
    assert area_scores(small, {"A1": 80.0, "A2": 40.0}) == {"A": 60.0, "B": None}


def test_ranking_of_criteria_and_items(small: Questionnaire) -> None:
    scores = {"A1": 50.0, "A2": 25.0, "B1": 50.0}
    assert weakest_criteria(small, scores, n=2) == ["A2", "A1"]  # tie A1/B1: questionnaire order
    assert strongest_criteria(small, scores, n=2) == ["A1", "B1"]
    assert weakest_criteria(small, {"A1": None, "A2": 10.0}) == ["A2"]
    answers = {"A1.1": 4, "A1.2": 1, "A2.1": None, "B1.3": 2, "B1.4": 1}
    ranked = weakest_items(small, answers, n=3)
    assert [(r.item_id, r.value, r.score) for r in ranked] == [
        ("A1.2", 1, 0),
        ("B1.4", 1, 0),
        ("B1.3", 2, 25),
    ]


def test_round_deltas_handle_missing_scores() -> None:
    assert round_deltas(
        {"A1": 40.0, "A2": None, "B1": 10.0}, {"A1": 55.0, "A2": 30.0, "B1": 10.0}
    ) == {
        "A1": 15.0,
        "A2": None,
        "B1": 0.0,
    }


def test_submission_needs_every_criterion_scored(small: Questionnaire) -> None:
    answers = {f"A1.{i}": 3 for i in range(1, 5)} | {f"A2.{i}": 4 for i in range(1, 6)}
    assert missing_for_submission(small, answers) == ["B1"]
    answers |= {"B1.1": 2, "B1.2": 2, "B1.3": None}
    assert missing_for_submission(small, answers) == ["B1"]  # 2 of 6 rated
    answers["B1.4"] = 5
    assert missing_for_submission(small, answers) == []


def test_full_questionnaire_all_fives_and_all_na() -> None:
    q = load_questionnaire()
    results = score_assessment(q, {i.id: 5 for i in q.items})
    assert all(r.score == 100 for r in results.values())
    results = score_assessment(q, {i.id: None for i in q.items})
    assert all(r.score is None and r.not_applicable == r.total for r in results.values())


def test_the_not_applicable_rule_for_submission(small: Questionnaire) -> None:
    """Issue 14, item 3: a criterion answered completely but mostly 'nicht zutreffend' is
    'nicht bewertet' and does not block; one with no score and open statements does, and
    answering its open statements always unblocks it."""
    from mintqo.scoring import not_rated, nothing_scored, submission_check

    scored = {f"A1.{i}": 3 for i in range(1, 5)} | {f"B1.{i}": 4 for i in range(1, 7)}
    all_na = {f"A2.{i}": None for i in range(1, 6)}
    check = submission_check(small, scored | all_na)
    assert check.ready and check.not_rated == ("A2",) and check.blocking == ()
    assert check.complete == 3 and not_rated(small, scored | all_na) == ["A2"]
    assert missing_for_submission(small, scored | all_na) == []
    # 2 rated, 1 n/a, 2 open: no score and open statements -> it blocks ...
    partly = {"A2.1": 5, "A2.2": 5, "A2.3": None}
    check = submission_check(small, scored | partly)
    assert check.blocking == ("A2",) and not check.ready
    # ... and answering the open ones unblocks it, with a rating or 'nicht zutreffend'
    for value in (None, 1):
        done = scored | partly | {"A2.4": value, "A2.5": value}
        assert submission_check(small, done).ready, value
    # a scored criterion may keep open statements
    sparse = scored | all_na | {"B1.5": None} | {"A1.4": None}
    sparse.pop("B1.6")
    check = submission_check(small, sparse)
    assert check.ready and check.optional_open == ("B1",)
    # nothing scored at all is not a profile
    everything_na = {i.id: None for i in small.items}
    assert nothing_scored(small, everything_na)
    assert not submission_check(small, everything_na).ready
