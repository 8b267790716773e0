import streamlit as st

from mintqo.ui.guard import require_actor

actor = require_actor("coordinator", "admin")
st.title("network")
st.info("Diese Seite ist in Arbeit.")
