import streamlit as st

from mintqo.ui.guard import require_actor

actor = require_actor("initiative")
st.title("profile")
st.info("Diese Seite ist in Arbeit.")
