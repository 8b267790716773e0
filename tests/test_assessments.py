"""Store tests of self-analysis rounds: start, save with version check, submit, network mean."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, select

from mintqo.questionnaire import load_questionnaire
from mintqo.store import assessments as store
from mintqo.store import versions
from mintqo.store.engine import read_session
from mintqo.store.models import Assessment, CriterionScore, Initiative, Project
from mintqo.store.organisations import create_initiative, create_network
from mintqo.store.projects import create_project

Q = load_questionnaire()


@pytest.fixture
def project(engine: Engine) -> tuple[Engine, int, int]:
    network = create_network(engine, "MINT-Region Test")
    initiative = create_initiative(engine, "Testverein", network)
    return engine, create_project(engine, initiative, "Roboterkurs"), network


def _fill(engine: Engine, assessment_id: int, value: int = 4) -> int:
    """Answer every statement with ``value``; returns the final version."""
    version = store.load_state(engine, assessment_id).version
    for criterion in Q.criteria:
        result = store.save_step(
            engine, assessment_id, version, criterion.id, {i.id: value for i in criterion.items}, ""
        )
        assert result.saved
        version = result.version
    return version


def test_start_round_empty_and_single_draft(project):
    engine, project_id, _ = project
    aid = store.start_round(engine, project_id)
    state = store.load_state(engine, aid)
    assert state.info.status == "draft" and state.info.round_no == 1
    assert state.info.current_step == Q.criteria[0].id
    assert dict(state.answers) == {} and dict(state.notes) == {}
    with pytest.raises(store.DraftExistsError):
        store.start_round(engine, project_id)


def test_save_step_writes_answers_note_and_bumps_version(project):
    engine, project_id, _ = project
    aid = store.start_round(engine, project_id)
    crit = Q.criteria[0]
    items = [i.id for i in crit.items]
    answers = {items[0]: 5, items[1]: None, items[2]: 2}
    result = store.save_step(
        engine, aid, 1, crit.id, answers, "Belege im Ordner", current_step=Q.criteria[1].id
    )
    assert result.saved and not result.conflict and result.version == 2
    state = store.load_state(engine, aid)
    assert dict(state.answers) == answers  # None = 'nicht zutreffend' is stored, not dropped
    assert state.notes == {crit.id: "Belege im Ordner"}
    assert state.info.current_step == Q.criteria[1].id
    # Removing an answer deletes its row; an empty note deletes the note.
    result = store.save_step(engine, aid, 2, crit.id, {items[0]: 3}, "")
    state = store.load_state(engine, aid)
    assert dict(state.answers) == {items[0]: 3}
    assert dict(state.notes) == {}
    assert state.version == 3 and state.info.current_step == crit.id


def test_stale_version_is_refused_with_current_state(project):
    engine, project_id, _ = project
    aid = store.start_round(engine, project_id)
    crit = Q.criteria[0]
    first = crit.items[0].id
    assert store.save_step(engine, aid, 1, crit.id, {first: 5}, "von Anna").saved
    # A second person still holds version 1.
    late = store.save_step(engine, aid, 1, crit.id, {first: 1}, "von Ben")
    assert late.conflict and not late.saved
    assert late.stored == store.CriterionContent({first: 5}, "von Anna")
    assert late.version == 2
    assert store.load_state(engine, aid).version == 2


def test_save_step_validates_input(project):
    engine, project_id, _ = project
    aid = store.start_round(engine, project_id)
    crit = Q.criteria[0]
    with pytest.raises(store.AssessmentError):
        store.save_step(engine, aid, 1, crit.id, {Q.criteria[1].items[0].id: 3}, "")
    with pytest.raises(store.AssessmentError):
        store.save_step(engine, aid, 1, crit.id, {crit.items[0].id: 6}, "")
    with pytest.raises(store.AssessmentError):
        store.save_step(engine, aid, 1, crit.id, {}, "x" * 2001)
    assert store.save_step(engine, aid, 1, crit.id, {}, "x" * 2000).saved


def test_submit_blocked_until_every_criterion_scored(project):
    engine, project_id, _ = project
    aid = store.start_round(engine, project_id)
    crit = Q.criteria[0]
    store.save_step(engine, aid, 1, crit.id, {i.id: 3 for i in crit.items}, "")
    with pytest.raises(store.SubmissionBlockedError) as err:
        store.submit(engine, aid)
    assert len(err.value.missing) == len(Q.criteria) - 1
    assert store.get_assessment(engine, aid).status == "draft"
    with read_session(engine) as s:
        assert s.scalars(select(CriterionScore)).all() == []


def _scores_version(engine, project_id: int) -> int:
    with read_session(engine) as s:
        return s.scalar(
            select(Initiative.scores_version)
            .join(Project, Project.initiative_id == Initiative.id)
            .where(Project.id == project_id)
        )


def test_submit_stores_scores_is_idempotent_and_marks_the_initiative_changed(project):
    engine, project_id, _network = project
    aid = store.start_round(engine, project_id)
    version = _fill(engine, aid, 4)
    before = versions.current(engine, versions.ACTIVITY)
    changed_before = _scores_version(engine, project_id)
    first = store.submit(engine, aid)
    assert first.newly_submitted
    assert first.scores == {c.id: pytest.approx(75.0) for c in Q.criteria}
    after_first = versions.current(engine, versions.ACTIVITY)
    assert after_first > before  # caches keyed by activity see the submission
    second = store.submit(engine, aid)
    assert not second.newly_submitted
    assert second.scores == first.scores and second.submitted_at == first.submitted_at
    assert versions.current(engine, versions.ACTIVITY) == after_first  # the repeat: no change
    assert _scores_version(engine, project_id) == changed_before + 1  # waits for a release
    info = store.get_assessment(engine, aid)
    assert info.status == "submitted" and info.is_latest and info.submitted_at is not None
    # Read-only afterwards: a save is refused as a conflict and writes nothing.
    late = store.save_step(engine, aid, version, Q.criteria[0].id, {}, "")
    assert late.conflict and len(store.answers_of(engine, aid)) == len(Q.items)


def test_second_round_prefill_moves_latest_flag(project):
    engine, project_id, _ = project
    first = store.start_round(engine, project_id)
    _fill(engine, first, 2)
    store.save_step(
        engine,
        first,
        store.load_state(engine, first).version,
        "AQ1",
        {i.id: 2 for i in Q.criterion_by_id["AQ1"].items},
        "Notiz",
    )
    store.submit(engine, first)
    second = store.start_round(engine, project_id, prefill=True)
    state = store.load_state(engine, second)
    assert state.info.round_no == 2
    assert dict(state.answers) == store.answers_of(engine, first)
    _fill(engine, second, 5)
    store.submit(engine, second)
    with read_session(engine) as s:
        latest = s.scalars(
            select(Assessment.id).where(
                Assessment.project_id == project_id, Assessment.is_latest.is_(True)
            )
        ).all()
    assert latest == [second]
    assert [r.id for r in store.submitted_rounds(engine, project_id)] == [second, first]
    empty = store.start_round(engine, project_id, prefill=False)
    assert dict(store.load_state(engine, empty).answers) == {}


def test_released_scores_weight_projects_within_and_initiatives_across(engine):
    """An initiative's released score is the mean over its projects' latest rounds; the
    network mean (the overlay) is the mean over initiatives, each counted once."""
    from mintqo.dashboards.network import LatestRow, network_mean
    from mintqo.store.dashboard_queries import released_latest

    network = create_network(engine, "Netz")
    expected = []
    for n, value in enumerate((1, 5, 3, 2, 4)):  # the fifth submission releases all five
        ini = create_initiative(engine, f"Ini {n}", network)
        projects = [create_project(engine, ini, "P")]
        if n == 1:  # one initiative with two projects: 5 and 1 → 50
            projects.append(create_project(engine, ini, "P2"))
        for k, p in enumerate(projects):
            aid = store.start_round(engine, p)
            _fill(engine, aid, value if k == 0 else 1)
            store.submit(engine, aid)
        expected.append((value - 1) * 25 if n != 1 else 50.0)
    rows = [LatestRow(*r) for r in released_latest(engine, network)]
    by_initiative = {r.initiative_id: r.score for r in rows if r.criterion_id == "AQ1"}
    assert sorted(by_initiative.values()) == sorted(expected)
    outsider = -1  # a viewer outside the network: no own values to leave out
    assert network_mean(rows, outsider)["AQ1"] == pytest.approx(sum(expected) / len(expected))


def test_answers_frame_labels(project):
    engine, project_id, _ = project
    aid = store.start_round(engine, project_id)
    crit = Q.criteria[0]
    store.save_step(engine, aid, 1, crit.id, {crit.items[0].id: None, crit.items[1].id: 5}, "=1+1")
    frame = store.answers_frame(engine, aid)
    assert len(frame) == len(Q.items)
    by_item = frame.set_index("Aussage-ID")
    assert by_item.loc[crit.items[0].id, "Antwort"] == Q.not_applicable_label
    assert by_item.loc[crit.items[1].id, "Wert"] == 5
    assert by_item.loc[crit.items[2].id, "Antwort"] == "unbeantwortet"


def test_concurrent_saves_exactly_one_wins(project):
    engine, project_id, _ = project
    aid = store.start_round(engine, project_id)
    crit = Q.criteria[0]
    results = []
    barrier = threading.Barrier(4)

    def worker(value: int) -> None:
        barrier.wait()
        results.append(
            store.save_step(engine, aid, 1, crit.id, {crit.items[0].id: value}, str(value))
        )

    threads = [threading.Thread(target=worker, args=(v,)) for v in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.saved for r in results) == 1
    winner = next(r for r in results if r.saved)
    assert store.criterion_content(store.load_state(engine, aid), Q, crit.id) == winner.stored
    assert all(r.version == 2 for r in results)


def test_concurrent_submits_submit_once(project):
    engine, project_id, _network = project
    aid = store.start_round(engine, project_id)
    _fill(engine, aid)
    changed_before = _scores_version(engine, project_id)
    results = []
    barrier = threading.Barrier(3)

    def worker() -> None:
        barrier.wait()
        results.append(store.submit(engine, aid))

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.newly_submitted for r in results) == 1
    # the initiative was marked as changed once: one submission did the work
    assert _scores_version(engine, project_id) == changed_before + 1
    with read_session(engine) as s:
        assert (
            len(s.scalars(select(CriterionScore).where(CriterionScore.assessment_id == aid)).all())
            == 12
        )


def test_a_save_with_its_base_passes_saves_to_other_criteria_but_not_to_its_own(project):
    """Save on change: two people on one draft must not refuse each other's clicks in
    different criteria; in the same criterion the later one is still refused."""
    engine, project_id, _ = project
    aid = store.start_round(engine, project_id)
    state = store.load_state(engine, aid)
    first, second = Q.criteria[0], Q.criteria[1]
    anna_base = store.criterion_content(state, Q, first.id)
    ben_base = store.criterion_content(state, Q, second.id)
    assert store.save_step(engine, aid, 1, second.id, {second.items[0].id: 2}, "", base=ben_base)
    # Anna still holds version 1, but nobody touched her criterion: saved.
    anna = store.save_step(engine, aid, 1, first.id, {first.items[0].id: 5}, "A", base=anna_base)
    assert anna.saved and anna.version == 3
    assert anna.stored == store.CriterionContent({first.items[0].id: 5}, "A")
    assert store.load_state(engine, aid).answers == {first.items[0].id: 5, second.items[0].id: 2}
    # Ben now writes into Anna's criterion from his old view of it: refused, nothing written.
    stale = store.save_step(engine, aid, 2, first.id, {first.items[0].id: 1}, "B", base=anna_base)
    assert stale.conflict and not stale.saved
    assert stale.stored == store.CriterionContent({first.items[0].id: 5}, "A")
    assert stale.version == 3
    # With the stored content as his base it is a deliberate overwrite.
    theirs = stale.stored
    assert store.save_step(engine, aid, 2, first.id, {}, "B", base=theirs).saved
    # A submitted round takes no save, base or not.
    _fill(engine, aid)
    store.submit(engine, aid)
    closed = store.load_state(engine, aid)
    late = store.save_step(
        engine,
        aid,
        closed.version,
        first.id,
        {},
        "",
        base=store.criterion_content(closed, Q, first.id),
    )
    assert late.conflict and not late.saved


def test_concurrent_saves_with_the_same_base_exactly_one_wins(project):
    engine, project_id, _ = project
    aid = store.start_round(engine, project_id)
    crit = Q.criteria[0]
    base = store.criterion_content(store.load_state(engine, aid), Q, crit.id)
    results = []
    barrier = threading.Barrier(4)

    def worker(value: int) -> None:
        barrier.wait()
        results.append(
            store.save_step(engine, aid, 1, crit.id, {crit.items[0].id: value}, "", base=base)
        )

    threads = [threading.Thread(target=worker, args=(v,)) for v in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.saved for r in results) == 1
    winner = next(r for r in results if r.saved)
    assert store.criterion_content(store.load_state(engine, aid), Q, crit.id) == winner.stored
    assert all(r.version == 2 for r in results)


def test_a_criterion_answered_all_not_applicable_is_submitted_unscored(project):
    engine, project_id, _ = project
    aid = store.start_round(engine, project_id)
    _fill(engine, aid)
    state = store.load_state(engine, aid)
    first = Q.criteria[0]
    store.save_step(engine, aid, state.version, first.id, {i.id: None for i in first.items}, "")
    result = store.submit(engine, aid)
    assert result.newly_submitted
    assert first.id not in result.scores and len(result.scores) == len(Q.criteria) - 1


def test_submission_refusals_name_the_criteria(project):
    engine, project_id, _ = project
    aid = store.start_round(engine, project_id)
    version = store.load_state(engine, aid).version
    for criterion in Q.criteria:  # everything "nicht zutreffend": nothing to show
        version = store.save_step(
            engine, aid, version, criterion.id, {i.id: None for i in criterion.items}, ""
        ).version
    with pytest.raises(store.SubmissionBlockedError) as err:
        store.submit(engine, aid)
    assert err.value.missing == [] and "Mindestens ein Kriterium" in str(err.value)
    _fill(engine, aid)
    last = Q.criteria[-1]
    state = store.load_state(engine, aid)
    store.save_step(engine, aid, state.version, last.id, {last.items[0].id: None}, "")
    with pytest.raises(store.SubmissionBlockedError) as err:
        store.submit(engine, aid)
    assert err.value.missing == [last.id]
    assert f"Im Kriterium „{last.name}“ sind noch Aussagen offen" in str(err.value)
    assert store.get_assessment(engine, aid).status == "draft"
