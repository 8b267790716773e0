"""AppTests of team rounds (issue 16): starting one, one's own sheet, the visibility rules of
the comparison, the lead's agreed result, and that nothing of it reaches coordinators, the
programme team or any network view.

The demo initiative's project "Sommer-Forschercamp" has a submitted team round (round 2, three
finished sheets) and an open one (round 3: the lead and "Demo-Mitglied" finished, "demo-team"
still rating), see :mod:`mintqo.demo.team`.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pytest
from sqlalchemy import Engine, select

from mintqo.demo import DEMO_TEAM_PROJECT
from mintqo.questionnaire import load_questionnaire
from mintqo.services import team, team_comparison
from mintqo.services.errors import NotAllowed
from mintqo.services.team import NOT_YET
from mintqo.store import assessments as store
from mintqo.store.engine import read_session
from mintqo.store.models import Assessment, CriterionScore, Project, TeamSheet
from mintqo.store.users import actor_for
from mintqo.ui.navigation import specs_for
from tests.conftest import app_test, each_section, open_section, show_data_tables

Q = load_questionnaire()


def _team_project(engine: Engine) -> tuple[int, int, int]:
    """(project id, id of the submitted team round 2, id of the open team round 3)."""
    with read_session(engine) as s:
        project = s.scalar(select(Project.id).where(Project.name == DEMO_TEAM_PROJECT))
        rounds = dict(
            s.execute(
                select(Assessment.round_no, Assessment.id).where(Assessment.project_id == project)
            ).all()
        )
    return project, rounds[2], rounds[3]


def _open(
    engine: Engine, user: str, round_no: int, part: str | None = None, section: str | None = None
):
    """The round's page as a link or a reload opens it (``?teil=…&abschnitt=…``), with every
    chart's data table opened."""
    project, _, _ = _team_project(engine)
    at = app_test(user)
    at.run()
    at.query_params["projekt"] = str(project)
    at.query_params["runde"] = str(round_no)
    if part:
        at.query_params["teil"] = part
    if section is not None:
        at.query_params["abschnitt"] = section
    at.switch_page("pages/questionnaire.py").run()
    assert not at.exception, at.exception
    return show_data_tables(at)


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _texts(at) -> str:
    """Every text the page shows, including tables, chart data and widget labels."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(e.value) for e in at.success] + [str(e.value) for e in at.error]
    parts += [t.label for t in at.tabs] + [b.label for b in at.button]
    parts += [r.label for r in at.radio] + [e.label for e in at.expander]
    for table in at.dataframe:
        parts.append(table.value.to_csv())
    for chart in at.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            parts.append(pa.ipc.open_stream(dataset.data.data).read_all().to_pandas().to_csv())
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))  # Markdown escapes as the reader sees it


def _fill_sheet(engine: Engine, username: str, aid: int, value: int = 3) -> None:
    """Rate every statement still open on the member's sheet (through the use case)."""
    actor = actor_for(engine, username)
    sheet = team.my_sheet(engine, actor, aid)
    version = sheet.version
    for criterion in Q.criteria:
        answers = {i.id: sheet.answers.get(i.id, value) for i in criterion.items}
        saved, now = team.save_my_step(engine, actor, aid, version, criterion.id, answers, "")
        assert saved
        version = now.version


def test_a_round_is_started_alone_or_in_team(demo_db: Engine) -> None:
    at = app_test("demo-initiative")
    at.run()
    at.switch_page("pages/projects.py").run()
    mode = at.radio(key="mode-1")  # "Bionik-Projektwoche": two submitted rounds, no draft
    assert mode.value == "allein" and mode.options == ["allein", "im Team"]
    mode.set_value("im Team").run()
    assert "prefill-1" not in [r.key for r in at.radio]  # a team starts from empty sheets
    _button(at, "Runde 3 beginnen").click().run()
    assert not at.exception, at.exception
    assert "als Teamrunde angelegt" in at.success[0].value
    with read_session(demo_db) as s:
        started = s.scalars(
            select(Assessment).where(Assessment.project_id == 1, Assessment.round_no == 3)
        ).one()
        sheets = s.execute(
            select(TeamSheet.user_id, TeamSheet.is_lead).where(
                TeamSheet.assessment_id == started.id
            )
        ).all()
    assert started.mode == "team" and started.status == "draft"
    assert sheets == [(actor_for(demo_db, "demo-initiative").user_id, True)]
    assert any("Runde 3 im Team" in m.value for m in at.markdown)


def test_own_sheet_saves_on_change_and_leaves_the_round_alone(demo_db: Engine) -> None:
    _, _, open_round = _team_project(demo_db)
    at = _open(demo_db, "demo-team", 3)
    assert [t.label for t in at.tabs] == ["Mein Bogen", "Team-Vergleich"]  # no agreement
    first = Q.criteria[0]
    radio = at.radio(key=f"qa-s{open_round}-{first.items[2].id}")
    radio.set_value(1).run()
    at.text_area(key=f"qn-s{open_round}-{first.id}").input("nur für mich").run()
    assert not at.exception, at.exception
    sheet = team.sheet_if_any(demo_db, actor_for(demo_db, "demo-team"), open_round)
    assert sheet.answers[first.items[2].id] == 1 and sheet.notes[first.id] == "nur für mich"
    assert store.load_state(demo_db, open_round).answers == {}  # the agreed result is the lead's
    assert any(m.value.startswith(":green[:material/cloud_done:] Gespeichert") for m in at.markdown)


def test_no_comparison_before_ones_own_sheet_is_finished(demo_db: Engine) -> None:
    _, _, open_round = _team_project(demo_db)
    at = _open(demo_db, "demo-team", 3, "vergleich")
    shown = _texts(at)
    assert NOT_YET in shown
    assert "Demo-Mitglied" in shown and "abgeschlossen am" in shown  # who finished ...
    assert not at.get("vega_lite_chart") and not at.dataframe  # ... not what anyone answered
    assert "Bewertungen im Team" not in shown and "Spannweite" not in shown
    # ?teil=ergebnis does not open the lead's part for a member
    assert [t.label for t in _open(demo_db, "demo-team", 3, "ergebnis").tabs] == [
        "Mein Bogen",
        "Team-Vergleich",
    ]

    _fill_sheet(demo_db, "demo-team", open_round)
    at = _open(demo_db, "demo-team", 3)
    _button(at, "Meinen Bogen abschließen …").click().run()
    assert "nicht mehr ändern" in _texts(at)
    _button(at, "Ja, Bogen abschließen").click().run()
    assert not at.exception, at.exception
    assert "Ihr Bogen ist abgeschlossen" in at.success[0].value
    at = _open(demo_db, "demo-team", 3, "vergleich")
    shown = _texts(at)
    assert NOT_YET not in shown and "Wo sind wir uns einig?" in shown
    assert _section(at) == (LEAST, ["Rang", "Kriterium", "Aussage"])  # one chart: least consensus
    assert "3 abgeschlossene Bögen" in shown


def test_the_lead_agrees_starting_from_the_median_and_submits(demo_db: Engine) -> None:
    _, _, open_round = _team_project(demo_db)
    at = _open(demo_db, "demo-initiative", 3, "ergebnis")
    assert [t.label for t in at.tabs] == ["Mein Bogen", "Team-Vergleich", "Gemeinsames Ergebnis"]
    assert "Noch nicht abgeschlossen: Demo-Team" in _texts(at)  # whose sheet is missing
    _button(at, "Mit dem Median der 2 Bögen vorbelegen").click().run()
    assert not at.exception, at.exception
    agreed = store.load_state(demo_db, open_round).answers
    assert len(agreed) == len(Q.items)
    assert "Bewertungen im Team: Demo-Initiative" in _texts(at)
    # A disputed criterion: its disputed statements first, marked.
    view = team.comparison(demo_db, actor_for(demo_db, "demo-initiative"), open_round)
    disputed = next(s for s in view.statements if s.divergent)
    criterion = Q.criterion_by_id[disputed.criterion_id]
    _button(at, next(b.label for b in at.button if b.label.startswith(criterion.name))).click()
    at.run()
    radios = [r for r in at.radio if r.key and r.key.startswith(f"qa-{open_round}-")]
    assert radios[0].label == disputed.text or any(
        s.divergent and s.text == radios[0].label for s in view.statements
    )
    assert any("Im Team uneinig" in c for c in [c.value for c in at.caption])
    note = at.text_area(key=f"qn-{open_round}-{criterion.id}")
    assert note.label == "Begründung"
    note.input("Wir haben uns auf die mittlere Einschätzung geeinigt.").run()
    assert store.load_state(demo_db, open_round).notes[criterion.id].startswith("Wir haben")
    _button(at, "Selbstanalyse abschließen …").click().run()
    confirm = "\n".join(m.value for m in at.markdown)
    assert "gemeinsame Ergebnis" in confirm and "Spannweite des Teams" in confirm
    _button(at, "Ja, jetzt abschließen").click().run()
    assert not at.exception, at.exception
    with read_session(demo_db) as s:
        assert s.get(Assessment, open_round).status == "submitted"
        assert s.scalars(
            select(CriterionScore.score).where(CriterionScore.assessment_id == open_round)
        ).all()
    # Closed: the agreed result and the comparison, for every member (no anchoring left).
    at = _open(demo_db, "demo-team", 3)
    assert [t.label for t in at.tabs] == ["Gemeinsames Ergebnis", "Team-Vergleich"]
    assert "Begründung" in _texts(at)


SECTIONS = ["Uneinigkeit", "Profil", "Aussagen"]
LEAST = "Hier sind Sie sich am wenigsten einig"
CRITERIA = "Die Kriterien im Team"
STATEMENTS = "Alle Aussagen"


def _section(at) -> tuple[str, list[str]]:
    """Which section of the comparison is drawn: its heading, and the first columns of the
    data table of its one chart (or of its table, where it has no chart). Asserts that only
    one section is built: one heading, at most one chart."""
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs][-3:] == SECTIONS
    headings = [h for h in (LEAST, CRITERIA, STATEMENTS) if f"#### {h}" in _texts(at)]
    assert len(headings) == 1, headings
    charts = at.get("vega_lite_chart")
    assert len(charts) == (0 if headings[0] == STATEMENTS else 1)
    return headings[0], list(at.dataframe[0].value.columns[:3])


def test_a_member_sees_a_closed_rounds_comparison_with_names(demo_db: Engine) -> None:
    """One section at a time, from the address (a reload or a link keeps it): where the team
    disagrees most by default, the team's radar, every statement; anything else: the default."""
    members = {"Demo-Initiative", "Demo-Mitglied", "Demo-Team"}
    at = _open(demo_db, "demo-team", 2, "vergleich")
    shown = _texts(at)
    assert all(name in shown for name in members)
    assert _section(at) == (LEAST, ["Rang", "Kriterium", "Aussage"])  # list + chart of ratings
    assert re.search(r"^1\. ", shown, re.MULTILINE)  # the least-agreement list, numbered
    assert members <= set(at.dataframe[0].value.columns)  # the chart's data names who rated
    assert not at.toggle  # nothing of the other sections is built

    at = _open(demo_db, "demo-team", 2, "vergleich", "profil")
    assert _section(at) == (CRITERIA, ["Kriterium", "Median des Teams", "Niedrigster Wert"])
    assert "Evaluation und Wirkungsmessung" in _texts(at)  # farthest apart, with the radar band
    # The full table is built on request: every member's value per criterion.
    at.toggle(key="team-criteria-open").set_value(True).run()
    assert len(at.dataframe) == 2 and members <= set(at.dataframe[1].value.columns)

    at = _open(demo_db, "demo-team", 2, "vergleich", "aussagen")
    assert _section(at) == (STATEMENTS, ["Kriterium", "Aussage", "Demo-Initiative"])
    assert len(at.dataframe) == 1 and members <= set(at.dataframe[0].value.columns)
    assert at.session_state["team-section"] == "Aussagen"

    for unknown in ("quatsch", "Profil", ""):  # labels are not values; unknown: the default
        at = _open(demo_db, "demo-team", 2, "vergleich", unknown)
        assert _section(at)[0] == LEAST, unknown
    # The section stays open across reruns.
    at = _open(demo_db, "demo-team", 2, "vergleich", "profil")
    at.run()
    assert _section(at)[0] == CRITERIA


TEAM_MARKERS = re.compile(
    r"Teamrunde|im Team|\bBogen\b|\bBögen\b|uneinig|Spannweite im Team|Median des Teams|"
    r"Wo sind wir uns einig"
)
MEMBER_NAMES = re.compile(r"Demo-Mitglied|Demo-Team\b")
"""Who rated: never shown outside the initiative – except as accounts in the programme team's
user administration ("Verwaltung"), which lists every account."""


@pytest.mark.parametrize("username", ["demo-koordination", "demo-admin"])
def test_nothing_of_a_team_round_outside_the_initiative(demo_db: Engine, username: str) -> None:
    """Every page and section a coordinator or the programme team can open: no sign of team
    rounds, sheets, how many rated or how they differed (only agreed results count)."""
    actor = actor_for(demo_db, username)
    at = app_test(username)
    at.run()
    for spec in specs_for(actor):
        at.switch_page(spec.path).run()
        assert not at.exception, (spec.name, at.exception)
        for shown in each_section(at):
            text = _texts(shown)
            found = TEAM_MARKERS.findall(text)
            if spec.name != "admin":
                found += MEMBER_NAMES.findall(text)
            assert not found, (spec.name, found)
    _, submitted, open_round = _team_project(demo_db)
    for aid in (submitted, open_round):  # nor through the use cases behind the pages
        for attempt in (team.status, team_comparison.comparison_view, team.sheet_if_any):
            with pytest.raises(NotAllowed):
                attempt(demo_db, actor, aid)


def test_the_offline_template_is_offered_for_ones_own_sheet(demo_db: Engine) -> None:
    _, _, open_round = _team_project(demo_db)
    at = _open(demo_db, "demo-team", 3)
    at.toggle(key=f"offline-open-s{open_round}").set_value(True).run()
    assert not at.exception, at.exception
    assert "Laden Sie Ihren Bogen als Excel-Vorlage herunter" in _texts(at)
    assert at.get("download_button") and at.get("file_uploader")


def test_the_profile_of_a_team_round_shows_the_teams_band_and_the_pdf_where_it_disagreed(
    demo_db: Engine,
) -> None:
    import pypdfium2 as pdfium

    project, submitted, _ = _team_project(demo_db)
    at = app_test("demo-team")
    at.run()
    at.query_params["projekt"] = str(project)
    at.switch_page("pages/profile.py").run()
    assert not at.exception, at.exception
    band = at.checkbox(key="ov-team")
    assert band.label == "Spannweite des Teams einblenden" and band.value
    shown = _texts(show_data_tables(at))
    assert "Team: niedrigster Wert" in shown and "Das Band zeigt je Kriterium" in shown
    assert "die Bewertungen der 3 Bögen liegen je Kriterium im Band" in shown
    open_section(at, "Export").button(key="make-pdf").click().run()
    assert not at.exception, at.exception
    pdf = pdfium.PdfDocument(at.session_state[f"pdf-{submitted}"])
    text = "".join(pdf[n].get_textpage().get_text_range() for n in range(len(pdf)))
    assert "Wo wir uns uneinig waren" in text
    open_section(at, "Profil").checkbox(key="ov-team").uncheck().run()  # the band can go
    assert "Team: niedrigster Wert" not in _texts(show_data_tables(at))
    # A single round's profile has no band at all.
    at.query_params["projekt"] = "1"
    at.run()
    assert "ov-team" not in [c.key for c in at.checkbox]
