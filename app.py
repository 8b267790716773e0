"""mintqo entry point: login gate, role-dependent navigation, page config. Nothing else."""

import streamlit as st

from mintqo.ui import server_tuning
from mintqo.ui.auth_settings import settings_or_stop
from mintqo.ui.demo_mode import render_banner
from mintqo.ui.document import show_title
from mintqo.ui.engine import get_engine
from mintqo.ui.errors import friendly_errors
from mintqo.ui.guard import current_actor, one_lookup_per_run
from mintqo.ui.login import open_gate
from mintqo.ui.navigation import navigation_for, page_name
from mintqo.ui.run_slots import PAGE_RUNS

server_tuning.apply()  # once per process: TCP_NODELAY, gc.freeze (see benchmarks/README.md)
with PAGE_RUNS.slot():  # a few page runs of this process at a time (ui/run_slots.py)
    settings = settings_or_stop()
    render_banner()
    engine = get_engine()
    with one_lookup_per_run():  # gate, navigation and page share one database check of the user
        gate = open_gate(engine, settings)
        actor = current_actor()
        page = st.navigation(navigation_for(actor))
        show_title(page_name(page, actor))
        if actor is None and page.url_path == "":
            # Anonymous start page: the login form sits above it. If the login succeeds in this run,
            # show the user's own pages right away (no second run for the first page).
            actor = gate.render_login_form()
            if actor is not None:
                page = st.navigation(navigation_for(actor))
                show_title(page_name(page, actor))
        with friendly_errors():  # a German message with a reference id; details go to the log
            page.run()
