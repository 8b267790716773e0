import streamlit as st

st.title("register")
st.info("Diese Seite ist in Arbeit.")
