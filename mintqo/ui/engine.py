"""The process-wide database engine, created and migrated once per server process."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from mintqo.store.engine import database_url, make_engine
from mintqo.store.migrate import upgrade_to_head


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    upgrade_to_head(engine)
    return engine


def get_engine() -> Engine:
    """Keyed by the URL, so tests that point DATABASE_URL elsewhere get their own engine."""
    return _engine_for(database_url())
