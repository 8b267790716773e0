"""Every chart is shown with a sentence that says what it shows, and its data as a table, for
screen readers and number people.

The sentence (built by the chart module's pure ``*_sentence`` function) stands below the
chart as text and is the chart's accessible name (``alt``), so a screen reader announces what
the picture says instead of an empty canvas. The table below it ("Daten anzeigen") shows
0–100 values as whole numbers (see :mod:`mintqo.formats`), empty cells as "–", and is
spreadsheet-safe for the toolbar's CSV download. The table is built and sent only while its
expander is open (opening it reruns the page): a table drawn unseen below every chart cost the
browser ≈ 130 ms on a dashboard's first view (benchmarks/README.md).

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

import functools
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st

from mintqo import formats
from mintqo.charts.spec_data import Kept
from mintqo.formats import MISSING
from mintqo.io.tabular import display_safe
from mintqo.text import escape_markdown
from mintqo.ui.engine import store_url
from mintqo.ui.st_private import ALTAIR_GLOBALS_LOCK as _ALTAIR_LOCK
from mintqo.ui.st_private import dataframe_util
from mintqo.ui.st_private import patch_null_legend_titles as _patch_null_legend_titles
from mintqo.ui.tables import show_table

# builds (an Altair chart or an already made Vega-Lite spec, the data shown as a table, and
# optionally the sentence that says what the chart shows)
Chart = alt.TopLevelMixin | dict[str, Any]
ChartBuild = Callable[[], tuple[Chart, pd.DataFrame] | tuple[Chart, pd.DataFrame, str]]
DATA_LABEL = "Daten anzeigen"


def _caption_and_table(
    data: pd.DataFrame | pa.Table, *, key: str, caption: str | None, sentence: str | None
) -> None:
    if sentence:
        st.markdown(escape_markdown(sentence))
    if caption:
        st.caption(caption)
    with st.expander(DATA_LABEL, key=data_key(key), on_change="rerun") as box:
        if box.open:
            show_table(data, neutralised=True, hide_index=True, key=f"data-{key}", placeholder="–")


def data_key(key: str) -> str:
    """The state key of the "Daten anzeigen" expander below the chart drawn with ``key``
    (True while it is open)."""
    return f"data-open-{key}"


def display_table(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` as the "Daten anzeigen" table shows it: 0–100 values (every decimal column of a
    chart's table) as whole numbers, empty text cells as "–", formula-safe text."""
    shown = data.copy()
    for position in range(shown.shape[1]):
        column = shown.iloc[:, position]
        if pd.api.types.is_float_dtype(column.dtype):
            shown.isetitem(position, column.map(_whole).astype("Int64"))
        elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            shown.isetitem(position, column.map(lambda v: MISSING if _empty(v) else v))
    return display_safe(shown)


def _whole(value: Any) -> Any:
    if value is None or pd.isna(value):
        return pd.NA
    return int(formats.rounded(float(value), formats.SCORE_DECIMALS))


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


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
) -> tuple[dict[str, Any], pa.Table, str]:
    """Keyed by database and ``cache_key`` only; ``_build`` is not part of the key."""
    del url  # cache key only
    return spec_and_table(_build)


def spec_and_table(build: ChartBuild) -> tuple[dict[str, Any], pa.Table, str]:
    """The chart's Vega-Lite spec with its datasets as Arrow bytes, its data as Arrow (as
    :func:`display_table` shows it) and its sentence ("" without one).

    As Arrow because ``st.dataframe`` serialises an Arrow table directly, while a DataFrame is
    converted anew on every run (≈ 0.5 ms each, several tables per page)."""
    built = build()
    chart, data = built[0], built[1]
    sentence = built[2] if len(built) > 2 else ""
    spec = chart if isinstance(chart, dict) else chart_spec(chart)
    datasets = spec.get("datasets")
    if isinstance(datasets, dict):
        # Tabular datasets as Arrow IPC bytes, as st.vega_lite_chart would convert them on
        # every run; bytes are passed through unchanged.
        spec["datasets"] = {
            name: _arrow_bytes(name, rows) if isinstance(rows, list) else rows
            for name, rows in datasets.items()
        }
    _patch_null_legend_titles(spec)  # done before caching, so rendering changes nothing
    table = dataframe_util.convert_pandas_df_to_arrow_table(
        display_table(data), preserve_index=False
    )
    return spec, table, sentence


_ARROW: Kept[bytes] = Kept(256)


def _arrow_bytes(name: str, rows: list) -> bytes:
    """A dataset as Arrow bytes, converted once per content: its name is a hash of its rows
    (the rings, spokes and labels of every radar are the same datasets)."""
    convert = functools.partial(dataframe_util.convert_anything_to_arrow_bytes, rows)
    return _ARROW.get(name, convert) if name.startswith("data-") else convert()


def show_cached_chart(
    cache_key: tuple, build: ChartBuild, *, key: str, caption: str | None = None
) -> None:
    """Render a chart, its sentence and a collapsed "Daten anzeigen" table; ``build()`` runs
    only when ``cache_key`` is new.

    ``build()`` returns ``(chart, table)`` or ``(chart, table, sentence)``; the sentence is
    cached with the chart.

    ``cache_key`` must fully determine the chart: a chart name plus ids and data versions
    (``mintqo.store.versions``) and any viewer-dependent choices, never a DataFrame hash.
    """
    data, sentence = show_chart_alone(cache_key, build, key=key)
    _caption_and_table(data, key=key, caption=caption, sentence=sentence)


def show_chart_alone(cache_key: tuple, build: ChartBuild, *, key: str) -> tuple[pa.Table, str]:
    """Render only the chart (cached as in :func:`show_cached_chart`), its sentence as its
    accessible name: for an illustration whose caption says what it shows. Returns the
    chart's table and sentence."""
    spec, data, sentence = _spec_and_data(store_url(), cache_key, build)
    st.vega_lite_chart(spec, width="stretch", key=f"chart-{key}", alt=sentence or None)
    return data, sentence
