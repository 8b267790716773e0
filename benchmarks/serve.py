"""Start ``streamlit`` with or without mintqo's server tuning applied before the server starts.

    python benchmarks/serve.py [--nodelay] [--freeze] [--nagle-probe] -- run app.py --server.port N …

``--nodelay`` / ``--freeze`` do in advance what ``mintqo.ui.server_tuning.apply()`` does from
``app.py`` (switch Nagle off on every session socket / gc.freeze() after the heavy imports), so
the benchmark can compare the variants without editing app.py. Everything after ``--`` is
passed to Streamlit's own command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    args = sys.argv[1:]
    split = args.index("--") if "--" in args else len(args)
    ours, theirs = args[:split], args[split + 1 :]
    sys.path.insert(0, str(ROOT))
    from mintqo.ui import server_tuning

    if "--nodelay" in ours:
        server_tuning._patch_session_client()
        server_tuning._state["patched"] = True
    if "--freeze" in ours:
        # What app.py has imported by the end of its first run, then freeze.
        import mintqo.store.assessments
        import mintqo.ui.guard  # noqa: F401

        server_tuning.freeze_gc()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *theirs]
    streamlit_main()


if __name__ == "__main__":
    main()
