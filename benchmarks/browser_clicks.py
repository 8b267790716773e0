"""Timing one click in Chromium until the app has settled, measured inside the page.

Why in the page: Playwright's calls and events reach Python only when the driver gets to them,
milliseconds late and unevenly; so every time stamp is taken by the browser itself
(``performance.now()``) and read afterwards.

- **Start**: the last ``pointerdown`` or ``keydown`` of the action (for a drop-down: the click
  on the option, not the one that opened it).
- **Runs**: the server's ``script_finished`` messages, read from the websocket frames as they
  arrive (a few lines of protobuf decoding; the field number and the "done" values come from
  the installed Streamlit). The run-state attribute alone can miss a quick run, see
  ``tests/e2e/runs.py``.
- **Settled**: at least one run finished after the start, the app's run state is "notRunning",
  and for ``QUIET_MS`` neither a websocket message arrived nor did the app's DOM change. The
  time reported is the *last* of: a run finished, the run state turned "notRunning", the DOM
  changed (charts draw after their run) – so a second run (the login cookie's, a callback's
  ``st.rerun``) and the drawing are included, the quiet wait is not. Not counted as a change:
  the hidden copy of a table's cells inside its canvas (for screen readers), which the table
  refreshes ~300 ms after it is drawn.

Also reported per click: ``first`` (the first run finished) and ``runs`` (how many finished).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

QUIET_MS = 400
TIMEOUT_MS = 30_000

_FIELD = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number
_DONE = [
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
]  # not FINISHED_EARLY_FOR_RERUN: another run follows at once

INIT_SCRIPT = """(() => {
  const FIELD = __FIELD__;
  const DONE = new Set(__DONE__);
  const bench = window.__bench = {
    finished: [], states: [], input: 0, lastMessage: 0, lastMutation: 0, messages: 0,
  };
  const varint = (bytes, pos) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[pos++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; }
    while (byte & 0x80 && pos < bytes.length);
    return [value, pos];
  };
  // The value of ForwardMsg.script_finished if this frame is that message, else null.
  const finished = (bytes) => {
    let pos = 0, tag, value;
    while (pos < bytes.length) {
      [tag, pos] = varint(bytes, pos);
      const field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { [value, pos] = varint(bytes, pos); if (field === FIELD) return value; }
      else if (wire === 2) { [value, pos] = varint(bytes, pos); pos += value; }
      else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else return null;
    }
    return null;
  };
  const Original = window.WebSocket;
  window.WebSocket = class extends Original {
    constructor(...args) {
      super(...args);
      if (!String(args[0]).includes("_stcore/stream")) return;
      this.addEventListener("message", (event) => {
        const at = performance.now();
        bench.messages += 1;
        bench.lastMessage = at;
        const check = (buffer) => {
          if (DONE.has(finished(new Uint8Array(buffer)))) bench.finished.push(at);
        };
        if (event.data instanceof ArrayBuffer) check(event.data);
        else if (event.data instanceof Blob) event.data.arrayBuffer().then(check);
      });
    }
  };
  for (const type of ["pointerdown", "keydown"]) {
    window.addEventListener(type, () => { bench.input = performance.now(); }, true);
  }
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return false;
    new MutationObserver(() => {
      bench.states.push([performance.now(), app.getAttribute("data-test-script-state")]);
    }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
    // A table's canvas holds a hidden copy of its cells for screen readers, refreshed ~300 ms
    // after the table is drawn: not something anybody sees, so not part of "drawn".
    const seen = (record) => {
      const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
      return !(node && node.closest("canvas"));
    };
    new MutationObserver((records) => {
      if (records.some(seen)) bench.lastMutation = performance.now();
    }).observe(app, {childList: true, subtree: true, characterData: true, attributes: true});
    return true;
  };
  const waiting = new MutationObserver(() => { if (watch()) waiting.disconnect(); });
  waiting.observe(document, {childList: true, subtree: true});
})();""".replace("__FIELD__", str(_FIELD)).replace("__DONE__", json.dumps(_DONE))

_RESET = "() => { const b = window.__bench; b.finished = []; b.states = []; b.input = 0; }"

_SETTLED = """(quiet) => {
  const b = window.__bench, now = performance.now();
  const app = document.querySelector('[data-testid="stApp"]');
  return b.input > 0 && b.finished.some((t) => t >= b.input) && !!app
    && app.getAttribute("data-test-script-state") === "notRunning"
    && now - b.lastMessage >= quiet && now - b.lastMutation >= quiet;
}"""

_RESULT = """() => {
  const b = window.__bench;
  const runs = b.finished.filter((t) => t >= b.input);
  const idle = b.states.filter(([t, s]) => t >= b.input && s === "notRunning").map(([t]) => t);
  const last = Math.max(...runs, ...idle, b.lastMutation);
  return {first: runs[0] - b.input, settled: last - b.input, runs: runs.length};
}"""


@dataclass(frozen=True)
class Click:
    settled_ms: float  # start → the page settled (runs done, drawn)
    first_ms: float  # start → the first run finished
    runs: int  # runs that finished after the start


def prepare(context) -> None:
    """Install the in-page timing in every page of ``context`` (before any page loads)."""
    context.add_init_script(INIT_SCRIPT)


def timed(page, action: Callable[[], None]) -> Click:
    """Run ``action`` (it must click or type, and start a script run) and wait until the app
    has settled; the times are the browser's own."""
    page.evaluate(_RESET)
    action()
    page.wait_for_function(_SETTLED, arg=QUIET_MS, polling=50, timeout=TIMEOUT_MS)
    result = page.evaluate(_RESULT)
    return Click(round(result["settled"], 1), round(result["first"], 1), result["runs"])


def settle(page) -> None:
    """Wait (untimed) until the app is quiet, e.g. after a page load."""
    page.wait_for_function(
        """(quiet) => {
          const b = window.__bench, now = performance.now();
          const app = document.querySelector('[data-testid="stApp"]');
          return !!app && app.getAttribute("data-test-script-state") === "notRunning"
            && b.finished.length > 0 && now - b.lastMessage >= quiet
            && now - b.lastMutation >= quiet;
        }""",
        arg=QUIET_MS,
        polling=50,
        timeout=TIMEOUT_MS,
    )


def pause(seconds: float = 0.2) -> None:
    """A short gap between clicks, as a person leaves (and so the machine's load is shared)."""
    time.sleep(seconds)
