"""'Mein Netzwerk': participation, network profile, initiatives compared, workshop topics, trend."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo import access, privacy
from mintqo.access import Actor, Ownership
from mintqo.charts.distribution import distribution_chart
from mintqo.charts.heatmap import heatmap_chart
from mintqo.charts.participation import status_chart
from mintqo.charts.radar import radar_spec
from mintqo.charts.trend import trend_by_area, trend_chart
from mintqo.io import aggregate_export
from mintqo.io.aggregate_export import profile_table
from mintqo.questionnaire import load_questionnaire
from mintqo.store import aggregates, network_admin
from mintqo.store.aggregates import NetworkDashboard
from mintqo.store.engine import database_url
from mintqo.text import escape_markdown
from mintqo.ui import dashboard_cache
from mintqo.ui.charts import chart_spec, show_cached_chart
from mintqo.ui.engine import get_engine

WEAKEST_SHOWN = 4


def choose_network(actor: Actor, key: str) -> int:
    """Coordinators: their own network, no selector. Admins: a selector of active networks."""
    if actor.role == "coordinator":
        network_id = actor.network_id
    else:
        networks = network_admin.list_networks(get_engine(), include_archived=False)
        if networks.empty:
            st.info("Es gibt noch keine Netzwerke.")
            st.stop()
        names = dict(zip(networks["network_id"], networks["Netzwerk"], strict=True))
        network_id = st.selectbox("Netzwerk", list(names), format_func=lambda i: names[i], key=key)
    if network_id is None or not access.can_view_network(actor, int(network_id)):
        st.error("Dieses Netzwerk steht Ihnen nicht zur Verfügung.")
        st.stop()
    return int(network_id)


def named_initiatives(actor: Actor, network_id: int) -> frozenset[int]:
    """Initiatives this actor may see by name (access rule with the stored consent)."""
    members = aggregates.network_initiatives(get_engine(), network_id)
    return frozenset(
        int(row.initiative_id)
        for row in members.itertuples(index=False)
        if access.can_see_named_results(
            actor, Ownership(int(row.initiative_id), network_id), bool(row.share_named_results)
        )
    )


def load_dashboard(actor: Actor, network_id: int) -> NetworkDashboard:
    """Admins may see all results anyway; for coordinators named initiatives count as known."""
    return load_dashboard_keyed(actor, network_id)[0]


def load_dashboard_keyed(actor: Actor, network_id: int) -> tuple[NetworkDashboard, tuple]:
    """The dashboard and a chart cache key that fully determines it: network, the initiatives
    named for this viewer, whether they count as known, and the data versions (read before
    the dashboard, so a key is never newer than the data cached under it)."""
    named = named_initiatives(actor, network_id)
    known = not actor.is_admin
    key = (network_id, tuple(sorted(named)), known, *dashboard_cache.data_versions(network_id))
    return dashboard_cache.network_dashboard(network_id, named, named_are_known=known), key


def suppressed(message: str) -> None:
    st.info(message or privacy.SUPPRESSED_TEXT, icon=":material/visibility_off:")


def radar_frames(
    dash: NetworkDashboard, with_comparison: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    comp = dash.comparison
    if not with_comparison:
        comp = comp[comp["series"] == aggregates.SERIES_NETWORK]
    shown = dash.profile[dash.profile["shown"]]
    band = pd.DataFrame(
        {"criterion_id": shown["criterion_id"], "low": shown["q1"], "high": shown["q3"]}
    )
    return comp[["series", "criterion_id", "score"]], band


def _participation(network_id: int) -> None:
    st.subheader("Beteiligung")
    table = aggregates.participation(get_engine(), network_id)
    if table.empty:
        st.info("In diesem Netzwerk sind noch keine Initiativen angelegt.")
        return
    statuses = list(dict.fromkeys(table["Status"]))
    chosen = st.multiselect(
        "Status filtern", statuses, default=statuses, key="participation-filter"
    )
    view = table[table["Status"].isin(chosen)].drop(columns=["initiative_id"])
    st.dataframe(view, hide_index=True, key="participation-table")
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


def _heatmap(dash: NetworkDashboard, actor: Actor, dash_key: tuple) -> None:
    st.subheader("Initiativen im Vergleich")
    if actor.role == "coordinator":
        st.caption(
            "Namentlich erscheinen nur Initiativen, die das in ihren Einstellungen freigegeben "
            f"haben; alle anderen anonym und nur, wenn es mindestens {privacy.MIN_GROUP_SIZE} "
            "davon gibt. Die Reihenfolge der anonymen Zeilen richtet sich nach dem Ergebnis."
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
        f"dort unter {aggregates.LOW_SCORE:.0f} von 100 liegen."
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Kriterium": top["Kriterium"],
                "Bereich": top["Bereich"],
                "Mittelwert": top["mean"].round(1),
                f"Initiativen unter {aggregates.LOW_SCORE:.0f}": top["low_count"].astype(int),
                "Initiativen gesamt": top["n"],
            }
        ),
        hide_index=True,
        key="weakest-table",
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def _trend_by_area(url: str, dash_key: tuple, _trend: pd.DataFrame) -> pd.DataFrame:
    """Keyed by the dashboard's key (ids and data versions); ``_trend`` is not hashed."""
    del url  # cache key only
    q = load_questionnaire()
    return trend_by_area(_trend, {a.id: len(a.criteria) for a in q.areas})


def _trend(dash: NetworkDashboard, dash_key: tuple) -> None:
    st.subheader("Entwicklung über die Runden")
    by_area = _trend_by_area(database_url(), dash_key, dash.trend)
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
    dash, dash_key = load_dashboard_keyed(actor, network_id)
    name = escape_markdown(dash.network)
    st.title(f"Mein Netzwerk: {name}" if actor.role == "coordinator" else name)
    cols = st.columns(3)
    cols[0].metric("Initiativen", dash.initiatives)
    cols[1].metric("mit abgeschickter Selbstanalyse", dash.submitted)
    cols[2].metric("Kohorte", dash.cohort or "–")
    _participation(network_id)
    _profile(dash, dash_key)
    _heatmap(dash, actor, dash_key)
    _weakest(dash)
    _trend(dash, dash_key)
    _exports(dash)
