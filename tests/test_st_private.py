"""Smoke test of mintqo.ui.st_private: Streamlit's private parts are where we expect them."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

from mintqo.ui import st_private

ROOT = Path(__file__).resolve().parents[1]


def test_streamlit_is_the_pinned_version_and_nothing_is_missing() -> None:
    pinned = re.search(
        r"^streamlit==(\S+)$", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M
    )
    assert pinned and importlib.metadata.version("streamlit") == pinned.group(1)
    assert st_private.MISSING == []


def test_private_parts_behave_as_used() -> None:
    import pandas as pd

    table = st_private.dataframe_util.convert_pandas_df_to_arrow_table(
        pd.DataFrame({"a": [1, 2]}), preserve_index=False
    )
    assert table.num_rows == 2
    assert st_private.dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame({"a": [1]}))
    assert hasattr(st_private.ALTAIR_GLOBALS_LOCK, "acquire")
    spec = {"encoding": {"color": {"field": "x", "legend": {"title": None}}}}
    st_private.patch_null_legend_titles(spec)  # runs in place, returns nothing
    assert issubclass(st_private.ScriptControlException, BaseException)
    assert hasattr(st_private.PagesManager, "uses_pages_directory")
    assert callable(st_private.streamlit_cli_main)
    assert st_private.uvicorn_servers() == []  # no server in the test process


def test_a_script_runs_token_is_shared_by_its_callbacks_and_new_for_the_next_run() -> None:
    from streamlit.testing.v1 import AppTest

    def app() -> None:
        import streamlit as st

        from mintqo.ui import st_private

        seen = st.session_state.setdefault("seen", [])
        st.button("x", on_click=lambda: seen.append(st_private.script_run_token()))
        seen.append(st_private.script_run_token())

    at = AppTest.from_function(app)
    at.run()
    at.button[0].click().run()
    first_run, callback, second_run = at.session_state["seen"]
    assert None not in (first_run, callback, second_run)
    assert callback is second_run and first_run is not second_run
    assert st_private.script_run_token() is None  # outside a script run


def test_a_sessions_own_page_keeps_the_template_untouched() -> None:
    """``st.navigation`` and ``Page.run`` write ``_default`` and ``_can_be_called`` on the page
    they choose: on a session's copy, never on the page made for the process."""
    from streamlit.testing.v1 import AppTest

    def app() -> None:
        import streamlit as st

        from mintqo.ui import st_private

        template = st.Page(lambda: st.write("a"), title="A", url_path="a")
        other = st.Page(lambda: st.write("b"), title="B", url_path="b", default=True)
        mine = st_private.own_page(template)
        st.session_state["same"] = (mine.title, mine.url_path, mine._script_hash) == (
            template.title,
            template.url_path,
            template._script_hash,
        )
        chosen = st.navigation([mine, other])
        mine._default = True
        st.session_state["template_untouched"] = (
            template._default is False and template._can_be_called is False
        )
        chosen.run()

    at = AppTest.from_function(app).run()
    assert not at.exception
    assert at.session_state["same"] and at.session_state["template_untouched"]
