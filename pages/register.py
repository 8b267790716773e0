import streamlit as st

from mintqo.ui.account_settings import render_registration

st.title("Registrieren")
render_registration()
