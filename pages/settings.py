import streamlit as st

from mintqo.ui.account_settings import render_account_settings, render_team
from mintqo.ui.consent import render_sharing_consent
from mintqo.ui.data_rights import render_data_rights
from mintqo.ui.guard import require_page

actor = require_page("settings")
st.title("Einstellungen")
render_account_settings(actor)
if actor.role == "initiative":
    render_team(actor)
    render_sharing_consent(actor)
    render_data_rights(actor)
