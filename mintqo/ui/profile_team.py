"""'Mein Profil' of a team round: the agreed profile with the team's spread per criterion.

The radar shows the agreed result like any round's; the band around it goes from the lowest to
the highest value of the members' own sheets per criterion ("Spannweite des Teams"), so a
reader sees at a glance where the agreed value hides a wide range of views. The PDF report adds
"Wo wir uns uneinig waren": the five statements with the least agreement, with each member's
rating and what the team agreed on. All of it comes from the team comparison of the closed
round (:mod:`mintqo.services.team_comparison`): every member may see it once it is closed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.charts.team_spread import profile_band_sentence
from mintqo.errors import UserError
from mintqo.services import self_analysis, team_comparison
from mintqo.services.profile import ProfileData
from mintqo.services.team_comparison import ComparisonView
from mintqo.team_frames import BAND_LABEL, disagreement_table
from mintqo.ui.cache import shared
from mintqo.ui.engine import get_engine
from mintqo.ui.navigation import page_link
from mintqo.ui.projects_view import PROJECT, ROUND, TEAM_PART

REPORT_STATEMENTS = 5
SHOW_BAND = "Spannweite des Teams einblenden"


@dataclass(frozen=True)
class TeamBand:
    """The team's spread for the radar of a team round's profile."""

    view: ComparisonView
    shown: bool  # the reader wants the band on the radar

    @property
    def band(self) -> pd.DataFrame | None:
        return self.view.band[1] if self.shown else None

    @property
    def label(self) -> str:
        return BAND_LABEL

    @property
    def key(self) -> tuple:
        return self.view.key if self.shown else ()

    def add_to_table(self, table: pd.DataFrame) -> pd.DataFrame:
        """The radar's data table with the band's two columns (when shown)."""
        if not self.shown:
            return table
        band = self.view.band_table.rename(
            columns={
                "Niedrigster Wert": "Team: niedrigster Wert",
                "Höchster Wert": "Team: höchster Wert",
            }
        )[["Kriterium", "Team: niedrigster Wert", "Team: höchster Wert"]]
        return table.merge(band, on="Kriterium", how="left")

    def sentence(self) -> str:
        if not self.shown:
            return ""
        return profile_band_sentence(self.view.band_table, self.view.members)


def team_band(actor: Actor, data: ProfileData, column) -> TeamBand | None:
    """For a team round: the team's comparison and the reader's choice to show its band
    (a checkbox in ``column``; shown without asking when ``column`` is None, as in the
    report); None for a single round or one without finished sheets."""
    if not data.current.is_team:
        return None
    try:
        view = team_comparison.comparison_view(get_engine(), actor, data.current.id, cache=shared)
    except UserError:
        return None
    if view.members == 0:
        return None
    shown = column is None or column.checkbox(SHOW_BAND, value=True, key="ov-team")
    return TeamBand(view, shown)


def render_team_note(data: ProfileData, band: TeamBand) -> None:
    """Below the radar: whose views the band spans, and the way to the full comparison."""
    st.caption(
        f"Teamrunde: Das Profil zeigt das gemeinsame Ergebnis; die Bewertungen der "
        f"{band.view.members} Bögen liegen je Kriterium im Band."
    )
    page_link(
        "questionnaire",
        label="Wo waren wir uns uneinig? Zum Team-Vergleich",
        icon=":material/groups:",
        query_params={
            PROJECT: str(data.project.id),
            ROUND: str(data.current.round_no),
            TEAM_PART: "vergleich",
        },
    )


def report_disagreements(actor: Actor, data: ProfileData, band: TeamBand) -> pd.DataFrame:
    """The report's "Wo wir uns uneinig waren": the five least-agreement statements with the
    agreed value (built when the report is made)."""
    agreed = self_analysis.round_state(get_engine(), actor, data.current.id).answers
    view = band.view
    return disagreement_table(
        view.comparison, view.questionnaire, view.least[:REPORT_STATEMENTS], agreed
    )
