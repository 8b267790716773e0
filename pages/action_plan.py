import streamlit as st

from mintqo.ui.guard import require_actor

actor = require_actor("initiative")
st.title("action_plan")
st.info("Diese Seite ist in Arbeit.")
