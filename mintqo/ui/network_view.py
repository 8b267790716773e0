"""'Mein Netzwerk': network profile, distribution, named initiatives, workshop topics, trend,
participation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from mintqo import privacy
from mintqo.access import Actor
from mintqo.charts.distribution import EXPLANATION as BOX_EXPLANATION
from mintqo.charts.distribution import distribution_sentence, distribution_spec
from mintqo.charts.heatmap import heatmap_chart, heatmap_sentence
from mintqo.charts.participation import status_chart, status_counts, status_sentence
from mintqo.charts.radar import radar_sentence, radar_spec
from mintqo.charts.trend import trend_by_area, trend_chart, trend_sentence
from mintqo.dashboards.criteria import LOW_SCORE
from mintqo.dashboards.network import SERIES_NETWORK, NetworkDashboard
from mintqo.formats import BERLIN, SCORE_DECIMALS, local_time, rounded
from mintqo.io import aggregate_export
from mintqo.io.aggregate_export import profile_table
from mintqo.io.answers_export import export_filename
from mintqo.io.tabular import display_safe
from mintqo.questionnaire import load_questionnaire
from mintqo.services import buddies, dashboards
from mintqo.services.dashboards import NetworkView, ParticipationRow, ReleaseState
from mintqo.text import escape_markdown
from mintqo.ui.cache import shared
from mintqo.ui.charts import chart_spec, show_cached_chart
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import PLEASE_LOG_IN, current_actor
from mintqo.ui.sections import draw_open
from mintqo.ui.tables import show_table

WEAKEST_SHOWN = 4
STATUS_LABELS = {"none": "nicht begonnen", "draft": "in Bearbeitung", "submitted": "abgeschickt"}
BAND_LABEL = "Mittlere Hälfte des Netzwerks"
DATE_TIME = "DD.MM.YYYY, HH:mm [Uhr]"
"""The column format of times in tables (moment.js), the same as :func:`formats.local_time`."""
PARTICIPATION_COLUMNS = {
    "Initiative": st.column_config.TextColumn(width=252),
    "Projekt": st.column_config.TextColumn(width=178),
    "Status": st.column_config.TextColumn(width=106),
    "Runde": st.column_config.NumberColumn(width=54, format="%d"),
    "Fortschritt": st.column_config.ProgressColumn(
        width=86, format="%d %%", min_value=0, max_value=100
    ),
    "Letzte Aktivität": st.column_config.DatetimeColumn(
        width=140, format=DATE_TIME, timezone="Europe/Berlin"
    ),
}
"""Widths that fit the main column at 1280 px (≈ 820 px): every column readable without
scrolling sideways. The number of submitted rounds is not a column of its own: round and status
say it ("Runde 3, abgeschickt" = three), and with it the last column was cut off."""


def choose_network(actor: Actor, key: str) -> int:
    """The viewer's network: coordinators their own (no selector), admins choose."""
    choices = dashboards.networks_for(get_engine(), actor, cache=shared)
    if not choices:
        st.info("Es gibt noch keine Netzwerke, die Ihnen zur Verfügung stehen.")
        st.stop()
    if len(choices) == 1:
        return choices[0][0]
    names = dict(choices)
    return int(st.selectbox("Netzwerk", list(names), format_func=names.__getitem__, key=key))


def load_view(actor: Actor, network_id: int) -> NetworkView:
    return dashboards.network_view(get_engine(), actor, network_id, cache=shared)


def release_caption(release: ReleaseState) -> str:
    """'Stand: …' of the released numbers, and what waits for the next release."""
    if release.release_no == 0 or release.released_at is None:
        stand = "Noch keine Auswertung veröffentlicht."
    else:
        stand = f"Stand: {local_time(release.released_at)}."
    if release.pending:
        word = "neue Abgabe wird" if release.pending == 1 else "neue Abgaben werden"
        stand += (
            f" {release.pending} {word} ab {privacy.MIN_GROUP_SIZE} gemeinsam eingerechnet "
            "(so lässt sich keine einzelne Abgabe herausrechnen)."
        )
    return stand


def suppressed(message: str) -> None:
    st.info(message or privacy.SUPPRESSED_TEXT, icon=":material/visibility_off:")


def radar_frames(
    dash: NetworkDashboard, with_comparison: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    comp = dash.comparison
    if not with_comparison:
        comp = comp[comp["series"] == SERIES_NETWORK]
    shown = dash.profile[dash.profile["shown"]]
    band = pd.DataFrame(
        {"criterion_id": shown["criterion_id"], "low": shown["q1"], "high": shown["q3"]}
    )
    return comp[["series", "criterion_id", "score"]], band


def whole(value: float) -> int | None:
    """A 0–100 value as shown on screen (see :mod:`mintqo.formats`)."""
    return None if pd.isna(value) else int(rounded(float(value), SCORE_DECIMALS))


def participation_frame(rows: list[ParticipationRow]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Initiative": [r.initiative for r in rows],
            "Projekt": [r.project or "–" for r in rows],
            "Status": [STATUS_LABELS[r.status] for r in rows],
            "Runde": pd.array([r.round_no for r in rows], dtype="Int64"),
            "Fortschritt": pd.array([r.progress for r in rows], dtype="Int64"),
            # Times as times (sortable), shown as "09.03.2026, 13:01 Uhr" in Berlin time.
            "Letzte Aktivität": pd.Series(
                [_berlin(r.last_activity) for r in rows], dtype="datetime64[us, Europe/Berlin]"
            ),
        }
    )


def _berlin(value):
    if value is None:
        return pd.NaT
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return pd.Timestamp(aware.astimezone(BERLIN))


@st.fragment
def _participation_section(network_id: int) -> None:
    """A fragment: the status filter reruns only this section. Its reruns skip ``app.py``, so
    the user is read again here."""
    actor = current_actor()
    if actor is None:
        st.warning(PLEASE_LOG_IN)
        return
    _participation(actor, network_id)


def _participation(actor: Actor, network_id: int) -> None:
    st.subheader("Beteiligung")
    view = dashboards.participation_rows(get_engine(), actor, network_id, cache=shared)
    if not view.rows:
        st.info("In diesem Netzwerk sind noch keine Initiativen angelegt.")
        return
    # built and neutralised once per participation version, not on every run
    table = shared(
        ("participation-frame", *view.key),
        lambda: display_safe(participation_frame(list(view.rows))),
    )
    statuses = list(dict.fromkeys(table["Status"]))
    chosen = st.multiselect(
        "Status filtern",
        statuses,
        default=statuses,
        key="participation-filter",
        placeholder="Status auswählen",
        help="Filtert die Tabelle und das Diagramm darunter.",
    )
    shown = table[table["Status"].isin(chosen)]
    show_table(
        shown,
        neutralised=True,
        hide_index=True,
        key="participation-table",
        column_config=PARTICIPATION_COLUMNS,
        placeholder="–",
    )
    if shown.empty:
        st.info("Kein Projekt hat den gewählten Status.")
        return
    counts = status_counts(shown)
    show_cached_chart(
        # the chart shows only the number of projects per status (of the filtered table)
        ("network-status", network_id, tuple(counts.itertuples(index=False, name=None))),
        lambda: (status_chart(shown), counts, status_sentence(shown)),
        key="status",
    )
    st.caption("Einladungscodes für neue Initiativen erstellen Sie auf der Seite „Einladungen“.")


def _profile(dash: NetworkDashboard, dash_key: tuple) -> None:
    st.subheader("Netzwerkprofil")
    st.caption(
        "Mittelwerte über die jeweils letzte abgeschickte Runde jedes Projekts. Das goldene Band "
        f"(„{BAND_LABEL}“) reicht je Kriterium vom unteren bis zum oberen Quartil: Dort liegt "
        "die mittlere Hälfte der Initiativen. „Kohorte“ und „Alle Netzwerke“ sind Mittelwerte "
        "zum Vergleich."
    )
    if not dash.has_profile:
        suppressed(dash.profile["note"].iloc[0] if len(dash.profile) else "")
        return
    notes = dash.profile[~dash.profile["shown"]]
    if len(notes):
        suppressed(f"Nicht gezeigt: {', '.join(notes['Kriterium'])}. {notes['note'].iloc[0]}")

    def radar():
        profiles, band = radar_frames(dash, with_comparison=True)
        return (
            radar_spec(profiles, band, band_label=BAND_LABEL, to_dict=chart_spec),
            profile_table(dash),
            radar_sentence(profiles, band, band_label=BAND_LABEL),
        )

    show_cached_chart(("network-radar", *dash_key), radar, key="network-radar")
    for series, message in dash.comparison_notes.items():
        suppressed(f"Vergleich „{series}“: {message}")


def _distribution(dash: NetworkDashboard, dash_key: tuple) -> None:
    """The spread of the initiatives' scores per criterion (box plots), a section of its own
    rather than below the radar: the radar's band already shows the middle half, and each
    section stays light to draw (benchmarks/README.md)."""
    st.subheader("Verteilung je Kriterium")
    st.caption(BOX_EXPLANATION)
    if not dash.has_profile:
        suppressed(dash.profile["note"].iloc[0] if len(dash.profile) else "")
        return
    order = list(dash.profile["Kriterium"])
    show_cached_chart(
        ("network-distribution", *dash_key),
        lambda: (
            distribution_spec(dash.distribution, criteria_order=order, to_dict=chart_spec),
            profile_table(dash),
            distribution_sentence(dash.distribution, order),
        ),
        key="network-distribution",
    )


def _heatmap(dash: NetworkDashboard, dash_key: tuple) -> None:
    st.subheader("Initiativen im Vergleich")
    st.caption(
        "Mit Namen erscheinen nur Initiativen, die das in ihren Einstellungen freigegeben haben. "
        "Alle anderen gehen nur in die zusammengefassten Werte unter „Profil“ und „Verteilung“ ein."
    )
    if dash.heatmap_note:
        suppressed(dash.heatmap_note)
    if dash.heatmap.empty:
        return

    def heatmap():
        table = dash.heatmap.pivot_table(
            index="label", columns="Kriterium", values="score", sort=False
        ).round(0)
        table = table.reindex(columns=list(dash.profile["Kriterium"])).reset_index()
        table = table.rename(columns={"label": "Initiative"})
        return (
            heatmap_chart(dash.heatmap, criteria_order=list(dash.profile["Kriterium"])),
            table,
            heatmap_sentence(dash.heatmap, row_word=("Initiative", "Initiativen")),
        )

    show_cached_chart(("network-heatmap", *dash_key), heatmap, key="network-heatmap")


def _weakest(dash: NetworkDashboard) -> None:
    st.subheader("Themen für den Workshop")
    if dash.weakest.empty:
        suppressed("")
        return
    top = dash.weakest.head(WEAKEST_SHOWN)
    st.caption(
        "Die Kriterien mit den niedrigsten Mittelwerten im Netzwerk – und wie viele Initiativen "
        f"dort unter {LOW_SCORE:.0f} von 100 liegen."
    )
    low = f"Initiativen unter {LOW_SCORE:.0f}"
    show_table(
        pd.DataFrame(
            {
                "Kriterium": top["Kriterium"],
                "Bereich": top["Bereich"],
                "Mittelwert": top["mean"].map(whole).astype("Int64"),
                low: top["low_count"].astype(int),
                "Initiativen gesamt": top["n"].astype(int),
            }
        ),
        hide_index=True,
        key="weakest-table",
        column_config={  # ≈ 810 px together: all five fit the main column at 1280 px
            "Kriterium": st.column_config.TextColumn(width=250),
            "Bereich": st.column_config.TextColumn(width=150),
            "Mittelwert": st.column_config.NumberColumn(width=100, format="%d"),
            low: st.column_config.NumberColumn(width=160, format="%d"),
            "Initiativen gesamt": st.column_config.NumberColumn(width=145, format="%d"),
        },
    )


def _trend_by_area(dash: NetworkDashboard) -> pd.DataFrame:
    q = load_questionnaire()
    return trend_by_area(dash.trend, {a.id: len(a.criteria) for a in q.areas})


def _trend(dash: NetworkDashboard, dash_key: tuple) -> None:
    st.subheader("Entwicklung über die Runden")
    by_area = shared(("network-trend-by-area", *dash_key), lambda: _trend_by_area(dash))
    for round_no, message in sorted(dash.trend_notes.items()):
        suppressed(f"Runde {round_no}: {message}")
    if by_area.empty:
        if not dash.trend_notes:
            st.info("Noch keine abgeschickten Runden.")
        return

    def trend():
        table = dash.trend.assign(Runde=dash.trend["round_no"])
        table = table[["Runde", "Kriterium", "score", "n"]]
        table = table.rename(columns={"score": "Mittelwert", "n": "Initiativen"})
        return trend_chart(by_area), table, trend_sentence(by_area)

    show_cached_chart(("network-trend", *dash_key), trend, key="network-trend")


def _exports(dash: NetworkDashboard) -> None:
    st.subheader("Export")
    st.caption(
        "Nur die hier gezeigten Mittelwerte und Verteilungen – keine Einzelantworten, keine Notizen."
    )
    row = st.container(horizontal=True)  # side by side, not spread over the page
    row.download_button(
        "CSV herunterladen",
        lambda: aggregate_export.csv_of(aggregate_export.network_frames(dash)),
        file_name=export_filename("Netzwerk-Auswertung", dash.network, "csv"),
        mime="text/csv",
        key="export-csv",
    )
    row.download_button(
        "Excel herunterladen",
        lambda: aggregate_export.excel_of(aggregate_export.network_frames(dash)),
        file_name=export_filename("Netzwerk-Auswertung", dash.network, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="export-xlsx",
    )


SECTIONS = ("Profil", "Verteilung", "Initiativen", "Entwicklung", "Beteiligung")
BUDDY_SECTION = "Buddy-Netzwerke"
EXPORT_SECTION = "Export"
SECTION_PARAM = "ansicht"
"""The open section is a query parameter: it survives a reload and can be linked."""


def sections_for(actor: Actor) -> list[str]:
    buddy = [BUDDY_SECTION] if buddies.takes_part(actor) else []
    return [*SECTIONS, *buddy, EXPORT_SECTION]


def render_network_view(actor: Actor, buddy_section: Callable[[Actor], None]) -> None:
    """The header, then one section at a time (tabs): only the open one is built and sent,
    which keeps a rerun of this page cheap for the server (benchmarks/README.md).
    ``buddy_section`` draws the buddy programme's section (coordinations only)."""
    network_id = choose_network(actor, key="network-view-select")
    view = load_view(actor, network_id)
    dash, dash_key = view.dashboard, view.key
    name = escape_markdown(dash.network)
    st.title(f"Mein Netzwerk: {name}" if actor.role == "coordinator" else name)
    cols = st.columns(3)
    cols[0].metric("Initiativen", dash.initiatives)
    cols[1].metric("in der Auswertung", dash.submitted)
    # A cohort's name ("Qualifizierungsdurchgang 2026") is text, not a figure: in a metric's
    # large type it was cut off; as text it wraps.
    cols[2].markdown(f"Kohorte  \n**{escape_markdown(dash.cohort or '–')}**")
    st.caption(release_caption(view.release))
    labels = sections_for(actor)
    tabs = st.tabs(labels, key=SECTION_PARAM, bind="query-params", on_change="rerun")
    drawers = {
        "Profil": lambda: _profile(dash, dash_key),
        "Verteilung": lambda: _distribution(dash, dash_key),
        "Initiativen": lambda: (_heatmap(dash, dash_key), _weakest(dash)),
        "Entwicklung": lambda: _trend(dash, dash_key),
        "Beteiligung": lambda: _participation_section(network_id),
        BUDDY_SECTION: lambda: buddy_section(actor),
        EXPORT_SECTION: lambda: _exports(dash),
    }
    draw_open(labels, tabs, drawers)
