"""Distribution of initiatives' scores per criterion: horizontal box plots (quartiles, min–max).

Built from the quartiles themselves (rule, box and median tick) rather than Vega-Lite's
composite box plot, whose tooltips are English ("Upper Whisker") and whose quartiles could
differ from the ones in the table next to it. Criteria are rows with their full names, so the
chart fits a phone as well as a projector.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from mintqo.charts.sentences import name_value
from mintqo.charts.spec_data import Kept, Layout
from mintqo.charts.theme import FIT_WIDTH, area_scale, label_expr, questionnaire_areas, themed
from mintqo.formats import score

EXPLANATION = (
    "So lesen Sie die Kästen: Der Kasten reicht vom unteren bis zum oberen Quartil (die "
    "mittlere Hälfte der Initiativen), der helle Strich darin ist der Median, die Linie reicht "
    "vom niedrigsten bis zum höchsten Wert."
)

STAT_COLUMNS = ["Kriterium", "area", "Bereich", "n", "min", "q1", "median", "q3", "max"]


def box_stats(frame: pd.DataFrame, criteria_order: list[str] | None = None) -> pd.DataFrame:
    """Per criterion: n, min, quartiles (linear, as the dashboard's table) and max."""
    names = dict(questionnaire_areas())
    order = criteria_order or list(dict.fromkeys(frame["Kriterium"]))
    rows = []
    for name in order:
        part = frame[frame["Kriterium"] == name]
        values = part["score"].dropna().to_numpy(dtype=float)
        if not len(values):
            continue
        q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
        area = str(part["area"].iloc[0])
        rows.append(
            {
                "Kriterium": name,
                "area": area,
                "Bereich": names.get(area, area),
                "n": len(values),
                "min": float(values.min()),
                "q1": float(q1),
                "median": float(median),
                "q3": float(q3),
                "max": float(values.max()),
            }
        )
    return pd.DataFrame(rows, columns=STAT_COLUMNS)


def distribution_chart(
    frame: pd.DataFrame,
    *,
    criteria_order: list[str] | None = None,
    height: int = 360,
    font_size: int = 12,
) -> alt.LayerChart:
    """``frame`` columns: ``Kriterium``, ``area``, ``score`` (one row per initiative's value).

    ``height`` is the plot's height (all criteria); the width follows the container.
    """
    return _chart(_shown_stats(frame, criteria_order), height, font_size)


def distribution_spec(
    frame: pd.DataFrame,
    *,
    criteria_order: list[str] | None = None,
    to_dict: Callable[[alt.TopLevelMixin], dict[str, Any]],
) -> dict[str, Any]:
    """The spec of :func:`distribution_chart` (default size), built faster: the layout depends
    only on the criteria shown; it is made once per such list and later calls put their rows in
    (:mod:`mintqo.charts.spec_data`; ``tests/test_charts_dashboards.py`` checks both ways give
    the same spec)."""
    stats = _shown_stats(frame, criteria_order)
    layout = _LAYOUTS.get(
        (tuple(stats["Kriterium"]), to_dict),
        lambda: Layout.of(
            to_dict(distribution_chart(frame, criteria_order=criteria_order)), [stats]
        ),
    )
    return layout.filled([stats])


_LAYOUTS: Kept[Layout] = Kept(32)


def _shown_stats(frame: pd.DataFrame, criteria_order: list[str] | None) -> pd.DataFrame:
    stats = box_stats(frame, criteria_order)
    for column in ("min", "q1", "median", "q3", "max"):
        stats[f"{column}_text"] = stats[column].map(score)
    return stats


def _chart(stats: pd.DataFrame, height: int, font_size: int) -> alt.LayerChart:
    order = list(stats["Kriterium"])
    areas = questionnaire_areas()
    y = alt.Y(
        "Kriterium:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelExpr=label_expr(order),
            labelLimit=0,
            labelFontSize=font_size,
            labelLineHeight=font_size + 2,
            ticks=False,
            domain=False,
        ),
    )
    x_scale = alt.Scale(domain=[0, 100])
    tooltip = [
        alt.Tooltip("Kriterium:N"),
        alt.Tooltip("Bereich:N"),
        alt.Tooltip("n:Q", title="Initiativen", format="d"),
        alt.Tooltip("min_text:N", title="Niedrigster Wert"),
        alt.Tooltip("q1_text:N", title="Unteres Quartil"),
        alt.Tooltip("median_text:N", title="Median"),
        alt.Tooltip("q3_text:N", title="Oberes Quartil"),
        alt.Tooltip("max_text:N", title="Höchster Wert"),
    ]
    colour = alt.Color(
        "Bereich:N",
        scale=area_scale(areas),
        legend=alt.Legend(title="Bereich", orient="bottom", direction="vertical"),
    )
    base = alt.Chart(stats).encode(y=y, tooltip=tooltip)
    whisker = base.mark_rule(strokeWidth=2).encode(
        x=alt.X(
            "min:Q",
            scale=x_scale,
            title="Wert (0–100)",
            axis=alt.Axis(
                values=[0, 25, 50, 75, 100],
                labelFontSize=font_size,
                titleFontSize=font_size,
                grid=True,
            ),
        ),
        x2=alt.X2("max:Q"),
        color=colour,
    )
    box = base.mark_bar(size={"expr": "bandwidth('y') * 0.6"}).encode(
        x=alt.X("q1:Q", scale=x_scale), x2=alt.X2("q3:Q"), color=colour
    )
    median = base.mark_tick(
        color="white", thickness=3, size={"expr": "bandwidth('y') * 0.6"}
    ).encode(x=alt.X("median:Q", scale=x_scale))
    return themed(alt.layer(whisker, box, median).properties(height=height, autosize=FIT_WIDTH))


def distribution_sentence(frame: pd.DataFrame, criteria_order: list[str] | None = None) -> str:
    """The highest and lowest median and the widest and narrowest middle half, in words."""
    stats = box_stats(frame, criteria_order)
    if stats.empty:
        return "Es gibt noch keine Werte für eine Verteilung."
    spread = stats["q3"] - stats["q1"]
    top, low = stats.loc[stats["median"].idxmax()], stats.loc[stats["median"].idxmin()]
    wide, narrow = stats.loc[spread.idxmax()], stats.loc[spread.idxmin()]
    return (
        f"Verteilung der Werte von {int(stats['n'].max())} Initiativen je Kriterium. "
        f"Höchster Median: {name_value(top['Kriterium'], top['median'])}; "
        f"niedrigster: {name_value(low['Kriterium'], low['median'])}. "
        f"Am weitesten auseinander liegt die mittlere Hälfte bei {wide['Kriterium']} "
        f"({score(wide['q1'])} bis {score(wide['q3'])}), am engsten bei {narrow['Kriterium']} "
        f"({score(narrow['q1'])} bis {score(narrow['q3'])})."
    )
