import streamlit as st

from mintqo.ui.guard import require_actor

actor = require_actor("admin")
st.title("national")
st.info("Diese Seite ist in Arbeit.")
