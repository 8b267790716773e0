"""Team self-analysis: several members rate on their own sheets, see where they disagree, and
the round's lead composes the agreed result, which is submitted like a single round.

Rules (:mod:`mintqo.access`): only the initiative's members take part; nobody sees another
member's sheet while it is open — the comparison opens for a member once their own sheet is
finished; the lead sees who has finished, not what they answered; only the lead writes the
round's own (agreed) answers and submits them. Outside the initiative nothing of a team round
is visible but its agreed result, exactly like a single round's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from mintqo import access
from mintqo.access import Actor
from mintqo.questionnaire import load_questionnaire
from mintqo.services import checks
from mintqo.services.acting import fresh_actor
from mintqo.services.errors import NotAllowed
from mintqo.store import assessments, organisations, team_rounds, teammates
from mintqo.store.assessments import CriterionContent, SaveResult
from mintqo.store.team_rounds import SheetState, TeamRoundError
from mintqo.store.teammates import Teammate
from mintqo.team import Member, TeamComparison, compare, proposal

__all__ = ["SheetState", "TeamComparison", "TeamRoundError", "TeamStatus", "Teammate"]

NOT_YET = (
    "Die Auswertung des Teams sehen Sie, sobald Sie Ihren eigenen Bogen abgeschlossen haben – "
    "so beeinflussen die Antworten der anderen Ihre eigene Einschätzung nicht."
)


@dataclass(frozen=True)
class TeamStatus:
    lead_user_id: int | None
    teammates: tuple[Teammate, ...]
    my_sheet_finished: bool
    my_user_id: int | None = None
    round_closed: bool = False

    @property
    def finished(self) -> int:
        return sum(1 for t in self.teammates if t.finished)

    @property
    def is_lead(self) -> bool:
        return self.my_user_id is not None and self.my_user_id == self.lead_user_id

    @property
    def takes_part(self) -> bool:
        """The acting member has a sheet in this round."""
        return any(t.user_id == self.my_user_id for t in self.teammates)

    @property
    def lead_name(self) -> str:
        lead = next((t for t in self.teammates if t.user_id == self.lead_user_id), None)
        return lead.display_name if lead is not None else "–"

    @property
    def may_compare(self) -> bool:
        """What :func:`comparison` will allow (the rule itself is in :mod:`mintqo.access`)."""
        return self.my_sheet_finished or self.round_closed

    @property
    def open_names(self) -> tuple[str, ...]:
        """Who takes part but has not finished their sheet yet."""
        return tuple(t.display_name for t in self.teammates if not t.finished)


def member_check(actor: Actor, assessment_id: int):
    """Inside a sheet write: the acting user is (still) a member of the round's initiative."""

    def check(session: Session) -> None:
        fresh = fresh_actor(session, actor)
        owner = organisations.assessment_ownership_in(session, assessment_id)
        if owner is None or not access.can_edit_project(fresh, owner):
            raise NotAllowed(checks.NO_PROJECT)

    return check


def start(engine: Engine, actor: Actor, project_id: int) -> int:
    """Open a team round of the project, led by the acting member (their sheet opens too)."""
    return assessments.start_round(
        engine, project_id, team_lead=actor.user_id, check=checks.edits_project(actor, project_id)
    )


def my_sheet(engine: Engine, actor: Actor, assessment_id: int) -> SheetState:
    """The acting member's own sheet of the round (opened on first use)."""
    return team_rounds.join(
        engine, assessment_id, actor.user_id, check=member_check(actor, assessment_id)
    )


def save_my_step(
    engine: Engine,
    actor: Actor,
    assessment_id: int,
    expected_version: int,
    criterion_id: str,
    answers: Mapping[str, int | None],
    note: str | None,
    *,
    current_step: str | None = None,
    base: CriterionContent | None = None,
) -> tuple[bool, SheetState]:
    """One criterion of the acting member's own sheet (see
    :func:`mintqo.store.team_rounds.save_sheet_step`); the member is checked inside the write."""
    return team_rounds.save_sheet_step(
        engine,
        assessment_id,
        actor.user_id,
        expected_version,
        criterion_id,
        answers,
        note,
        current_step=current_step,
        base=base,
        check=member_check(actor, assessment_id),
    )


def sheet_if_any(engine: Engine, actor: Actor, assessment_id: int) -> SheetState | None:
    """The acting member's sheet of the round, or None while they do not take part (reading
    never opens one: joining is the member's decision)."""
    checks.readable_assessment(engine, actor, assessment_id)
    return team_rounds.sheet_state(engine, assessment_id, actor.user_id)


def save_sheet_step(
    engine: Engine,
    actor: Actor,
    assessment_id: int,
    expected_version: int,
    criterion_id: str,
    answers: Mapping[str, int | None],
    note: str | None,
    *,
    current_step: str | None = None,
    base: CriterionContent | None = None,
) -> SaveResult:
    """:func:`save_my_step` for the step editor: the outcome as for a round's draft (the
    sheet drawn as a draft, :meth:`SheetState.as_draft`), with the same ``base`` rule."""
    saved, sheet = save_my_step(
        engine,
        actor,
        assessment_id,
        expected_version,
        criterion_id,
        answers,
        note,
        current_step=current_step,
        base=base,
    )
    draft = sheet.as_draft()
    questionnaire = load_questionnaire(draft.info.questionnaire_version)
    stored = assessments.criterion_content(draft, questionnaire, criterion_id)
    return SaveResult(saved=saved, conflict=not saved, version=sheet.version, stored=stored)


def set_sheet_step(engine: Engine, actor: Actor, assessment_id: int, criterion_id: str) -> None:
    """Remember where the member is on their own sheet (resume point)."""
    team_rounds.set_sheet_step(
        engine,
        assessment_id,
        actor.user_id,
        criterion_id,
        check=member_check(actor, assessment_id),
    )


def finish_my_sheet(engine: Engine, actor: Actor, assessment_id: int) -> SheetState:
    return team_rounds.finish_sheet(
        engine, assessment_id, actor.user_id, check=member_check(actor, assessment_id)
    )


def status(engine: Engine, actor: Actor, assessment_id: int) -> TeamStatus:
    """Who takes part, who leads and who has finished — never what anyone answered."""
    checks.readable_assessment(engine, actor, assessment_id)
    info = assessments.get_assessment(engine, assessment_id)
    if info is None or not info.is_team:
        raise TeamRoundError(team_rounds.NOT_A_TEAM_ROUND)
    mates = tuple(teammates.teammates(engine, assessment_id))
    lead = teammates.lead_of(mates)
    mine = next((t for t in mates if t.user_id == actor.user_id), None)
    return TeamStatus(lead, mates, bool(mine and mine.finished), actor.user_id, not info.is_draft)


def _members(engine: Engine, assessment_id: int) -> list[Member]:
    return [
        Member(s.display_name, s.answers)
        for s in team_rounds.finished_sheets(engine, assessment_id)
    ]


def comparison(engine: Engine, actor: Actor, assessment_id: int) -> TeamComparison:
    """Where the finished sheets agree and where not (named within the team)."""
    owner = checks.readable_assessment(engine, actor, assessment_id)
    own = team_rounds.sheet_state(engine, assessment_id, actor.user_id)
    info = assessments.get_assessment(engine, assessment_id)
    assert info is not None  # readable_assessment found it
    finished = own is not None and own.finished
    if not access.can_see_team_comparison(actor, owner, finished, not info.is_draft):
        raise NotAllowed(NOT_YET)
    return compare(load_questionnaire(info.questionnaire_version), _members(engine, assessment_id))


def propose_agreement(engine: Engine, actor: Actor, assessment_id: int) -> int:
    """Pre-fill the agreed result with the median of the finished sheets, where the lead has
    not set a value yet; returns how many statements were filled. Lead only."""
    state = assessments.load_state(engine, assessment_id)
    comparison(engine, actor, assessment_id)  # the lead, too, must have finished their sheet
    if state is None:
        raise NotAllowed(checks.NO_PROJECT)
    questionnaire = load_questionnaire(state.info.questionnaire_version)
    proposed = proposal(questionnaire, _members(engine, assessment_id))
    filled = 0
    version = state.version
    for criterion in questionnaire.criteria:
        ids = [i.id for i in criterion.items]
        current = {i: state.answers[i] for i in ids if i in state.answers}
        new = {i: proposed[i] for i in ids if i in proposed and i not in current}
        if not new:
            continue
        result = assessments.save_step(
            engine,
            assessment_id,
            version,
            criterion.id,
            {**current, **new},
            state.notes.get(criterion.id, ""),
            current_step=state.info.current_step,
            check=checks.edits_assessment(actor, assessment_id),
        )
        version = result.version
        filled += len(new) if result.saved else 0
    return filled
