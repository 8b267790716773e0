"""An initiative's own settings: consent to named results, data export, erasure (DSGVO)."""

from __future__ import annotations

from sqlalchemy import Engine

from mintqo import access
from mintqo.access import Actor, Ownership
from mintqo.io.data_export import SheetSelection, export_zip
from mintqo.services import checks
from mintqo.services.errors import NotAllowed
from mintqo.store import erasure, network_admin, team_rounds
from mintqo.store.erasure import ErasureReport, InitiativeSummary
from mintqo.store.network_admin import InitiativeConsent


def _own(actor: Actor) -> int:
    if actor.initiative_id is None or not access.can_manage_own_initiative(
        actor, actor.initiative_id
    ):
        raise NotAllowed()
    return actor.initiative_id


def consent(engine: Engine, actor: Actor) -> InitiativeConsent:
    consent = network_admin.initiative_consent(engine, _own(actor))
    if consent is None:
        raise NotAllowed()
    return consent


def set_consent(engine: Engine, actor: Actor, share: bool) -> None:
    """Share the initiative's results by name with its network coordination, or stop."""
    initiative_id = _own(actor)
    check = checks.acts_on_initiative(actor, initiative_id, access.can_manage_own_initiative)
    network_admin.set_share_named_results(engine, actor, initiative_id, share, check=check)


def summary(engine: Engine, actor: Actor) -> InitiativeSummary:
    found = erasure.initiative_summary(engine, _own(actor))
    if found is None:
        raise NotAllowed()
    return found


def _readable_sheets(engine: Engine, actor: Actor, initiative_id: int) -> SheetSelection:
    """The team-round sheets whose ratings and notes this member may read: their own, and the
    others' as the team comparison shows them (never an open sheet of someone else)."""
    records = team_rounds.initiative_sheets(engine, initiative_id)
    finished_own = {r.assessment_id for r in records if r.user_id == actor.user_id and r.finished}
    ratings, notes = [], []
    for r in records:
        owner = Ownership(r.initiative_id, r.network_id, r.project_id)
        mine = r.user_id == actor.user_id
        comparison_open = access.can_see_team_comparison(
            actor, owner, r.assessment_id in finished_own, r.round_closed
        )
        if access.can_read_sheet_ratings(actor, owner, mine, r.finished, comparison_open):
            ratings.append(r.sheet_id)
        if access.can_read_sheet_notes(actor, owner, mine):
            notes.append(r.sheet_id)
    return SheetSelection(frozenset(ratings), frozenset(notes))


def export_all(engine: Engine, actor: Actor) -> bytes:
    """Everything stored about the initiative and its users (zip of JSON and CSV); of the
    team rounds' sheets what this member may read (:func:`_readable_sheets`)."""
    initiative_id = _own(actor)
    return export_zip(engine, initiative_id, _readable_sheets(engine, actor, initiative_id))


def delete_own(engine: Engine, actor: Actor, confirm_name: str) -> ErasureReport:
    """Delete the actor's initiative with all its data, if the typed name matches."""
    initiative_id = _own(actor)
    check = checks.acts_on_initiative(actor, initiative_id, access.can_erase_initiative)
    return erasure.delete_initiative(engine, initiative_id, confirm_name, check=check)
