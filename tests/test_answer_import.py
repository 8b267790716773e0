"""Importing a filled offline template into a draft: one transaction, idempotent, never a submitted round."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from mintqo.cli import main as cli_main
from mintqo.io.offline_template import TemplateContent, template_csv, template_xlsx, validate_file
from mintqo.questionnaire import load_questionnaire
from mintqo.services import acting, self_analysis
from mintqo.services.errors import NotAllowed
from mintqo.store import assessments
from mintqo.store.answer_import import ImportRefused, import_answers
from mintqo.store.engine import read_session
from mintqo.store.models import Answer, Assessment, CriterionNote
from mintqo.store.organisations import create_initiative, create_network
from mintqo.store.projects import create_project
from tests.builders import Builder

Q = load_questionnaire()


MEMBER = "mitglied"


def make_draft(engine: Engine) -> int:
    """A draft of a new initiative, whose member account is ``MEMBER``."""
    network = create_network(engine, "Netz")
    initiative = create_initiative(engine, "Ini", network)
    project = create_project(engine, initiative, "Projekt")
    Builder(engine).user(MEMBER, "initiative", initiative_id=initiative)
    return assessments.start_round(engine, project)


def full_answers() -> dict[str, int | None]:
    answers: dict[str, int | None] = {item.id: 1 + n % 5 for n, item in enumerate(Q.items)}
    answers[Q.items[3].id] = None
    return answers


def db_state(engine: Engine, aid: int) -> tuple[dict, dict, int]:
    with read_session(engine) as s:
        answers = dict(
            s.execute(select(Answer.item_id, Answer.value).where(Answer.assessment_id == aid)).all()
        )
        notes = dict(
            s.execute(
                select(CriterionNote.criterion_id, CriterionNote.text).where(
                    CriterionNote.assessment_id == aid
                )
            ).all()
        )
        version = s.scalar(select(Assessment.version).where(Assessment.id == aid))
    return answers, notes, version


def test_import_writes_answers_and_notes_and_bumps_the_version(engine: Engine):
    aid = make_draft(engine)
    _, _, v0 = db_state(engine, aid)
    answers = full_answers()
    notes = {Q.criteria[0].id: "Belege: Ordner 3", Q.criteria[5].id: "<script>alert(1)</script>"}
    outcome = import_answers(engine, aid, answers, notes)
    assert outcome.changed_answers == len(Q.items) and outcome.changed_notes == 2
    stored_answers, stored_notes, v1 = db_state(engine, aid)
    assert stored_answers == answers and stored_notes == notes
    assert v1 == v0 + 1 == outcome.version
    # The questionnaire page (save_step) sees the import as a concurrent change.
    stale = assessments.save_step(engine, aid, v0, Q.criteria[0].id, {}, None)
    assert stale.conflict and not stale.saved


def test_repeated_identical_import_is_harmless(engine: Engine):
    aid = make_draft(engine)
    answers, notes = full_answers(), {Q.criteria[0].id: "x"}
    first = import_answers(engine, aid, answers, notes)
    second = import_answers(engine, aid, answers, notes)
    assert first.changed and not second.changed
    assert second.version == first.version
    assert db_state(engine, aid) == (answers, notes, first.version)


def test_partial_import_keeps_answers_given_online(engine: Engine):
    aid = make_draft(engine)
    crit = Q.criteria[0]
    assessments.save_step(engine, aid, 1, crit.id, {crit.items[0].id: 5}, "online")
    import_answers(engine, aid, {crit.items[1].id: 2}, {})
    answers, notes, _ = db_state(engine, aid)
    assert answers == {crit.items[0].id: 5, crit.items[1].id: 2}
    assert notes == {crit.id: "online"}


def test_a_submitted_round_is_refused_and_unchanged(engine: Engine):
    aid = make_draft(engine)
    import_answers(engine, aid, full_answers(), {})
    assessments.submit(engine, aid)
    before = db_state(engine, aid)
    with pytest.raises(ImportRefused) as info:
        import_answers(engine, aid, {Q.items[0].id: 1}, {})
    assert str(info.value) == (
        "Diese Selbstanalyse ist bereits abgeschlossen und kann nicht mehr überschrieben werden. "
        "Starten Sie für neue Eingaben eine neue Runde."
    )
    assert db_state(engine, aid) == before


def test_unknown_assessment_and_unknown_items_are_refused(engine: Engine):
    with pytest.raises(ImportRefused, match=r"Die Selbstanalyse Nr\. 999 gibt es nicht\."):
        import_answers(engine, 999, {}, {})
    aid = make_draft(engine)
    with pytest.raises(ImportRefused, match="Unbekannte Aussagen"):
        import_answers(engine, aid, {Q.items[0].id: 3, "ZZ1.1": 3}, {})
    assert db_state(engine, aid)[0] == {}


def test_template_reflects_the_draft_and_only_members_get_it(engine: Engine):
    aid = make_draft(engine)
    import_answers(engine, aid, {Q.items[0].id: 4}, {Q.criteria[0].id: "notiz-im-entwurf"})
    member = acting.resolve(engine, MEMBER)
    data = self_analysis.offline_template(engine, member, aid, "csv").decode("utf-8-sig")
    assert "notiz-im-entwurf" in data
    stranger = Builder(engine).user(
        "fremd",
        "initiative",
        initiative_id=create_initiative(engine, "Andere", create_network(engine, "Anderes Netz")),
    )
    with pytest.raises(NotAllowed):
        self_analysis.offline_template(engine, stranger, aid, "csv")


# --- the command line ---------------------------------------------------------------------------


@pytest.fixture
def cli_store(sqlite_store: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("DATABASE_URL", str(sqlite_store.url))
    return sqlite_store


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_cli_export_fill_import_round_trip(cli_store: Engine, tmp_path: Path, suffix: str, capsys):
    aid = make_draft(cli_store)
    path = tmp_path / f"vorlage.{suffix}"
    assert cli_main(["export-template", "--user", MEMBER, "--assessment", str(aid), str(path)]) == 0
    # Unchanged export imports without changing anything.
    assert cli_main(["import-answers", "--user", MEMBER, "--assessment", str(aid), str(path)]) == 0
    assert "Keine Änderungen" in capsys.readouterr().out
    assert db_state(cli_store, aid)[0] == {}
    # Fill it (as a user would in Excel) and import.
    answers = full_answers()
    notes = {Q.criteria[2].id: "Notiz mit Umlauten: äöüß"}
    filled = TemplateContent(aid, Q, answers, notes)
    path.write_bytes(template_csv(filled) if suffix == "csv" else template_xlsx(filled))
    assert cli_main(["import-answers", "--user", MEMBER, "--assessment", str(aid), str(path)]) == 0
    assert f"{len(answers)} Bewertungen und 1 Notizen geändert" in capsys.readouterr().out
    assert db_state(cli_store, aid)[:2] == (answers, notes)


def test_cli_import_with_errors_changes_nothing(cli_store: Engine, tmp_path: Path, capsys):
    aid = make_draft(cli_store)
    data = template_csv(TemplateContent(aid, Q, {Q.items[0].id: 3}, {})).decode("utf-8-sig")
    data = data.replace(f"{Q.items[1].id}", "XX", 1)
    path = tmp_path / "kaputt.csv"
    path.write_text(data, encoding="cp1252")
    assert cli_main(["import-answers", "--user", MEMBER, "--assessment", str(aid), str(path)]) == 2
    err = capsys.readouterr().err
    assert "Fehler: Die Datei wurde nicht übernommen; nichts wurde geändert." in err
    assert "Zeile 5, Spalte „ID“: „XX“ ist keine bekannte Aussage" in err  # after the example
    assert db_state(cli_store, aid)[0] == {}


def test_cli_refuses_a_submitted_round_and_unknown_ids(cli_store: Engine, tmp_path: Path, capsys):
    aid = make_draft(cli_store)
    import_answers(cli_store, aid, full_answers(), {})
    assessments.submit(cli_store, aid)
    path = tmp_path / "v.csv"
    assert cli_main(["export-template", "--user", MEMBER, "--assessment", str(aid), str(path)]) == 0
    assert validate_file(path.read_bytes(), "v.csv", Q, aid).ok
    assert cli_main(["import-answers", "--user", MEMBER, "--assessment", str(aid), str(path)]) == 2
    assert "bereits abgeschlossen" in capsys.readouterr().err
    assert cli_main(["export-template", "--user", MEMBER, "--assessment", "9999", str(path)]) == 2
    assert "Kein Zugriff auf dieses Projekt." in capsys.readouterr().err
    assert cli_main(["import-answers", "--user", MEMBER, "--assessment", "9999", str(path)]) == 2
    assert (
        cli_main(
            [
                "import-answers",
                "--user",
                MEMBER,
                "--assessment",
                str(aid),
                str(tmp_path / "fehlt.csv"),
            ]
        )
        == 2
    )
    assert "Datei konnte nicht gelesen werden" in capsys.readouterr().err
    args = ["export-template", "--user", "niemand", "--assessment", str(aid), str(path)]
    assert cli_main(args) == 2
    assert "Ein aktives Benutzerkonto „niemand“ gibt es nicht." in capsys.readouterr().err
