"""Where the user works is in the URL and the default is the project worked on (issue 14,
items 1 and 5): project, round and criterion from a link, validated by the use cases; the
pages follow the URL on every run (reload, back/forward) and write it back after each choice.
The browser side (real reload, back button) is in ``tests/e2e/test_questionnaire_place.py``."""

from __future__ import annotations

from sqlalchemy import Engine, delete

from mintqo.questionnaire import load_questionnaire
from mintqo.services import self_analysis
from mintqo.store import assessments as store
from mintqo.store.engine import write_session
from mintqo.store.models import Assessment
from mintqo.store.projects import list_projects
from mintqo.store.users import actor_for
from mintqo.ui.projects_view import FOREIGN_LINK
from mintqo.ui.questionnaire_form import ROUND_LINK_REFUSED
from mintqo.ui.questionnaire_submit import READ_ONLY_MESSAGE
from tests.conftest import app_test

Q = load_questionnaire()
USER = "demo-initiative"
DRAFT_PROJECT = 151  # the demo initiative's project with an open draft
DONE_PROJECT = 1  # its project with two submitted rounds


def _session():
    at = app_test(USER)
    at.run()
    return at


def _go(at, page: str, **query: str):
    at.query_params.clear()
    at.query_params.update(query)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _step(at) -> str:
    return at.subheader[0].value


def _draft(engine: Engine) -> int:
    return next(p.draft for p in list_projects(engine, 1) if p.id == DRAFT_PROJECT).assessment_id


def test_a_link_opens_its_place_and_the_page_writes_it_back(demo_db: Engine) -> None:
    at = _go(_session(), "pages/questionnaire.py", projekt="151", runde="1", kriterium="RQ2")
    assert _step(at) == Q.criterion_by_id["RQ2"].name
    assert at.query_params == {"projekt": "151", "runde": "1", "kriterium": "RQ2"}
    # a reload is a new session with the same URL: the same place
    again = _go(_session(), "pages/questionnaire.py", **at.query_params)
    assert _step(again) == Q.criterion_by_id["RQ2"].name
    # without a link the page says where it is
    plain = _go(_session(), "pages/questionnaire.py")
    assert set(plain.query_params) == {"projekt", "runde", "kriterium"}


def test_back_and_forward_follow_the_url(demo_db: Engine) -> None:
    """Back/forward rerun the page with the earlier URL: the page must follow it, not its
    widgets' state."""
    aid = _draft(demo_db)
    at = _go(_session(), "pages/questionnaire.py", projekt="151", runde="1", kriterium="AQ1")
    first_url = dict(at.query_params)
    at.selectbox(key=f"q-jump-{aid}").set_value("EQ1").run()
    assert at.query_params["kriterium"] == "EQ1" and _step(at) == Q.criterion_by_id["EQ1"].name
    second_url = dict(at.query_params)
    at.query_params.clear()
    at.query_params.update(first_url)  # "back"
    at.run()
    assert _step(at) == Q.criterion_by_id["AQ1"].name
    assert at.selectbox(key=f"q-jump-{aid}").value == "AQ1"
    at.query_params.clear()
    at.query_params.update(second_url)  # "forward"
    at.run()
    assert _step(at) == Q.criterion_by_id["EQ1"].name
    # back to the other project: its closed round, read-only
    at.query_params.clear()
    at.query_params.update({"projekt": str(DONE_PROJECT)})
    at.run()
    assert READ_ONLY_MESSAGE in [i.value for i in at.info]
    assert at.selectbox(key="q-project").value == DONE_PROJECT


def test_links_that_name_nothing_of_ours_are_refused_in_german(demo_db: Engine) -> None:
    for bad in ("2", "abc", "-1", "99999999999999", ""):  # foreign, malformed, unknown
        at = _go(_session(), "pages/questionnaire.py", projekt=bad)
        assert FOREIGN_LINK in [w.value for w in at.warning], bad
        assert int(at.query_params["projekt"]) in {p.id for p in list_projects(demo_db, 1)}
    at = _go(_session(), "pages/questionnaire.py", projekt="151", runde="7")
    assert ROUND_LINK_REFUSED in [w.value for w in at.warning]
    assert at.query_params["runde"] == "1"
    at = _go(_session(), "pages/questionnaire.py", projekt="151", runde="1", kriterium="<b>")
    assert any("Kriterium aus dem Link" in w.value for w in at.warning)
    assert at.query_params["kriterium"] in Q.criterion_by_id


def test_default_is_the_project_worked_on_else_the_open_draft(demo_db: Engine) -> None:
    at = _session()
    _go(at, "pages/questionnaire.py")
    assert at.query_params["projekt"] == str(DRAFT_PROJECT)  # the open draft
    assert at.selectbox(key="q-project").value == DRAFT_PROJECT  # visible
    # "Mein Profil" shows a submitted project by default – that is not working on it, and
    # it leaves the questionnaire's place in the URL alone ...
    _go(at, "pages/profile.py", projekt=str(DRAFT_PROJECT), runde="1", kriterium="RQ2")
    assert at.selectbox(key="profile-project").value == DONE_PROJECT
    assert FOREIGN_LINK not in [w.value for w in at.warning]  # its own project: no warning
    assert at.query_params == {"projekt": str(DRAFT_PROJECT), "runde": "1", "kriterium": "RQ2"}
    _go(at, "pages/questionnaire.py", **at.query_params)
    assert _step(at) == Q.criterion_by_id["RQ2"].name
    _go(at, "pages/questionnaire.py")
    assert at.query_params["projekt"] == str(DRAFT_PROJECT)  # ... so the draft stays
    _go(at, "pages/action_plan.py")
    assert at.query_params["projekt"] == str(DRAFT_PROJECT)
    # choosing a project is: the other pages open it now
    at.selectbox(key="plan-project").set_value(DONE_PROJECT).run()
    assert at.query_params["projekt"] == str(DONE_PROJECT)
    _go(at, "pages/questionnaire.py")
    assert at.query_params["projekt"] == str(DONE_PROJECT)
    assert READ_ONLY_MESSAGE in [i.value for i in at.info]
    assert at.selectbox(key="q-round").value == 2  # its newest round, with a choice
    at.selectbox(key="q-round").set_value(1).run()
    assert at.query_params["runde"] == "1"
    assert any("Runde 1, abgeschlossen am" in c.value for c in at.caption)


def test_choice_use_cases_trust_neither_link_nor_session(demo_db: Engine) -> None:
    actor = actor_for(demo_db, USER)
    own = {p.id for p in self_analysis.my_projects(demo_db, actor)}
    foreign = self_analysis.choose_project(demo_db, actor, linked="2", remembered="2")
    assert foreign.link_refused and foreign.project.id in own
    assert foreign.project.id == DRAFT_PROJECT
    remembered = self_analysis.choose_project(demo_db, actor, remembered=DONE_PROJECT)
    assert remembered.project.id == DONE_PROJECT and not remembered.link_refused
    profile = self_analysis.choose_project(
        demo_db, actor, remembered=DRAFT_PROJECT, submitted_only=True
    )
    assert profile.project.id == DONE_PROJECT  # the remembered one has nothing submitted
    project = profile.project
    assert self_analysis.choose_round(project, "1").round.round_no == 1
    assert self_analysis.choose_round(project, "1; DROP").link_refused
    assert self_analysis.choose_round(project).round.round_no == 2


def test_without_a_draft_the_newest_activity_decides(demo_db: Engine) -> None:
    actor = actor_for(demo_db, USER)
    # The demo's open team round is a draft too: without it, only project 151's is left.
    team_draft = next(
        p.draft for p in list_projects(demo_db, 1) if p.draft is not None and p.draft.is_team
    )
    with write_session(demo_db) as s:
        s.execute(delete(Assessment).where(Assessment.id == team_draft.assessment_id))
    aid = _draft(demo_db)
    version = store.load_state(demo_db, aid).version
    for criterion in Q.criteria:
        version = store.save_step(
            demo_db, aid, version, criterion.id, {i.id: 3 for i in criterion.items}, ""
        ).version
    store.submit(demo_db, aid)
    chosen = self_analysis.choose_project(demo_db, actor).project
    assert chosen.id == DRAFT_PROJECT  # submitted just now: the newest activity
