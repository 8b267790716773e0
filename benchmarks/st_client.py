"""A minimal Streamlit client speaking the browser's own websocket protocol (for load tests).

What a browser tab does, reduced to what costs the server time:

* open ``ws://host:port/_stcore/stream`` with subprotocol ``streamlit``;
* send ``BackMsg.rerun_script`` with a ``ClientState`` (query string, page script hash, widget
  states) — on connect, on every widget interaction and on every page switch;
* receive ``ForwardMsg``s until ``script_finished``.

The client remembers the pages offered by ``st.navigation`` (``ForwardMsg.navigation``), the
query string the app sets (``page_info_changed``) and every widget of the last run (from the
``delta`` elements), so a script can "click": change widget values inside a form and trigger
its submit button, as the frontend's WidgetStateManager would.

Not simulated: the browser's own rendering, static files, and custom components (an iframe
component that reports a value triggers one more rerun in a real browser; the app's pages draw
none since 2 Dec 2026, when the login cookie's component gave way to a script).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

WIDGET_TYPES = (
    "radio",
    "selectbox",
    "button_group",
    "slider",
    "checkbox",
    "text_area",
    "text_input",
    "button",
    "number_input",
    "multiselect",
)


@dataclass
class Widget:
    id: str
    kind: str
    label: str
    form_id: str
    proto: Any
    fragment_id: str = ""  # set when the widget was drawn by an @st.fragment

    @property
    def is_submit(self) -> bool:
        return self.kind == "button" and bool(self.proto.is_form_submitter)


@dataclass
class RunResult:
    """One script run as the client saw it."""

    elapsed_ms: float
    status: str  # "ok", "compile_error", "timeout", "closed"
    messages: int = 0
    bytes: int = 0
    exceptions: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok" and not self.exceptions


class StreamlitSession:
    """One simulated browser tab."""

    def __init__(self, base_url: str, query_string: str = "", timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.query_string = query_string
        self.timeout = timeout
        self.page_script_hash = ""
        self.page_name = ""
        self.pages: dict[str, Any] = {}  # url_pathname / page name → AppPage
        self.widgets: dict[str, Widget] = {}
        self._fragment_run = ""  # fragment id of the rerun in flight ("" = the whole app)
        self._ws: Any = None

    async def connect(self) -> None:
        ws_url = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        self._ws = await websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            max_size=None,
            compression=None,
            open_timeout=self.timeout,
            ping_interval=None,
        )

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    # -- navigation and widgets ---------------------------------------------------------------

    def page_hash(self, path_or_title: str) -> str | None:
        """The script hash of a page, by url path (``questionnaire``), file stem or title."""
        key = path_or_title.removeprefix("pages/").removesuffix(".py")
        page = self.pages.get(key)
        return page.page_script_hash if page is not None else None

    # -- running ---------------------------------------------------------------------------

    async def rerun(
        self,
        *,
        page: str | None = None,
        widget_states: list[WidgetState] | None = None,
    ) -> RunResult:
        """Send one rerun (optionally switching page) and wait for ``script_finished``."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        if page is not None:
            target = self.pages.get(page.removeprefix("pages/").removesuffix(".py"))
            if target is None:
                raise KeyError(f"page {page!r} not offered; known: {sorted(self.pages)}")
            self.page_script_hash = target.page_script_hash
            self.page_name = target.url_pathname
        cs.page_script_hash = self.page_script_hash
        cs.page_name = self.page_name
        cs.context_info.timezone = "Europe/Berlin"
        cs.context_info.timezone_offset = -60
        cs.context_info.locale = "de-DE"
        cs.context_info.url = f"{self.base_url}/{self.page_name}"
        if widget_states:
            cs.widget_states.widgets.extend(widget_states)
            # As the frontend does: a widget drawn inside a fragment reruns only that fragment.
            fragments = {
                self.widgets[w.id].fragment_id for w in widget_states if w.id in self.widgets
            }
            if len(fragments) == 1 and (fragment := fragments.pop()):
                cs.fragment_id = fragment
        self._fragment_run = cs.fragment_id
        started = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        return await self._receive_run(started)

    async def _receive_run(self, started: float) -> RunResult:
        result = RunResult(elapsed_ms=0.0, status="timeout")
        deadline = started + self.timeout
        seen_start = False
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            try:
                data = await asyncio.wait_for(self._ws.recv(), remaining)
            except TimeoutError:
                break
            except websockets.ConnectionClosed:
                result.status = "closed"
                break
            result.messages += 1
            result.bytes += len(data)
            fmsg = ForwardMsg()
            fmsg.ParseFromString(data)
            kind = fmsg.WhichOneof("type")
            if kind == "new_session":
                seen_start = True
                # A fragment run redraws only that fragment's widgets; a full run all of them
                # (an st.rerun(scope="app") from a fragment sends a second new_session).
                fragment, self._fragment_run = self._fragment_run, ""
                self.widgets = {
                    k: w for k, w in self.widgets.items() if fragment and w.fragment_id != fragment
                }
                result.exceptions.clear()
                result.alerts.clear()
                result.texts.clear()
                if fmsg.new_session.page_script_hash:
                    self.page_script_hash = fmsg.new_session.page_script_hash
            elif kind == "navigation":
                self.pages = {}
                for p in fmsg.navigation.app_pages:
                    for key in (p.url_pathname, p.page_name):
                        if key:
                            self.pages[key] = p
                if fmsg.navigation.page_script_hash:
                    self.page_script_hash = fmsg.navigation.page_script_hash
                    for p in fmsg.navigation.app_pages:
                        if p.page_script_hash == self.page_script_hash:
                            self.page_name = p.url_pathname
            elif kind == "page_info_changed":
                self.query_string = fmsg.page_info_changed.query_string
            elif kind == "delta" and seen_start:
                self._collect(fmsg, result)
            elif kind == "script_finished" and seen_start:
                status = fmsg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    seen_start = False  # a new run follows (st.rerun or a newer rerun request)
                    continue
                result.status = (
                    "compile_error" if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR else "ok"
                )
                break
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def _collect(self, fmsg: ForwardMsg, result: RunResult) -> None:
        delta = fmsg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            result.exceptions.append(f"{el.exception.type}: {el.exception.message}")
        elif kind == "alert":
            result.alerts.append(el.alert.body)
        elif kind in ("text", "markdown", "heading"):
            result.texts.append(getattr(el, kind).body)
        elif kind in WIDGET_TYPES:
            proto = getattr(el, kind)
            widget_id = getattr(proto, "id", "")
            if widget_id:
                self.widgets[widget_id] = Widget(
                    widget_id,
                    kind,
                    getattr(proto, "label", ""),
                    proto.form_id,
                    proto,
                    delta.fragment_id,
                )


# -- widget values -----------------------------------------------------------------------------


def rating_widgets(session: StreamlitSession) -> list[Widget]:
    """The rating radios of the questionnaire step shown (1–5 and "nicht zutreffend")."""
    return [w for w in session.widgets.values() if w.kind == "radio" and len(w.proto.options) == 6]


_SENT: dict[str, str] = {}  # per widget id: the value a client last sent (the server has it)


def change_rating(session: StreamlitSession, rng: random.Random) -> list[WidgetState] | None:
    """A new value for one rating of the questionnaire step shown (it saves on change, as a
    click on a rating does); None if no rating is shown. The value differs from the current one:
    an unchanged value would run no callback."""
    ratings = rating_widgets(session)
    if not ratings:
        return None
    widget = rng.choice(ratings)
    options = list(widget.proto.options)
    default = options[widget.proto.default] if widget.proto.HasField("default") else None
    current = _SENT.get(widget.id, default)
    value = rng.choice([o for o in options if o != current])
    _SENT[widget.id] = value
    return [WidgetState(id=widget.id, string_value=value)]


def choose_option(session: StreamlitSession, label: str, contains: str) -> list[WidgetState] | None:
    """Widget state that selects the first option containing ``contains`` in the selectbox
    ``label`` (e.g. the draft project in "Projekt"); None if there is no such widget/option."""
    for w in session.widgets.values():
        if w.kind == "selectbox" and w.label == label:
            hits = [o for o in w.proto.options if contains in o]
            return [WidgetState(id=w.id, string_value=hits[0])] if hits else None
    return None


# -- the server under test ----------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_mb(self) -> float:
        """Resident memory of the server process (MB)."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def cpu_seconds(self) -> float:
        """User + system CPU time the server has used so far."""
        user, system = self.cpu_split()
        return user + system

    def cpu_split(self) -> tuple[float, float]:
        """User and system CPU time the server has used so far (seconds)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            tick = os.sysconf("SC_CLK_TCK")
            return int(fields[11]) / tick, int(fields[12]) / tick
        except OSError:
            return float("nan"), float("nan")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def start_server(
    root: Path,
    python: str,
    port: int,
    env: dict[str, str],
    extra_args: list[str] | None = None,
    launcher: list[str] | None = None,
    log_path: Path | None = None,
    ready_timeout: float = 60.0,
) -> Server:
    """Start ``streamlit run app.py`` on 127.0.0.1:port in its own process group; wait for health.

    ``launcher`` replaces ``[python, -m, streamlit]`` (e.g. a wrapper script that patches
    something before handing over to Streamlit's CLI).
    """
    assert port != 8501, "never the default port"
    cmd = [*(launcher or [python, "-m", "streamlit"]), "run", "app.py"]
    cmd += [
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *(extra_args or []),
    ]
    log_path = log_path or Path(f"/tmp/mintqo-bench/server-{port}.log")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(
        cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    server = Server(process, port, log_path)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early; see {log_path}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"server not healthy after {ready_timeout} s; see {log_path}")
