"""Streamlit's private parts that mintqo uses, gathered in one place (Streamlit 1.67).

None of these is a public API: each may move or change in any Streamlit release. Importing them
only from here means an upgrade breaks in one module, checked by
``tests/test_st_private.py``, instead of in the pages. Where a part can be missing without
harm, a stand-in is provided and :data:`MISSING` names it (the smoke test requires it empty
for the pinned version).

- ``dataframe_util``: Streamlit's own DataFrame → Arrow conversion (chart caches hand finished
  Arrow bytes to the frontend, exactly as ``st.vega_lite_chart`` would).
- ``ALTAIR_GLOBALS_LOCK``: the lock Streamlit holds while it switches Altair's global theme.
- ``patch_null_legend_titles``: the in-place spec patch ``st.vega_lite_chart`` applies.
- ``ScriptControlException``: base of ``st.stop``/``st.rerun``/``st.switch_page``'s signals.
- ``PagesManager`` and ``streamlit_cli_main``: ``python -m mintqo serve`` settles routing for
  ``st.navigation`` before the server starts.
- :func:`uvicorn_servers`: the running uvicorn servers (Streamlit does not expose its socket).
- :func:`script_run_token`: an object that is new for every script run of a session (the
  run's fragment coordinator, made by ``ScriptRunContext.reset``): the login check of a widget
  callback is valid for the page run that follows it in the same script run, never later.
- :func:`own_page`: a session's own copy of an ``st.Page`` made once per process (the copy
  shares the resolved file; ``st.navigation`` and ``Page.run`` write their flags, ``_default``
  and ``_can_be_called``, on the copy only).
- ``file_util``: where Streamlit looks up its static folder (``get_static_dir``); ``serve``
  points it at a copy whose ``index.html`` says ``lang="de"`` (``mintqo.ui.document``).

Not an import, but private as well: the file names of Streamlit's frontend build, which
``mintqo.ui.chunk_preload`` loads ahead (checked by ``tests/test_chunk_preload.py``).
"""

from __future__ import annotations

import copy
import gc
import threading
from typing import Any

from streamlit import dataframe_util, file_util
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.web.cli import main as streamlit_cli_main

MISSING: list[str] = []

try:
    from streamlit.elements.vega_charts import _altair_globals_lock as ALTAIR_GLOBALS_LOCK
except ImportError:  # pragma: no cover - private name moved
    ALTAIR_GLOBALS_LOCK = threading.Lock()
    MISSING.append("_altair_globals_lock")

try:
    from streamlit.elements.vega_charts import (
        _patch_null_legend_titles as patch_null_legend_titles,
    )
except ImportError:  # pragma: no cover - private name moved

    def patch_null_legend_titles(spec: dict[str, Any]) -> None:
        del spec

    MISSING.append("_patch_null_legend_titles")


def uvicorn_servers() -> list[Any]:
    """The running uvicorn servers of this process (one scan of the heap; done once)."""
    try:
        import uvicorn
    except ImportError:
        return []
    return [o for o in gc.get_objects() if isinstance(o, uvicorn.Server)]


def script_run_token() -> object | None:
    """What identifies the current script run (None outside one): the same object for a run's
    widget callbacks and its script, a new one for the next run, compared by identity."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    return getattr(ctx, "parallel_coordinator", None)


def own_page(template: Any) -> Any:
    """A copy of a page object for one session: its attributes are its own (a shallow copy;
    the values are strings, a path and flags)."""
    return copy.copy(template)


__all__ = [
    "ALTAIR_GLOBALS_LOCK",
    "MISSING",
    "PagesManager",
    "ScriptControlException",
    "dataframe_util",
    "file_util",
    "own_page",
    "patch_null_legend_titles",
    "script_run_token",
    "streamlit_cli_main",
    "uvicorn_servers",
]
