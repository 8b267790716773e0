"""Per-run reads (issue 18): data versions once per page run, cached lookups that follow
every write that changes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, event

from mintqo.services import buddies, dashboards, organisations
from mintqo.services.errors import NotAllowed
from mintqo.store import versions
from mintqo.store.engine import write_session
from tests.builders import Builder


class KeptCache:
    """A process's cache: one result per key."""

    def __init__(self) -> None:
        self.kept: dict[tuple, Any] = {}

    def __call__(self, key: tuple, build: Callable[[], Any]) -> Any:
        if key not in self.kept:
            self.kept[key] = build()
        return self.kept[key]


@pytest.fixture
def version_reads(engine: Engine) -> list[str]:
    reads: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if "data_version" in statement and statement.lstrip().upper().startswith("SELECT"):
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    yield reads
    event.remove(engine, "before_cursor_execute", count)


def test_one_read_of_the_versions_per_run(engine: Engine, version_reads: list[str]):
    build = Builder(engine)
    net = build.network("Eins")
    with versions.snapshot_per_run():
        first = versions.current_many(engine, [versions.GLOBAL, versions.network_scope(net)])
        versions.current_many(engine, [versions.GENERATION, versions.ACTIVITY])
        assert versions.current(engine, versions.GLOBAL) == first[versions.GLOBAL]
    assert len(version_reads) == 1
    versions.current(engine, versions.GLOBAL)  # outside a run: every call reads
    assert len(version_reads) == 2


def test_a_write_in_the_same_run_is_seen_by_what_follows(engine: Engine):
    with versions.snapshot_per_run():
        before = versions.current(engine, versions.ACTIVITY)
        with write_session(engine) as s:
            versions.bump(s, [versions.ACTIVITY])
        assert versions.current(engine, versions.ACTIVITY) == before + 1


def test_network_list_follows_administration(engine: Engine):
    build = Builder(engine)
    admin = build.admin()
    cache = KeptCache()
    first = build.network("Alpha")
    assert dashboards.networks_for(engine, admin, cache=cache) == [(first, "Alpha")]
    second = organisations.create_network(engine, admin, "Beta", None)
    organisations.rename_network(engine, admin, first, "Gamma")
    assert dashboards.networks_for(engine, admin, cache=cache) == [
        (second, "Beta"),
        (first, "Gamma"),
    ]
    coordinator = build.coordinator(second)
    assert dashboards.networks_for(engine, coordinator, cache=cache) == [(second, "Beta")]


def test_buddy_pairs_follow_requests_answers_and_ends(engine: Engine):
    build = Builder(engine)
    north, south = build.network("Nord"), build.network("Süd")
    asking, asked = build.coordinator(north), build.coordinator(south)
    cache = KeptCache()
    assert buddies.overview(engine, asked, cache=cache).incoming == ()
    pair = buddies.request(engine, asking, south)
    assert [p.pair_id for p in buddies.overview(engine, asked, cache=cache).incoming] == [pair]
    buddies.answer(engine, asked, pair, accept=True)
    assert [p.pair_id for p in buddies.overview(engine, asking, cache=cache).active] == [pair]
    buddies.buddy_view(engine, asking, south, cache=cache)  # allowed while active
    buddies.end(engine, asked, pair)
    assert buddies.overview(engine, asking, cache=cache).active == ()
    with pytest.raises(NotAllowed):
        buddies.buddy_view(engine, asking, south, cache=cache)


def test_participation_follows_projects_saves_and_submissions(engine: Engine):
    """The coordination's live table is kept per participation version: every change an
    initiative makes shows at the next view, without waiting for a release."""
    from mintqo.questionnaire import load_questionnaire
    from mintqo.services import accounts, acting, invitations, self_analysis

    build = Builder(engine)
    net = build.network("Live")
    coordinator = build.coordinator(net)
    code = invitations.create_invitation(
        engine, coordinator, role="initiative", network_id=net, new_initiative_name="Neu"
    ).code
    password = "Lange Passphrase für die Prüfung 2026"
    accounts.register(engine, code, "neu", "Neu", password, password)
    member = acting.resolve(engine, "neu")
    cache = KeptCache()

    def table() -> list[tuple]:
        view = dashboards.participation_rows(engine, coordinator, net, cache=cache)
        return [(r.initiative, r.project, r.status, r.progress) for r in view.rows]

    assert table() == [("Neu", None, "none", None)]
    project = self_analysis.create_project(engine, member, "Ferienkurs")
    assert table() == [("Neu", "Ferienkurs", "none", None)]
    aid = self_analysis.start_round(engine, member, project)
    assert table() == [("Neu", "Ferienkurs", "draft", 0)]
    version = self_analysis.round_state(engine, member, aid).version
    for criterion in load_questionnaire().criteria:
        answers = {item.id: 4 for item in criterion.items}
        result = self_analysis.save_step(engine, member, aid, version, criterion.id, answers, "")
        version = result.version
        if criterion is load_questionnaire().criteria[0]:
            assert table()[0][3] > 0  # progress after the first saved step
    self_analysis.submit(engine, member, aid)
    assert table() == [("Neu", "Ferienkurs", "submitted", 100)]


def test_shared_rows_once_per_run_and_again_after_a_write(engine: Engine):
    """Ownership of a project is read once per page run; a write in the run forgets it."""
    from sqlalchemy import update

    from mintqo.store import organisations
    from mintqo.store.engine import memo_per_run
    from mintqo.store.models import Initiative

    build = Builder(engine)
    first, second = build.network("Eins"), build.network("Zwei")
    ini = build.initiative(first, "Wandert")
    project = build.project_id
    reads: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if "project.initiative_id" in statement:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with memo_per_run():
            assert organisations.project_ownership(engine, project).network_id == first
            assert organisations.project_ownership(engine, project).network_id == first
            assert len(reads) == 1
            with write_session(engine) as s:  # the initiative moves to another network
                s.execute(update(Initiative).where(Initiative.id == ini).values(network_id=second))
            assert organisations.project_ownership(engine, project).network_id == second
            assert len(reads) == 2
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_the_projects_list_answers_whose_rounds_they_are(engine: Engine):
    """Listing an initiative's projects also says whose each project and round is: the access
    checks that follow in the same run need no ownership query; a write forgets it."""
    from mintqo.store import organisations, projects
    from mintqo.store.engine import memo_per_run

    build = Builder(engine)
    ini = build.initiative(build.network("Eins"), "Wandert")
    project = build.project_id
    build.draft(project, round_no=1, answered=3)
    reads: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if "project.initiative_id" in statement and "initiative.network_id" in statement:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with memo_per_run():
            (listed,) = projects.list_projects(engine, ini)
            reads.clear()
            (draft,) = listed.rounds
            owner = organisations.assessment_ownership(engine, draft.assessment_id)
            assert (owner.initiative_id, owner.project_id) == (ini, project)
            assert organisations.project_ownership(engine, project).initiative_id == ini
            assert reads == []
            with write_session(engine):
                pass
            organisations.assessment_ownership(engine, draft.assessment_id)
            assert len(reads) == 1
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_profile_follows_a_new_submission_through_the_cache(engine: Engine):
    from mintqo.services import profile

    build = Builder(engine)
    net = build.network("Profil")
    ini = build.initiative(net, "Eine", rounds=[40.0])
    member = build.user("eine", "initiative", initiative_id=ini)
    cache = KeptCache()
    first = profile.profile_data(engine, member, build.project_id, cache=cache)
    assert first.current.round_no == 1 and first.previous is None
    build.submit_round(ini, 80.0)
    second = profile.profile_data(engine, member, build.project_id, cache=cache)
    assert (second.current.round_no, second.previous.round_no) == (2, 1)
    assert set(second.profile.criterion_scores.values()) == {80.0}
    older = profile.profile_data(engine, member, build.project_id, round_no=1, cache=cache)
    assert older.profile is first.profile  # a submitted round's result is kept


def test_the_rounds_listed_with_the_projects_need_no_read_of_their_own(engine: Engine):
    """The pages list the initiative's projects first and then open one of their rounds (or,
    for the profile, the project's submitted rounds): the listing already holds them."""
    from mintqo.store import assessments, projects
    from mintqo.store.engine import memo_per_run

    build = Builder(engine)
    initiative_id = build.initiative(build.network("Eins"), "Ini", rounds=[60.0])
    build.draft(build.project_id, 2, answered=3)
    read_alone = {
        r.assessment_id: assessments.get_assessment(engine, r.assessment_id)
        for r in projects.list_projects(engine, initiative_id)[0].rounds
    }
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with memo_per_run():
            listed = projects.list_projects(engine, initiative_id)[0].rounds
            after_listing = len(statements)
            infos = {
                r.assessment_id: assessments.get_assessment(engine, r.assessment_id) for r in listed
            }
            submitted = assessments.submitted_rounds(engine, build.project_id)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == after_listing
    assert infos == read_alone
    assert len(infos) == 2
    assert submitted == [i for i in infos.values() if i.status == "submitted"]


def test_a_rating_save_reads_the_round_once_and_writes_only_what_changed(engine: Engine):
    """The access check, the team rule and the participation counter all ask whose the round
    is: one query answers them. A rating leaves the criterion's note alone, and a 'nicht
    zutreffend' goes into the same INSERT as the other ratings."""
    from mintqo.questionnaire import load_questionnaire
    from mintqo.services import self_analysis
    from mintqo.services.self_analysis import CriterionContent

    build = Builder(engine)
    initiative_id = build.initiative(build.network("Eins"), "Ini")
    member = build.user("ini", "initiative", initiative_id=initiative_id)
    aid = self_analysis.start_round(engine, member, build.project_id)
    criterion = load_questionnaire().criteria[0]
    first, second, *_ = (item.id for item in criterion.items)
    state = self_analysis.round_state(engine, member, aid)
    saved = self_analysis.save_step(
        engine, member, aid, state.version, criterion.id, {first: 3}, "Unsere Notiz"
    )
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        result = self_analysis.save_step(
            engine,
            member,
            aid,
            saved.version,
            criterion.id,
            {first: 3, second: None},
            "Unsere Notiz",
            base=CriterionContent({first: 3}, "Unsere Notiz"),
        )
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert result.saved
    owner_reads = [s for s in statements if s.startswith("SELECT") and "JOIN initiative" in s]
    assert len(owner_reads) == 1, statements
    assert not [s for s in statements if s.startswith("SELECT assessment.mode")]
    assert len([s for s in statements if s.startswith("INSERT INTO answer")]) == 1
    assert not [s for s in statements if "criterion_note" in s]
    stored = self_analysis.round_state(engine, member, aid)
    assert {k: stored.answers[k] for k in (first, second)} == {first: 3, second: None}
    assert stored.notes[criterion.id] == "Unsere Notiz"


def test_a_round_seen_at_the_same_state_needs_no_read_of_its_answers(engine: Engine):
    """The questionnaire reruns on every click; the round's answers and notes change only by
    writes that change the round's record, which the project list reads anyway. A save hands
    the state it wrote to the next run; any other writer makes the next run read."""
    from mintqo.questionnaire import load_questionnaire
    from mintqo.services import self_analysis
    from mintqo.store import answer_import
    from mintqo.store.assessments import load_state
    from mintqo.store.engine import memo_per_run

    build = Builder(engine)
    initiative_id = build.initiative(build.network("Eins"), "Ini")
    member = build.user("ini", "initiative", initiative_id=initiative_id)
    aid = self_analysis.start_round(engine, member, build.project_id)
    criterion = load_questionnaire().criteria[0]
    first, second = (i.id for i in criterion.items[:2])
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(" ".join(statement.split()))

    def page_run():
        statements.clear()
        with memo_per_run():
            self_analysis.my_projects(engine, member)
            return self_analysis.round_state(engine, member, aid)

    def read_answers() -> bool:
        return any("FROM answer" in s or "FROM criterion_note" in s for s in statements)

    event.listen(engine, "before_cursor_execute", record)
    try:
        shown = page_run()
        assert read_answers()
        assert page_run() == shown and not read_answers()
        self_analysis.save_step(
            engine, member, aid, shown.version, criterion.id, {first: 4, second: None}, "N"
        )
        saved = page_run()
        assert not read_answers()
        self_analysis.save_step(engine, member, aid, saved.version, criterion.id, {first: 2}, "")
        resaved = page_run()
        assert not read_answers()
        stored = load_state(engine, aid)  # outside a page run: read from the database
        answer_import.import_answers(engine, aid, {second: 5}, {criterion.id: "Import"})
        imported = page_run()
        assert read_answers()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert (saved.answers[first], saved.answers[second], saved.notes[criterion.id]) == (
        4,
        None,
        "N",
    )
    assert resaved == stored  # as stored: the second rating gone, no note
    assert second not in resaved.answers and criterion.id not in resaved.notes
    assert imported == load_state(engine, aid) and imported.answers[second] == 5
    imported.answers[first] = 1  # each caller has its own copy
    assert page_run().answers[first] == 2


def test_a_save_writes_only_the_ratings_that_changed(engine: Engine):
    """The usual click changes one rating: one UPDATE of its row, nothing deleted or
    re-inserted; new and removed ratings are one INSERT and one DELETE."""
    from mintqo.questionnaire import load_questionnaire
    from mintqo.services import self_analysis
    from mintqo.services.self_analysis import CriterionContent

    build = Builder(engine)
    initiative_id = build.initiative(build.network("Eins"), "Ini")
    member = build.user("ini", "initiative", initiative_id=initiative_id)
    aid = self_analysis.start_round(engine, member, build.project_id)
    criterion = load_questionnaire().criteria[0]
    first, second, third = (item.id for item in criterion.items[:3])
    saved = self_analysis.save_step(
        engine, member, aid, 1, criterion.id, {first: 3, second: None}, ""
    )
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        words = statement.split()
        if " ".join(words[:3]) in ("UPDATE answer SET", "DELETE FROM answer", "INSERT INTO answer"):
            statements.append(words[0])

    steps = [
        ({first: 3, second: 5}, ["UPDATE"]),
        ({first: 1, second: 5, third: None}, ["UPDATE", "INSERT"]),
        ({first: 1}, ["DELETE"]),
        ({first: 2, second: 2}, ["UPDATE", "INSERT"]),
        ({first: 4, second: None}, ["DELETE", "INSERT"]),  # two changes at once: rewritten
    ]
    event.listen(engine, "before_cursor_execute", record)
    try:
        for given, expected in steps:
            statements.clear()
            saved = self_analysis.save_step(
                engine,
                member,
                aid,
                saved.version,
                criterion.id,
                given,
                "",
                base=CriterionContent(saved.stored.answers, ""),
            )
            assert saved.saved and statements == expected, (given, statements)
            stored = self_analysis.round_state(engine, member, aid).answers
            assert {i: v for i, v in stored.items() if i in (first, second, third)} == given
    finally:
        event.remove(engine, "before_cursor_execute", record)
