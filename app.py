"""mintqo entry point: page config, login gate, role-dependent navigation. Nothing else."""

import streamlit as st

from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor
from mintqo.ui.navigation import navigation_for

st.set_page_config(page_title="mintqo – Selbstanalyse", page_icon=":material/radar:", layout="wide")
get_engine()
actor = current_actor()
st.navigation(navigation_for(actor)).run()
