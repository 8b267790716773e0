"""Questionnaire step rerun time, measured with AppTest on one reused instance.

A demo store is seeded into a temporary SQLite file; the demo initiative opens its draft on
the questionnaire page. Measured (first run of each kind discarded, wall time of ``at.run()``):

* ``rerun``: a plain rerun of the step page (what every widget interaction outside the form costs);
* ``save``: change a statement, press "Speichern" (one write transaction + rerun);
* ``jump``: jump to another criterion with the stepper (reload of the state + rerun).

    .venv/bin/python benchmarks/bench_questionnaire_rerun.py [--repeat 40]

AppTest runs the script in-process without a browser or websocket, so these numbers are the
server-side script cost only (no gc.collect after runs, no network).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    os.environ.setdefault("MINTQO_DEMO_PASSWORD", "demo-passwort-2026")
    tmp = Path(tempfile.mkdtemp(prefix="mintqo-bench-q-"))
    db = tmp / "demo.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"

    from streamlit.testing.v1 import AppTest

    from mintqo import demo
    from mintqo.questionnaire import load_questionnaire
    from mintqo.store.engine import make_engine
    from mintqo.store.migrate import upgrade_to_head

    engine = make_engine(f"sqlite:///{db}")
    upgrade_to_head(engine)
    demo.seed(engine)
    engine.dispose()
    q = load_questionnaire()

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "demo-initiative"
    at.run()
    at.switch_page("pages/questionnaire.py").run()
    assert not at.exception, at.exception
    jump = next(s for s in at.selectbox if s.key and s.key.startswith("q-jump-"))
    jump_key = jump.key

    def timed(action) -> float:
        start = time.perf_counter()
        action()
        elapsed = (time.perf_counter() - start) * 1000
        assert not at.exception, at.exception
        return elapsed

    def rerun() -> None:
        at.run()

    counter = {"n": 0}

    def save() -> None:
        counter["n"] += 1
        radios = [r for r in at.radio if r.key and r.key.startswith("qa-")]
        radios[0].set_value(1 + counter["n"] % 5)
        next(b for b in at.button if b.label == "Speichern").click().run()

    ids = [c.id for c in q.criteria]

    def jump_step() -> None:
        counter["n"] += 1
        at.selectbox(key=jump_key).set_value(ids[counter["n"] % len(ids)]).run()

    results = {}
    for name, action in (("rerun", rerun), ("save", save), ("jump", jump_step)):
        timed(action)  # first run of each kind discarded
        samples = [timed(action) for _ in range(args.repeat)]
        results[name] = samples
    print(f"questionnaire step, AppTest reused instance, n={args.repeat} per kind (ms):")
    for name, samples in results.items():
        print(
            f"  {name:6s} median {statistics.median(samples):6.1f}   "
            f"p95 {_percentile(samples, 0.95):6.1f}   min {min(samples):6.1f}"
        )


if __name__ == "__main__":
    main()
