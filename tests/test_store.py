"""Store round-trips and the database's own guarantees, on SQLite and (in CI) PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from mintqo.access import Ownership
from mintqo.store import organisations as orgs
from mintqo.store import versions
from mintqo.store.engine import read_session, write_session
from mintqo.store.models import Answer, Assessment, CriterionScore, Initiative, Project, User
from mintqo.store.projects import create_project
from mintqo.store.users import UserExistsError, actor_for, create_user


@pytest.fixture
def project(engine: Engine) -> tuple[int, int, int]:
    cohort = orgs.create_cohort(engine, "Durchgang 1", 2025)
    network = orgs.create_network(engine, "MINT-Region Test", cohort)
    initiative = orgs.create_initiative(engine, "Robotik-AG Teststadt", network)
    return network, initiative, create_project(engine, initiative, "Roboterkurs")


def _assessment(engine: Engine, project_id: int, round_no: int = 1, status: str = "draft") -> int:
    with write_session(engine) as s:
        a = Assessment(
            project_id=project_id, round_no=round_no, questionnaire_version=1, status=status
        )
        s.add(a)
        s.flush()
        return a.id


def test_round_trip_of_the_ownership_chain(engine: Engine, project) -> None:
    network, initiative, project_id = project
    assessment = _assessment(engine, project_id)
    with write_session(engine) as s:
        s.add_all(
            [
                Answer(assessment_id=assessment, item_id="AQ1.1", value=4),
                Answer(assessment_id=assessment, item_id="AQ1.2", value=None),
            ]
        )
    assert orgs.project_ownership(engine, project_id) == Ownership(initiative, network, project_id)
    assert orgs.assessment_ownership(engine, assessment) == Ownership(
        initiative, network, project_id
    )
    assert orgs.project_ownership(engine, 9999) is None
    with read_session(engine) as s:
        rows = s.execute(select(Answer.item_id, Answer.value).order_by(Answer.item_id)).all()
        stored = s.get(Assessment, assessment)
    assert [tuple(r) for r in rows] == [("AQ1.1", 4), ("AQ1.2", None)]
    assert (stored.status, stored.version, stored.questionnaire_version) == ("draft", 1, 1)
    assert stored.started_at is not None and stored.submitted_at is None


@pytest.mark.parametrize("value", [0, 6, 7, -1])
def test_answer_value_is_checked_by_the_database(engine: Engine, project, value: int) -> None:
    assessment = _assessment(engine, project[2])
    with pytest.raises(IntegrityError), write_session(engine) as s:
        s.add(Answer(assessment_id=assessment, item_id="AQ1.1", value=value))


def test_answer_is_unique_per_assessment_and_item(engine: Engine, project) -> None:
    assessment = _assessment(engine, project[2])
    with write_session(engine) as s:
        s.add(Answer(assessment_id=assessment, item_id="AQ1.1", value=3))
    with pytest.raises(IntegrityError), write_session(engine) as s:
        s.add(Answer(assessment_id=assessment, item_id="AQ1.1", value=4))


def test_only_one_draft_per_project_but_many_submitted_rounds(engine: Engine, project) -> None:
    project_id = project[2]
    _assessment(engine, project_id, 1, "submitted")
    _assessment(engine, project_id, 2, "submitted")
    _assessment(engine, project_id, 3, "draft")
    with pytest.raises(IntegrityError):
        _assessment(engine, project_id, 4, "draft")
    with pytest.raises(IntegrityError):  # round numbers are unique per project
        _assessment(engine, project_id, 3, "submitted")


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), write_session(engine) as s:
        s.add(Project(initiative_id=12345, name="Waise"))


def test_score_and_status_checks(engine: Engine, project) -> None:
    assessment = _assessment(engine, project[2])
    with pytest.raises(IntegrityError), write_session(engine) as s:
        s.add(CriterionScore(assessment_id=assessment, criterion_id="AQ1", score=101.0, answered=3))
    with pytest.raises(IntegrityError), write_session(engine) as s:
        s.execute(text("UPDATE assessment SET status = 'archived'"))


def test_user_role_must_match_its_scope(engine: Engine, project) -> None:
    network, initiative, _ = project
    create_user(engine, "Ini-User", "ein-langes-passwort", "initiative", initiative_id=initiative)
    with pytest.raises(IntegrityError):
        create_user(engine, "koord", "ein-langes-passwort", "coordinator", initiative_id=initiative)
    with pytest.raises(IntegrityError):
        create_user(engine, "admin2", "ein-langes-passwort", "admin", network_id=network)
    with pytest.raises(UserExistsError, match="bereits vergeben"):
        create_user(
            engine, "ini-user", "ein-langes-passwort", "initiative", initiative_id=initiative
        )
    actor = actor_for(engine, "INI-USER")
    assert actor is not None and (actor.username, actor.role, actor.initiative_id) == (
        "ini-user",
        "initiative",
        initiative,
    )


def test_disabled_user_is_no_actor(engine: Engine) -> None:
    create_user(engine, "admin", "ein-langes-passwort", "admin")
    with write_session(engine) as s:
        s.execute(User.__table__.update().values(active=False))
    assert actor_for(engine, "admin") is None


def test_deleting_an_initiative_cascades(engine: Engine, project) -> None:
    _, initiative, project_id = project
    assessment = _assessment(engine, project_id)
    with write_session(engine) as s:
        s.add(Answer(assessment_id=assessment, item_id="AQ1.1", value=2))
    with write_session(engine) as s:
        s.delete(s.get(Initiative, initiative))
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == 0
        assert s.scalar(select(func.count()).select_from(Project)) == 0


def test_data_versions_count_up_per_scope(engine: Engine) -> None:
    assert versions.current(engine, "network:1") == 0
    with write_session(engine) as s:
        versions.bump(s, [versions.GLOBAL, versions.network_scope(1)])
    with write_session(engine) as s:
        versions.bump(s, [versions.network_scope(1)])
    assert versions.current(engine) == 1
    assert versions.current(engine, "network:1") == 2


def test_failed_write_leaves_nothing_behind(engine: Engine, project) -> None:
    assessment = _assessment(engine, project[2])
    with pytest.raises(IntegrityError), write_session(engine) as s:
        s.add(Answer(assessment_id=assessment, item_id="AQ1.1", value=3))
        s.flush()
        s.add(Answer(assessment_id=assessment, item_id="AQ1.2", value=9))
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == 0


def test_schema_has_the_expected_tables(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {
        "cohort",
        "network",
        "initiative",
        "project",
        "app_user",
        "assessment",
        "answer",
        "criterion_score",
        "criterion_note",
        "alembic_version",
    } <= tables
