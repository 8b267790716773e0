"""'Mein Netzwerk': participation, network profile, named initiatives, workshop topics, trend."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo import privacy
from mintqo.access import Actor
from mintqo.charts.distribution import distribution_chart
from mintqo.charts.heatmap import heatmap_chart
from mintqo.charts.participation import status_chart
from mintqo.charts.radar import radar_spec
from mintqo.charts.trend import trend_by_area, trend_chart
from mintqo.dashboards.criteria import LOW_SCORE
from mintqo.dashboards.network import SERIES_NETWORK, NetworkDashboard
from mintqo.formats import local_time
from mintqo.io import aggregate_export
from mintqo.io.aggregate_export import profile_table
from mintqo.questionnaire import load_questionnaire
from mintqo.services import dashboards
from mintqo.services.dashboards import NetworkView, ParticipationRow, ReleaseState
from mintqo.text import escape_markdown
from mintqo.ui.cache import shared
from mintqo.ui.charts import chart_spec, show_cached_chart
from mintqo.ui.engine import get_engine

WEAKEST_SHOWN = 4
STATUS_LABELS = {"none": "noch keine Runde", "draft": "in Bearbeitung", "submitted": "abgeschickt"}


def choose_network(actor: Actor, key: str) -> int:
    """The viewer's network: coordinators their own (no selector), admins choose."""
    choices = dashboards.networks_for(get_engine(), actor)
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


def participation_frame(rows: list[ParticipationRow]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Initiative": [r.initiative for r in rows],
            "Projekt": [r.project or "–" for r in rows],
            "Status": [STATUS_LABELS[r.status] for r in rows],
            "Runde": pd.array([r.round_no for r in rows], dtype="Int64"),
            "Fortschritt (%)": pd.array([r.progress for r in rows], dtype="Int64"),
            "Abgeschickte Runden": [r.submitted_rounds for r in rows],
            "Letzte Aktivität": [
                local_time(r.last_activity) if r.last_activity else "" for r in rows
            ],
        }
    )


def _participation(actor: Actor, network_id: int) -> None:
    st.subheader("Beteiligung")
    rows = dashboards.participation_rows(get_engine(), actor, network_id)
    if not rows:
        st.info("In diesem Netzwerk sind noch keine Initiativen angelegt.")
        return
    table = participation_frame(rows)
    statuses = list(dict.fromkeys(table["Status"]))
    chosen = st.multiselect(
        "Status filtern", statuses, default=statuses, key="participation-filter"
    )
    st.dataframe(table[table["Status"].isin(chosen)], hide_index=True, key="participation-table")
    counts = table[["Status"]].value_counts().reset_index()
    show_cached_chart(
        # the chart shows only the number of projects per status
        ("network-status", network_id, tuple(counts.itertuples(index=False, name=None))),
        lambda: (status_chart(table), counts),
        key="status",
    )
    st.caption("Einladungscodes für neue Initiativen erstellen Sie auf der Seite „Einladungen“.")


def _profile(dash: NetworkDashboard, dash_key: tuple) -> None:
    st.subheader("Netzwerkprofil")
    st.caption(
        "Mittelwerte über die jeweils letzte abgeschickte Runde jedes Projekts; das farbige Band "
        "zeigt die mittlere Hälfte der Initiativen (unteres bis oberes Quartil)."
    )
    if not dash.has_profile:
        suppressed(dash.profile["note"].iloc[0] if len(dash.profile) else "")
        return
    notes = dash.profile[~dash.profile["shown"]]
    if len(notes):
        suppressed(f"Nicht gezeigt: {', '.join(notes['Kriterium'])}. {notes['note'].iloc[0]}")

    def radar():
        profiles, band = radar_frames(dash, with_comparison=True)
        return radar_spec(profiles, band, to_dict=chart_spec), profile_table(dash)

    show_cached_chart(("network-radar", *dash_key), radar, key="network-radar")
    for series, message in dash.comparison_notes.items():
        suppressed(f"Vergleich „{series}“: {message}")
    st.markdown("**Verteilung je Kriterium**")
    show_cached_chart(
        ("network-distribution", *dash_key),
        lambda: (
            distribution_chart(dash.distribution, criteria_order=list(dash.profile["Kriterium"])),
            profile_table(dash),
        ),
        key="network-distribution",
    )


def _heatmap(dash: NetworkDashboard, dash_key: tuple) -> None:
    st.subheader("Initiativen im Vergleich")
    st.caption(
        "Mit Namen erscheinen nur Initiativen, die das in ihren Einstellungen freigegeben haben. "
        "Alle anderen stecken nur in den zusammengefassten Werten oben."
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
        return heatmap_chart(dash.heatmap, criteria_order=list(dash.profile["Kriterium"])), table

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
    st.dataframe(
        pd.DataFrame(
            {
                "Kriterium": top["Kriterium"],
                "Bereich": top["Bereich"],
                "Mittelwert": top["mean"].round(1),
                f"Initiativen unter {LOW_SCORE:.0f}": top["low_count"].astype(int),
                "Initiativen gesamt": top["n"],
            }
        ),
        hide_index=True,
        key="weakest-table",
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
        table = table.rename(columns={"score": "Mittelwert", "n": "Initiativen"}).round(1)
        return trend_chart(by_area), table

    show_cached_chart(("network-trend", *dash_key), trend, key="network-trend")


def _exports(dash: NetworkDashboard) -> None:
    st.subheader("Export")
    st.caption(
        "Nur die hier gezeigten Mittelwerte und Verteilungen – keine Einzelantworten, keine Notizen."
    )
    left, right = st.columns(2)
    left.download_button(
        "CSV herunterladen",
        lambda: aggregate_export.csv_of(aggregate_export.network_frames(dash)),
        file_name=f"netzwerk-{dash.network_id}-auswertung.csv",
        mime="text/csv",
        key="export-csv",
    )
    right.download_button(
        "Excel herunterladen",
        lambda: aggregate_export.excel_of(aggregate_export.network_frames(dash)),
        file_name=f"netzwerk-{dash.network_id}-auswertung.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="export-xlsx",
    )


def render_network_view(actor: Actor) -> None:
    network_id = choose_network(actor, key="network-view-select")
    view = load_view(actor, network_id)
    dash, dash_key = view.dashboard, view.key
    name = escape_markdown(dash.network)
    st.title(f"Mein Netzwerk: {name}" if actor.role == "coordinator" else name)
    cols = st.columns(3)
    cols[0].metric("Initiativen", dash.initiatives)
    cols[1].metric("in der Auswertung", dash.submitted)
    cols[2].metric("Kohorte", dash.cohort or "–")
    st.caption(release_caption(view.release))
    _participation(actor, network_id)
    _profile(dash, dash_key)
    _heatmap(dash, dash_key)
    _weakest(dash)
    _trend(dash, dash_key)
    _exports(dash)
