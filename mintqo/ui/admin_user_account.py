"""The account picked on 'Verwaltung → Benutzer': its status line, deactivation (after a
confirmation that says what follows) and reactivation, and lifting its login throttle.

Deactivation asks first because it ends the account's sessions at once and may leave an
initiative without any active account. Writes run as callbacks (:mod:`mintqo.ui.feedback`), so
the table above already shows what the click changed.
"""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.formats import plural
from mintqo.services import user_admin
from mintqo.services.user_admin import ROLE_LABELS, UserRow
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.feedback import act

CONFIRM_KEY = "admin-users-confirm"  # the user id whose deactivation waits for confirmation
# The one message slot of the users tab, shown under the picker; role changes report there too.
RESULT_KEY = "admin-users-result"


def _md(text: str | None) -> str:
    return escape_markdown(text or "")


def status_label(active: bool) -> str:
    """The account's status as the table and the status line say it."""
    return "aktiv" if active else "deaktiviert"


def _disable(user_id: int) -> None:
    st.session_state.pop(CONFIRM_KEY, None)

    def action(actor: Actor) -> str:
        done = user_admin.set_active(get_engine(), actor, user_id, False)
        ended = (
            f"{plural(done.sessions_ended, 'offene Anmeldung', 'offene Anmeldungen')} beendet"
            if done.sessions_ended
            else "es war nirgends angemeldet"
        )
        return (
            f"Das Konto {_md(done.username)} ist deaktiviert und kann sich nicht mehr anmelden "
            f"({ended})."
        )

    act(RESULT_KEY, action)


def _enable(user_id: int) -> None:
    def action(actor: Actor) -> str:
        done = user_admin.set_active(get_engine(), actor, user_id, True)
        return f"Das Konto {_md(done.username)} ist wieder aktiv und kann sich anmelden."

    act(RESULT_KEY, action)


def _unlock(user_id: int, username: str) -> None:
    def action(actor: Actor) -> str:
        user_admin.unlock(get_engine(), actor, user_id)
        return f"Die Anmeldung von {_md(username)} ist entsperrt."

    act(RESULT_KEY, action)


def _ask_to_disable(user_id: int) -> None:
    st.session_state[CONFIRM_KEY] = user_id


def _cancel_disable() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def render_account_actions(actor: Actor, user: UserRow) -> None:
    """Status line, (de)activation and unlocking of one account other than the admin's own."""
    engine = get_engine()
    user_id = user.user_id
    where = user.initiative_name or user.network_name
    st.markdown(
        f"**{_md(user.username)}** – {_md(user.display_name)} · {ROLE_LABELS.get(user.role, '')}"
        + (f" · {_md(where)}" if where else "")
        + f" · **{status_label(user.active)}**"
    )
    if not user.active:
        st.button(
            "Konto wieder aktivieren",
            key="admin-users-enable",
            on_click=_enable,
            args=(user_id,),
            icon=":material/person_check:",
        )
    elif st.session_state.get(CONFIRM_KEY) == user_id:
        _render_disable_confirmation(actor, user)
    else:
        st.button(
            "Konto deaktivieren …",
            key="admin-users-disable",
            on_click=_ask_to_disable,
            args=(user_id,),
            icon=":material/person_off:",
        )
    status = user_admin.throttle_status(engine, actor, user_id)
    if status.failures:
        st.caption(
            f"In der letzten Stunde "
            f"{plural(status.failures, 'fehlgeschlagener Anmeldeversuch', 'fehlgeschlagene Anmeldeversuche')}"
            f" von {plural(status.addresses, 'Adresse', 'Adressen')}"
            + ("; die Anmeldung verlangt eine Sicherheitsabfrage." if status.captcha else ".")
        )
    st.button(
        "Entsperren",
        key="admin-users-unlock",
        help="Hebt Wartezeiten und Sicherheitsabfrage nach Fehlversuchen für dieses Konto auf.",
        on_click=_unlock,
        args=(user_id, user.username),
        icon=":material/lock_open:",
    )


def _render_disable_confirmation(actor: Actor, user: UserRow) -> None:
    effect = user_admin.deactivation_effect(get_engine(), actor, user.user_id)
    lines = [
        f"**{_md(effect.username)}** ({_md(effect.display_name)}) wird deaktiviert:",
        "- Das Konto kann sich nicht mehr anmelden; alle offenen Anmeldungen enden sofort.",
        "- Nichts wird gelöscht. Sie können das Konto jederzeit wieder aktivieren.",
    ]
    if effect.last_active_member:
        lines.append(
            f"- Die Initiative „{_md(effect.initiative_name)}“ hat danach **kein aktives Konto** "
            "mehr: Niemand kommt an ihre Daten, und ihre Netzwerkkoordination darf wieder ein "
            "erstes Konto in sie einladen."
        )
    st.warning("\n".join(lines), icon=":material/warning:")
    yes, no = st.columns(2)
    yes.button(
        "Ja, Konto deaktivieren",
        type="primary",
        key="admin-users-disable-confirm",
        on_click=_disable,
        args=(user.user_id,),
        width="stretch",
    )
    no.button(
        "Abbrechen", key="admin-users-disable-cancel", on_click=_cancel_disable, width="stretch"
    )
