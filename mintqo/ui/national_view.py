"""'Nationale Übersicht' for the programme team: networks × criteria, cohorts, participation,
plausibility flags and buddy pairs, one section at a time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo import privacy
from mintqo.access import Actor
from mintqo.charts.heatmap import heatmap_chart, heatmap_sentence
from mintqo.charts.participation import monthly_chart, monthly_sentence
from mintqo.dashboards.criteria import criteria_frame
from mintqo.formats import count, local_time, month_name
from mintqo.io import aggregate_export
from mintqo.io.answers_export import export_filename
from mintqo.services import dashboards
from mintqo.services.dashboards import MonthCount, NationalView
from mintqo.ui.buddy_view import render_buddy_pairs
from mintqo.ui.cache import shared
from mintqo.ui.charts import show_cached_chart
from mintqo.ui.engine import get_engine
from mintqo.ui.plausibility_view import render_flags
from mintqo.ui.sections import draw_open


def _wide(frame: pd.DataFrame, row: str, title: str, order: list[str]) -> pd.DataFrame:
    table = frame.pivot_table(index=row, columns="Kriterium", values="score", sort=False)
    return table.reindex(columns=order).reset_index().rename(columns={row: title})


def _months_frame(months: tuple[MonthCount, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Monat": [m.month for m in months],
            "Begonnen": [m.started for m in months],
            "Abgeschickt": [m.submitted for m in months],
        },
        columns=["Monat", "Begonnen", "Abgeschickt"],
    )


def _months_table(months: pd.DataFrame) -> pd.DataFrame:
    """The months in words ("März 2026"), the counts as whole numbers."""
    return months.assign(Monat=months["Monat"].map(month_name))


SECTIONS = (
    "Netzwerke",
    "Kohorten",
    "Beteiligung",
    "Auffälligkeiten",
    "Buddy-Netzwerke",
    "Export",
)
SECTION_PARAM = "bereich"
"""The open section is a query parameter (a reload keeps it); not "ansicht" as on
"Mein Netzwerk", so that the two pages' sections never share session state."""


def render_national(actor: Actor) -> None:
    """The header, then one section at a time (tabs bound to ``?bereich=``): only the open
    one is built and sent."""
    st.title("Nationale Übersicht")
    view = dashboards.national_view(get_engine(), actor, cache=shared)
    overview = view.overview
    if view.released_at is not None:
        st.caption(
            f"Stand der Auswertung: {local_time(view.released_at)} (jedes Netzwerk wird "
            f"eingerechnet, sobald {privacy.MIN_GROUP_SIZE} neue Abgaben zusammenkommen)."
        )
    cols = st.columns(3)
    cols[0].metric("Netzwerke in der Auswertung", count(len(overview.networks)))
    cols[1].metric(
        f"Netzwerke unter {privacy.MIN_GROUP_SIZE} Initiativen", count(overview.hidden_networks)
    )
    cols[2].metric("Initiativen mit Ergebnis", count(int(overview.networks["submitted"].sum())))
    drawers = {
        "Netzwerke": lambda: _networks(view),
        "Kohorten": lambda: _cohorts(view),
        "Beteiligung": lambda: _months(view),
        "Auffälligkeiten": lambda: render_flags(actor),
        "Buddy-Netzwerke": lambda: render_buddy_pairs(actor),
        "Export": lambda: _export(view),
    }
    tabs = st.tabs(SECTIONS, key=SECTION_PARAM, bind="query-params", on_change="rerun")
    draw_open(SECTIONS, tabs, drawers)


def _networks(view: NationalView) -> None:
    overview, view_key = view.overview, view.key
    order = list(criteria_frame()["Kriterium"])
    st.subheader("Netzwerke × Kriterien")
    st.caption(
        f"Nur Netzwerke mit mindestens {privacy.MIN_GROUP_SIZE} Initiativen mit abgeschickter "
        "Selbstanalyse; Mittelwerte über die letzte Runde jedes Projekts."
    )
    if overview.heatmap.empty:
        st.info(privacy.SUPPRESSED_TEXT[0].upper() + privacy.SUPPRESSED_TEXT[1:] + ".")
        return
    show_cached_chart(
        ("national-heatmap", *view_key),
        lambda: (
            heatmap_chart(
                overview.heatmap,
                row="network",
                row_title="Netzwerk",
                criteria_order=order,
                cell=30,
            ),
            _wide(overview.heatmap, "network", "Netzwerk", order),
            heatmap_sentence(overview.heatmap, row="network", row_word=("Netzwerk", "Netzwerken")),
        ),
        key="national-heatmap",
    )


def _cohorts(view: NationalView) -> None:
    overview, view_key = view.overview, view.key
    order = list(criteria_frame()["Kriterium"])
    st.subheader("Kohorten im Vergleich")
    for label, message in overview.notes.items():
        st.info(f"{label}: {message}", icon=":material/visibility_off:")
    if overview.cohorts.empty:
        return
    show_cached_chart(
        ("national-cohorts", *view_key),
        lambda: (
            heatmap_chart(
                overview.cohorts,
                row="series",
                row_title="Kohorte",
                criteria_order=order,
                cell=30,
            ),
            _wide(overview.cohorts, "series", "Kohorte", order),
            heatmap_sentence(overview.cohorts, row="series", row_word=("Reihe", "Reihen")),
        ),
        key="national-cohorts",
    )


def _months(view: NationalView) -> None:
    st.subheader("Beteiligung je Monat")
    if not view.months:
        st.info("Noch keine Selbstanalysen begonnen.")
        return
    months = _months_frame(view.months)
    show_cached_chart(
        ("national-monthly", view.key[1], view.months),
        lambda: (monthly_chart(months), _months_table(months), monthly_sentence(months)),
        key="national-monthly",
    )


def _export(view: NationalView) -> None:
    st.subheader("Export")
    st.caption(
        "Mittelwerte je Netzwerk und Kriterium (nur was unter „Netzwerke“ gezeigt wird). Eine "
        "vollständige Datensicherung aller Daten erstellt der technische Betrieb (Befehl "
        "„backup“)."
    )

    def frames() -> dict[str, pd.DataFrame]:
        return aggregate_export.national_frames(view.overview)

    row = st.container(horizontal=True)  # side by side, not spread over the page
    row.download_button(
        "CSV herunterladen",
        lambda: aggregate_export.csv_of(frames()),
        file_name=export_filename("Nationale-Auswertung", "MINT-Qualitaetsoffensive", "csv"),
        mime="text/csv",
        key="national-csv",
    )
    row.download_button(
        "Excel herunterladen",
        lambda: aggregate_export.excel_of(frames()),
        file_name=export_filename("Nationale-Auswertung", "MINT-Qualitaetsoffensive", "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="national-xlsx",
    )
