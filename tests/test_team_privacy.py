"""Team rounds and the data-protection rights (issue 16): a member's own data export holds
the sheets they may read – their own, and the others' once the comparison is open to them –
and leaving the initiative takes one's sheets along, while the agreed result stays with the
initiative. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import Engine, func, select

from mintqo.questionnaire import load_questionnaire
from mintqo.services import initiative, members, self_analysis, team
from mintqo.store.engine import read_session
from mintqo.store.models import SheetAnswer, SheetNote, TeamSheet
from tests.builders import Builder

Q = load_questionnaire()


@pytest.fixture
def world(engine: Engine):
    build = Builder(engine)
    net = build.network("Netz")
    ini = build.initiative(net, "Team-Initiative")
    people = {name: build.user(name, "initiative", initiative_id=ini) for name in ("lea", "ben")}
    people["cem"] = build.user("cem", "initiative", initiative_id=ini)
    project = self_analysis.my_projects(engine, people["lea"])[0].id
    aid = team.start(engine, people["lea"], project)
    for name, value in (("lea", 4), ("ben", 2), ("cem", 5)):
        actor = people[name]
        sheet = team.my_sheet(engine, actor, aid)
        version = sheet.version
        for criterion in Q.criteria:
            _, sheet = team.save_my_step(
                engine,
                actor,
                aid,
                version,
                criterion.id,
                {i.id: value for i in criterion.items},
                f"Notiz von {name}",
            )
            version = sheet.version
    team.finish_my_sheet(engine, people["lea"], aid)
    team.finish_my_sheet(engine, people["ben"], aid)  # cem's sheet stays open
    return {"engine": engine, "aid": aid, **people}


def _sheets_in_export(engine: Engine, actor) -> tuple[set[int], set[int], int]:
    """(users whose ratings, users whose notes are in the member's export; sheets listed)."""
    data = initiative.export_all(engine, actor)
    tables = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("daten.json"))["tabellen"]
    owner = {row["id"]: row["user_id"] for row in tables["team_sheet"]}
    rated = {owner[row["sheet_id"]] for row in tables["sheet_answer"]}
    noted = {owner[row["sheet_id"]] for row in tables["sheet_note"]}
    return rated, noted, len(tables["team_sheet"])


def test_export_holds_own_sheets_and_the_finished_ones_one_may_compare(world):
    engine, lea, ben, cem = world["engine"], world["lea"], world["ben"], world["cem"]
    # Lea has finished: her own sheet, and Ben's finished one – not Cem's open sheet.
    assert _sheets_in_export(engine, lea) == ({lea.user_id, ben.user_id}, {lea.user_id}, 3)
    # Cem is still rating: only his own sheet (no anchoring through the export either).
    assert _sheets_in_export(engine, cem) == ({cem.user_id}, {cem.user_id}, 3)
    team.propose_agreement(engine, lea, world["aid"])
    self_analysis.submit(engine, lea, world["aid"])
    # The round is closed: Cem may now compare, and sees the finished sheets; notes stay own.
    rated, noted, _ = _sheets_in_export(engine, cem)
    assert rated == {lea.user_id, ben.user_id, cem.user_id} and noted == {cem.user_id}


def test_export_csv_names_the_sheets_in_german(world):
    data = initiative.export_all(world["engine"], world["lea"])
    archive = zipfile.ZipFile(io.BytesIO(data))
    header = archive.read("teambogen.csv").decode("utf-8-sig").splitlines()[0]
    assert "Leitet die Runde" in header and "Abgeschlossen am" in header
    assert "teambogen-bewertungen.csv" in archive.read("LIESMICH.txt").decode()


def test_leaving_deletes_ones_sheets_and_keeps_the_agreed_result(world):
    engine, lea, ben, aid = world["engine"], world["lea"], world["ben"], world["aid"]
    team.propose_agreement(engine, lea, aid)
    agreed = self_analysis.round_state(engine, lea, aid).answers
    members.leave_initiative(engine, ben, "ben")
    with read_session(engine) as s:
        left = s.scalar(select(func.count()).where(TeamSheet.user_id == ben.user_id))
        answers = s.scalar(select(func.count()).select_from(SheetAnswer))
        notes = set(s.scalars(select(SheetNote.text)))
    assert left == 0
    assert answers == 2 * len(Q.items)  # Lea's and Cem's sheets only
    assert "Notiz von ben" not in notes
    assert team.comparison(engine, lea, aid).members == ("lea",)
    assert self_analysis.round_state(engine, lea, aid).answers == agreed  # the initiative's


def test_when_the_lead_leaves_the_first_to_join_leads(world):
    engine, lea, ben, aid = world["engine"], world["lea"], world["ben"], world["aid"]
    members.leave_initiative(engine, lea, "lea")
    status = team.status(engine, ben, aid)
    assert status.lead_user_id == ben.user_id and status.is_lead
    assert team.propose_agreement(engine, ben, aid) == len(Q.items)
