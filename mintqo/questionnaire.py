"""The questionnaire: loading and validating the versioned data files under ``data/questionnaire``.

The YAML files are the single source of truth for areas, criteria and statements. Every
assessment records the version it was answered with, so old rounds stay readable when a later
version adds, drops or renames items: ids are never reused with another meaning.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent.parent / "data" / "questionnaire"
SCALE_MIN, SCALE_MAX = 1, 5
MIN_ITEMS_PER_CRITERION, MAX_ITEMS_PER_CRITERION = 4, 6
_ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,31}$")
_FILE_PATTERN = re.compile(r"^v(\d+)\.ya?ml$")


class QuestionnaireError(ValueError):
    """A questionnaire file is malformed; the message names the offending entry."""


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    criterion_id: str
    area_id: str


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    explanation: str
    example: str
    area_id: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    description: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class ScaleOption:
    value: int
    label: str


@dataclass(frozen=True)
class Questionnaire:
    version: int
    title: str
    scale: tuple[ScaleOption, ...]
    not_applicable_label: str
    areas: tuple[Area, ...]

    @functools.cached_property
    def criteria(self) -> tuple[Criterion, ...]:
        """All criteria in display order (area by area)."""
        return tuple(c for a in self.areas for c in a.criteria)

    @functools.cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for c in self.criteria for i in c.items)

    @functools.cached_property
    def criterion_by_id(self) -> Mapping[str, Criterion]:
        return {c.id: c for c in self.criteria}

    @functools.cached_property
    def item_by_id(self) -> Mapping[str, Item]:
        return {i.id: i for i in self.items}

    @functools.cached_property
    def area_by_id(self) -> Mapping[str, Area]:
        return {a.id: a for a in self.areas}

    @functools.cached_property
    def scale_values(self) -> frozenset[int]:
        """The ratings this questionnaire's scale allows (from its file)."""
        return frozenset(o.value for o in self.scale)

    def scale_label(self, value: int | None) -> str:
        if value is None:
            return self.not_applicable_label
        return next(o.label for o in self.scale if o.value == value)


def _require_text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise QuestionnaireError(f"{where}: field '{key}' is missing or empty")
    return value.strip()


def _require_id(raw: Mapping[str, Any], where: str, seen: set[str]) -> str:
    value = raw.get("id")
    if not isinstance(value, str) or not _ID_PATTERN.match(value):
        raise QuestionnaireError(f"{where}: invalid or missing id {value!r}")
    if value in seen:
        raise QuestionnaireError(f"{where}: duplicate id {value!r}")
    seen.add(value)
    return value


def _require_list(raw: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = raw.get(key)
    if not isinstance(value, list) or not value:
        raise QuestionnaireError(f"{where}: '{key}' must be a non-empty list")
    return value


def _parse_scale(raw: Mapping[str, Any]) -> tuple[tuple[ScaleOption, ...], str]:
    scale_raw = raw.get("scale")
    if not isinstance(scale_raw, Mapping):
        raise QuestionnaireError("scale: missing")
    options = []
    for entry in _require_list(scale_raw, "options", "scale"):
        if not isinstance(entry, Mapping):
            raise QuestionnaireError("scale.options: every option needs value and label")
        value = entry.get("value")
        options.append(
            ScaleOption(value=value, label=_require_text(entry, "label", f"scale {value}"))
        )
    if [o.value for o in options] != list(range(SCALE_MIN, SCALE_MAX + 1)):
        raise QuestionnaireError(f"scale: values must be {SCALE_MIN}..{SCALE_MAX} in order")
    return tuple(options), _require_text(scale_raw, "not_applicable", "scale")


def parse_questionnaire(raw: Any, source: str = "<data>") -> Questionnaire:
    """Build a validated questionnaire from parsed YAML; raises QuestionnaireError naming the entry."""
    if not isinstance(raw, Mapping):
        raise QuestionnaireError(f"{source}: top level must be a mapping")
    version = raw.get("version")
    if not isinstance(version, int) or version < 1:
        raise QuestionnaireError(f"{source}: 'version' must be a positive integer")
    scale, na_label = _parse_scale(raw)
    seen: set[str] = set()
    areas = []
    for a_idx, a_raw in enumerate(_require_list(raw, "areas", source), start=1):
        a_where = f"area #{a_idx}"
        if not isinstance(a_raw, Mapping):
            raise QuestionnaireError(f"{a_where}: must be a mapping")
        area_id = _require_id(a_raw, a_where, seen)
        a_where = f"area {area_id}"
        criteria = []
        for c_idx, c_raw in enumerate(_require_list(a_raw, "criteria", a_where), start=1):
            c_where = f"{a_where}, criterion #{c_idx}"
            if not isinstance(c_raw, Mapping):
                raise QuestionnaireError(f"{c_where}: must be a mapping")
            crit_id = _require_id(c_raw, c_where, seen)
            c_where = f"criterion {crit_id}"
            items_raw = _require_list(c_raw, "items", c_where)
            if not MIN_ITEMS_PER_CRITERION <= len(items_raw) <= MAX_ITEMS_PER_CRITERION:
                raise QuestionnaireError(
                    f"{c_where}: has {len(items_raw)} items, needs "
                    f"{MIN_ITEMS_PER_CRITERION} to {MAX_ITEMS_PER_CRITERION}"
                )
            items = []
            for i_idx, i_raw in enumerate(items_raw, start=1):
                i_where = f"{c_where}, item #{i_idx}"
                if not isinstance(i_raw, Mapping):
                    raise QuestionnaireError(f"{i_where}: must be a mapping")
                item_id = _require_id(i_raw, i_where, seen)
                text = _require_text(i_raw, "text", f"item {item_id}")
                items.append(Item(id=item_id, text=text, criterion_id=crit_id, area_id=area_id))
            criteria.append(
                Criterion(
                    id=crit_id,
                    name=_require_text(c_raw, "name", c_where),
                    explanation=_require_text(c_raw, "explanation", c_where),
                    example=_require_text(c_raw, "example", c_where),
                    area_id=area_id,
                    items=tuple(items),
                )
            )
        areas.append(
            Area(
                id=area_id,
                name=_require_text(a_raw, "name", a_where),
                description=_require_text(a_raw, "description", a_where),
                criteria=tuple(criteria),
            )
        )
    return Questionnaire(
        version=version,
        title=_require_text(raw, "title", source),
        scale=scale,
        not_applicable_label=na_label,
        areas=tuple(areas),
    )


def load_questionnaire_file(path: Path) -> Questionnaire:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise QuestionnaireError(f"{path.name}: not valid YAML ({exc})") from exc
    questionnaire = parse_questionnaire(raw, source=path.name)
    match = _FILE_PATTERN.match(path.name)
    if match and int(match.group(1)) != questionnaire.version:
        raise QuestionnaireError(
            f"{path.name}: file name says version {match.group(1)}, "
            f"content says {questionnaire.version}"
        )
    return questionnaire


def available_versions(directory: Path = QUESTIONNAIRE_DIR) -> list[int]:
    """Questionnaire versions shipped under data/questionnaire, ascending."""
    return sorted(
        int(m.group(1)) for p in directory.iterdir() if (m := _FILE_PATTERN.match(p.name))
    )


@functools.cache
def load_questionnaire(version: int | None = None) -> Questionnaire:
    """The questionnaire of a version (default: the newest). Cached: files never change at run time."""
    versions = available_versions()
    if not versions:
        raise QuestionnaireError(f"no questionnaire files in {QUESTIONNAIRE_DIR}")
    wanted = versions[-1] if version is None else version
    if wanted not in versions:
        raise QuestionnaireError(f"questionnaire version {wanted} does not exist")
    return load_questionnaire_file(QUESTIONNAIRE_DIR / f"v{wanted}.yaml")
