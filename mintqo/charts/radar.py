"""Radar chart of criterion scores (0–100): the chart and its Vega-Lite spec, built with the
rings, spokes and labels cached; the points and the sentence are re-exported, so pages, the PDF
and the slides import the whole radar from here.

The radar is built from plain Vega-Lite marks in three modules: where the points lie
(:mod:`mintqo.charts.radar_geometry`), the Altair layers (:mod:`mintqo.charts.radar_layers`:
rings, spokes coloured by quality area, labels, one filled closed polygon per series, an
optional translucent band such as a network's interquartile range, tooltips on every vertex)
and the radar in words (:mod:`mintqo.charts.radar_sentence`).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd

from mintqo.charts.radar_geometry import (
    questionnaire_or_default,
    radar_points,
    series_order,
    spokes,
)
from mintqo.charts.radar_layers import (
    NO_SCORE,
    Scales,
    data_frames,
    data_layers,
    finish,
    has_band,
    static_layers,
    title_params,
)
from mintqo.charts.radar_sentence import radar_sentence
from mintqo.charts.spec_data import Kept, Layout, SameRows
from mintqo.questionnaire import Questionnaire

__all__ = [
    "NO_SCORE",
    "ToDict",
    "radar_chart",
    "radar_points",
    "radar_sentence",
    "radar_spec",
    "spokes",
]


def radar_chart(
    profiles: pd.DataFrame,
    band: pd.DataFrame | None = None,
    *,
    size: int = 420,
    questionnaire: Questionnaire | None = None,
    band_label: str = "Mittlere Hälfte des Netzwerks",
) -> alt.LayerChart:
    """The radar of ``profiles`` (columns ``series``, ``criterion_id``, ``score``)."""
    q = questionnaire_or_default(questionnaire)
    order = series_order(profiles)
    sc = Scales(q, order, band_label if has_band(band) else None)
    data = data_frames(profiles, band, q, order, band_label)
    return finish([*static_layers(q, sc), *data_layers(data, sc)], title_params(data), size)


ToDict = Callable[[alt.TopLevelMixin], dict[str, Any]]


_LAYOUTS: Kept[Layout] = Kept(64)


@functools.lru_cache(maxsize=16)
def _static_spec(q: Questionnaire, size: int, to_dict: ToDict) -> dict[str, Any]:
    sc = Scales(q, [], None)
    return to_dict(finish(static_layers(q, sc), alt.TitleParams(text=""), size))


def radar_spec(
    profiles: pd.DataFrame,
    band: pd.DataFrame | None = None,
    *,
    size: int = 420,
    questionnaire: Questionnaire | None = None,
    band_label: str = "Mittlere Hälfte des Netzwerks",
    to_dict: ToDict,
) -> dict[str, Any]:
    """The Vega-Lite spec of :func:`radar_chart` (same layers, data and scales), built faster.

    The rings, spokes and labels are the same for every radar of a questionnaire; their spec is
    made once per questionnaire and size. The data layers' layout depends only on the series
    and the band's label: it is made once per such choice, and later calls put their rows in
    (:mod:`mintqo.charts.spec_data`). ``to_dict`` turns an Altair chart into a spec (the caller
    decides theme and validation); ``tests/test_radar.py`` checks that both ways give the same
    spec.
    """
    q = questionnaire_or_default(questionnaire)
    order = series_order(profiles)
    label = band_label if has_band(band) else None
    data = data_frames(profiles, band, q, order, band_label)

    def built() -> dict[str, Any]:
        layers = data_layers(data, Scales(q, order, label))
        return to_dict(finish(layers, alt.TitleParams(text=""), size))

    key = (q, size, tuple(order), label, to_dict)  # a few dozen: series differ by round, team
    try:
        layout = _LAYOUTS.get(key, lambda: Layout.of({"layer": built()["layer"]}, data.frames))
        dynamic = layout.filled(data.frames)
    except SameRows:  # e.g. no series at all: nothing tells the layers' data apart
        dynamic = built()
    spec = copy.deepcopy(_static_spec(q, size, to_dict))
    spec["layer"] = [*spec["layer"], *dynamic["layer"]]
    spec["datasets"] = {**spec.get("datasets", {}), **dynamic.get("datasets", {})}
    spec["title"] = title_params(data).to_dict(validate=False)
    return spec
