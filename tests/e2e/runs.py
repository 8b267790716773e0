"""Waiting for the server's script run in a browser test, by the server's own message.

Why not the DOM: a watch of ``data-test-script-state`` on the app element waits
for a change to "running" and back. The frontend decodes websocket messages asynchronously and
dispatches the ones that are ready together, so for a short run (a quick save, a fragment run)
"session is running" and "session is not running" can reach React in one batch: the attribute
never shows "running", the watcher waits for a change that never comes, and the test times
out now and then (the phone journey's save, about one run in ten). The server's
``script_finished`` message is sent for every run, whatever the browser renders, so this
helper listens to the websocket frames themselves.

    runs = ServerRuns(page)          # before the first page load
    ...
    with runs.finished_after():      # the action inside must start a run
        button.click()
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

_DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
}  # not FINISHED_EARLY_FOR_RERUN: another run follows at once


def run_finished(payload: str | bytes) -> bool:
    """Is this websocket frame the server's message that a script run is over?"""
    if isinstance(payload, str):
        return False
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except Exception:  # not a ForwardMsg: not ours to judge
        return False
    return message.WhichOneof("type") == "script_finished" and message.script_finished in _DONE


class ServerRuns:
    """The app's websocket of a page (the latest one: a reload opens a new one)."""

    def __init__(self, page) -> None:
        self.page = page
        self.socket = None
        page.on("websocket", self._opened)

    def _opened(self, socket) -> None:
        if "_stcore/stream" in socket.url:
            self.socket = socket

    @contextmanager
    def finished_after(self) -> Iterator[None]:
        """The block's action starts a run; wait until the server says a run finished."""
        assert self.socket is not None, "ServerRuns must be created before the page is loaded"
        with self.socket.expect_event("framereceived", predicate=run_finished):
            yield
