"""Shared fixtures: a migrated store on SQLite, and on PostgreSQL when MINTQO_TEST_DATABASE_URL is set.

PostgreSQL is shared with other runs: every engine gets a schema of its own (search_path),
dropped at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from streamlit import file_util

from mintqo.store.engine import make_engine
from mintqo.store.migrate import upgrade_to_head

PG_URL = os.environ.get("MINTQO_TEST_DATABASE_URL", "").strip()
BACKENDS = (
    ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)] if PG_URL else ["sqlite"]
)


@pytest.fixture(autouse=True)
def _isolate_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the developer's data/mintqo.sqlite3 or real secrets."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("MINTQO_DEMO", raising=False)
    monkeypatch.delenv("MINTQO_PUBLIC_URL", raising=False)
    monkeypatch.setenv("MINTQO_DEMO_PASSWORD", "demo-passwort-2026")
    monkeypatch.setenv("MINTQO_COOKIE_KEY", "test-cookie-key-" + "0" * 32)
    monkeypatch.setenv("MINTQO_LOGIN_SLEEP", "0")  # the authenticator waits 0.7 s otherwise


@contextmanager
def postgres_schema_engine(migrate: bool = True) -> Iterator[Engine]:
    """An engine whose connections live in a fresh PostgreSQL schema, dropped afterwards."""
    schema = f"mintqo_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        if migrate:
            upgrade_to_head(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def sqlite_engine(path: Path, migrate: bool = True) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{path}")
    try:
        if migrate:
            upgrade_to_head(engine)
        yield engine
    finally:
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated SQLite file; copying it is much faster than migrating per test."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    with sqlite_engine(path) as engine, engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def make_store(
    backend: str, tmp_path: Path, migrated_sqlite_template: Path
) -> Iterator[Callable[..., Engine]]:
    """Factory for migrated (or, with migrate=False, empty) engines on the current backend."""
    import shutil

    stack: list = []

    def factory(migrate: bool = True) -> Engine:
        if backend == "postgresql":
            cm = postgres_schema_engine(migrate)
        else:
            path = tmp_path / f"store{len(stack)}.sqlite3"
            if migrate:
                shutil.copyfile(migrated_sqlite_template, path)
            cm = sqlite_engine(path, migrate)
        stack.append(cm)
        return cm.__enter__()

    yield factory
    for cm in reversed(stack):
        cm.__exit__(None, None, None)


@pytest.fixture
def engine(make_store: Callable[..., Engine]) -> Engine:
    """A migrated, empty store on each configured backend."""
    return make_store()


@pytest.fixture
def sqlite_store(tmp_path: Path, migrated_sqlite_template: Path) -> Iterator[Engine]:
    """A migrated SQLite store only (for tests of SQLite behaviour or of pages)."""
    import shutil

    shutil.copyfile(migrated_sqlite_template, tmp_path / "only.sqlite3")
    with sqlite_engine(tmp_path / "only.sqlite3") as engine:
        yield engine


# --- demo data and AppTest -------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
STREAMLIT_JS = Path(file_util.get_static_dir()) / "static" / "js"
"""The installed Streamlit's frontend build (its lazily loaded parts are files here)."""
DEMO_PASSWORD = "demo-passwort-2026"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the default demo data, seeded once per test session."""
    from mintqo import demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    os.environ.setdefault("MINTQO_DEMO_PASSWORD", DEMO_PASSWORD)
    with sqlite_engine(path) as engine:
        demo.seed(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def demo_db(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    """A private copy of the demo store; DATABASE_URL points at it so the app uses it too."""
    import shutil

    path = tmp_path / "demo-copy.sqlite3"
    shutil.copyfile(demo_template, path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    with sqlite_engine(path) as engine:
        yield engine


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    """st.cache_* survive between AppTest instances in one process: start every test clean."""
    yield
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


# Tabs Streamlit binds to the URL: their key (the query parameter), by the page's first section
SECTION_KEYS = {
    "Profil": "ansicht",
    "Folien": "ansicht",
    "Netzwerke": "bereich",
    "Kohorten & Netzwerke": "register",
}
# Tabs a page keeps in the URL with the rest of its place ("Mein Profil"): the parameter and
# each label's value there
PLACE_SECTIONS = (
    (
        "ansicht",
        {
            "Profil": "profil",
            "Entwicklung": "entwicklung",
            "Wirkung und Maßnahmen": "wirkung",
            "Export": "export",
        },
    ),
)


def _place_section(labels: list[str]) -> tuple[str, dict[str, str]] | None:
    return next(((p, v) for p, v in PLACE_SECTIONS if set(labels) <= set(v)), None)


def open_section(at, label: str):
    """Open a section (tab) of a page with sections, e.g. "Beteiligung" on "Mein Netzwerk",
    as a click on its tab does (the tab's state is a query parameter)."""
    labels = [t.label for t in at.tabs]
    place = _place_section(labels)
    if place is not None:
        param, values = place
        at.query_params[param] = values[label]
    else:
        at.session_state[SECTION_KEYS[labels[0]]] = label
    return at.run()


def show_data_tables(at):
    """Open every "Daten anzeigen" expander of the page, as a click on each does (the table
    below a chart is drawn only while its expander is open), and rerun."""
    from mintqo.ui.charts import data_key

    closed = [k for k in at.session_state if k.startswith(data_key("")) and not at.session_state[k]]
    for key in closed:
        at.session_state[key] = True
    return at.run() if closed else at


def each_section(at):
    """The page with each of its sections open in turn: everything it can show, one tab at a
    time (a page without sections is yielded once, as it is)."""
    labels = [t.label for t in at.tabs]
    if not labels or (labels[0] not in SECTION_KEYS and _place_section(labels) is None):
        yield at  # no sections (or plain tabs, all drawn)
        return
    for label in labels:
        yield open_section(at, label)


def walk_tree(node) -> Iterator:
    """An AppTest's elements and blocks from ``node`` down, in document order (depth first)."""
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for key in sorted(children):
            yield from walk_tree(children[key])


def app_test(username: str | None = None, timeout: float = 30):
    """An AppTest of app.py, logged in as ``username`` (session seeded, login form skipped)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if username is not None:
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
        at.session_state["name"] = username
    return at
