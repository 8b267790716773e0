"""The workshop day: everything the projector and the handout show of one network.

One read for the slides and the handout, so both show the same numbers under the same rules:
the network's dashboard and its impact-staircase overview come from the network's *release*
(they change only in batches of five, see :mod:`mintqo.store.releases`); how many initiatives
have sent off a round is live participation, which the coordination sees by name anyway.
Access is checked by the use cases this combines (:mod:`mintqo.services.dashboards`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from mintqo import privacy
from mintqo.access import Actor
from mintqo.formats import local_time
from mintqo.services import dashboards
from mintqo.services.dashboards import NetworkView, ReleaseState, StaircaseOverview
from mintqo.services.runtime import Cache, no_cache


@dataclass(frozen=True)
class Participation:
    """Initiatives of the network, and how many of them have submitted at least one round
    (live: a submission counts here at once, in the aggregates only with its release)."""

    submitted: int
    initiatives: int


@dataclass(frozen=True)
class WorkshopDeck:
    view: NetworkView  # the released dashboard and its release state
    staircase: StaircaseOverview
    participation: Participation


def participation(
    engine: Engine, actor: Actor, network_id: int, cache: Cache = no_cache
) -> Participation:
    """'13 von 15 Initiativen haben abgeschickt' for the network's coordination (or admins)."""
    rows = dashboards.participation_rows(engine, actor, network_id, cache).rows  # checks
    initiatives = {r.initiative_id for r in rows}
    submitted = {r.initiative_id for r in rows if r.submitted_rounds > 0}
    return Participation(len(submitted), len(initiatives))


def deck(engine: Engine, actor: Actor, network_id: int, cache: Cache = no_cache) -> WorkshopDeck:
    """The network's anonymous picture for a workshop, as this viewer may see it."""
    view = dashboards.network_view(engine, actor, network_id, cache)
    return WorkshopDeck(
        view,
        dashboards.staircase_overview(engine, actor, network_id, cache),
        participation(engine, actor, network_id, cache),
    )


def release_status(release: ReleaseState) -> str:
    """'Stand: …; 3 neue Abgaben werden ab 5 gemeinsam eingerechnet' – one line, for the
    slides and the handout (the pages' longer caption also says why)."""
    if release.release_no == 0 or release.released_at is None:
        status = "Noch keine Auswertung veröffentlicht"
    else:
        status = f"Stand: {local_time(release.released_at)}"
    if release.pending:
        word = "neue Abgabe wird" if release.pending == 1 else "neue Abgaben werden"
        status += f"; {release.pending} {word} ab {privacy.MIN_GROUP_SIZE} gemeinsam eingerechnet"
    return status
