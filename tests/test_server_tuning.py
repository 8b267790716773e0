"""mintqo.ui.server_tuning: Nagle off on a Streamlit session's socket, applied idempotently.

The speed effect itself is measured in benchmarks/loadtest.py (latency mode), not here.
"""

from __future__ import annotations

import socket
from types import SimpleNamespace

from mintqo.ui import server_tuning


def _accepted_pair() -> tuple[socket.socket, socket.socket, socket.socket]:
    # Like Streamlit 1.67: the listening socket is created with protocol number 0, so
    # asyncio's own TCP_NODELAY (only for proto == IPPROTO_TCP) never reaches it.
    listener = socket.socket(socket.AF_INET)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    return listener, client, accepted


def _fake_session_client(sock: socket.socket) -> SimpleNamespace:
    """The object chain the fix walks: client._websocket._send.__self__.transport."""
    transport = SimpleNamespace(get_extra_info=lambda name: sock if name == "socket" else None)

    class Protocol:
        def __init__(self) -> None:
            self.transport = transport

        async def send(self, message: object) -> None:  # pragma: no cover - never called
            pass

    websocket = SimpleNamespace(_send=Protocol().send)
    return SimpleNamespace(_websocket=websocket)


def test_set_nodelay_switches_nagle_off_once() -> None:
    listener, client, accepted = _accepted_pair()
    try:
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        session_client = _fake_session_client(accepted)
        assert server_tuning.set_nodelay(session_client) is True
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        assert server_tuning.set_nodelay(session_client) is True  # idempotent
    finally:
        for s in (accepted, client, listener):
            s.close()


def test_set_nodelay_ignores_objects_without_a_tcp_socket() -> None:
    assert server_tuning.set_nodelay(SimpleNamespace()) is False
    unix_a, unix_b = socket.socketpair(socket.AF_UNIX)
    try:
        assert server_tuning.set_nodelay(_fake_session_client(unix_a)) is False
    finally:
        unix_a.close()
        unix_b.close()


def test_apply_patches_the_session_client_once() -> None:
    from streamlit.web.server.starlette.starlette_websocket import StarletteSessionClient

    server_tuning.apply(freeze=False)
    patched = StarletteSessionClient.__init__
    server_tuning.apply(freeze=False)
    assert StarletteSessionClient.__init__ is patched  # not wrapped twice
    assert getattr(StarletteSessionClient, "_mintqo_nodelay", False) is True
