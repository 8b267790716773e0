"""Accounts without e-mail: password policy, lockout, one-time codes, cookie configuration.

Nothing in here imports streamlit. ``mintqo.ui.login`` connects these pieces to
streamlit-authenticator; the store keeps users (bcrypt hashes), login events and codes.
"""
