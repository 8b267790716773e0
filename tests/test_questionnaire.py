"""The questionnaire file is validated on load; a broken file names its bad entry."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from mintqo.questionnaire import (
    QUESTIONNAIRE_DIR,
    QuestionnaireError,
    available_versions,
    load_questionnaire,
    load_questionnaire_file,
    parse_questionnaire,
)

AREAS = {
    "Angebotsqualität": [
        "Ziele und Zielgruppen",
        "Gender und Diversität",
        "Pädagogisches Konzept",
        "Anschlussfähigkeit und Kontinuität",
    ],
    "Ressourcenqualität": [
        "Personal und Qualifizierung",
        "Finanzierung und Ausstattung",
        "Kooperationen und Vernetzung",
        "Organisation und Steuerung",
    ],
    "Ergebnisqualität": [
        "Wirkungsziele und Wirkungslogik",
        "Evaluation und Wirkungsmessung",
        "Lernen und Weiterentwicklung",
        "Kommunikation und Transparenz",
    ],
}


@pytest.fixture
def raw() -> dict:
    return yaml.safe_load((QUESTIONNAIRE_DIR / "v1.yaml").read_text(encoding="utf-8"))


def test_shipped_questionnaire_has_the_framework_structure() -> None:
    q = load_questionnaire(1)
    assert {a.name: [c.name for c in a.criteria] for a in q.areas} == AREAS
    assert len(q.criteria) == 12
    assert 48 <= len(q.items) <= 72
    assert all(4 <= len(c.items) <= 6 for c in q.criteria)
    assert [o.value for o in q.scale] == [1, 2, 3, 4, 5]
    assert q.scale[0].label == "trifft nicht zu" and q.scale[-1].label == "trifft voll zu"
    assert "nicht zutreffend" in q.not_applicable_label
    assert all(c.explanation and c.example for c in q.criteria)


def test_ids_are_unique_and_lookups_agree() -> None:
    q = load_questionnaire()
    ids = [a.id for a in q.areas] + [c.id for c in q.criteria] + [i.id for i in q.items]
    assert len(ids) == len(set(ids))
    for item in q.items:
        assert item in q.criterion_by_id[item.criterion_id].items
        assert q.criterion_by_id[item.criterion_id].area_id == item.area_id


def test_newest_version_is_the_default() -> None:
    assert load_questionnaire().version == max(available_versions())


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (
            lambda r: r["areas"][0]["criteria"][1].__setitem__(
                "items", r["areas"][0]["criteria"][1]["items"][:3]
            ),
            "criterion AQ2: has 3 items",
        ),
        (
            lambda r: r["areas"][0]["criteria"][2]["items"].extend(
                [{"id": "X1", "text": "a"}, {"id": "X2", "text": "b"}]
            ),
            "criterion AQ3: has 7 items",
        ),
        (
            lambda r: r["areas"][1]["criteria"][0]["items"].__setitem__(slice(0, 4), []),
            "criterion RQ1: has 1 items",
        ),
        (
            lambda r: r["areas"][2]["criteria"][3]["items"][2].__setitem__("id", "EQ4.1"),
            "duplicate id 'EQ4.1'",
        ),
        (
            lambda r: r["areas"][0]["criteria"][0]["items"][1].__setitem__("text", "  "),
            "item AQ1.2: field 'text'",
        ),
        (lambda r: r["areas"][1]["criteria"][2].__setitem__("explanation", ""), "criterion RQ3"),
        (
            lambda r: r["areas"][0]["criteria"][0].__setitem__("id", "AQ 1"),
            "invalid or missing id 'AQ 1'",
        ),
        (lambda r: r["scale"]["options"].pop(), "scale: values must be 1..5"),
        (lambda r: r.__setitem__("version", "eins"), "'version' must be a positive integer"),
    ],
)
def test_broken_file_is_rejected_naming_the_entry(raw: dict, breakage, message: str) -> None:
    broken = copy.deepcopy(raw)
    breakage(broken)
    with pytest.raises(QuestionnaireError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_questionnaire(broken, source="v1.yaml")


def test_invalid_yaml_and_version_mismatch_are_reported(tmp_path: Path, raw: dict) -> None:
    bad = tmp_path / "v3.yaml"
    bad.write_text("areas: [unclosed", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=r"v3\.yaml: not valid YAML"):
        load_questionnaire_file(bad)
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="file name says version 3, content says 1"):
        load_questionnaire_file(bad)


def test_unknown_version_is_an_error() -> None:
    with pytest.raises(QuestionnaireError, match="version 99 does not exist"):
        load_questionnaire(99)
