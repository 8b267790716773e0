"""Process-level speed fixes for the Streamlit server (measured in ``benchmarks/``).

1. **Nagle off on the websocket.** Streamlit 1.67 serves through uvicorn and binds its listening
   socket itself with ``socket.socket(family)`` (protocol number 0). asyncio only sets
   ``TCP_NODELAY`` on sockets whose ``proto == IPPROTO_TCP``, so every browser connection keeps
   Nagle's algorithm on: a script run sends several small websocket frames, and the second one
   waits for the browser's delayed ACK (≈ 40 ms on Linux) — measured on loopback as a trivial
   rerun of ≈ 45–50 ms instead of ≈ 5 ms. :func:`apply` sets ``TCP_NODELAY`` on uvicorn's
   listening socket (accepted sockets inherit it) and on the connections already open.
2. **gc.freeze() once after start-up** (optional, default on). With ``runner.postScriptGC =
   false`` (our ``.streamlit/config.toml``) Python's own generational collector still runs full
   collections now and then; freezing the objects that exist after the heavy imports (pandas,
   altair, SQLAlchemy: several hundred thousand objects that live for the whole process) takes
   them out of every later collection, which makes those pauses much shorter. Frozen objects
   are never freed; they are module-level objects that would live forever anyway.
3. **Fewer full collections.** Each open session keeps ≈ 650 tracked objects (widget metadata,
   callbacks, coroutines), and each rerun replaces some of them. With the default thresholds
   (700, 10, 10) that churn triggered a full collection every ≈ 2 s in a process serving 100
   users, each holding the GIL 100–140 ms (``benchmarks/serve.py --gc-log``). Allowing 100
   instead of 10 younger collections between two full ones cut them to ≈ 2 per minute; the
   young generations keep their defaults, so their pauses stay short. Cyclic garbage waits a
   little longer for its collection; the 10-minute soak in ``benchmarks/README.md`` shows the
   memory curve.

Call it first thing in ``app.py`` (idempotent and cheap; a no-op under AppTest; if Streamlit's
internals change it simply finds nothing to fix):

    from mintqo.ui import server_tuning
    server_tuning.apply()

Nothing here changes what a page shows; only how fast it reaches the browser.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import socket
import threading
from typing import Any

from mintqo.ui.st_private import uvicorn_servers as _uvicorn_servers

_LOCK = threading.Lock()
_WARM_IMPORTS = ("numpy", "pandas", "altair", "sqlalchemy", "sqlalchemy.orm")
_state: dict[str, Any] = {"done": False, "frozen": False, "nodelay_sockets": 0}
# Young-generation thresholds as CPython's defaults; full collections 10× rarer (point 3).
GC_THRESHOLDS = (700, 10, 100)


def _nodelay(sock: object) -> bool:
    """Set TCP_NODELAY on a TCP socket (or asyncio TransportSocket); False if not applicable."""
    if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # type: ignore[attr-defined]
    except OSError:
        return False
    return True


def set_nodelay_on_servers(servers: list[Any]) -> int:
    """Nagle off on the listening sockets and on every open connection; returns sockets fixed.

    Linux (and the BSDs) copy TCP_NODELAY from a listening socket to every socket it accepts,
    so fixing the listener once covers all later browser connections; connections that are
    already open (the session whose run calls :func:`apply` first) are fixed directly.
    """
    fixed = 0
    for server in servers:
        for listener in getattr(server, "servers", None) or []:
            for sock in getattr(listener, "sockets", None) or ():
                fixed += _nodelay(sock)
        state = getattr(server, "server_state", None)
        for _ in range(3):  # the event loop may change the set while we copy it
            try:
                connections = list(getattr(state, "connections", ()))
                break
            except RuntimeError:
                connections = []
        for protocol in connections:
            transport = getattr(protocol, "transport", None)
            if transport is not None:
                fixed += _nodelay(transport.get_extra_info("socket"))
    return fixed


def freeze_gc() -> None:
    """Once per process: import the heavy libraries, collect, freeze what is left, and make
    full collections rarer (points 2 and 3 above)."""
    if _state["frozen"]:
        return
    for name in _WARM_IMPORTS:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    _state["frozen"] = True


def apply(*, freeze: bool = True) -> None:
    """Apply the fixes above once per process; later calls cost one flag check.

    Only inside a real Streamlit server: under AppTest (no uvicorn server in the process) it
    does nothing, so tests never freeze pytest's heap.
    """
    if _state["done"]:
        return
    with _LOCK:
        if _state["done"]:
            return
        servers = _uvicorn_servers()
        if servers:
            _state["nodelay_sockets"] = set_nodelay_on_servers(servers)
            if freeze:
                freeze_gc()
        _state["done"] = True
