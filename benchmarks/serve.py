"""Start ``streamlit`` with or without mintqo's server tuning applied before the server starts.

    python benchmarks/serve.py [--nodelay] [--freeze] [--nagle-probe] -- run app.py --server.port N …

``--nodelay`` / ``--freeze`` do what ``mintqo.ui.server_tuning.apply()`` does from ``app.py``
(Nagle off on uvicorn's listening socket / gc.freeze() after the heavy imports) from a thread as
soon as the server listens, so the benchmark can compare the variants without editing app.py.
Everything after ``--`` is passed to Streamlit's own command line.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _apply_when_listening(server_tuning, nodelay: bool, freeze: bool) -> None:
    deadline = time.monotonic() + 120
    servers: list = []
    while time.monotonic() < deadline:
        servers = [s for s in server_tuning._uvicorn_servers() if getattr(s, "servers", None)]
        if servers:
            break
        time.sleep(0.5)
    if nodelay:
        fixed = server_tuning.set_nodelay_on_servers(servers)
        print(f"[serve.py] TCP_NODELAY set on {fixed} socket(s)", file=sys.stderr, flush=True)
    if freeze:
        # What app.py has imported by the end of its first run, then freeze.
        import mintqo.store.assessments
        import mintqo.ui.guard  # noqa: F401

        server_tuning.freeze_gc()
        print("[serve.py] gc.freeze() done", file=sys.stderr, flush=True)


def main() -> None:
    args = sys.argv[1:]
    split = args.index("--") if "--" in args else len(args)
    ours, theirs = args[:split], args[split + 1 :]
    sys.path.insert(0, str(ROOT))
    from mintqo.ui import server_tuning

    if "--nodelay" in ours or "--freeze" in ours:
        # What app.py's first run would do: wait until uvicorn listens, then apply.
        threading.Thread(
            target=_apply_when_listening,
            args=(server_tuning, "--nodelay" in ours, "--freeze" in ours),
            daemon=True,
        ).start()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *theirs]
    streamlit_main()


if __name__ == "__main__":
    main()
