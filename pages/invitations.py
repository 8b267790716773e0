import streamlit as st

from mintqo.ui.admin_users import render_invitations
from mintqo.ui.guard import require_page

actor = require_page("invitations")
st.title("Einladungen und Rücksetzcodes")
render_invitations(actor)
