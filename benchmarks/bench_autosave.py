"""What saving the questionnaire costs the server: per rating (autosave) vs. per step (form).

Issue 14, item 2 asks for answers that are stored as soon as they are given. Without a form,
every click on a rating reruns the questionnaire fragment and writes one transaction; with the
old form, the ratings of a step cost nothing until "Speichern" wrote them all at once. This
benchmark measures both on the real server through the browser's websocket protocol
(``st_client.py``: fragment reruns are real fragment reruns here, unlike in AppTest):

* ``rating``: one rating changed. With autosave that is a fragment rerun plus one write
  transaction; with the form it is nothing on the server (the browser keeps the value), so it
  is not measured there.
* ``note``: the note of a step changed (autosave: committed when the field loses focus).
* ``step``: one whole step answered: every rating and the note. Autosave: one run per widget;
  form: one submit of the form with all values.
* ``jump``: another criterion chosen in the "Kriterium" selector.

Server CPU per operation (user + system time of the server process) is what limits the
number of people one process serves (see ``## Target 3``); latency is the client's wall time
from sending the widget change to ``script_finished``.

    .venv/bin/python benchmarks/bench_autosave.py [--repeat 60]

A demo store is seeded into a temporary SQLite file; the demo initiative logs in with
``?demo=initiative`` (demo mode) and opens its draft. Results go to
``/tmp/mintqo-bench/results/autosave.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, free_port, save_result, seed_env, summary
from st_client import StreamlitSession, Widget, start_server
from streamlit.proto.WidgetStates_pb2 import WidgetState


def _rating_widgets(session: StreamlitSession) -> list[Widget]:
    return [w for w in session.widgets.values() if w.kind == "radio" and len(w.proto.options) == 6]


def _note_widget(session: StreamlitSession) -> Widget:
    return next(w for w in session.widgets.values() if w.kind == "text_area")


def _jump_widget(session: StreamlitSession) -> Widget:
    return next(
        w for w in session.widgets.values() if w.kind == "selectbox" and w.label == "Kriterium"
    )


def _form_submit(session: StreamlitSession, form_id: str) -> Widget | None:
    return next(
        (
            w
            for w in session.widgets.values()
            if w.is_submit and w.form_id == form_id and w.label == "Speichern"
        ),
        None,
    )


_SENT: dict[str, str] = {}  # the value this client last sent per widget (the server has it)


def _changed_value(widget: Widget, rng: random.Random) -> WidgetState:
    """A value different from the widget's current one (an unchanged value runs no callback)."""
    options = list(widget.proto.options)
    default = options[widget.proto.default] if widget.proto.HasField("default") else None
    current = _SENT.get(widget.id, default)
    value = rng.choice([o for o in options if o != current])
    _SENT[widget.id] = value
    return WidgetState(id=widget.id, string_value=value)


async def _measure(server, repeat: int, seed: int) -> dict:
    rng = random.Random(seed)
    session = StreamlitSession(server.url, query_string="demo=initiative")
    await session.connect()
    first = await session.rerun()
    assert first.ok, first
    opened = await session.rerun(page="questionnaire")
    assert opened.ok, opened
    ratings = _rating_widgets(session)
    assert ratings, "no rating widgets on the questionnaire page"
    uses_form = bool(ratings[0].form_id)
    samples: dict[str, list[float]] = {}
    cpu: dict[str, float] = {}

    async def operation(kind: str, interactions) -> None:
        """One user operation: one or more widget interactions, each a run of its own."""
        started = time.perf_counter()
        for states in interactions:
            result = await session.rerun(widget_states=states)
            assert result.ok, (kind, result.status, result.exceptions, result.alerts)
        samples.setdefault(kind, []).append((time.perf_counter() - started) * 1000)

    async def run_kind(kind: str, make_interactions) -> None:
        await operation(kind, make_interactions())  # the first one of a kind is discarded
        samples[kind].clear()
        before = server.cpu_seconds()
        for _ in range(repeat):
            await operation(kind, make_interactions())
        cpu[kind] = (server.cpu_seconds() - before) / repeat * 1000

    counter = {"n": 0}

    def note_state() -> list[WidgetState]:
        counter["n"] += 1
        note = _note_widget(session)
        return [WidgetState(id=note.id, string_value=f"Notiz {counter['n']}")]

    def once(make):
        return lambda: [make()]

    if uses_form:
        form_id = ratings[0].form_id

        def step_states() -> list[WidgetState]:
            states = [_changed_value(w, rng) for w in _rating_widgets(session)]
            states += note_state()
            submit = _form_submit(session, form_id)
            assert submit is not None
            states.append(WidgetState(id=submit.id, trigger_value=True))
            return states

        await run_kind("step", once(step_states))
    else:

        def rating_states() -> list[WidgetState]:
            return [_changed_value(rng.choice(_rating_widgets(session)), rng)]

        def step_sequence():
            for widget_id in [w.id for w in _rating_widgets(session)]:
                yield [_changed_value(session.widgets[widget_id], rng)]
            yield note_state()

        await run_kind("rating", once(rating_states))
        await run_kind("note", once(note_state))
        await run_kind("step", step_sequence)

    def jump_states() -> list[WidgetState]:
        return [_changed_value(_jump_widget(session), rng)]

    await run_kind("jump", once(jump_states))
    await session.close()
    return {
        "mode": "form" if uses_form else "autosave",
        "latency_ms": {k: summary(v) for k, v in samples.items()},
        "server_cpu_ms_per_op": {k: round(v, 1) for k, v in cpu.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mintqo-bench-autosave-"))
    db = tmp / "demo.sqlite3"
    env = seed_env(db)
    env["MINTQO_DEMO"] = "1"
    env["MINTQO_LOGIN_SLEEP"] = "0"
    import subprocess

    subprocess.run([PYTHON, "-m", "mintqo", "seed-demo"], cwd=ROOT, env=env, check=True)
    server = start_server(ROOT, PYTHON, free_port(), env)
    try:
        result = asyncio.run(_measure(server, args.repeat, args.seed))
    finally:
        server.stop()
    result["repeat"] = args.repeat
    path = save_result("autosave", result)
    print(path)
    for kind, stats in result["latency_ms"].items():
        print(
            f"  {kind:7s} latency p50 {stats['median_ms']:6.1f} ms  p95 {stats['p95_ms']:6.1f} ms   "
            f"server CPU {result['server_cpu_ms_per_op'][kind]:6.1f} ms/op"
        )


if __name__ == "__main__":
    os.environ.setdefault("MINTQO_DEMO_PASSWORD", "demo-passwort-2026")
    main()
