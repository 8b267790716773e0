"""Every chart is shown with its data as a table, for screen readers and number people.

``show_cached_chart`` keeps the finished Vega-Lite spec (and the table) in ``st.cache_resource``
keyed only by the caller's ``cache_key`` (ids and data versions), so a rerun neither rebuilds
the Altair chart nor serialises and validates it again. ``cache_resource`` hands every session
the same objects instead of unpickling a copy per hit. Nothing may change them: the one in-place
patch Streamlit applies when rendering is applied before caching, and the Arrow table is
immutable (``tests/test_cached_objects.py``). The chart builders' specs are validated in their
unit tests (``tests/test_charts_*.py``, ``tests/test_radar.py``); here the spec is
produced with ``validate=False``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st

from mintqo.ui.engine import store_url
from mintqo.ui.st_private import ALTAIR_GLOBALS_LOCK as _ALTAIR_LOCK
from mintqo.ui.st_private import dataframe_util
from mintqo.ui.st_private import patch_null_legend_titles as _patch_null_legend_titles

# builds (an Altair chart or an already made Vega-Lite spec, the data shown as a table)
ChartBuild = Callable[[], tuple[alt.TopLevelMixin | dict[str, Any], pd.DataFrame]]


def show_chart(
    chart: alt.TopLevelMixin, data: pd.DataFrame, *, key: str, caption: str | None = None
) -> None:
    """Render ``chart`` and, below it, a collapsed "Daten anzeigen" table of ``data``."""
    st.altair_chart(chart, width="stretch", key=f"chart-{key}")
    _caption_and_table(data, key=key, caption=caption)


def _caption_and_table(data: pd.DataFrame | pa.Table, *, key: str, caption: str | None) -> None:
    if caption:
        st.caption(caption)
    with st.expander("Daten anzeigen"):
        st.dataframe(data, hide_index=True, key=f"data-{key}")


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite spec as ``st.altair_chart`` would send it (no default theme, all rows),
    without schema validation."""
    with _ALTAIR_LOCK:
        theme = alt.theme.enable("none") if alt.theme.active == "default" else nullcontext()
        with theme, alt.data_transformers.enable("default", max_rows=None):
            return chart.to_dict(validate=False)


@st.cache_resource(show_spinner=False, max_entries=512)
def _spec_and_data(
    url: str, cache_key: tuple, _build: ChartBuild
) -> tuple[dict[str, Any], pa.Table]:
    """Keyed by database and ``cache_key`` only; ``_build`` is not part of the key."""
    del url  # cache key only
    return spec_and_table(_build)


def spec_and_table(build: ChartBuild) -> tuple[dict[str, Any], pa.Table]:
    """The chart's Vega-Lite spec with its datasets as Arrow bytes, and its data as Arrow.

    As Arrow because ``st.dataframe`` serialises an Arrow table directly, while a DataFrame is
    converted anew on every run (≈ 0.5 ms each, several tables per page)."""
    chart, data = build()
    spec = chart if isinstance(chart, dict) else chart_spec(chart)
    datasets = spec.get("datasets")
    if isinstance(datasets, dict):
        # Tabular datasets as Arrow IPC bytes, as st.vega_lite_chart would convert them on
        # every run; bytes are passed through unchanged.
        spec["datasets"] = {
            name: dataframe_util.convert_anything_to_arrow_bytes(rows)
            if isinstance(rows, list)
            else rows
            for name, rows in datasets.items()
        }
    _patch_null_legend_titles(spec)  # done before caching, so rendering changes nothing
    return spec, dataframe_util.convert_pandas_df_to_arrow_table(data, preserve_index=False)


def show_cached_chart(
    cache_key: tuple, build: ChartBuild, *, key: str, caption: str | None = None
) -> None:
    """Like ``show_chart``, but ``build()`` runs only when ``cache_key`` is new.

    ``cache_key`` must fully determine the chart: a chart name plus ids and data versions
    (``mintqo.store.versions``) and any viewer-dependent choices, never a DataFrame hash.
    """
    spec, data = _spec_and_data(store_url(), cache_key, build)
    st.vega_lite_chart(spec, width="stretch", key=f"chart-{key}")
    _caption_and_table(data, key=key, caption=caption)
