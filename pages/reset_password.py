import streamlit as st

from mintqo.ui.account_settings import render_password_reset

st.title("Passwort zurücksetzen")
render_password_reset()
