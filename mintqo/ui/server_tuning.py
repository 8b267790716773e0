"""Process-level speed fixes for the Streamlit server (measured in ``benchmarks/``).

1. **Nagle off on the websocket.** Streamlit 1.67 serves through uvicorn and binds its listening
   socket itself with ``socket.socket(family)`` (protocol number 0). asyncio only sets
   ``TCP_NODELAY`` on sockets whose ``proto == IPPROTO_TCP``, so every browser connection keeps
   Nagle's algorithm on: a script run sends several small websocket frames, and the second one
   waits for the browser's delayed ACK (≈ 40 ms on Linux) — measured on loopback as a trivial
   rerun of ≈ 45–50 ms instead of ≈ 5 ms. :func:`apply` sets ``TCP_NODELAY`` on the socket of
   every Streamlit session (the current one at once, later ones when they connect).
2. **gc.freeze() once after start-up** (optional, default on). With ``runner.postScriptGC =
   false`` (our ``.streamlit/config.toml``) Python's own generational collector still runs full
   collections now and then; freezing the objects that exist after the heavy imports (pandas,
   altair, SQLAlchemy: several hundred thousand objects that live for the whole process) takes
   them out of every later collection, which makes those pauses much shorter. Frozen objects
   are never freed; they are module-level objects that would live forever anyway.

Call it first thing in ``app.py`` (idempotent and cheap; safe if Streamlit's internals change:
then it does nothing and logs nothing):

    from mintqo.ui import server_tuning
    server_tuning.apply()

Nothing here changes what a page shows; only how fast it reaches the browser.
"""

from __future__ import annotations

import gc
import importlib
import socket
import threading
from typing import Any

_LOCK = threading.Lock()
_MARK = "_mintqo_nodelay"
_WARM_IMPORTS = ("numpy", "pandas", "altair", "sqlalchemy", "sqlalchemy.orm")
_state = {"patched": False, "frozen": False}


def _socket_of(websocket: Any) -> socket.socket | None:
    """The TCP socket behind a Starlette WebSocket served by uvicorn (None if not reachable)."""
    protocol = getattr(getattr(websocket, "_send", None), "__self__", None)
    transport = getattr(protocol, "transport", None)
    if transport is None:
        return None
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return None
    return sock


def set_nodelay(client: Any) -> bool:
    """Switch Nagle off for one Streamlit session client; True if it is (now) off."""
    if getattr(client, _MARK, False):
        return True
    sock = _socket_of(getattr(client, "_websocket", None))
    if sock is None:
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        return False
    setattr(client, _MARK, True)
    return True


def _patch_session_client() -> None:
    """Make every future session client switch Nagle off when it is created."""
    try:
        from streamlit.web.server.starlette.starlette_websocket import StarletteSessionClient
    except ImportError:  # another server implementation: nothing to do
        return
    if getattr(StarletteSessionClient, _MARK, False):
        return
    original = StarletteSessionClient.__init__

    def __init__(self: Any, websocket: Any) -> None:
        original(self, websocket)
        set_nodelay(self)

    StarletteSessionClient.__init__ = __init__  # type: ignore[method-assign]
    setattr(StarletteSessionClient, _MARK, True)


def _current_client() -> Any:
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is None or not Runtime.exists():
            return None
        return Runtime.instance().get_client(ctx.session_id)
    except Exception:  # internals moved: the fix is optional
        return None


def freeze_gc() -> None:
    """Once per process: import the heavy libraries, collect, and freeze what is left."""
    if _state["frozen"]:
        return
    for name in _WARM_IMPORTS:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    gc.collect()
    gc.freeze()
    _state["frozen"] = True


def apply(*, freeze: bool = True) -> None:
    """Apply the fixes above; call at the top of every run of ``app.py``."""
    if not _state["patched"] or (freeze and not _state["frozen"]):
        with _LOCK:
            if not _state["patched"]:
                _patch_session_client()
                _state["patched"] = True
            if freeze:
                freeze_gc()
    client = _current_client()
    if client is not None:
        set_nodelay(client)
