"""The process-wide database engine, created and migrated once per server process."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from mintqo.services.runtime import configured_url, open_store


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return open_store(url)


def get_engine() -> Engine:
    """Keyed by the URL, so tests that point DATABASE_URL elsewhere get their own engine."""
    return _engine_for(configured_url())


def store_url() -> str:
    """The configured store's URL: part of every process-wide cache key."""
    return configured_url()
