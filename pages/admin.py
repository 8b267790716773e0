import streamlit as st

from mintqo.ui.admin_audit import render_audit_log
from mintqo.ui.admin_initiatives import render_initiatives
from mintqo.ui.admin_networks import render_network_admin
from mintqo.ui.admin_users import render_user_admin
from mintqo.ui.guard import require_page

actor = require_page("admin")
st.title("Verwaltung")
networks_tab, initiatives_tab, users_tab, audit_tab = st.tabs(
    ["Kohorten & Netzwerke", "Initiativen", "Benutzer", "Protokoll"]
)
with networks_tab:
    render_network_admin(actor)
with initiatives_tab:
    render_initiatives(actor)
with users_tab:
    render_user_admin(actor)
with audit_tab:
    render_audit_log(actor)
