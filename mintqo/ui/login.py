"""The login gate: who is logged in, checked against the server-side session on every run.

Rules this module keeps (see /work/shared/streamlit-notes.md): one authenticator per run; the
cookie is set and deleted by a script drawn with the run, and drawn again with every later run
of the browser session (a run cut short may never reach the browser); a login counts only
while its server-side session is open and its account active, whatever cookie the browser
brings. The library itself is reached only through :mod:`mintqo.auth.authenticator_adapter`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine

from mintqo.access import Actor
from mintqo.auth import clock, throttle, tokens
from mintqo.auth.authenticator_adapter import AttemptAnswer, Authenticator, FormResult, entry
from mintqo.auth.client_address import client_key
from mintqo.auth.config import AuthSettings
from mintqo.passwords import dummy_hash
from mintqo.services import login
from mintqo.services.user_admin import ROLE_LABELS
from mintqo.text import escape_markdown
from mintqo.ui import demo_mode, run_slots
from mintqo.ui.element_warmup import render_element_warmup
from mintqo.ui.guard import LOGIN_NOTICE, actor_named, checked_session, opened_in_this_run

FIELDS = {
    "Form name": "Anmelden",
    "Username": "Benutzername",
    "Password": "Passwort",
    "Login": "Anmelden",
    "Captcha": "Sicherheitsabfrage: die Zahlen aus dem Bild",
}
LOGOUT_LABEL = "Abmelden"
LOGIN_FAILED = "Benutzername oder Passwort ist nicht richtig."
LOGGED_OUT = "Sie wurden abgemeldet. Auf Wiedersehen!"
ACCOUNT_DISABLED = (
    "Dieses Benutzerkonto ist deaktiviert. Bitte wenden Sie sich an Ihre "
    "Netzwerkkoordination oder an das Programmteam."
)
SESSION_ENDED = (
    "Ihre Anmeldung ist abgelaufen oder wurde beendet – zum Beispiel durch Abmelden in einem "
    "anderen Fenster oder weil Ihr Passwort neu gesetzt wurde. Bitte melden Sie sich erneut an."
)
CAPTCHA_NEEDED = (
    "Nach mehreren Fehlversuchen ist zusätzlich eine Sicherheitsabfrage nötig: Bitte geben Sie "
    "die Zahlen aus dem Bild ein und melden Sie sich dann erneut an."
)
CAPTCHA_WRONG = (
    "Die Zahlen aus dem Bild stimmen nicht. Bitte versuchen Sie es mit dem neuen Bild noch einmal."
)
DEMO_USER_MISSING = (
    "Den Demo-Zugang gibt es in dieser Datenbank nicht (Demodaten mit "
    "„python -m mintqo seed-demo“ anlegen)."
)
FORGOT_HINT = (
    "Passwort vergessen? Mit Ihrem persönlichen Wiederherstellungscode setzen Sie unter "
    "„Passwort zurücksetzen“ selbst ein neues Passwort. Ohne ihn gibt Ihnen ein Mitglied Ihrer "
    "Initiative oder das Programmteam einen Rücksetzcode."
)
LOGIN_AREA_KEY = "mintqo-login"
# "set" or "delete": the cookie change drawn with every run of the session (see settle_cookie).
COOKIE_PENDING = "_mintqo_cookie_pending"
COOKIE_TOKEN = "_mintqo_cookie_token"  # (token, expiry) of the cookie this session writes
COOKIE_REJECTED = "_mintqo_cookie_rejected"  # a page-load cookie already refused in this session
# (kind, text): a notice that stays above the login form until the next attempt (a logout's
# notice is shown by the run after it).
NOTICE = LOGIN_NOTICE
NEED_CAPTCHA = "_mintqo_need_captcha"
CLIENT = "_mintqo_client"


def _client(settings: AuthSettings) -> str:
    try:
        remote = st.context.ip_address
        headers = dict(st.context.headers) if settings.trusted_proxy else {}
    except Exception:  # outside a browser session (no context): unknown
        return ""
    return client_key(remote, headers, settings.trusted_proxy)


def session_client() -> str:
    """The client address of this browser session, as the gate determined it."""
    value = st.session_state.get(CLIENT, "")
    return value if isinstance(value, str) else ""


def _attempt_answer(engine: Engine, client: str, name: str) -> AttemptAnswer:
    check = login.check_attempt(engine, name, client)
    known = check.credential
    return AttemptAnswer(
        entry(known.display_name, known.password_hash, known.role) if known else None,
        check.wait_seconds,
        check.captcha,
    )


def _notice(kind: str, text: str) -> None:
    st.session_state[NOTICE] = (kind, text)


@dataclass
class LoginGate:
    engine: Engine
    settings: AuthSettings
    auth: Authenticator
    client: str
    wrote_cookie: bool = False
    refusal: str | None = None  # why this run's attempt failed, shown where notices are

    # --- starting and ending sessions --------------------------------------------------------

    def start(
        self, username: str, display_name: str | None = None, *, record_login: bool = False
    ) -> bool:
        """Open a server-side session for ``username`` and write its cookie (False: inactive).
        ``record_login``: log the login event in the same transaction (demo links)."""
        started = login.start_session(
            self.engine,
            username,
            self.client,
            self.settings.cookie_expiry_days,
            record_login=record_login,
        )
        if started is None:
            return False
        self.auth.log_in(started.username, display_name or started.username, started.session_id)
        opened_in_this_run(started.session_id, started.username, started.check())
        token = tokens.encode(
            started.username, started.session_id, started.expires_at, self.settings.cookie_key
        )
        st.session_state[COOKIE_TOKEN] = (token, started.expires_at)
        self.auth.write_cookie(token, started.expires_at)
        st.session_state[COOKIE_PENDING] = "set"
        self.wrote_cookie = True
        if started.reset_notice:
            st.warning(started.reset_notice, icon=":material/lock_reset:")
        return True

    def end(self, notice: tuple[str, str] | None, reason: str) -> None:
        """Log this browser session out and delete its cookie (the record may stay open)."""
        if reason:
            login.end_session(self.engine, self.auth.session_id(), reason)
        self.auth.log_out()
        self.auth.delete_cookie()
        st.session_state[COOKIE_PENDING] = "delete"
        st.session_state.pop(COOKIE_TOKEN, None)
        if notice is not None:
            _notice(*notice)

    # --- the three ways in: demo, cookie, password --------------------------------------------

    def demo_login(self) -> None:
        """``?demo=`` links and one-click buttons (demo mode only)."""
        username = demo_mode.requested_demo_user()
        if username is not None:
            del st.query_params["demo"]
        username = username or demo_mode.pop_requested_login()
        if username is None or not demo_mode.is_demo():
            return
        if self.auth.username() is not None:
            login.end_session(self.engine, self.auth.session_id(), "logout")
            self.auth.log_out()
        if not self.start(username, record_login=True):
            st.warning(DEMO_USER_MISSING)

    def cookie_login(self) -> None:
        """Log a returning browser in by its cookie, if that names an open session."""
        if self.auth.logged_out_here():
            return  # the page-load cookies are stale once this session logged out
        raw = self.auth.read_cookie()
        if raw is None or st.session_state.get(COOKIE_REJECTED) == raw:
            return
        claims = tokens.decode(raw, self.settings.cookie_key, clock.now())
        check = (
            login.check_session(self.engine, claims.session_id, claims.username)
            if claims is not None
            else None
        )
        if claims is not None and check is not None and check.valid:
            self.auth.log_in(claims.username, check.display_name, claims.session_id)
            return
        st.session_state[COOKIE_REJECTED] = raw
        notice = None
        if check is not None:
            notice = ("error", ACCOUNT_DISABLED if check.reason == "disabled" else SESSION_ENDED)
        self.end(notice, reason="")

    def render_login_form(self) -> Actor | None:
        """The login form (start page of anonymous users). Returns the actor if the login
        succeeded in this very run; the form is then hidden by CSS, never by a rerun."""
        area = st.container(key=LOGIN_AREA_KEY)
        with area:
            slot = st.empty()
            notice = st.session_state.get(NOTICE)
            if notice:
                kind, text = notice
                (slot.error if kind == "error" else slot.success)(text)
            column, aside = st.columns([2, 3], gap="large")
            with column:
                result = self._password_attempt()
                if result is None or not result.success:
                    st.caption(FORGOT_HINT)
                    demo_mode.render_one_click_logins()
            if result is None or not result.success:
                # Imported here: the chart library (≈ 0.5 s to import) stays out of the runs
                # that log in by a link or a cookie and never draw this form.
                from mintqo.ui.sample_profile import render_sample_profile

                with aside:
                    render_sample_profile()
                render_element_warmup()
            if result is not None:  # an attempt replaces the notice of the one before
                # One place for every message of the form: a message drawn elsewhere could
                # stand beside the previous attempt's until a run clears it.
                if self.refusal:
                    slot.error(self.refusal)
                else:
                    slot.empty()
        if result is None or not result.success or result.attempted is None:
            return None
        st.session_state.pop(NEED_CAPTCHA, None)
        if not self.start(result.attempted, st.session_state.get("name")):
            self.auth.log_out()
            st.error(LOGIN_FAILED)
            return None
        actor = actor_named(result.attempted)
        if actor is not None:
            st.html(f"<style>.st-key-{LOGIN_AREA_KEY} {{ display: none; }}</style>")
            self.render_account_sidebar(actor)
        return actor

    def _password_attempt(self) -> FormResult | None:
        captcha = st.session_state.get(NEED_CAPTCHA)
        if captcha is None:
            captcha = st.session_state[NEED_CAPTCHA] = login.form_needs_captcha(
                self.engine, self.client
            )
        with run_slots.PAGE_RUNS.paused():  # the form waits before it is drawn (MINTQO_LOGIN_SLEEP)
            result = self.auth.login_form(FIELDS, "mintqo-login-form", captcha=bool(captcha))
        if result.captcha_wrong:
            _notice("error", CAPTCHA_WRONG)
            st.rerun()  # no login in this run: redraw with a new picture
        if result.attempted is None:
            return None
        st.session_state.pop(NOTICE, None)
        if result.wait_seconds:
            self._refuse(throttle.wait_message(result.wait_seconds), bool(captcha))
            return result
        if result.captcha_missing:
            st.session_state[NEED_CAPTCHA] = True
            _notice("error", CAPTCHA_NEEDED)
            st.rerun()
        login.record_attempt(self.engine, result.attempted, result.success, self.client)
        if not result.success:
            self._after_failure(result.attempted, bool(captcha))
        return result

    def _after_failure(self, name: str, captcha_shown: bool) -> None:
        if not captcha_shown and login.check_attempt(self.engine, name, self.client).captcha:
            st.session_state[NEED_CAPTCHA] = True
            captcha_shown = True  # show the captcha with the next try
        self._refuse(LOGIN_FAILED, captcha_shown)

    def _refuse(self, text: str, captcha: bool) -> None:
        """Show why an attempt failed, above the form. With a captcha, redraw the form: the
        picture drawn in this run was used up by the attempt, the next one needs a new one."""
        if not captcha:
            self.refusal = text
            return
        _notice("error", text)
        st.rerun()

    # --- every run ----------------------------------------------------------------------------

    def check_session(self) -> None:
        """A logged-in browser session counts only while its server-side session is open."""
        username = self.auth.username()
        if username is None:
            return
        session_id = self.auth.session_id()
        if session_id is None:
            # Authenticated without a session record: none of the app's ways in leaves that
            # state (password, cookie and demo logins open the record first); tests seed it.
            # Such a session gets its record now, so that logout, reset and disabling end it.
            started = login.start_session(
                self.engine, username, self.client, self.settings.cookie_expiry_days
            )
            if started is None:
                self.end(("error", ACCOUNT_DISABLED), reason="")
            else:
                self.auth.set_session_id(started.session_id)
            return
        check = checked_session(session_id, username)
        if not check.valid:
            text = ACCOUNT_DISABLED if check.reason == "disabled" else SESSION_ENDED
            self.end(("error", text), reason="")

    def render_account_sidebar(self, actor: Actor) -> None:
        """Who is logged in, and the logout button (clicking it ends the next run)."""
        st.sidebar.caption(
            f"Angemeldet als **{escape_markdown(actor.display_name)}** · {ROLE_LABELS[actor.role]}"
        )
        self.auth.logout_button(LOGOUT_LABEL, "mintqo-logout", self._on_logout)

    def _on_logout(self) -> None:
        login.end_session(self.engine, self.auth.session_id(), "logout")
        st.session_state.pop(COOKIE_TOKEN, None)

    def settle_cookie(self) -> None:
        """Draw the session's cookie change again in every later run of this browser session.

        The change is a script drawn with the run that made it (:meth:`Authenticator.
        write_cookie`); a run that the next one cuts short may never reach the browser, and
        nothing reports back that the browser ran it. So it is drawn with every run until the
        session logs in or out anew: the browser runs it when it shows it, and does not run an
        unchanged one again.
        """
        pending = st.session_state.get(COOKIE_PENDING)
        if pending is None or self.wrote_cookie:
            return
        if pending == "delete":
            self.auth.delete_cookie()
            return
        token = st.session_state.get(COOKIE_TOKEN)
        if self.auth.username() is None or not token:
            st.session_state.pop(COOKIE_PENDING, None)
        else:
            self.auth.write_cookie(token[0], token[1])


def open_gate(engine: Engine, settings: AuthSettings) -> LoginGate:
    """Build the authenticator (once per run) and settle who is logged in before navigation.

    Handles, in this order: demo links/buttons (demo mode only), the login cookie of a returning
    browser, the server-side session of a logged-in browser (ended, expired, disabled: logged
    out), and the logout button. A logout starts the next run at once, which shows the login
    form with a German confirmation above it.
    """
    login.purge_if_due(engine)
    client = st.session_state.get(CLIENT)
    if not isinstance(client, str):
        client = st.session_state[CLIENT] = _client(settings)
    auth = Authenticator(settings, functools.partial(_attempt_answer, engine, client), dummy_hash)
    gate = LoginGate(engine, settings, auth, client)
    gate.demo_login()
    gate.settle_cookie()
    if auth.username() is None:
        gate.cookie_login()
    gate.check_session()
    username = auth.username()
    if username is None:
        return gate
    actor = actor_named(username)
    if actor is None:  # disabled or deleted since the session check
        gate.end(("error", ACCOUNT_DISABLED), reason="disabled")
        return gate
    gate.render_account_sidebar(actor)
    if auth.username() is None:  # the logout button was clicked in this run
        st.session_state[COOKIE_PENDING] = "delete"
        _notice("success", LOGGED_OUT)
        # The next run draws the cookie's deletion again (settle_cookie) and the login form
        # with the notice above it.
        st.rerun()
    return gate


def current_session_id() -> str | None:
    """The server-side session of this browser session (its other sessions end on a password
    change)."""
    return Authenticator.session_id()


def forget_login(text: str) -> None:
    """Log this browser session out from a page (its account is gone): the next run deletes
    the cookie and shows ``text`` above the login form."""
    Authenticator.forget()
    st.session_state[COOKIE_PENDING] = "delete"
    st.session_state.pop(COOKIE_TOKEN, None)
    _notice("success", text)
