"""``serve``: run the web app, always in ``st.navigation`` mode.

Streamlit decides per server process, at the first request, whether the app uses the old
``pages/`` folder routing: if the first request is a deep link (``/profile``), it runs that
file directly, without app.py's login gate and role navigation, and lists every file of
``pages/`` in the sidebar until someone opens ``/``. app.py always calls ``st.navigation``, so
we settle the question before the server starts. ``streamlit run app.py`` still works; the
pages' own checks then guard that first request.

It also serves Streamlit's page shell in German (``lang="de"``) with the focus and shortcut
fixes of :mod:`mintqo.ui.document`; ``streamlit run`` serves Streamlit's English shell.
"""

from __future__ import annotations

import argparse
import sys

from mintqo.store.engine import PROJECT_ROOT


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve",
        help="Die Web-App starten (weitere Argumente gehen an 'streamlit run', z. B. --server.port 8502).",
    )
    p.set_defaults(func=serve, passthrough=True)


def serve(args: argparse.Namespace) -> int:
    # Imported here: the other commands should not pay for loading Streamlit.
    from mintqo.ui.document import install_patched_index
    from mintqo.ui.st_private import PagesManager, streamlit_cli_main

    PagesManager.uses_pages_directory = False
    install_patched_index()
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "app.py"), *args.extra]
    return int(streamlit_cli_main(standalone_mode=False) or 0)
