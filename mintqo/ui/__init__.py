"""The only Streamlit-aware helpers; pages import these, never sqlalchemy."""
