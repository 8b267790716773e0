""" "Mein Profil": an initiative's own result, and the network mean it may put next to it.

The profile is the initiative's own data (its members only). The network mean comes from the
network's *released* values and is planned with the privacy rules with the viewer's own
initiative counted as known: with five initiatives, ``(5 · mean − own) / 4`` would otherwise be
the mean of the four others (issue 12, leak 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine

from mintqo import access
from mintqo.access import Actor
from mintqo.dashboards.network import LatestRow, network_mean
from mintqo.privacy import MIN_GROUP_SIZE
from mintqo.profile import Profile, build_profile
from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.services import checks
from mintqo.services.errors import NotAllowed
from mintqo.services.runtime import Cache, no_cache
from mintqo.store import assessments, dashboard_queries, projects, versions
from mintqo.store.assessments import AssessmentInfo
from mintqo.store.projects import ProjectSummary

MEAN_WITHHELD = (
    "Das Netzwerk-Mittel wird gezeigt, sobald außer Ihrer Initiative mindestens "
    f"{MIN_GROUP_SIZE} weitere Initiativen Ihres Netzwerks in der veröffentlichten Auswertung "
    "sind – so lassen sich keine Rückschlüsse auf einzelne Initiativen ziehen."
)


@dataclass(frozen=True)
class ProfileData:
    project: ProjectSummary
    initiative_name: str
    network_id: int
    current: AssessmentInfo
    previous: AssessmentInfo | None
    questionnaire: Questionnaire
    profile: Profile
    previous_scores: Mapping[str, float] | None
    previous_areas: Mapping[str, float | None] | None


@dataclass(frozen=True)
class NetworkMean:
    scores: Mapping[str, float]  # criteria whose mean may be shown
    key: tuple  # cache key of the overlay's content
    note: str  # why (part of) it is withheld, '' if all is shown


@dataclass(frozen=True)
class _RoundResult:
    """What a submitted round and the one before it give: never changes once submitted."""

    initiative_name: str
    questionnaire: Questionnaire
    profile: Profile
    previous_scores: Mapping[str, float] | None
    previous_areas: Mapping[str, float | None] | None


def profile_data(
    engine: Engine,
    actor: Actor,
    project_id: int,
    round_no: object = None,
    cache: Cache = no_cache,
) -> ProfileData | None:
    """A submitted round of one of the actor's projects, compared with the round before it.

    ``round_no`` (raw, e.g. from the URL) picks the round; anything that is not one of the
    project's submitted rounds means the newest. None: nothing submitted yet. The result of
    two submitted rounds never changes: it is kept under their ids (and the store generation;
    ``GLOBAL`` for the initiative's name), after the access check.
    """
    owner = checks.readable_project(engine, actor, project_id)
    project = next(
        (p for p in checks.projects_of(engine, owner.initiative_id) if p.id == project_id),
        None,
    )
    rounds = assessments.submitted_rounds(engine, project_id)  # newest first
    if project is None or not rounds:
        return None
    wanted = checks.parse_id(round_no)
    index = next((n for n, r in enumerate(rounds) if r.round_no == wanted), 0)
    current = rounds[index]
    previous = rounds[index + 1] if index + 1 < len(rounds) else None
    counters = versions.current_many(engine, [versions.GENERATION, versions.GLOBAL])
    key = (
        "profile",
        counters[versions.GENERATION],
        counters[versions.GLOBAL],
        owner.initiative_id,
        current.id,
        previous.id if previous else None,
    )
    result = cache(key, lambda: _round_result(engine, owner.initiative_id, current, previous))
    return ProfileData(
        project=project,
        initiative_name=result.initiative_name,
        network_id=owner.network_id,
        current=current,
        previous=previous,
        questionnaire=result.questionnaire,
        profile=result.profile,
        previous_scores=result.previous_scores,
        previous_areas=result.previous_areas,
    )


def _round_result(
    engine: Engine, initiative_id: int, current: AssessmentInfo, previous: AssessmentInfo | None
) -> _RoundResult:
    q = load_questionnaire(current.questionnaire_version)
    scores = assessments.criterion_scores(engine, current.id)
    previous_scores = assessments.criterion_scores(engine, previous.id) if previous else None
    profile = build_profile(q, scores, assessments.answers_of(engine, current.id), previous_scores)
    previous_areas = (
        build_profile(q, previous_scores, {}).area_scores if previous_scores is not None else None
    )
    return _RoundResult(
        projects.initiative_name(engine, initiative_id), q, profile, previous_scores, previous_areas
    )


def network_mean_for(
    engine: Engine, actor: Actor, project_id: int, cache: Cache = no_cache
) -> NetworkMean:
    """The released network mean per criterion, where the rules allow it for this viewer."""
    owner = checks.readable_project(engine, actor, project_id)
    if not access.can_see_network_mean(actor, owner) or actor.initiative_id is None:
        raise NotAllowed()
    scope = versions.network_scope(owner.network_id)
    counters = versions.current_many(engine, [versions.GENERATION, scope])
    key = (
        "overlay",
        counters[versions.GENERATION],
        owner.network_id,
        counters[scope],
        actor.initiative_id,
    )

    def build() -> dict[str, float]:
        rows = dashboard_queries.released_latest(engine, owner.network_id)
        return network_mean([LatestRow(*r) for r in rows], actor.initiative_id)

    scores = cache(key, build)
    return NetworkMean(scores, key, "" if scores else MEAN_WITHHELD)
