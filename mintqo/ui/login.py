"""The login gate: streamlit-authenticator wired to our users, lockout, demo mode and logout.

Rules this module keeps (see /work/shared/streamlit-notes.md): one ``Authenticate`` per run;
no ``st.rerun()`` in the run in which a login succeeds or a logout happens (the cookie is set
and deleted by a browser component that must reach the browser); disabled accounts are refused
on every run, whatever cookie they bring.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

import streamlit as st
import streamlit_authenticator as stauth
from sqlalchemy import Engine

from mintqo.access import Actor
from mintqo.auth import clock
from mintqo.auth.config import AuthConfigError, AuthSettings, load_settings
from mintqo.auth.credentials import UserDirectory
from mintqo.auth.lockout import LOCKED_MESSAGE
from mintqo.store.login_events import record_login
from mintqo.store.users import ROLE_LABELS, actor_for
from mintqo.text import escape_markdown
from mintqo.ui import demo_mode
from mintqo.ui.guard import actor_named

FIELDS = {
    "Form name": "Anmelden",
    "Username": "Benutzername",
    "Password": "Passwort",
    "Login": "Anmelden",
    "Captcha": "Sicherheitsabfrage",
}
LOGOUT_LABEL = "Abmelden"
LOGIN_FAILED = "Benutzername oder Passwort ist nicht richtig."
LOGGED_OUT = "Sie wurden abgemeldet. Auf Wiedersehen!"
ACCOUNT_DISABLED = (
    "Dieses Benutzerkonto ist deaktiviert. Bitte wenden Sie sich an Ihre "
    "Netzwerkkoordination oder an das Programmteam."
)
DEMO_USER_MISSING = (
    "Den Demo-Zugang gibt es in dieser Datenbank nicht (Demodaten mit "
    "„python -m mintqo seed-demo“ anlegen)."
)
FORGOT_HINT = (
    "Passwort vergessen? Ihre Netzwerkkoordination (oder das Programmteam) gibt Ihnen einen "
    "Rücksetzcode; damit setzen Sie unter „Passwort zurücksetzen“ ein neues Passwort."
)
LOGIN_AREA_KEY = "mintqo-login"
# "set" or "delete": a cookie change the browser has not confirmed yet (see _settle_cookie).
COOKIE_PENDING = "_mintqo_cookie_pending"
# (kind, text): a logout confirmation or refusal that stays above the login form until the next
# login attempt (the runs that settle the cookie would otherwise wipe it at once).
NOTICE = "_mintqo_login_notice"


def settings_or_stop() -> AuthSettings:
    """The cookie settings; stops the app with a German explanation if they are missing/wrong."""
    secret = None
    if not os.environ.get("MINTQO_COOKIE_KEY", "").strip():
        try:
            secret = st.secrets.get("cookie_key")
        except Exception:  # no secrets.toml at all: fine, the env variable is the other way
            secret = None
    try:
        return load_settings(secret_cookie_key=secret if isinstance(secret, str) else None)
    except AuthConfigError as exc:
        st.error(str(exc), icon=":material/key_off:")
        st.stop()
        raise  # unreachable, st.stop() raises


@dataclass
class LoginGate:
    engine: Engine
    authenticator: stauth.Authenticate
    directory: UserDirectory

    def render_login_form(self) -> Actor | None:
        """The login form (start page of anonymous users). Returns the actor if the login
        succeeded in this very run; the form is then hidden by CSS, never by a rerun."""
        area = st.container(key=LOGIN_AREA_KEY)
        with area:
            notice = st.session_state.get(NOTICE)
            if notice:
                kind, text = notice
                (st.error if kind == "error" else st.success)(text)
            column, _ = st.columns([2, 3])
            with column:
                self.directory.password_mode = True
                self.directory.attempted = None
                self.directory.locked_until = None
                try:
                    self.authenticator.login(
                        location="main",
                        fields=FIELDS,
                        key="mintqo-login-form",
                        # runs after the password check, before the cookie component is drawn:
                        # if a rerun interrupts the drawing, the next run writes the cookie
                        callback=_cookie_write_pending,
                    )
                finally:
                    self.directory.password_mode = False
                actor = self._after_password_attempt()
                if actor is None:
                    st.caption(FORGOT_HINT)
                    demo_mode.render_one_click_logins()
        if actor is not None:
            st.html(f"<style>.st-key-{LOGIN_AREA_KEY} {{ display: none; }}</style>")
            self.render_account_sidebar(actor)
        return actor

    def render_account_sidebar(self, actor: Actor) -> None:
        """Who is logged in, and the logout button (clicking it ends the next run)."""
        st.sidebar.caption(
            f"Angemeldet als **{escape_markdown(actor.display_name)}** · {ROLE_LABELS[actor.role]}"
        )
        self.authenticator.logout(LOGOUT_LABEL, location="sidebar", key="mintqo-logout")

    def _after_password_attempt(self) -> Actor | None:
        name = self.directory.attempted
        if name is None:
            return None
        st.session_state.pop(NOTICE, None)
        if self.directory.locked_until is not None:
            st.error(LOCKED_MESSAGE)
            return None
        ok = (
            st.session_state.get("authentication_status") is True
            and st.session_state.get("username") == name
        )
        record_login(self.engine, name, ok, clock.now())
        if not ok:
            st.error(LOGIN_FAILED)
            return None
        return actor_for(self.engine, name)


def open_gate(engine: Engine, settings: AuthSettings) -> LoginGate:
    """Build the authenticator (once per run) and settle who is logged in before navigation.

    Handles, in this order: demo links/buttons (demo mode only), the login cookie of a returning
    browser, disabled accounts, and the logout button. A logout ends the run with a German
    confirmation (``st.stop()``), so that the cookie deletion reaches the browser.
    """
    directory = UserDirectory(engine)
    credentials: dict = {"usernames": {}}
    authenticator = stauth.Authenticate(
        credentials,
        cookie_name=settings.cookie_name,
        cookie_key=settings.cookie_key,
        cookie_expiry_days=settings.cookie_expiry_days,
        auto_hash=False,
        login_sleep_time=settings.login_sleep,
    )
    # The library keeps a reference to our dict: from now on it looks users up in the directory.
    credentials["usernames"] = directory
    gate = LoginGate(engine, authenticator, directory)

    demo_user = demo_mode.requested_demo_user()
    if demo_user is not None:
        del st.query_params["demo"]
        if directory.admit(demo_user):
            demo_mode.log_in_as(demo_user)
        else:
            st.warning(DEMO_USER_MISSING)
    wrote_cookie = False
    if st.session_state.pop(demo_mode.PENDING_COOKIE, False) and demo_mode.is_demo():
        username = st.session_state.get("username")
        if isinstance(username, str) and directory.admit(username):
            authenticator.cookie_controller.set_cookie()
            st.session_state[COOKIE_PENDING] = "set"
            wrote_cookie = True
            record_login(engine, username, True, clock.now())
    _settle_cookie(authenticator, settings, wrote_cookie)

    if st.session_state.get("authentication_status") is not True:
        token = authenticator.cookie_controller.get_cookie()
        if token:
            if directory.admit(str(token.get("username", ""))):
                authenticator.login(location="unrendered")
            else:  # signed for an account that no longer exists
                authenticator.cookie_controller.delete_cookie()
                st.session_state["logout"] = True
                st.session_state[COOKIE_PENDING] = "delete"

    if st.session_state.get("authentication_status") is True:
        username = st.session_state.get("username")
        actor = actor_named(username) if isinstance(username, str) else None
        if actor is None:  # disabled (or deleted) since the cookie or session was made
            authenticator.logout(location="unrendered")
            st.session_state[COOKIE_PENDING] = "delete"
            st.session_state[NOTICE] = ("error", ACCOUNT_DISABLED)  # shown above the login form
        else:
            gate.render_account_sidebar(actor)
            if st.session_state.get("authentication_status") is not True:
                st.session_state[COOKIE_PENDING] = "delete"
                st.session_state[NOTICE] = ("success", LOGGED_OUT)
                # No st.navigation and no rerun in this run: a page change makes the browser
                # remount components, and the resulting rerun can remove the cookie-deleting
                # component before it ran. The next run (triggered by that component) shows the
                # anonymous pages.
                st.success(LOGGED_OUT)
                st.stop()
    return gate


def _cookie_write_pending(_event: dict) -> None:
    st.session_state[COOKIE_PENDING] = "set"


def _settle_cookie(
    authenticator: stauth.Authenticate, settings: AuthSettings, wrote_this_run: bool
) -> None:
    """Repeat a pending cookie write or deletion until the browser reports it done.

    The cookie is written and deleted by a component that only acts once its iframe has
    rendered. Any rerun that arrives before that (another component reporting a value, e.g.
    the cookie reader seeing a refreshed XSRF cookie) removes it unrendered: measured, about
    one logout in six kept its cookie. So the change stays pending in the session and is
    issued again on every run until the cookie reader component (which reports the browser's
    real cookies) confirms it.
    """
    pending = st.session_state.get(COOKIE_PENDING)
    if pending is None:
        return
    manager = authenticator.cookie_controller.cookie_model.cookie_manager
    reported = manager.cookies if isinstance(manager.cookies, dict) else {}
    present = settings.cookie_name in reported
    if pending == "delete" and present:
        with contextlib.suppress(KeyError):  # the library's bookkeeping, not the browser's
            manager.delete(settings.cookie_name, key="mintqo-cookie-delete-retry")
    elif (
        pending == "set"
        and not present
        and not wrote_this_run
        and st.session_state.get("authentication_status") is True
    ):
        authenticator.cookie_controller.set_cookie()
    elif pending != "set" or present or st.session_state.get("authentication_status") is not True:
        st.session_state.pop(COOKIE_PENDING, None)
