"""Where the radar's points lie: spokes, one closed polygon per series, rings and the band.

Vega-Lite has no radar mark, so the geometry is plain data: spoke ``k`` of ``n`` points at angle
``2πk/n`` clockwise from the top, a score ``s`` lies at radius ``s/100``. A criterion without a
score is placed at the centre, so every polygon stays closed. Kept apart from the Altair layers
because the workshop slides (:mod:`mintqo.charts.slides`) draw their own marks on the same points.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from mintqo.questionnaire import Questionnaire, load_questionnaire

RINGS = (25, 50, 75, 100)


def questionnaire_or_default(questionnaire: Questionnaire | None) -> Questionnaire:
    """``questionnaire``, or the current one when none is given."""
    return questionnaire if questionnaire is not None else load_questionnaire()


def spokes(questionnaire: Questionnaire | None = None) -> pd.DataFrame:
    """One row per criterion in questionnaire order (area by area) with its angle in radians."""
    return _spokes(questionnaire_or_default(questionnaire)).copy()


@functools.lru_cache(maxsize=8)
def _spokes(q: Questionnaire) -> pd.DataFrame:
    n = len(q.criteria)
    rows = []
    for k, c in enumerate(q.criteria):
        angle = 2 * math.pi * k / n
        rows.append(
            {
                "order": k,
                "criterion_id": c.id,
                "criterion": c.name,
                "area_id": c.area_id,
                "area": q.area_by_id[c.area_id].name,
                "angle": angle,
                "x": math.sin(angle),
                "y": math.cos(angle),
            }
        )
    return pd.DataFrame(rows)


def radar_points(
    scores: Mapping[str, float | None] | pd.Series,
    questionnaire: Questionnaire | None = None,
) -> pd.DataFrame:
    """Closed polygon of one series: a row per criterion plus the first one repeated at the end.

    Columns: ``order`` (0…n, n = the closing point), ``criterion_id``, ``criterion``, ``area_id``,
    ``area``, ``score`` (NaN = no score), ``has_score``, ``angle`` (radians clockwise from the
    top), ``radius`` (score/100, 0 without score), ``x``, ``y``.
    """
    base = _spokes(questionnaire_or_default(questionnaire))
    given = scores.to_dict() if isinstance(scores, pd.Series) else scores
    score = np.array([_number(given.get(cid)) for cid in base["criterion_id"]], dtype=float)
    has_score = ~np.isnan(score)
    radius = np.where(has_score, np.clip(score, 0, 100) / 100, 0.0)
    closed = [*range(len(base)), 0]
    frame = base.iloc[closed].reset_index(drop=True)
    frame["order"] = range(len(closed))
    frame["score"] = score[closed]
    frame["has_score"] = has_score[closed]
    frame["radius"] = radius[closed]
    frame["x"] = frame["radius"] * np.sin(frame["angle"])
    frame["y"] = frame["radius"] * np.cos(frame["angle"])
    return frame


def _number(value: object) -> float:
    if value is None:
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def ring_frame(questionnaire: Questionnaire) -> pd.DataFrame:
    """The rings at 25, 50, 75 and 100 as closed polygons (columns ``ring``, ``order``, x, y)."""
    parts = []
    for ring in RINGS:
        pts = radar_points({c.id: float(ring) for c in questionnaire.criteria}, questionnaire)
        pts["ring"] = ring
        parts.append(pts[["ring", "order", "x", "y"]])
    return pd.concat(parts, ignore_index=True)


def band_frame(band: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Outer polygon clockwise, then the inner one counter-clockwise: a ring with a hole."""
    by_id = band.set_index("criterion_id")
    outer = radar_points(by_id["high"], questionnaire)
    inner = radar_points(by_id["low"], questionnaire).iloc[::-1]
    ring = pd.concat([outer, inner], ignore_index=True)
    ring["order"] = range(len(ring))
    return ring[["order", "x", "y"]]


def series_order(profiles: pd.DataFrame) -> list[str]:
    """The series of ``profiles`` in order of first appearance (the first is the main one)."""
    return list(dict.fromkeys(profiles["series"].astype(str)))
