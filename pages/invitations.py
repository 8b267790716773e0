import streamlit as st

from mintqo.ui.guard import require_page
from mintqo.ui.invitations_view import render_invitations

actor = require_page("invitations")
st.title("Einladungen und Rücksetzcodes")
render_invitations(actor)
