"""AppTests of the self-analysis pages: the whole questionnaire, profile, projects, action plan."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, select

from mintqo.questionnaire import load_questionnaire
from mintqo.store import action_plan, versions
from mintqo.store import assessments as store
from mintqo.store.engine import read_session
from mintqo.store.models import CriterionScore
from mintqo.store.projects import list_projects
from mintqo.ui.questionnaire_form import CONFLICT_MESSAGE, READ_ONLY_MESSAGE
from tests.conftest import app_test

Q = load_questionnaire()
USER = "demo-initiative"


def _open(page: str):
    at = app_test(USER)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _draft_id(engine: Engine) -> int:
    draft = next(p.draft for p in list_projects(engine, 1) if p.draft is not None)
    return draft.assessment_id


def _radios(at) -> list:
    return [r for r in at.radio if r.key and r.key.startswith("qa-")]


def _step_name(at) -> str:
    return at.subheader[0].value


def _answer_current_step(at, values: list) -> None:
    for radio, value in zip(_radios(at), values, strict=False):
        radio.set_value(value)


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_whole_questionnaire_journey(demo_db: Engine) -> None:
    aid = _draft_id(demo_db)
    # Start the demo draft from a clean slate so every step is driven through the form.
    for c in Q.criteria:
        state = store.load_state(demo_db, aid)
        store.save_step(demo_db, aid, state.version, c.id, {}, "")
    store.set_current_step(demo_db, aid, Q.criteria[0].id)

    at = _open("pages/questionnaire.py")
    first, second = Q.criteria[0], Q.criteria[1]
    assert _step_name(at) == first.name
    radios = _radios(at)
    assert len(radios) == len(first.items) and all(r.value is None for r in radios)
    assert [o for o in radios[0].options] == ["1", "2", "3", "4", "5", "n. z."]
    _answer_current_step(at, [5, "nz", 3, 2, 4])
    at.text_area[0].input("Belege: <b>Ordner</b> **A**")
    _button(at, "Speichern und weiter").click().run()
    assert not at.exception
    assert _step_name(at) == second.name  # moved on
    assert any("ist gespeichert" in s.value for s in at.success)
    stored = store.load_state(demo_db, aid)
    assert stored.answers[first.items[1].id] is None  # n/a stored as NULL
    assert stored.answers[first.items[0].id] == 5
    assert stored.notes[first.id] == "Belege: <b>Ordner</b> **A**"
    assert stored.info.current_step == second.id

    # Answer the second step partly and only "Speichern", then leave (a fresh session).
    _answer_current_step(at, [4, 4, 4])
    _button(at, "Speichern").click().run()
    assert _step_name(at) == second.name
    at = _open("pages/questionnaire.py")
    assert _step_name(at) == second.name  # resumed where the user left off
    assert [r.value for r in _radios(at)][:4] == [4, 4, 4, None]
    # Jump back: the first step shows the saved values, the note as plain text.
    at.selectbox(key=f"q-jump-{aid}").set_value(first.id).run()
    assert [r.value for r in _radios(at)] == [5, "nz", 3, 2, 4]
    assert "Belege: <b>Ordner</b> **A**" in [t.value for t in at.text]

    # Submission is blocked while criteria lack scores.
    submit = _button(at, "Selbstanalyse abschließen")
    assert submit.disabled
    assert any("Noch offene Aussagen" in m.value for m in at.markdown)

    # Drive every remaining step through the form.
    at.selectbox(key=f"q-jump-{aid}").set_value(second.id).run()
    for criterion in Q.criteria[1:]:
        assert _step_name(at) == criterion.name
        _answer_current_step(at, [3] * len(criterion.items))
        label = "Speichern" if criterion is Q.criteria[-1] else "Speichern und weiter"
        _button(at, label).click().run()
        assert not at.exception
    assert not store.missing_for_submission(Q, store.answers_of(demo_db, aid))

    # A second session has the same draft open and will try to submit again afterwards.
    other = _open("pages/questionnaire.py")
    before = versions.current(demo_db, versions.ACTIVITY)
    _button(at, "Selbstanalyse abschließen").click().run()
    assert not at.exception
    assert any("abgeschlossen" in s.value for s in at.success)
    assert READ_ONLY_MESSAGE in [i.value for i in at.info]
    assert _radios(at) == [] and not [b for b in at.button if b.label.startswith("Speichern")]
    _button(other, "Selbstanalyse abschließen").click().run()  # the double submit
    assert not other.exception
    assert READ_ONLY_MESSAGE in [i.value for i in other.info]
    assert versions.current(demo_db, versions.ACTIVITY) == before + 1  # submitted exactly once
    with read_session(demo_db) as s:
        scores = s.scalars(select(CriterionScore).where(CriterionScore.assessment_id == aid)).all()
    assert len(scores) == len(Q.criteria)
    assert store.get_assessment(demo_db, aid).status == "submitted"


def test_conflicting_save_from_second_session_is_refused(demo_db: Engine) -> None:
    aid = _draft_id(demo_db)
    store.set_current_step(demo_db, aid, "AQ2")
    anna = _open("pages/questionnaire.py")
    ben = _open("pages/questionnaire.py")
    assert _step_name(anna) == _step_name(ben) == Q.criterion_by_id["AQ2"].name
    _answer_current_step(ben, [1, 1, 1, 1, 1])
    _button(ben, "Speichern").click().run()
    saved = dict(store.load_state(demo_db, aid).answers)

    _answer_current_step(anna, [5, 5, 5, 5, 5])
    anna.text_area[0].input("Annas Notiz")
    _button(anna, "Speichern").click().run()
    assert not anna.exception
    assert CONFLICT_MESSAGE in [w.value for w in anna.warning]
    assert "gespeichert" in CONFLICT_MESSAGE and "inzwischen" in CONFLICT_MESSAGE
    assert dict(store.load_state(demo_db, aid).answers) == saved  # nothing overwritten
    # The current database state is shown, and Anna's values are still in the form.
    db_table = next(d for d in anna.dataframe if "Antwort" in d.value.columns)
    assert set(db_table.value["Antwort"]) == {Q.scale_label(1)}
    assert [r.value for r in _radios(anna)] == [5, 5, 5, 5, 5]
    assert anna.text_area[0].value == "Annas Notiz"
    # Saving again is a deliberate overwrite with the now-current version.
    _button(anna, "Speichern").click().run()
    assert not anna.warning
    state = store.load_state(demo_db, aid)
    assert [state.answers[i.id] for i in Q.criterion_by_id["AQ2"].items] == [5] * 5
    assert state.notes["AQ2"] == "Annas Notiz"


def test_save_by_a_user_disabled_after_the_form_was_drawn_writes_nothing(
    demo_db: Engine,
) -> None:
    """The save callback runs before app.py's gate: it must check the user itself."""
    from sqlalchemy import update

    from mintqo.store.models import User

    aid = _draft_id(demo_db)
    at = _open("pages/questionnaire.py")
    before = store.load_state(demo_db, aid)
    _answer_current_step(at, [1] * 6)
    with demo_db.begin() as conn:
        conn.execute(update(User).where(User.username == USER).values(active=False))
    _button(at, "Speichern").click().run()
    assert not at.exception
    after = store.load_state(demo_db, aid)
    assert (after.version, after.answers) == (before.version, before.answers)


def test_offline_exchange_is_drawn_only_when_switched_on(demo_db: Engine) -> None:
    aid = _draft_id(demo_db)
    at = _open("pages/questionnaire.py")
    assert not at.get("download_button") and not at.get("file_uploader")
    at.toggle(key=f"offline-open-{aid}").set_value(True).run()
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Excel-Vorlage herunterladen", "CSV-Vorlage herunterladen"]
    assert at.get("file_uploader")
    assert _radios(at)  # the questionnaire form is still there


def test_profile_renders_radar_without_clicks(demo_db: Engine) -> None:
    at = _open("pages/profile.py")
    charts = at.get("vega_lite_chart")
    assert charts, "radar missing"
    spec = json.loads(charts[0].proto.spec)
    text = json.dumps(spec, ensure_ascii=False) + "".join(str(d) for d in charts[0].proto.datasets)
    assert "Runde 2" in text and "Runde 1" in text and "Netzwerk-Mittel" in text
    assert [m.label for m in at.metric] == [a.name for a in Q.areas]
    assert any("Verbesserungspotenziale" in m.value for m in at.markdown)
    # Exports are offered; the PDF is built on request.
    labels = [b.label for b in at.get("download_button")]
    assert "Antworten als CSV" in labels and "Antworten als Excel" in labels
    _button(at, "PDF-Bericht erstellen").click().run()
    assert "PDF-Bericht herunterladen" in [b.label for b in at.get("download_button")]


def test_staircase_editor_opens_on_request_and_saves(demo_db: Engine) -> None:
    from mintqo.store import impact

    at = _open("pages/profile.py")
    assert not [s for s in at.selectbox if s.label == "Nachweis"]  # closed: nothing drawn
    at.toggle(key="stairs-edit").set_value(True).run()
    evidence = [s for s in at.selectbox if s.label == "Nachweis"]
    indicators = [t for t in at.text_input if t.label == "Indikator"]
    assert len(evidence) == len(indicators) == 7
    evidence[3].set_value("teilweise")
    indicators[3].input("Teilnehmende berichten von neuem Interesse")
    _button(at, "Wirkungstreppe speichern").click().run()
    assert not at.exception
    project_id = int(at.session_state["selected_project_id"])
    row = impact.load_staircase(demo_db, project_id).set_index("step").loc[4]
    assert (row.evidence, row.indicator) == (
        "teilweise",
        "Teilnehmende berichten von neuem Interesse",
    )
    staircase_table = next(d.value for d in at.dataframe if "Indikator" in d.value.columns)
    assert "Teilnehmende berichten von neuem Interesse" in set(staircase_table["Indikator"])


def test_network_mean_withheld_when_the_rules_say_so(demo_db: Engine, monkeypatch) -> None:
    from mintqo.services import profile

    monkeypatch.setattr(profile, "network_mean", lambda rows, viewer: {})
    at = _open("pages/profile.py")
    assert profile.MEAN_WITHHELD in [c.value for c in at.caption]
    datasets = "".join(str(d) for d in at.get("vega_lite_chart")[0].proto.datasets)
    assert "Netzwerk-Mittel" not in datasets


def test_foreign_project_from_query_params_shows_nothing_of_it(demo_db: Engine) -> None:
    from mintqo.ui.projects_view import FOREIGN_LINK

    at = app_test(USER)
    at.run()
    at.query_params["projekt"] = "2"  # belongs to initiative 2
    at.switch_page("pages/profile.py").run()
    assert not at.exception
    assert FOREIGN_LINK in [w.value for w in at.warning]
    own = {p.id for p in list_projects(demo_db, 1)}
    assert at.session_state["selected_project_id"] in own


def test_coordinator_cannot_open_questionnaire(demo_db: Engine) -> None:
    at = app_test("demo-koordination")
    at.run()
    with pytest.raises(ValueError):
        at.switch_page("pages/questionnaire.py")


def test_projects_page_create_rename_and_start(demo_db: Engine) -> None:
    at = _open("pages/projects.py")
    at.text_input(key="new-project-name").input("Sternwarte am Abend")
    next(b for b in at.button if b.label == "Projekt anlegen").click().run()
    assert not at.exception
    created = next(p for p in list_projects(demo_db, 1) if p.name == "Sternwarte am Abend")
    assert "Sternwarte am Abend" in [h.value for h in at.subheader]
    start = [b for b in at.button if b.label == "Neue Selbstanalyse beginnen"]
    assert start
    # The new project has no submitted round yet, so its form has no prefill choice.
    start_new = next(
        b for b in start if b.proto.id and f"start-{created.id}" in str(b.proto.form_id)
    )
    start_new.click().run()
    assert not at.exception
    assert next(p for p in list_projects(demo_db, 1) if p.id == created.id).draft is not None


def test_action_plan_page_adds_measure(demo_db: Engine) -> None:
    at = _open("pages/action_plan.py")
    at.selectbox(key="plan-project").set_value(1).run() if len(
        list_projects(demo_db, 1)
    ) > 1 else None
    assert any("Vorschläge aus Ihrem Profil" in i.value for i in at.info)
    at.text_area(key="new-what").input("Feedbackbogen für Eltern einführen")
    at.text_input(key="new-who").input("Kim")
    next(b for b in at.button if b.label == "Maßnahme hinzufügen").click().run()
    assert not at.exception
    actions = action_plan.list_actions(demo_db, 1)
    assert [a.what for a in actions] == ["Feedbackbogen für Eltern einführen"]
    assert actions[0].criterion_id in {c.id for c in Q.criteria}
