"""Specs with new rows in a layout Altair built once (``mintqo.charts.spec_data``); that the
charts built this way equal Altair's own specs is checked per chart (test_radar,
test_charts_dashboards)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from mintqo.charts.spec_data import Kept, Layout, SameRows, dataset_name, records


def _chart(first: pd.DataFrame, second: pd.DataFrame) -> dict:
    return alt.layer(
        alt.Chart(first).mark_point().encode(x="a:Q"),
        alt.Chart(second).mark_line().encode(x="a:Q", y="b:N"),
    ).to_dict(validate=False)


def test_rows_and_names_are_altairs_own() -> None:
    frame = pd.DataFrame({"a": [1.5, None], "b": ["x", None], "c": [True, False], "d": [1, 2]})
    spec = alt.Chart(frame).mark_point().to_dict(validate=False)
    ((name, rows),) = spec["datasets"].items()
    assert records(frame) == rows and dataset_name(records(frame)) == name


def test_a_layout_takes_new_rows_into_the_same_layers() -> None:
    one, two = pd.DataFrame({"a": [1.0]}), pd.DataFrame({"a": [2.0], "b": ["x"]})
    layout = Layout.of(_chart(one, two), [one, two])
    three, four = pd.DataFrame({"a": [3.0, 4.0]}), pd.DataFrame({"a": [5.0], "b": ["y"]})
    assert layout.filled([three, four]) == _chart(three, four)
    mine = layout.filled([three, four])
    mine["layer"][0]["mark"]["type"] = "changed"  # a caller's change stays in its own spec
    assert layout.filled([three, four]) == _chart(three, four)


def test_frames_with_the_same_rows_cannot_be_told_apart() -> None:
    same = pd.DataFrame({"a": [1.0]})
    with pytest.raises(SameRows, match="rows of its own"):
        Layout.of(_chart(same, same.copy()), [same, same.copy()])


def test_kept_makes_each_value_once_and_forgets_the_oldest() -> None:
    made: list[str] = []

    def make(value: str):
        return lambda: made.append(value) or value

    kept: Kept[str] = Kept(2)
    assert [kept.get(k, make(k)) for k in ("a", "b", "a")] == ["a", "b", "a"]
    assert made == ["a", "b"]
    kept.get("c", make("c"))  # "a" goes
    assert kept.get("a", make("a2")) == "a2" and made == ["a", "b", "c", "a2"]
