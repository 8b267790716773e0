"""mintqo.ui.server_tuning: Nagle off on the server's listening socket and open connections.

The speed effect itself is measured in benchmarks/loadtest.py (latency mode), not here.
"""

from __future__ import annotations

import socket
from types import SimpleNamespace

from mintqo.ui import server_tuning


def _listener() -> socket.socket:
    # Like Streamlit 1.67: created with protocol number 0, so asyncio's own TCP_NODELAY
    # (only for proto == IPPROTO_TCP) never reaches the sockets it accepts.
    sock = socket.socket(socket.AF_INET)
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    return sock


def _nodelay(sock: socket.socket) -> bool:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def _fake_uvicorn_server(listener: socket.socket, open_conn: socket.socket) -> SimpleNamespace:
    """The attributes the fix reads: server.servers[].sockets, server_state.connections."""
    transport = SimpleNamespace(get_extra_info=lambda name: open_conn if name == "socket" else None)
    return SimpleNamespace(
        servers=[SimpleNamespace(sockets=[listener])],
        server_state=SimpleNamespace(connections=[SimpleNamespace(transport=transport)]),
    )


def test_nagle_is_switched_off_for_open_and_later_connections() -> None:
    listener = _listener()
    early_client = socket.create_connection(listener.getsockname())
    early, _ = listener.accept()
    try:
        assert not _nodelay(early)  # the problem: Nagle on by default
        fixed = server_tuning.set_nodelay_on_servers([_fake_uvicorn_server(listener, early)])
        assert fixed == 2
        assert _nodelay(early)  # the connection that was already open
        late_client = socket.create_connection(listener.getsockname())
        late, _ = listener.accept()
        try:
            assert _nodelay(late)  # inherited from the listening socket
        finally:
            late.close()
            late_client.close()
    finally:
        for s in (early, early_client, listener):
            s.close()


def test_non_tcp_sockets_and_missing_attributes_are_ignored() -> None:
    unix_a, unix_b = socket.socketpair(socket.AF_UNIX)
    try:
        assert server_tuning.set_nodelay_on_servers([_fake_uvicorn_server(unix_a, unix_b)]) == 0
        assert server_tuning.set_nodelay_on_servers([SimpleNamespace()]) == 0
    finally:
        unix_a.close()
        unix_b.close()


def test_apply_runs_once_per_process(monkeypatch) -> None:
    calls = []
    monkeypatch.setitem(server_tuning._state, "done", False)
    monkeypatch.setattr(server_tuning, "_uvicorn_servers", lambda: calls.append(1) or [])
    server_tuning.apply(freeze=False)
    server_tuning.apply(freeze=False)
    assert calls == [1]


def test_apply_outside_a_server_changes_nothing(monkeypatch) -> None:
    frozen = []
    monkeypatch.setitem(server_tuning._state, "done", False)
    monkeypatch.setattr(server_tuning, "_uvicorn_servers", lambda: [])
    monkeypatch.setattr(server_tuning, "freeze_gc", lambda: frozen.append(1))
    server_tuning.apply()
    assert frozen == []  # AppTest / pytest: no gc.freeze of the test process


def test_freeze_makes_full_collections_rarer(monkeypatch) -> None:
    import gc

    calls: list[str] = []
    monkeypatch.setattr(server_tuning, "_state", {**server_tuning._state, "frozen": False})
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "set_threshold", lambda *t: calls.append(f"threshold {t}"))
    server_tuning.freeze_gc()
    server_tuning.freeze_gc()  # once per process
    assert calls == ["collect", "freeze", "threshold (700, 10, 100)"]
