"""The team comparison "Wo sind wir uns einig?" as the pages show it, built once per state.

A finished sheet never changes again (saving it is refused), so the comparison of a round is
fully determined by *which* sheets are finished: the key holds the store generation, the round
and, per finished sheet, its member (id and name as shown) and when it was finished. A member
who finishes, leaves (their sheet goes with the account) or is renamed changes the key; nothing
else can. So no data-version counter is needed, and the key is read with one small query of
the team's status that the page needs anyway.

The access rule is asked before the key is made (:func:`mintqo.access.can_see_team_comparison`):
a cache can never hand a member a comparison the use case would not have built for them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from mintqo import access
from mintqo.access import Actor
from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.services import checks
from mintqo.services.errors import NotAllowed
from mintqo.services.runtime import Cache, no_cache
from mintqo.services.team import NOT_YET
from mintqo.store import assessments, team_rounds, teammates, versions
from mintqo.team import Member, StatementDivergence, TeamComparison, compare
from mintqo.team_frames import (
    band_frames,
    band_table,
    criteria_table,
    spread_frames,
    statements_table,
)

LEAST_AGREEMENT_SHOWN = 8
"""Statements in the least-consensus chart and its list: what a team can discuss in one
sitting; the full table lists all."""


@dataclass(frozen=True)
class ComparisonView:
    """Everything the comparison, the agreement editor and the profile band draw (read-only:
    one shared object per key)."""

    key: tuple
    questionnaire: Questionnaire
    comparison: TeamComparison
    least: tuple[StatementDivergence, ...]  # the least-consensus statements, worst first
    divergent: tuple[StatementDivergence, ...]  # every divergent statement, worst first
    criteria: pd.DataFrame  # per criterion: members' values, median, span, std
    statements: pd.DataFrame  # per statement, questionnaire order
    ranked: pd.DataFrame  # the least-consensus statements as a numbered table
    band: tuple[pd.DataFrame, pd.DataFrame]  # radar: median series, min–max band
    band_table: pd.DataFrame
    spread: tuple[pd.DataFrame, pd.DataFrame]  # chart: statements, members' ratings

    @property
    def members(self) -> int:
        return len(self.comparison.members)


def _build(questionnaire: Questionnaire, members: list[Member], key: tuple) -> ComparisonView:
    comparison = compare(questionnaire, members)
    least = tuple(comparison.least_agreement_statements(LEAST_AGREEMENT_SHOWN))
    return ComparisonView(
        key=key,
        questionnaire=questionnaire,
        comparison=comparison,
        least=least,
        divergent=tuple(comparison.divergent_statements()),
        criteria=criteria_table(comparison, questionnaire),
        statements=statements_table(comparison, questionnaire),
        ranked=statements_table(comparison, questionnaire, least, ranked=True),
        band=band_frames(comparison),
        band_table=band_table(comparison),
        spread=spread_frames(comparison, least),
    )


def comparison_view(
    engine: Engine, actor: Actor, assessment_id: object, cache: Cache = no_cache
) -> ComparisonView:
    """The comparison of a team round's finished sheets, for a member who may see it (their
    own sheet finished, or the round closed); anyone else gets :class:`NotAllowed`."""
    owner = checks.readable_assessment(engine, actor, assessment_id)
    aid = checks.parse_id(assessment_id)
    info = assessments.get_assessment(engine, aid) if aid is not None else None
    if info is None or not info.is_team:
        raise NotAllowed(team_rounds.NOT_A_TEAM_ROUND)
    mates = teammates.teammates(engine, info.id)
    mine = next((t for t in mates if t.user_id == actor.user_id), None)
    finished = mine is not None and mine.finished
    if not access.can_see_team_comparison(actor, owner, finished, not info.is_draft):
        raise NotAllowed(NOT_YET)
    generation = versions.current_many(engine, [versions.GENERATION])[versions.GENERATION]
    done = tuple(
        (t.user_id, t.display_name, t.finished_at.isoformat() if t.finished_at else "")
        for t in mates
        if t.finished
    )
    key = ("team-comparison", generation, info.id, info.questionnaire_version, done)

    def build() -> ComparisonView:
        # Exactly the sheets the key names: one finished in between waits for its own key.
        named = {user_id: name for user_id, name, _ in done}
        sheets = team_rounds.finished_sheets(engine, info.id)
        members = [Member(named[s.user_id], s.answers) for s in sheets if s.user_id in named]
        return _build(load_questionnaire(info.questionnaire_version), members, key)

    return cache(key, build)
