"""DSGVO erasure: no row of a deleted initiative remains in any table; aggregates drop it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, or_, select

from mintqo.access import Actor
from mintqo.services import initiative as initiative_service
from mintqo.services import organisations
from mintqo.services.errors import NotAllowed
from mintqo.store import versions
from mintqo.store.dashboard_queries import released_latest
from mintqo.store.derived_scores import rewrite_initiative_scores
from mintqo.store.engine import read_session, write_session
from mintqo.store.erasure import ErasureRefused, list_initiatives
from mintqo.store.models import (
    ActionItem,
    Answer,
    Assessment,
    AuditEvent,
    Base,
    CriterionNote,
    CriterionScore,
    ImpactStep,
    Initiative,
    InitiativeCriterionScore,
    InitiativeRoundScore,
    LoginEvent,
    LoginSession,
    Network,
    OneTimeCode,
    Project,
    ReleasedImpactStep,
    SheetAnswer,
    SheetNote,
    TeamSheet,
    User,
)

NOW = dt.datetime(2026, 11, 1, 12, 0)


def _initiative(s, network_id: int, name: str, score: float) -> dict[str, int]:
    """An initiative with everything that can hang below it; returns its ids."""
    ini = Initiative(name=name, network_id=network_id, share_named_results=True)
    s.add(ini)
    s.flush()
    user = User(
        username=f"u-{ini.id}",
        display_name=name,
        password_hash="x",
        role="initiative",
        initiative_id=ini.id,
    )
    project = Project(initiative_id=ini.id, name=f"Projekt von {name}")
    s.add_all([user, project])
    s.flush()
    submitted = Assessment(
        project_id=project.id,
        round_no=1,
        questionnaire_version=1,
        status="submitted",
        is_latest=True,
        submitted_at=NOW,
    )
    draft = Assessment(
        project_id=project.id, round_no=2, questionnaire_version=1, status="draft", mode="team"
    )
    s.add_all([submitted, draft])
    s.flush()
    s.add_all(
        [
            Answer(assessment_id=submitted.id, item_id="AQ1.1", value=4),
            Answer(assessment_id=draft.id, item_id="AQ1.1", value=None),
            CriterionNote(assessment_id=draft.id, criterion_id="AQ1", text=f"Notiz {name}"),
            CriterionScore(assessment_id=submitted.id, criterion_id="AQ1", score=score, answered=5),
            ImpactStep(project_id=project.id, step=3, evidence="ja", indicator="Teilnahmequote"),
            ActionItem(project_id=project.id, criterion_id="AQ1", what="Ziele aufschreiben"),
            OneTimeCode(
                code_hash=f"inv-{ini.id}",
                kind="invitation",
                role="initiative",
                network_id=network_id,
                initiative_id=ini.id,
                expires_at=NOW,
            ),
            OneTimeCode(code_hash=f"reset-{ini.id}", kind="reset", user_id=user.id, expires_at=NOW),
            LoginEvent(username=user.username, at=NOW, success=True),
        ]
    )
    s.flush()
    sheet = TeamSheet(assessment_id=draft.id, user_id=user.id, is_lead=True, status="open")
    s.add(sheet)
    s.flush()
    s.add_all(
        [
            SheetAnswer(sheet_id=sheet.id, item_id="AQ1.1", value=2),
            SheetNote(sheet_id=sheet.id, criterion_id="AQ1", text=f"Eigene Notiz {name}"),
        ]
    )
    s.flush()
    # A code the initiative's user issued for someone else: the link is cut, the code stays.
    s.add(
        OneTimeCode(
            code_hash=f"by-{ini.id}",
            kind="invitation",
            role="initiative",
            network_id=network_id,
            created_by=user.id,
            expires_at=NOW,
        )
    )
    return {
        "initiative": ini.id,
        "user": user.id,
        "username": user.username,
        "project": project.id,
        "assessments": [submitted.id, draft.id],
    }


@pytest.fixture
def world(engine: Engine) -> dict:
    with write_session(engine) as s:
        network = Network(name="Netz")
        s.add(network)
        s.flush()
        doomed = _initiative(s, network.id, "Zu löschen e.V.", 20.0)
        kept = _initiative(s, network.id, "Bleibt gGmbH", 80.0)
        coordinator = User(
            username="koordination",
            display_name="K",
            password_hash="x",
            role="coordinator",
            network_id=network.id,
        )
        admin = User(username="admin", display_name="Admin", password_hash="x", role="admin")
        s.add_all([coordinator, admin])
        s.flush()
        # Written straight into the store: both are in the network's released results.
        rewrite_initiative_scores(s)
        actors = {
            "admin": Actor(admin.id, "admin", "Admin", "admin"),
            "coordinator": Actor(
                coordinator.id, "koordination", "K", "coordinator", network_id=network.id
            ),
            "doomed": _member(doomed),
            "other": _member(kept),
        }
    return {"network": network.id, "doomed": doomed, "kept": kept, "actors": actors}


def _member(ids: dict) -> Actor:
    return Actor(ids["user"], ids["username"], "U", "initiative", ids["initiative"])


def _sheets(engine: Engine, aids: list[int], user: int) -> list[int]:
    with read_session(engine) as s:
        return list(
            s.scalars(
                select(TeamSheet.id).where(
                    or_(TeamSheet.assessment_id.in_(aids), TeamSheet.user_id == user)
                )
            )
        )


def _rows_referring_to(engine: Engine, ids: dict) -> dict[str, int]:
    """Every table, every way a row can belong to the initiative. Fails if a table is unknown."""
    ini, user, project, aids = ids["initiative"], ids["user"], ids["project"], ids["assessments"]
    checks = {
        "cohort": [],
        "network": [],
        "initiative": [Initiative.id == ini],
        "project": [Project.initiative_id == ini, Project.id == project],
        "app_user": [User.initiative_id == ini, User.id == user],
        "assessment": [Assessment.project_id == project, Assessment.id.in_(aids)],
        "answer": [Answer.assessment_id.in_(aids)],
        "criterion_note": [CriterionNote.assessment_id.in_(aids)],
        "criterion_score": [CriterionScore.assessment_id.in_(aids)],
        "impact_step": [ImpactStep.project_id == project],
        "action_item": [ActionItem.project_id == project],
        "one_time_code": [
            OneTimeCode.initiative_id == ini,
            OneTimeCode.user_id == user,
            OneTimeCode.created_by == user,
        ],
        "login_event": [LoginEvent.username == ids["username"]],
        "audit_event": [AuditEvent.actor == ids["username"]],
        "data_version": [],
        "network_release": [],
        "buddy_pair": [],  # between networks, nothing of an initiative
        "login_session": [LoginSession.user_id == user],
        "initiative_criterion_score": [InitiativeCriterionScore.initiative_id == ini],
        "initiative_round_score": [InitiativeRoundScore.initiative_id == ini],
        "released_impact_step": [ReleasedImpactStep.initiative_id == ini],
        "team_sheet": [TeamSheet.assessment_id.in_(aids), TeamSheet.user_id == user],
        "sheet_answer": [SheetAnswer.sheet_id.in_(_sheets(engine, aids, user))],
        "sheet_note": [SheetNote.sheet_id.in_(_sheets(engine, aids, user))],
    }
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    assert set(checks) == set(tables), "a new table needs an erasure check here"
    found = {}
    with read_session(engine) as s:
        for name, conditions in checks.items():
            for condition in conditions:
                found[f"{name}: {condition}"] = s.scalar(
                    select(func.count()).select_from(tables[name]).where(condition)
                )
    return found


def _text_anywhere(engine: Engine, needle: str) -> list[str]:
    """Tables that still contain ``needle`` in any text column."""
    hits = []
    with read_session(engine) as s:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if column.type.python_type is str and s.scalar(
                    select(func.count()).select_from(table).where(column.contains(needle))
                ):
                    hits.append(f"{table.name}.{column.name}")
    return hits


def test_admin_deletion_leaves_no_row_of_the_initiative_anywhere(engine: Engine, world: dict):
    doomed, kept = world["doomed"], world["kept"]
    before = _rows_referring_to(engine, doomed)
    assert all(
        n >= 1 for k, n in before.items() if not k.startswith(("audit_event", "login_session"))
    )
    kept_before = _rows_referring_to(engine, kept)
    v_global = versions.current(engine)
    v_net = versions.current(engine, versions.network_scope(world["network"]))

    admin = world["actors"]["admin"]
    report = organisations.delete_initiative(engine, admin, doomed["initiative"], "Zu löschen e.V.")

    assert report.deleted["answer"] == 2 and report.deleted["assessment"] == 2
    assert all(n == 0 for n in _rows_referring_to(engine, doomed).values())
    assert _text_anywhere(engine, "Zu löschen") == []
    assert _rows_referring_to(engine, kept) == kept_before  # the neighbour is untouched
    with read_session(engine) as s:
        orphan = s.scalar(
            select(OneTimeCode).where(OneTimeCode.code_hash == f"by-{doomed['initiative']}")
        )
        event = s.scalar(select(AuditEvent))
    assert orphan is not None and orphan.created_by is None
    assert event.actor == "admin" and event.action == "initiative.delete"
    assert event.target == f"network:{world['network']}"  # not which initiative it was
    assert versions.current(engine) == v_global + 1
    assert versions.current(engine, versions.network_scope(world["network"])) == v_net + 1


def test_deletion_drops_the_rounds_answers_from_the_process_memory(engine: Engine, world: dict):
    """The questionnaire keeps rounds' answers in memory (store/round_states.py); an erased
    initiative's rounds leave it with the deletion, the neighbour's stay."""
    from mintqo.store import round_states

    doomed, kept = world["doomed"]["assessments"], world["kept"]["assessments"]
    for aid in doomed + kept:
        assert round_states.load_state(engine, aid) is not None
    assert set(doomed + kept) <= round_states.kept_rounds(engine)
    admin = world["actors"]["admin"]
    organisations.delete_initiative(engine, admin, world["doomed"]["initiative"], "Zu löschen e.V.")
    assert not set(doomed) & round_states.kept_rounds(engine)
    assert set(kept) <= round_states.kept_rounds(engine)


def test_network_aggregate_no_longer_includes_it(engine: Engine, world: dict):
    released = {r.initiative_id: r.score for r in released_latest(engine, world["network"])}
    assert released == {world["doomed"]["initiative"]: 20.0, world["kept"]["initiative"]: 80.0}
    initiative_service.delete_own(engine, world["actors"]["doomed"], "Zu löschen e.V.")
    released = {r.initiative_id: r.score for r in released_latest(engine, world["network"])}
    assert released == {world["kept"]["initiative"]: 80.0}  # erasure wins over releases
    # Self-deletion leaves no audit trail naming the (now deleted) user.
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 0
    # A raw SQL aggregate over CriterionScore agrees.
    with read_session(engine) as s:
        total = s.scalar(
            select(func.count())
            .select_from(CriterionScore)
            .join(Assessment, Assessment.id == CriterionScore.assessment_id)
            .join(Project, Project.id == Assessment.project_id)
            .join(Initiative, Initiative.id == Project.initiative_id)
            .where(Initiative.network_id == world["network"])
        )
    assert total == 1


def test_deletion_leaves_no_name_in_the_history(engine: Engine, world: dict):
    """Issue 13, item 11: audit rows keep what happened and when, not who or what by name;
    the invitation that created the initiative (labelled with its name) goes too."""
    doomed, network = world["doomed"], world["network"]
    me = world["actors"]["doomed"]
    initiative_service.set_consent(engine, me, False)  # consent history in the audit log
    with write_session(engine) as s:
        s.add_all(
            [
                AuditEvent(
                    at=NOW,
                    actor="koordination",
                    action="invitation.create",
                    target=f"network:{network}",
                    detail="neue Initiative: Zu löschen e.V.",
                ),
                AuditEvent(
                    at=NOW,
                    actor=doomed["username"],
                    action="invitation.redeem",
                    target=f"user:{doomed['username']}",
                    detail="initiative: Zu löschen e.V.",
                ),
                OneTimeCode(
                    code_hash="created-it",
                    kind="invitation",
                    role="initiative",
                    network_id=network,
                    label="Zu löschen e.V.",
                    expires_at=NOW,
                    used_at=NOW,
                ),
            ]
        )
    with read_session(engine) as s:
        history = s.scalar(select(func.count()).select_from(AuditEvent))
    initiative_service.delete_own(engine, me, "Zu löschen e.V.")
    with read_session(engine) as s:
        rows = s.execute(select(AuditEvent.actor, AuditEvent.target, AuditEvent.detail)).all()
        codes = s.scalars(select(OneTimeCode.label)).all()
    assert len(rows) == history  # the actions and times stay
    traces = (doomed["username"], "Zu löschen", f"initiative:{doomed['initiative']}")
    assert not [r for r in rows for t in traces if any(t in (v or "") for v in r)]
    assert "Zu löschen e.V." not in codes
    assert _text_anywhere(engine, "Zu löschen") == []


@pytest.mark.parametrize(
    "actor_kind, name, message",
    [
        (
            "admin",
            "zu löschen e.V.",
            "Der eingegebene Name stimmt nicht mit dem Namen der Initiative "
            "überein. Es wurde nichts gelöscht.",
        ),
        (
            "admin",
            "Zu löschen e.V. ",
            "Der eingegebene Name stimmt nicht mit dem Namen der Initiative "
            "überein. Es wurde nichts gelöscht.",
        ),
        (
            "admin",
            "",
            "Der eingegebene Name stimmt nicht mit dem Namen der Initiative überein. "
            "Es wurde nichts gelöscht.",
        ),
        ("other", "Zu löschen e.V.", "Dazu sind Sie nicht berechtigt."),
        ("coordinator", "Zu löschen e.V.", "Dazu sind Sie nicht berechtigt."),
    ],
)
def test_refusals_delete_nothing(engine: Engine, world: dict, actor_kind, name, message):
    before = _rows_referring_to(engine, world["doomed"])
    actor = world["actors"][actor_kind]
    with pytest.raises((ErasureRefused, NotAllowed)) as info:
        organisations.delete_initiative(engine, actor, world["doomed"]["initiative"], name)
    assert str(info.value) == message
    assert _rows_referring_to(engine, world["doomed"]) == before


def test_deleting_twice_says_it_is_gone(engine: Engine, world: dict):
    admin = world["actors"]["admin"]
    organisations.delete_initiative(engine, admin, world["doomed"]["initiative"], "Zu löschen e.V.")
    with pytest.raises(NotAllowed):  # gone: the same answer as for anything unknown
        organisations.delete_initiative(
            engine, admin, world["doomed"]["initiative"], "Zu löschen e.V."
        )
    assert [i.name for i in list_initiatives(engine)] == ["Bleibt gGmbH"]


# --- the pages: self-deletion in the settings, admin deletion in the admin tab -----------------


def test_initiative_deletes_itself_from_the_settings_page(demo_db: Engine):
    from mintqo import demo
    from tests.conftest import app_test

    at = app_test("demo-initiative").run()
    at.switch_page("pages/settings.py").run()
    assert demo.DEMO_INITIATIVE_NAME in [t.value for t in at.text]  # shown as plain text
    at.text_input(key="data-rights-confirm").input("Robotik-Werkstatt").run()
    at.button(key="data-rights-delete").click().run()
    assert [e.value for e in at.error] == [
        "Der eingegebene Name stimmt nicht mit dem Namen der Initiative überein. "
        "Es wurde nichts gelöscht."
    ]
    assert any(i.id == 1 for i in list_initiatives(demo_db))
    at.text_input(key="data-rights-confirm").input(demo.DEMO_INITIATIVE_NAME).run()
    at.button(key="data-rights-delete").click().run()
    assert not at.exception
    assert all(i.id != 1 for i in list_initiatives(demo_db))
    assert at.session_state["authentication_status"] is None  # logged out: the account is gone
    # The page the browser lands on confirms what happened, above the login form.
    at.run()
    assert any("wurden gelöscht" in s.value for s in at.success)


def test_admin_deletes_an_initiative_and_the_audit_log_shows_it(demo_db: Engine):
    from tests.conftest import app_test, open_section

    victim = next(i for i in list_initiatives(demo_db) if i.id == 5)
    at = app_test("demo-admin").run()
    at.switch_page("pages/admin.py").run()
    open_section(at, "Initiativen")
    at.selectbox(key="admin-initiatives-network").set_value(victim.network_id).run()
    at.selectbox(key="admin-initiative-erase-pick").set_value(5).run()
    assert any(victim.name in w.value for w in at.warning)  # says what goes
    at.text_input(key="admin-initiative-erase-confirm").input(victim.name).run()
    at.button(key="admin-initiative-erase").click().run()
    assert not at.exception
    assert any("ist gelöscht" in s.value for s in at.success)
    assert all(i.id != 5 for i in list_initiatives(demo_db))
    log = next(d.value for d in open_section(at, "Protokoll").dataframe if "Wer" in d.value.columns)
    assert list(log["Wer"]) == ["demo-admin"]
    assert list(log["Aktion"]) == ["Initiative gelöscht (DSGVO)"]  # German (issue 14, item 9)
