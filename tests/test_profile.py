"""The pure profile: area scores, strengths, potentials, weakest statements, deltas."""

from __future__ import annotations

import pytest

from mintqo.profile import build_profile, deltas_frame, scores_table, series_frame
from mintqo.questionnaire import load_questionnaire
from mintqo.scoring import score_assessment

Q = load_questionnaire()


def _answers() -> dict[str, int | None]:
    # Criterion k gets rating 1 + k % 5; AQ1's first statement is 'nicht zutreffend'.
    answers = {i.id: 1 + k % 5 for k, c in enumerate(Q.criteria) for i in c.items}
    answers[Q.criteria[0].items[0].id] = None
    return answers


def test_profile_from_scores_and_answers():
    answers = _answers()
    scores = {cid: r.score for cid, r in score_assessment(Q, answers).items()}
    profile = build_profile(Q, scores, answers)
    assert profile.deltas is None
    assert [p.score for p in profile.potentials] == [0.0, 0.0, 0.0]
    assert [s.score for s in profile.strengths] == [100.0, 100.0, 75.0]
    assert profile.potentials[0].explanation == Q.criteria[0].explanation
    assert len(profile.weakest_statements) == 5
    assert all(s.value == 1 for s in profile.weakest_statements)
    assert Q.criteria[0].items[0].id not in {s.item_id for s in profile.weakest_statements}
    assert profile.weakest_statements[0].value_label == Q.scale_label(1)
    aq = [scores[c.id] for c in Q.area_by_id["AQ"].criteria]
    assert profile.area_scores["AQ"] == pytest.approx(sum(aq) / len(aq))


def test_deltas_and_frames():
    current = {c.id: 60.0 for c in Q.criteria}
    current["EQ4"] = None
    previous = {c.id: 50.0 for c in Q.criteria}
    profile = build_profile(Q, current, {}, previous)
    assert profile.deltas["AQ1"] == pytest.approx(10.0)
    assert profile.deltas["EQ4"] is None
    frame = deltas_frame(profile)
    assert len(frame) == len(Q.criteria) - 1 and set(frame["delta"]) == {10.0}
    table = scores_table(profile)
    assert list(table.columns) == ["Bereich", "Kriterium", "Wert (0–100)", "Veränderung"]
    long = series_frame(Q, {"Runde 2": current, "Runde 1": previous})
    assert len(long) == 2 * len(Q.criteria) and long["score"].isna().sum() == 1
