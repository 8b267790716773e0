"""Team rounds (issue 16): members rate on their own sheets, the comparison opens only after
one's own sheet is finished, the lead composes and submits the agreed result, and nothing of
the sheets reaches anyone outside the initiative. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, select

from mintqo.questionnaire import load_questionnaire
from mintqo.services import dashboards, self_analysis, team
from mintqo.services.errors import NotAllowed
from mintqo.store.engine import read_session
from mintqo.store.models import SheetAnswer
from mintqo.store.team_rounds import TeamRoundError
from tests.builders import Builder

Q = load_questionnaire()


@pytest.fixture
def world(engine: Engine):
    build = Builder(engine)
    net = build.network("Team-Netz")
    ini = build.initiative(net, "Team-Initiative")
    lead = build.user("lea", "initiative", initiative_id=ini)
    ben = build.user("ben", "initiative", initiative_id=ini)
    cem = build.user("cem", "initiative", initiative_id=ini)
    project = self_analysis.my_projects(engine, lead)[0].id
    aid = team.start(engine, lead, project)
    return {"build": build, "net": net, "lead": lead, "ben": ben, "cem": cem, "aid": aid}


def _fill(engine: Engine, actor, aid: int, value_of) -> None:
    """Rate every statement of the member's own sheet (value_of(criterion) → rating)."""
    sheet = team.my_sheet(engine, actor, aid)
    version = sheet.version
    for criterion in Q.criteria:
        value = value_of(criterion)
        saved, sheet = team.save_my_step(
            engine, actor, aid, version, criterion.id, {i.id: value for i in criterion.items}, ""
        )
        assert saved
        version = sheet.version


def test_sheets_are_private_until_ones_own_is_finished(world):
    engine, aid = world["build"].engine, world["aid"]
    _fill(engine, world["ben"], aid, lambda c: 2)
    team.finish_my_sheet(engine, world["ben"], aid)
    with pytest.raises(NotAllowed, match="eigenen Bogen abgeschlossen"):
        team.comparison(engine, world["lead"], aid)  # Lea has not finished hers
    status = team.status(engine, world["lead"], aid)
    assert status.lead_user_id == world["lead"].user_id
    assert {t.username: t.finished for t in status.teammates} == {"lea": False, "ben": True}
    _fill(engine, world["lead"], aid, lambda c: 5 if c.id == Q.criteria[0].id else 4)
    team.finish_my_sheet(engine, world["lead"], aid)
    seen = team.comparison(engine, world["lead"], aid)
    assert seen.members == ("lea", "ben")
    worst = seen.least_agreement_criteria(1)[0]
    assert worst.criterion_id == Q.criteria[0].id and worst.spread.range == 75.0
    with pytest.raises(TeamRoundError, match="abgeschlossen"):
        team.save_my_step(engine, world["ben"], aid, 99, Q.criteria[0].id, {}, "")


def test_concurrent_sheets_never_overwrite_each_other(world):
    engine, aid = world["build"].engine, world["aid"]
    members = [world["lead"], world["ben"], world["cem"]]
    start = {m.username: team.my_sheet(engine, m, aid).version for m in members}
    barrier = threading.Barrier(len(members))
    errors: list[BaseException] = []

    def rate(member, value: int) -> None:
        try:
            barrier.wait()
            criterion = Q.criteria[0]
            team.save_my_step(
                engine,
                member,
                aid,
                start[member.username],
                criterion.id,
                {i.id: value for i in criterion.items},
                f"Notiz von {member.username}",
            )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=rate, args=(m, n + 1)) for n, m in enumerate(members)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for n, member in enumerate(members):
        sheet = team.my_sheet(engine, member, aid)
        assert set(sheet.answers.values()) == {n + 1}
        assert sheet.notes[Q.criteria[0].id] == f"Notiz von {member.username}"


def test_only_the_lead_composes_and_submits_the_agreed_result(world):
    engine, aid = world["build"].engine, world["aid"]
    for member, value in ((world["lead"], 5), (world["ben"], 3), (world["cem"], 4)):
        _fill(engine, member, aid, lambda c, v=value: v)
        team.finish_my_sheet(engine, member, aid)
    with pytest.raises(NotAllowed, match="Teamrunde"):
        team.propose_agreement(engine, world["ben"], aid)
    filled = team.propose_agreement(engine, world["lead"], aid)
    assert filled == len(Q.items)
    agreed = self_analysis.round_state(engine, world["lead"], aid)
    assert set(agreed.answers.values()) == {4}  # the median of 5, 3, 4
    with pytest.raises(NotAllowed):
        self_analysis.submit(engine, world["ben"], aid)
    result = self_analysis.submit(engine, world["lead"], aid)
    assert result.scores[Q.criteria[0].id] == 75.0  # the agreed 4 → 75


def test_nothing_of_the_sheets_outside_the_initiative(world):
    build, aid = world["build"], world["aid"]
    engine = build.engine
    _fill(engine, world["ben"], aid, lambda c: 1)
    coordinator = build.coordinator(world["net"])
    for attempt in (
        lambda: team.status(engine, coordinator, aid),
        lambda: team.comparison(engine, coordinator, aid),
        lambda: team.my_sheet(engine, coordinator, aid),
    ):
        with pytest.raises(NotAllowed):
            attempt()
    participation = dashboards.participation_rows(engine, coordinator, world["net"]).rows
    assert [r.progress for r in participation] == [0]  # the agreed result is still empty
    with read_session(engine) as s:
        assert s.scalars(select(SheetAnswer.value)).all()  # Ben's sheet exists, unseen


@pytest.mark.parametrize("started", [(2, 0, 1), (0, 0, 0)])
def test_without_a_marked_lead_the_member_who_joined_first_leads(world, started):
    """The status and the writes (``round_lead_in``) name the same lead once no sheet is marked
    (the lead left the initiative): the sheet started first, on a tie the older sheet."""
    import datetime as dt

    from sqlalchemy import update

    from mintqo.store.engine import write_session
    from mintqo.store.models import TeamSheet
    from mintqo.store.team_rounds import round_lead_in

    engine, aid = world["build"].engine, world["aid"]
    members = [world["lead"], world["cem"], world["ben"]]
    for member in members[1:]:
        team.my_sheet(engine, member, aid)  # Cem's sheet, then Ben's
    assert team.status(engine, world["ben"], aid).lead_user_id == world["lead"].user_id
    base = dt.datetime(2026, 11, 2, 9, 0)
    with write_session(engine) as s:
        for member, minutes in zip(members, started, strict=True):
            s.execute(
                update(TeamSheet)
                .where(TeamSheet.assessment_id == aid, TeamSheet.user_id == member.user_id)
                .values(is_lead=False, started_at=base + dt.timedelta(minutes=minutes))
            )
    expected = world["cem"] if started[0] else world["lead"]
    assert team.status(engine, world["ben"], aid).lead_user_id == expected.user_id
    with read_session(engine) as s:
        assert round_lead_in(s, aid) == (True, expected.user_id)
