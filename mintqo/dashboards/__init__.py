"""Dashboard views built from plain rows, with the privacy rules applied. Pure modules.

The use-case layer reads rows from the store and hands them here; what comes back holds only
what the viewer may see. No store, no Streamlit.
"""
