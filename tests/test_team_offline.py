"""The offline template of one's own sheet in a team round (issue 16): the member downloads
their sheet, fills it without Wi-Fi and takes it over into the sheet – never into the round's
agreed result, never into someone else's or a finished sheet. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from mintqo.io.offline_template import TemplateContent, template_csv
from mintqo.questionnaire import load_questionnaire
from mintqo.services import self_analysis, team, team_offline
from mintqo.services.errors import NotAllowed
from mintqo.store.answer_import import ImportRefused
from tests.builders import Builder

Q = load_questionnaire()


@pytest.fixture
def world(engine: Engine):
    build = Builder(engine)
    ini = build.initiative(build.network("Netz"), "Offline-Team")
    lea = build.user("lea", "initiative", initiative_id=ini)
    ben = build.user("ben", "initiative", initiative_id=ini)
    project = self_analysis.my_projects(engine, lea)[0].id
    return engine, lea, ben, team.start(engine, lea, project)


def test_the_sheet_goes_offline_and_back_into_the_sheet(world):
    engine, lea, ben, aid = world
    with pytest.raises(NotAllowed):  # no sheet yet: nothing to download
        team_offline.sheet_template(engine, ben, aid, "csv")
    team.my_sheet(engine, ben, aid)
    downloaded = team_offline.sheet_template(engine, ben, aid, "xlsx")
    assert downloaded.startswith(b"PK")  # a workbook
    answers = {i.id: 2 for i in Q.items}
    filled = template_csv(TemplateContent(aid, Q, answers, {Q.criteria[0].id: "offline"}))
    result = team_offline.check_sheet_file(engine, ben, aid, filled, "bogen.csv")
    assert result.ok, result.messages()
    outcome = team_offline.import_sheet(
        engine, ben, aid, dict(result.parsed.answers), dict(result.parsed.notes)
    )
    assert outcome.changed_answers == len(Q.items) and outcome.changed_notes == 1
    sheet = team.sheet_if_any(engine, ben, aid)
    assert dict(sheet.answers) == answers and sheet.notes[Q.criteria[0].id] == "offline"
    assert self_analysis.round_state(engine, lea, aid).answers == {}  # the lead's, untouched
    assert team.sheet_if_any(engine, lea, aid).answers == {}  # Lea's sheet, untouched
    again = team_offline.import_sheet(engine, ben, aid, answers, {})
    assert not again.changed  # the same file twice changes nothing
    team.finish_my_sheet(engine, ben, aid)
    with pytest.raises(ImportRefused, match="abgeschlossen"):
        team_offline.import_sheet(engine, ben, aid, {Q.items[0].id: 5}, {})
