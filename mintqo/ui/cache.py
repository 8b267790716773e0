"""The process-wide cache the use cases may keep results in (``mintqo.services.runtime.Cache``).

Results are kept with ``st.cache_resource``: one shared object per key, not a copy per hit
(unpickling frames cost every dashboard rerun several milliseconds). Keys come from the use
cases, after their access checks, and hold the store generation and data versions; the builder
itself is not part of the key. Everything cached is treated as read-only
(``tests/test_cached_objects.py`` checks that views and chart builders never change it).
Keys of superseded data versions are never asked for again and leave by age: 2,048 entries
hold every network's view, release state, pairs and staircase a few versions deep.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from mintqo.ui.engine import store_url

T = TypeVar("T")


@st.cache_resource(show_spinner=False, max_entries=2048)
def _kept(url: str, key: tuple, _build: Callable[[], Any]) -> Any:
    del url, key  # cache key only
    return _build()


def shared(key: tuple, build: Callable[[], T]) -> T:
    """``build()`` once per process for ``key`` (and store)."""
    return _kept(store_url(), key, build)
