"""'Nationale Übersicht' for the programme team: networks × criteria, cohorts, participation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo import privacy
from mintqo.access import Actor
from mintqo.charts.heatmap import heatmap_chart
from mintqo.charts.participation import monthly_chart
from mintqo.io import aggregate_export
from mintqo.store.aggregates import criteria_frame
from mintqo.ui import dashboard_cache
from mintqo.ui.charts import show_cached_chart


def _wide(frame: pd.DataFrame, row: str, title: str, order: list[str]) -> pd.DataFrame:
    table = frame.pivot_table(index=row, columns="Kriterium", values="score", sort=False).round(1)
    return table.reindex(columns=order).reset_index().rename(columns={row: title})


def render_national(actor: Actor) -> None:
    if not actor.is_admin:  # the page guard already checked; defence in depth
        st.error("Diese Seite steht Ihrer Rolle nicht zur Verfügung.")
        st.stop()
    st.title("Nationale Übersicht")
    # read before the overview, so a key is never newer than the data cached under it
    global_version = dashboard_cache.data_versions()[1]
    overview = dashboard_cache.national_overview()
    order = list(criteria_frame()["Kriterium"])
    cols = st.columns(3)
    cols[0].metric("Netzwerke in der Auswertung", len(overview.networks))
    cols[1].metric(
        f"Netzwerke unter {privacy.MIN_GROUP_SIZE} Initiativen", overview.hidden_networks
    )
    cols[2].metric("Initiativen mit Ergebnis", int(overview.networks["submitted"].sum()))

    st.subheader("Netzwerke × Kriterien")
    st.caption(
        f"Nur Netzwerke mit mindestens {privacy.MIN_GROUP_SIZE} Initiativen mit abgeschickter "
        "Selbstanalyse; Mittelwerte über die letzte Runde jedes Projekts."
    )
    if overview.heatmap.empty:
        st.info(privacy.SUPPRESSED_TEXT[0].upper() + privacy.SUPPRESSED_TEXT[1:] + ".")
    else:
        show_cached_chart(
            ("national-heatmap", global_version),
            lambda: (
                heatmap_chart(
                    overview.heatmap,
                    row="network",
                    row_title="Netzwerk",
                    criteria_order=order,
                    cell=30,
                ),
                _wide(overview.heatmap, "network", "Netzwerk", order),
            ),
            key="national-heatmap",
        )

    st.subheader("Kohorten im Vergleich")
    for label, message in overview.notes.items():
        st.info(f"{label}: {message}", icon=":material/visibility_off:")
    if not overview.cohorts.empty:
        show_cached_chart(
            ("national-cohorts", global_version),
            lambda: (
                heatmap_chart(
                    overview.cohorts,
                    row="series",
                    row_title="Kohorte",
                    criteria_order=order,
                    cell=30,
                ),
                _wide(overview.cohorts, "series", "Kohorte", order),
            ),
            key="national-cohorts",
        )

    st.subheader("Beteiligung je Monat")
    if overview.participation.empty:
        st.info("Noch keine Selbstanalysen begonnen.")
    else:
        show_cached_chart(
            ("national-monthly", global_version),
            lambda: (monthly_chart(overview.participation), overview.participation),
            key="national-monthly",
        )

    st.subheader("Export")
    st.caption(
        "Mittelwerte je Netzwerk und Kriterium (nur was oben gezeigt wird). Eine vollständige "
        "Datensicherung (JSON) erstellt die Kommandozeile bzw. die Sicherungsfunktion."
    )

    def frames() -> dict[str, pd.DataFrame]:
        return aggregate_export.national_frames(overview)

    left, right = st.columns(2)
    left.download_button(
        "CSV herunterladen",
        lambda: aggregate_export.csv_of(frames()),
        file_name="nationale-auswertung.csv",
        mime="text/csv",
        key="national-csv",
    )
    right.download_button(
        "Excel herunterladen",
        lambda: aggregate_export.excel_of(frames()),
        file_name="nationale-auswertung.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="national-xlsx",
    )
