import streamlit as st

st.title("reset_password")
st.info("Diese Seite ist in Arbeit.")
