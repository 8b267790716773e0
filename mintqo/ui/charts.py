"""Every chart is shown with its data as a table, for screen readers and number people."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st


def show_chart(
    chart: alt.TopLevelMixin, data: pd.DataFrame, *, key: str, caption: str | None = None
) -> None:
    """Render ``chart`` and, below it, a collapsed "Daten anzeigen" table of ``data``."""
    st.altair_chart(chart, width="stretch", key=f"chart-{key}")
    if caption:
        st.caption(caption)
    with st.expander("Daten anzeigen"):
        st.dataframe(data, hide_index=True, key=f"data-{key}")
