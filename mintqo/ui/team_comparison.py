"""'Team-Vergleich': who has finished, and "Wo sind wir uns einig?" once one may see it.

Before a member has finished their own sheet they see who has finished (never what anyone
answered) and why the rest waits: so nobody is anchored by the others' ratings. Afterwards,
one section at a time (tabs in the address as ``?abschnitt=uneinigkeit|profil|aussagen``, so a
reload keeps the section, and only the open one is built and sent, as on "Mein Profil"):
"Uneinigkeit", the statements with the least agreement (a numbered list and a chart of each
one's ratings; open by default, it is what the comparison is for); "Profil", the criteria on the
radar as the team's median with a band from the lowest to the highest member value; "Aussagen",
every rating named within the team in a table. Everything is built once per state of the round
(:mod:`mintqo.services.team_comparison`) and kept as finished chart specs and Arrow tables, so a
rerun only sends them.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from mintqo.access import Actor
from mintqo.charts.radar import radar_spec
from mintqo.charts.team_spread import band_sentence, spread_chart, spread_sentence
from mintqo.errors import UserError
from mintqo.formats import plural
from mintqo.io.tabular import display_safe
from mintqo.services import team_comparison
from mintqo.services.self_analysis import AssessmentInfo
from mintqo.services.team import NOT_YET, TeamStatus
from mintqo.services.team_comparison import ComparisonView
from mintqo.team_frames import BAND_LABEL, RATINGS_NOTE, criterion_line, ratings_line
from mintqo.text import escape_markdown
from mintqo.ui.cache import shared
from mintqo.ui.charts import chart_spec, show_cached_chart
from mintqo.ui.engine import get_engine
from mintqo.ui.projects_view import TEAM_SECTION, place_tabs
from mintqo.ui.sections import draw_open
from mintqo.ui.st_private import dataframe_util
from mintqo.ui.tables import show_table
from mintqo.ui.team_status import render_status_list

TITLE = "Wo sind wir uns einig?"
LEAST_SECTION, CRITERIA_SECTION, STATEMENTS_SECTION = "Uneinigkeit", "Profil", "Aussagen"
SECTION_SLUGS = {
    LEAST_SECTION: "uneinigkeit",
    CRITERIA_SECTION: "profil",
    STATEMENTS_SECTION: "aussagen",
}
"""The comparison's sections and their values of ``?abschnitt=`` (the first opens by default)."""
SECTION_KEY = "team-section"


def _arrow(view: ComparisonView, name: str, frame: pd.DataFrame) -> pa.Table:
    """A table as shown (formula-safe), converted once per state of the comparison."""
    return shared(
        ("team-table", name, *view.key),
        lambda: dataframe_util.convert_pandas_df_to_arrow_table(
            display_safe(frame), preserve_index=False
        ),
    )


def _table(view: ComparisonView, name: str, frame: pd.DataFrame, *, key: str) -> None:
    show_table(
        _arrow(view, name, frame), neutralised=True, hide_index=True, key=key, placeholder="–"
    )


def _least_statements(view: ComparisonView) -> None:
    st.markdown("#### Hier sind Sie sich am wenigsten einig")
    if not view.least:
        st.write("Bei keiner Aussage liegen die Bewertungen auseinander.")
        return
    q = view.questionnaire
    st.markdown(
        shared(  # the same text for every rerun of this state of the comparison
            ("team-least-text", *view.key),
            lambda: "\n".join(
                f"{n}. {escape_markdown(s.text)}  \n"
                f":gray[{escape_markdown(q.criterion_by_id[s.criterion_id].name)} · "
                f"{escape_markdown(ratings_line(view.comparison, s))}]"
                for n, s in enumerate(view.least, start=1)
            ),
        )
    )
    summary, points = view.spread
    show_cached_chart(
        ("team-spread", *view.key),
        lambda: (spread_chart(summary, points), view.ranked, spread_sentence(summary)),
        key="team-spread",
        caption="Punkte: die Bewertungen (größer, wenn mehrere gleich bewertet haben); Linie: "
        "vom niedrigsten bis zum höchsten Wert; Strich: Median. " + RATINGS_NOTE,
    )


def _criteria(view: ComparisonView) -> None:
    st.markdown("#### Die Kriterien im Team")
    profiles, band = view.band
    q = view.questionnaire
    show_cached_chart(
        ("team-radar", *view.key),
        lambda: (
            radar_spec(profiles, band, questionnaire=q, band_label=BAND_LABEL, to_dict=chart_spec),
            view.band_table,
            band_sentence(view.band_table),
        ),
        key="team-radar",
        caption="Werte von 0 bis 100, berechnet wie im Profil aus den Bewertungen jedes Bogens.",
    )
    farthest = shared(("team-farthest-text", *view.key), lambda: _farthest(view))
    if farthest:
        st.markdown(farthest)
    # Toggles, not expanders: an expander's table is built and sent on every rerun, closed or not.
    if st.toggle("Alle Kriterien mit den Werten jedes Mitglieds zeigen", key="team-criteria-open"):
        _table(view, "criteria", view.criteria, key="team-criteria")


def _farthest(view: ComparisonView) -> str:
    """The three criteria with the least agreement, as Markdown ("" if there are none)."""
    least = view.comparison.least_agreement_criteria(3)
    if not least:
        return ""
    return "**Am weitesten auseinander:**\n\n" + "\n".join(
        f"- {escape_markdown(c.name)}: {escape_markdown(criterion_line(view.comparison, c))}"
        for c in least
    )


def render_comparison_body(view: ComparisonView) -> None:
    """The comparison itself (the caller has checked that it may be shown)."""
    total = len(view.questionnaire.items)
    if view.members == 0:
        st.info("Es hat niemand einen Bogen abgeschlossen.", icon=":material/info:")
        return
    st.write(
        f"{plural(view.members, 'abgeschlossener Bogen', 'abgeschlossene Bögen')}. "
        f"Bei {len(view.divergent)} von {total} Aussagen liegen die Bewertungen zwei oder "
        "mehr Stufen auseinander oder sind teils „nicht zutreffend“."
    )
    if view.members == 1:
        st.info(
            "Bisher ist nur ein Bogen abgeschlossen. Der Vergleich füllt sich, sobald weitere "
            "Mitglieder ihren Bogen abschließen.",
            icon=":material/hourglass_top:",
        )
    labels = list(SECTION_SLUGS)
    drawers = {
        LEAST_SECTION: lambda: _least_statements(view),
        CRITERIA_SECTION: lambda: _criteria(view),
        STATEMENTS_SECTION: lambda: _statements(view),
    }
    tabs = place_tabs(labels, param=TEAM_SECTION, slugs=SECTION_SLUGS, key=SECTION_KEY)
    draw_open(labels, tabs, drawers)


def _statements(view: ComparisonView) -> None:
    """Every statement with each member's rating (the section is asked for: no toggle)."""
    st.markdown("#### Alle Aussagen")
    st.caption(RATINGS_NOTE)
    _table(view, "statements", view.statements, key="team-statements")


def render_comparison(actor: Actor, info: AssessmentInfo, status: TeamStatus) -> None:
    """Status for everyone; the comparison for those who may see it."""
    st.markdown("#### Wer ist dabei?")
    render_status_list(status)
    st.subheader(TITLE, anchor=False)
    if not status.may_compare:
        st.info(
            NOT_YET
            if status.takes_part
            else "Beginnen Sie unter „Mein Bogen“ Ihren eigenen Bogen. " + NOT_YET,
            icon=":material/visibility_off:",
        )
        return
    try:
        view = team_comparison.comparison_view(get_engine(), actor, info.id, cache=shared)
    except UserError as exc:
        st.warning(str(exc))
        return
    if info.is_draft and not status.is_lead:
        st.caption(
            f"Das gemeinsame Ergebnis stellt {escape_markdown(status.lead_name)} zusammen; "
            "Sie sehen es, sobald die Runde abgeschlossen ist, unter „Mein Profil“."
        )
    render_comparison_body(view)
