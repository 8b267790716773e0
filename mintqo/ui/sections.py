"""Pages in sections: tabs of which only the open one is built and sent.

Streamlit's lazy tabs (``tab.open``) let a page skip the sections nobody looks at, which keeps a
rerun cheap; every page with sections draws them through :func:`draw_open`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any


def draw_open(labels: Sequence[str], tabs: Sequence[Any], drawers: Mapping[str, Callable]) -> None:
    """Draw the open one of ``tabs`` (one per label, in order) with its label's drawer."""
    for label, tab in zip(labels, tabs, strict=True):
        if tab.open:
            with tab:
                drawers[label]()
