"""AppTests of the self-analysis pages: the whole questionnaire, profile, projects, action plan.

The questionnaire saves every input as it is given (issue 14, item 2); these tests drive it
widget by widget and read the store after each step. The place (project, round, criterion)
is in the URL: see ``tests/test_questionnaire_links.py``.
"""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import Engine, select

from mintqo.questionnaire import load_questionnaire
from mintqo.store import action_plan, versions
from mintqo.store import assessments as store
from mintqo.store.engine import read_session
from mintqo.store.models import CriterionScore
from mintqo.store.projects import list_projects
from mintqo.ui.questionnaire_step import CHANGED_ELSEWHERE, CONFLICT_MESSAGE
from mintqo.ui.questionnaire_submit import READ_ONLY_MESSAGE
from tests.conftest import app_test, open_section, show_data_tables

Q = load_questionnaire()
USER = "demo-initiative"
NA_LABEL = Q.not_applicable_label


def _open(page: str, **query: str):
    at = app_test(USER)
    at.run()
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _draft_id(engine: Engine) -> int:
    draft = next(p.draft for p in list_projects(engine, 1) if p.draft is not None)
    return draft.assessment_id


def _clear_draft(engine: Engine, aid: int) -> None:
    for c in Q.criteria:
        state = store.load_state(engine, aid)
        store.save_step(engine, aid, state.version, c.id, {}, "")
    store.set_current_step(engine, aid, Q.criteria[0].id)


def _radios(at) -> list:
    return [r for r in at.radio if r.key and r.key.startswith("qa-")]


def _step_name(at) -> str:
    return at.subheader[0].value


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _labels(at) -> list[str]:
    return [b.label for b in at.button]


def _answer(at, values: list) -> None:
    """Give one rating after the other, each one a run of its own (as clicks in a browser)."""
    for n, value in enumerate(values):
        _radios(at)[n].set_value(value).run()
        assert not at.exception, at.exception


def _successes(at) -> list[str]:
    return [s.value for s in at.success]


def test_every_rating_and_note_is_saved_when_given(demo_db: Engine) -> None:
    aid = _draft_id(demo_db)
    _clear_draft(demo_db, aid)
    at = _open("pages/questionnaire.py")
    first, second = Q.criteria[0], Q.criteria[1]
    assert _step_name(at) == first.name
    radios = _radios(at)
    assert len(radios) == len(first.items) and all(r.value is None for r in radios)
    # each option says what it means; each group is labelled with its statement
    assert radios[0].options == [
        "1 – trifft nicht zu",
        "2 – trifft eher nicht zu",
        "3 – teils, teils",
        "4 – trifft eher zu",
        "5 – trifft voll zu",
        NA_LABEL,
    ]
    assert [r.label for r in radios] == [i.text for i in first.items]

    _radios(at)[0].set_value(5).run()
    assert store.load_state(demo_db, aid).answers == {first.items[0].id: 5}  # at once
    assert any(f"Gespeichert: „{first.name}“" in m.value for m in at.markdown)
    _radios(at)[1].set_value("nz").run()
    assert store.load_state(demo_db, aid).answers[first.items[1].id] is None  # n/a as NULL
    at.text_area(key=f"qn-{aid}-{first.id}").input("Belege: <b>Ordner</b> **A**").run()
    assert store.load_state(demo_db, aid).notes[first.id] == "Belege: <b>Ordner</b> **A**"

    # Leaving with the criterion selector loses nothing; the URL follows.
    at.selectbox(key=f"q-jump-{aid}").set_value(second.id).run()
    assert _step_name(at) == second.name
    assert at.query_params["kriterium"] == second.id
    _answer(at, [4, 4])
    # ... and so does leaving the page in the same session (Streamlit forgets the widgets of
    # a page left; coming back shows the stored values, and the next save keeps them) ...
    at.switch_page("pages/action_plan.py").run()
    at.switch_page("pages/questionnaire.py").run()
    assert _step_name(at) == second.name
    assert [r.value for r in _radios(at)][:3] == [4, 4, None]
    _radios(at)[2].set_value(1).run()
    assert [store.load_state(demo_db, aid).answers[i.id] for i in second.items[:3]] == [4, 4, 1]
    # ... and leaving for good: a fresh session resumes where the user was.
    at = _open("pages/questionnaire.py")
    assert _step_name(at) == second.name
    assert [r.value for r in _radios(at)][:3] == [4, 4, 1]
    _button(at, "Zurück").click().run()
    assert _step_name(at) == first.name
    assert [r.value for r in _radios(at)][:2] == [5, "nz"]
    assert at.text_area(key=f"qn-{aid}-{first.id}").value == "Belege: <b>Ordner</b> **A**"


def test_whole_questionnaire_submission_with_confirmation(demo_db: Engine) -> None:
    aid = _draft_id(demo_db)
    _clear_draft(demo_db, aid)
    at = _open("pages/questionnaire.py")
    submit = _button(at, "Selbstanalyse abschließen …")
    assert submit.disabled
    assert any(w.value.startswith("Es fehlen noch 12 Kriterien") for w in at.warning)

    for criterion in Q.criteria:
        assert _step_name(at) == criterion.name
        _answer(at, [3] * len(criterion.items))
        if criterion is not Q.criteria[-1]:
            _button(at, "Weiter").click().run()
    assert "Weiter" not in _labels(at)  # the last one
    assert not store.missing_for_submission(Q, store.answers_of(demo_db, aid))
    assert "12 von 12 Kriterien vollständig beantwortet" in str(at.get("progress")[0].proto)

    # A second session has the same draft open and will try to submit again afterwards.
    other = _open("pages/questionnaire.py")
    _button(at, "Selbstanalyse abschließen …").click().run()
    # nothing happened yet: a confirmation says what will
    assert store.get_assessment(demo_db, aid).status == "draft"
    confirmation = "\n".join(m.value for m in at.markdown)
    assert "nicht mehr änderbar" in confirmation and "neue Runde" in confirmation
    _button(at, "Abbrechen").click().run()
    assert "Ja, jetzt abschließen" not in _labels(at)
    _button(at, "Selbstanalyse abschließen …").click().run()
    _button(at, "Ja, jetzt abschließen").click().run()
    assert not at.exception
    assert any("Die Selbstanalyse ist abgeschlossen" in s for s in _successes(at))
    assert [m.label for m in at.metric] == [a.name for a in Q.areas]
    assert [m.value for m in at.metric] == ["50", "50", "50"]  # the result, at once
    assert READ_ONLY_MESSAGE in [i.value for i in at.info]
    assert _radios(at) == [] and "Speichern" not in _labels(at)
    # the project selector no longer says "in Bearbeitung"
    selector = at.selectbox(key="q-project")
    assert "in Bearbeitung" not in selector.format_func(selector.value)
    after_first = versions.current(demo_db, versions.ACTIVITY)
    answers_md = "\n".join(m.value for m in at.markdown)
    assert Q.criteria[-1].items[-1].text.split()[0] in answers_md  # every statement in full
    _button(other, "Selbstanalyse abschließen …").click().run()
    if "Ja, jetzt abschließen" in _labels(other):  # the stale page still offers it
        _button(other, "Ja, jetzt abschließen").click().run()
    assert not other.exception
    assert READ_ONLY_MESSAGE in [i.value for i in other.info]
    # the stale page's submit changed nothing: submitted exactly once
    assert versions.current(demo_db, versions.ACTIVITY) == after_first
    with read_session(demo_db) as s:
        scores = s.scalars(select(CriterionScore).where(CriterionScore.assessment_id == aid)).all()
    assert len(scores) == len(Q.criteria)
    assert store.get_assessment(demo_db, aid).status == "submitted"


def test_a_criterion_answered_entirely_not_applicable(demo_db: Engine) -> None:
    """Issue 14, item 3: the rule and the messages agree, and the profile says it."""
    aid = _draft_id(demo_db)
    state = store.load_state(demo_db, aid)
    version = state.version
    for criterion in Q.criteria:
        value = None if criterion is Q.criteria[0] else 4
        result = store.save_step(
            demo_db, aid, version, criterion.id, {i.id: value for i in criterion.items}, ""
        )
        version = result.version
    at = _open("pages/questionnaire.py")
    progress = str(at.get("progress")[0].proto)
    assert "12 von 12 Kriterien vollständig beantwortet" in progress
    assert not any("Es fehlt" in w.value for w in at.warning)  # nothing said to be missing
    infos = " ".join(i.value for i in at.info)
    assert "Nicht bewertet: „Ziele und Zielgruppen“" in infos
    submit = _button(at, "Selbstanalyse abschließen …")
    assert not submit.disabled
    submit.click().run()
    confirmation = "\n".join(m.value for m in at.markdown)
    assert "Bewertet werden 11 Kriterien; 1 Kriterium bleibt „nicht bewertet“." in confirmation
    _button(at, "Ja, jetzt abschließen").click().run()
    assert store.get_assessment(demo_db, aid).status == "submitted"
    assert "AQ1" not in store.criterion_scores(demo_db, aid)
    assert any("Nicht bewertet" in c.value for c in at.caption)

    profile = _open("pages/profile.py", projekt=str(151))
    assert any(
        "Nicht bewertet" in c.value and Q.criteria[0].name in c.value for c in profile.caption
    )


def test_one_open_criterion_is_named_with_a_way_to_it(demo_db: Engine) -> None:
    aid = _draft_id(demo_db)
    version = store.load_state(demo_db, aid).version
    for criterion in Q.criteria[:-1]:
        version = store.save_step(
            demo_db, aid, version, criterion.id, {i.id: 3 for i in criterion.items}, ""
        ).version
    last = Q.criteria[-1]
    items = last.items
    store.save_step(demo_db, aid, version, last.id, {items[0].id: None, items[1].id: 2}, "")
    store.set_current_step(demo_db, aid, Q.criteria[0].id)
    at = _open("pages/questionnaire.py")
    warning = next(w.value for w in at.warning if w.value.startswith("Es fehlt"))
    assert warning.startswith("Es fehlt noch 1 Kriterium:")
    way = _button(at, f"{last.name}: {len(items) - 2} Aussagen offen")
    assert _button(at, "Selbstanalyse abschließen …").disabled
    way.click().run()
    assert _step_name(at) == last.name
    assert at.query_params["kriterium"] == last.id


def test_conflicting_save_of_the_same_criterion_is_refused_and_kept(demo_db: Engine) -> None:
    aid = _draft_id(demo_db)
    store.set_current_step(demo_db, aid, "AQ2")
    anna = _open("pages/questionnaire.py")
    ben = _open("pages/questionnaire.py")
    assert _step_name(anna) == _step_name(ben) == Q.criterion_by_id["AQ2"].name
    items = [i.id for i in Q.criterion_by_id["AQ2"].items]
    loaded = store.load_state(demo_db, aid).answers  # what Anna's form shows
    _answer(ben, [1, 1, 1, 1, 1])
    saved = dict(store.load_state(demo_db, aid).answers)

    # Anna's page was drawn before Ben's saves: her first click is refused.
    anna.text_area(key=f"qn-{aid}-AQ2").input("Annas Notiz")
    _radios(anna)[0].set_value(5).run()
    assert not anna.exception
    assert CONFLICT_MESSAGE in [w.value for w in anna.warning]
    assert dict(store.load_state(demo_db, aid).answers) == saved  # nothing overwritten
    # The stored state is shown, and Anna's values are still in the form.
    stored = "\n".join(m.value for m in anna.markdown)
    assert "Gespeicherter Stand" in stored and "1 – trifft nicht zu" in stored
    assert _radios(anna)[0].value == 5
    assert anna.text_area(key=f"qn-{aid}-AQ2").value == "Annas Notiz"
    # Further input stays undecided until she chooses; then hers is a deliberate overwrite.
    _radios(anna)[1].set_value(5).run()
    assert dict(store.load_state(demo_db, aid).answers) == saved
    _button(anna, "Meine Eingaben speichern").click().run()
    assert CONFLICT_MESSAGE not in [w.value for w in anna.warning]
    state = store.load_state(demo_db, aid)
    annas = {items[0]: 5, items[1]: 5} | {i: loaded[i] for i in items[2:] if i in loaded}
    assert {i: state.answers[i] for i in items if i in state.answers} == annas
    assert state.notes["AQ2"] == "Annas Notiz"

    # Ben's next click conflicts in turn; he takes the stored state.
    _radios(ben)[4].set_value(3).run()
    assert CONFLICT_MESSAGE in [w.value for w in ben.warning]
    _button(ben, "Gespeicherten Stand übernehmen").click().run()
    shown = [r.value for r in _radios(ben)]
    assert shown == [
        None if i not in annas else ("nz" if annas[i] is None else annas[i]) for i in items
    ]
    assert ben.text_area(key=f"qn-{aid}-AQ2").value == "Annas Notiz"


def test_saves_of_two_people_on_different_criteria_both_count(demo_db: Engine) -> None:
    aid = _draft_id(demo_db)
    store.set_current_step(demo_db, aid, "AQ2")
    anna = _open("pages/questionnaire.py")
    ben = _open("pages/questionnaire.py")
    ben.selectbox(key=f"q-jump-{aid}").set_value("RQ1").run()
    _answer(ben, [2, 2])
    _answer(anna, [5, 5])
    for page in (anna, ben):
        assert CONFLICT_MESSAGE not in [w.value for w in page.warning]
    state = store.load_state(demo_db, aid)
    assert [state.answers[f"AQ2.{n}"] for n in (1, 2)] == [5, 5]
    assert [state.answers[f"RQ1.{n}"] for n in (1, 2)] == [2, 2]
    # When Ben comes to AQ2 he sees Anna's ratings; a change under his eyes is announced.
    ben.selectbox(key=f"q-jump-{aid}").set_value("AQ2").run()
    assert [r.value for r in _radios(ben)][:2] == [5, 5]
    _answer(anna, [4])
    ben.run()
    assert _radios(ben)[0].value == 4
    assert CHANGED_ELSEWHERE in [i.value for i in ben.info]


def test_save_by_a_user_disabled_after_the_form_was_drawn_writes_nothing(
    demo_db: Engine,
) -> None:
    """The save callback runs before app.py's gate: it must check the user itself."""
    from sqlalchemy import update

    from mintqo.store.models import User

    aid = _draft_id(demo_db)
    at = _open("pages/questionnaire.py")
    before = store.load_state(demo_db, aid)
    with demo_db.begin() as conn:
        conn.execute(update(User).where(User.username == USER).values(active=False))
    _radios(at)[0].set_value(1 if before.answers.get(_radios(at)[0].key[-5:]) != 1 else 2).run()
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
    # the five weakest statements: a list with every statement in full, not a cut table
    weakest = next(m.value for m in at.markdown if m.value.startswith("1. "))
    assert weakest.count("Bewertung:") == 5
    # changes since round 1 as whole numbers; no change is "±0", never "+0" with an up arrow
    deltas = [m.proto.delta for m in at.metric]
    assert all(re.fullmatch(r"[+-][1-9]\d*|±0", d) for d in deltas), deltas
    # One section at a time: the rest is neither built nor sent until its tab is opened.
    assert [t.label for t in at.tabs] == [
        "Profil",
        "Entwicklung",
        "Wirkung und Maßnahmen",
        "Export",
    ]
    assert not at.get("download_button") and len(charts) == 1
    open_section(at, "Entwicklung")
    assert any("Entwicklung seit Runde 1" in m.value for m in at.markdown)
    # Exports are offered; the PDF is built on request.
    open_section(at, "Export")
    labels = [b.label for b in at.get("download_button")]
    assert "Antworten als CSV" in labels and "Antworten als Excel" in labels
    _button(at, "PDF-Bericht erstellen").click().run()
    assert "PDF-Bericht herunterladen" in [b.label for b in at.get("download_button")]


def test_area_changes_read_as_whole_points() -> None:
    from mintqo.ui.profile_view import area_change

    assert area_change(71.0, 70.8) == ("±0", "off")  # no arrow for "no change"
    assert area_change(90.0, 80.0) == ("+10", "normal")
    assert area_change(50.0, 62.6) == ("-13", "normal")
    assert area_change(None, 60.0) == (None, "normal")


def test_profile_shows_an_earlier_round_from_the_link(demo_db: Engine) -> None:
    at = _open("pages/profile.py", projekt="1", profilrunde="1")
    assert any("Runde 1, abgeschlossen am" in c.value for c in at.caption)
    assert at.selectbox(key="profile-round").value == 1
    at.selectbox(key="profile-round").set_value(2).run()
    assert at.query_params["profilrunde"] == "2"
    assert any("Runde 2, abgeschlossen am" in c.value for c in at.caption)


def test_a_section_from_the_link_stays_open_when_another_round_is_chosen(demo_db: Engine) -> None:
    """A reload or a link with the open section (``?ansicht=``), then another round or project
    chosen: the page writes the whole place into the URL, section included, and stays in the
    section (a section bound to the URL by Streamlit made that write fail)."""
    at = _open("pages/profile.py", projekt="1", profilrunde="2", ansicht="export")
    assert "Antworten als CSV" in [b.label for b in at.get("download_button")]
    at.selectbox(key="profile-round").set_value(1).run()
    assert not at.exception, at.exception
    assert at.query_params["profilrunde"] == "1"
    assert at.query_params["ansicht"] == "export"
    assert any("Runde 1, abgeschlossen am" in c.value for c in at.caption)
    assert "Antworten als CSV" in [b.label for b in at.get("download_button")]
    projects = at.selectbox(key="profile-project")
    projects.set_value(projects.options[-1]).run()
    assert not at.exception, at.exception
    # an unknown section in the link opens the first one
    at.query_params["ansicht"] = "quatsch"
    at.run()
    assert not at.exception, at.exception
    assert not at.get("download_button")
    assert any("Stärken" in m.value for m in at.markdown)


def test_staircase_editor_opens_on_request_and_saves(demo_db: Engine) -> None:
    from mintqo.store import impact

    at = open_section(_open("pages/profile.py"), "Wirkung und Maßnahmen")
    assert not [s for s in at.selectbox if s.label == "Nachweis"]  # closed: nothing drawn
    at.toggle(key="stairs-edit").set_value(True).run()
    evidence = [s for s in at.selectbox if s.label == "Nachweis"]
    indicators = [t for t in at.text_input if t.label == "Indikator"]
    assert len(evidence) == len(indicators) == 7
    evidence[3].set_value("teilweise")
    indicators[3].input("Teilnehmende berichten von neuem Interesse")
    _button(at, "Wirkungstreppe speichern").click().run()
    assert not at.exception
    project_id = at.selectbox(key="profile-project").value
    row = impact.load_staircase(demo_db, project_id).set_index("step").loc[4]
    assert (row.evidence, row.indicator) == (
        "teilweise",
        "Teilnehmende berichten von neuem Interesse",
    )
    assert [s.value for s in at.success] == ["Die Wirkungstreppe ist gespeichert."]
    staircase_table = next(
        d.value for d in show_data_tables(at).dataframe if "Indikator" in d.value.columns
    )
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

    own = {p.id for p in list_projects(demo_db, 1)}
    for page in ("pages/profile.py", "pages/questionnaire.py", "pages/action_plan.py"):
        at = _open(page, projekt="2")  # belongs to initiative 2
        assert FOREIGN_LINK in [w.value for w in at.warning]
        assert int(at.query_params["projekt"]) in own


def test_coordinator_cannot_open_questionnaire(demo_db: Engine) -> None:
    at = app_test("demo-koordination")
    at.run()
    with pytest.raises(ValueError):
        at.switch_page("pages/questionnaire.py")


def test_projects_page_create_rename_and_start(demo_db: Engine) -> None:
    at = _open("pages/projects.py")
    # A new project's name is asked in a dialog; the page draws no field for it.
    assert "new-project-name" not in [t.key for t in at.text_input]
    at.button(key="create-open").click().run()
    at.text_input(key="new-project-name").input("   ")
    at.button(key="create-project").click().run()
    assert not at.exception
    assert any("Projektname" in w.value for w in at.warning)  # refused in the dialog
    assert len(list_projects(demo_db, 1)) == 3
    at.text_input(key="new-project-name").input("Sternwarte am Abend")
    at.button(key="create-project").click().run()
    assert not at.exception
    created = next(p for p in list_projects(demo_db, 1) if p.name == "Sternwarte am Abend")
    assert "Sternwarte am Abend" in [h.value for h in at.subheader]
    assert any("„Sternwarte am Abend“ ist angelegt" in s for s in _successes(at))
    assert "new-project-name" not in [t.key for t in at.text_input]  # the dialog closed
    assert any(c.value.endswith("Ihre Initiative hat 4 Projekte.") for c in at.caption)
    # The new project has no submitted round yet, so it offers no prefill choice.
    assert f"prefill-{created.id}" not in [r.key for r in at.radio]
    at.button(key=f"start-{created.id}").click().run()
    assert not at.exception
    assert next(p for p in list_projects(demo_db, 1) if p.id == created.id).draft is not None
    # The card shows the result at once: the round runs, nothing offers to start it again.
    assert any("Runde 1 für „Sternwarte am Abend“ ist angelegt" in s for s in _successes(at))
    assert f"start-{created.id}" not in [b.key for b in at.button]
    links = [(p.proto.label, p.proto.page) for p in at.get("page_link")]
    assert ("Weiter zur Selbstanalyse", "pages/questionnaire.py") in [
        (label, page.split("/")[-1] and "pages/questionnaire.py") for label, page in links
    ]
    # Renaming asks for the name in a dialog; the card draws no field for it.
    assert f"rename-{created.id}" not in [t.key for t in at.text_input]
    at.button(key=f"rename-open-{created.id}").click().run()
    at.text_input(key=f"rename-{created.id}").input("")
    at.button(key=f"rename-save-{created.id}").click().run()
    assert not at.exception
    assert any("Projektname" in w.value for w in at.warning)  # refused in the dialog
    assert f"rename-{created.id}" in [t.key for t in at.text_input]
    at.text_input(key=f"rename-{created.id}").input("Sternwarte")
    at.button(key=f"rename-save-{created.id}").click().run()
    assert "Sternwarte" in [h.value for h in at.subheader]
    assert any("heißt jetzt „Sternwarte“" in s for s in _successes(at))
    assert f"rename-{created.id}" not in [t.key for t in at.text_input]  # the dialog closed


def test_action_plan_lists_measures_and_deletes_after_asking(demo_db: Engine) -> None:
    at = _open("pages/action_plan.py", projekt="1")
    assert any("Vorschläge aus Ihrem Profil" in i.value for i in at.info)
    at.text_area(key="plan-new-what").input("Feedbackbogen für Eltern einführen")
    at.text_input(key="plan-new-who").input("Kim")
    import datetime as dt

    at.date_input(key="plan-due-new").set_value(dt.date(2027, 3, 31))
    _button(at, "Maßnahme hinzufügen").click().run()
    assert not at.exception
    actions = action_plan.list_actions(demo_db, 1)
    assert [a.what for a in actions] == ["Feedbackbogen für Eltern einführen"]
    assert actions[0].criterion_id in {c.id for c in Q.criteria}
    assert any("„Feedbackbogen für Eltern einführen“ ist hinzugefügt" in s for s in _successes(at))
    assert at.text_area(key="plan-new-what").value == ""  # ready for the next one
    # the list says what, who and until when – not only criterion and status
    listed = "\n".join(m.value for m in at.markdown)
    assert "**Feedbackbogen für Eltern einführen**" in listed
    assert "Wer: Kim" in listed and "Bis: 31.03.2027" in listed
    item = actions[0].id
    at.button(key=f"plan-delete-{item}").click().run()
    assert action_plan.list_actions(demo_db, 1)  # asked first, nothing deleted
    assert any("wirklich löschen" in w.value for w in at.warning)
    at.button(key=f"plan-delete-no-{item}").click().run()
    assert not any("wirklich löschen" in w.value for w in at.warning)
    at.button(key=f"plan-delete-{item}").click().run()
    at.button(key=f"plan-delete-yes-{item}").click().run()
    assert action_plan.list_actions(demo_db, 1) == []
    assert any("wurde gelöscht" in s for s in _successes(at))
    assert any(c.value == "Noch keine Maßnahmen." for c in at.caption)


def test_submission_texts_use_proper_plurals() -> None:
    from mintqo.scoring import SubmissionCheck
    from mintqo.ui.questionnaire_submit import missing_message, what_happens

    assert missing_message(1) == "Es fehlt noch 1 Kriterium"
    assert missing_message(3) == "Es fehlen noch 3 Kriterien"
    one_rated = SubmissionCheck((), ("AQ2", "AQ3"), (), 3, False)
    assert "Bewertet wird 1 Kriterium; 2 Kriterien bleiben „nicht bewertet“." in what_happens(
        1, "Löt-AG", one_rated, 3
    )
    all_rated = SubmissionCheck((), (), (), 12, False)
    assert what_happens(2, "Löt-AG", all_rated, 12).endswith("Bewertet werden 12 Kriterien.")
