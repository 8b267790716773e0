"""A chart's Vega-Lite spec with new data in a layout that Altair built once.

Building a chart with Altair and turning it into a spec costs 40–60 ms for a radar or a box
plot (object copies, schema checks, data clean-up), most of a network's first view on the
server. Where the layout depends only on a few choices (series, criteria order, size) and the
data change, Altair builds the layout once per choice (:class:`Layout`) and later calls only put
their rows in. The rows and their dataset names are made exactly as Altair makes them
(:func:`records`, :func:`dataset_name`), so the spec is the one Altair would give: each chart's
tests compare the two.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pandas as pd

Records = list[dict[str, Any]]
T = TypeVar("T")


def records(frame: pd.DataFrame) -> Records:
    """The rows of ``frame`` as Altair writes them into a spec: plain Python values, ``None``
    for a missing one (for the column types charts use: numbers, text, flags)."""
    plain = frame.astype(object)
    return plain.where(frame.notna(), None).to_dict(orient="records")


def dataset_name(rows: Records) -> str:
    """The name Altair gives a dataset: a hash of its rows."""
    if rows == [{}]:
        return "empty"
    text = json.dumps(rows, sort_keys=True, default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]


class SameRows(ValueError):
    """Two frames hold the same rows: which layer shows which cannot be told from the spec."""


@dataclass(frozen=True)
class Layout:
    """A spec without its datasets, and for every layer that has data of its own, which of the
    frames it shows (``slots``: layer index → frame index; ``None`` for data at the top)."""

    spec: dict[str, Any]
    slots: dict[int | None, int]

    @classmethod
    def of(cls, spec: dict[str, Any], frames: Sequence[pd.DataFrame]) -> Layout:
        """The layout of ``spec`` as built from ``frames`` (each frame's rows must differ)."""
        names = [dataset_name(records(f)) for f in frames]
        if len(set(names)) != len(names):
            raise SameRows("each frame needs rows of its own to find its layer")
        slots: dict[int | None, int] = {}
        if "data" in spec:
            slots[None] = names.index(spec["data"]["name"])
        for n, layer in enumerate(spec.get("layer", [])):
            if "data" in layer:
                slots[n] = names.index(layer["data"]["name"])
        bare = {k: v for k, v in spec.items() if k != "datasets"}
        return cls(bare, slots)

    def filled(self, frames: Sequence[pd.DataFrame]) -> dict[str, Any]:
        """A new spec: this layout with the rows of ``frames`` (in the order of :meth:`of`)."""
        rows = [records(f) for f in frames]
        names = [dataset_name(r) for r in rows]
        spec = copy.deepcopy(self.spec)  # the caller may change its spec (Streamlit patches it)
        for n, slot in self.slots.items():
            (spec if n is None else spec["layer"][n])["data"] = {"name": names[slot]}
        spec["datasets"] = {name: r for name, r in zip(names, rows, strict=True)}
        return spec


class Kept(Generic[T]):
    """At most ``size`` values by key, for the whole process (the oldest goes first); safe to
    use from several sessions' threads at once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[Hashable, T] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept for ``key``, made by ``make()`` (outside the lock) if there is none."""
        with self._lock:
            found = self._values.get(key)
        if found is not None:
            return found
        value = make()
        with self._lock:
            if len(self._values) >= self.size:
                self._values.pop(next(iter(self._values)))
            return self._values.setdefault(key, value)
