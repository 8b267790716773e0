"""What the questionnaire's step editor writes, and what it says while doing so.

One editor (:mod:`mintqo.ui.questionnaire_step`) serves three kinds of work on a round, so
save-on-change, the place in the URL, resume and conflict handling are the same everywhere:

- ``round``: the round's own answers of a single round (today's shared draft);
- ``sheet``: the acting member's own sheet of a team round (:mod:`mintqo.services.team`);
- ``agreement``: a team round's own answers, which are the agreed result the lead composes,
  with how the team rated each statement beside it (:class:`TeamHints`).

Widget and state keys carry a *slot* per target: a round's is its id (as before), a sheet's
``s<id>``, so the lead's own sheet and the agreed result of one round never share a widget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from mintqo.access import Actor
from mintqo.services import self_analysis, team
from mintqo.services.self_analysis import CriterionContent, SaveResult
from mintqo.ui.engine import get_engine

Kind = Literal["round", "sheet", "agreement"]

NOTE_LABELS: dict[str, tuple[str, str]] = {
    "round": (
        "Notizen / Belege",
        "Nur für Ihre Initiative sichtbar, als reiner Text. Gespeichert wird, sobald Sie kurz "
        "innehalten oder das Feld verlassen.",
    ),
    "sheet": (
        "Meine Notizen",
        "Nur für Sie: Ihr Team sieht nach dem Abschließen Ihre Bewertungen, nicht Ihre Notizen. "
        "Gespeichert wird, sobald Sie kurz innehalten oder das Feld verlassen.",
    ),
    "agreement": (
        "Begründung",
        "Warum sich das Team auf diese Bewertungen geeinigt hat – zum Nachlesen in der nächsten "
        "Runde. Nur für Ihre Initiative sichtbar; gespeichert wird, sobald Sie kurz innehalten "
        "oder das Feld verlassen.",
    ),
}
SOMEONE_ELSE = "Jemand aus Ihrer Initiative hat dieses Kriterium inzwischen geändert."
OTHER_WINDOW = "Dieses Kriterium wurde inzwischen in einem anderen Fenster geändert."


@dataclass(frozen=True)
class Target:
    """Where the editor's saves go (plain values: it travels in callback arguments)."""

    assessment_id: int
    kind: Kind = "round"

    @property
    def slot(self) -> str:
        return f"s{self.assessment_id}" if self.kind == "sheet" else str(self.assessment_id)

    @property
    def note_label(self) -> str:
        return NOTE_LABELS[self.kind][0]

    @property
    def note_hint(self) -> str:
        return NOTE_LABELS[self.kind][1]

    @property
    def changed_by(self) -> str:
        """Who else can have changed a criterion: in a team round only the same person
        writes (their sheet, or the lead the agreed result), from another window."""
        return SOMEONE_ELSE if self.kind == "round" else OTHER_WINDOW


@dataclass(frozen=True)
class TeamHints:
    """How the team rated each statement, for the agreement editor."""

    ratings: Mapping[str, str] = field(default_factory=dict)  # item id → "Lea 5 · Ben 2"
    divergent: frozenset[str] = frozenset()  # statements the team disagrees on

    def divergent_count(self, item_ids: list[str]) -> int:
        return sum(1 for i in item_ids if i in self.divergent)


def save(
    target: Target,
    actor: Actor,
    expected_version: int,
    criterion_id: str,
    answers: Mapping[str, int | None],
    note: str,
    base: CriterionContent | None,
) -> SaveResult:
    """One criterion into the target (the use case checks the user inside its write)."""
    if target.kind == "sheet":
        return team.save_sheet_step(
            get_engine(),
            actor,
            target.assessment_id,
            expected_version,
            criterion_id,
            answers,
            note,
            base=base,
        )
    return self_analysis.save_step(
        get_engine(),
        actor,
        target.assessment_id,
        expected_version,
        criterion_id,
        answers,
        note,
        base=base,
    )


def set_step(target: Target, actor: Actor, criterion_id: str) -> None:
    """The resume point of the target (a sheet has its own)."""
    if target.kind == "sheet":
        team.set_sheet_step(get_engine(), actor, target.assessment_id, criterion_id)
    else:
        self_analysis.set_step(get_engine(), actor, target.assessment_id, criterion_id)
