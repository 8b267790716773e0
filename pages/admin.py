import streamlit as st

from mintqo.ui.admin_audit import render_audit_log
from mintqo.ui.admin_initiatives import render_initiatives
from mintqo.ui.admin_networks import render_network_admin
from mintqo.ui.admin_users import render_user_admin
from mintqo.ui.guard import require_page
from mintqo.ui.sections import draw_open

SECTIONS = ("Kohorten & Netzwerke", "Initiativen", "Benutzer", "Protokoll")

actor = require_page("admin")
st.title("Verwaltung")
tabs = st.tabs(SECTIONS, key="register", bind="query-params", on_change="rerun")
draw_open(
    SECTIONS,
    tabs,
    {
        "Kohorten & Netzwerke": lambda: render_network_admin(actor),
        "Initiativen": lambda: render_initiatives(actor),
        "Benutzer": lambda: render_user_admin(actor),
        "Protokoll": lambda: render_audit_log(actor),
    },
)
