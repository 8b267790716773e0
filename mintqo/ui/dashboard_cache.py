"""Cached dashboard data, keyed by ids and data versions (never by hashing DataFrames).

A submission bumps the data versions of its network and of ``global``; the next run reads the
new version numbers (two tiny queries) and so misses the cache exactly when the data changed.
The results are kept with ``st.cache_resource``: one shared object per key, not a copy per hit
(unpickling the frames cost every dashboard rerun several milliseconds). Views and chart
builders therefore treat them as read-only; ``tests/test_cached_objects.py`` checks that.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo.store import aggregates, versions
from mintqo.store.aggregates import NationalOverview, NetworkDashboard
from mintqo.store.engine import database_url
from mintqo.ui.engine import get_engine


@st.cache_resource(show_spinner=False, max_entries=4)
def _stats(url: str, global_version: int) -> pd.DataFrame:
    """All networks × criteria (n, sum): shared by every network view and the national one."""
    del url, global_version  # cache key only
    return aggregates.network_criterion_stats(get_engine())


@st.cache_resource(show_spinner=False, max_entries=256)
def _network_dashboard(
    url: str,
    network_id: int,
    named: tuple[int, ...],
    named_are_known: bool,
    network_version: int,
    global_version: int,
) -> NetworkDashboard:
    del network_version  # cache key only
    return aggregates.network_dashboard(
        get_engine(),
        network_id,
        frozenset(named),
        named_are_known,
        stats=_stats(url, global_version),
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def _national_overview(url: str, global_version: int) -> NationalOverview:
    return aggregates.national_overview(get_engine(), stats=_stats(url, global_version))


def data_versions(network_id: int | None = None) -> tuple[int, int]:
    engine = get_engine()
    net = versions.current(engine, versions.network_scope(network_id)) if network_id else 0
    return net, versions.current(engine, versions.GLOBAL)


def network_dashboard(
    network_id: int, named: frozenset[int], named_are_known: bool
) -> NetworkDashboard:
    net_version, global_version = data_versions(network_id)
    return _network_dashboard(
        database_url(),
        network_id,
        tuple(sorted(named)),
        named_are_known,
        net_version,
        global_version,
    )


def national_overview() -> NationalOverview:
    return _national_overview(database_url(), data_versions()[1])
