"""'Einladungen und Rücksetzcodes' (coordinators and admins): invitation codes for new
accounts, the open codes with their withdrawal, and reset codes for accounts of others.

Only drawing: :mod:`mintqo.services.invitations` applies every rule and returns what may be
offered (the networks and initiatives this user may invite into, the accounts it may issue a
reset code for). Codes are shown once, right after they were created; only their hash is stored.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.formats import local_time, plural
from mintqo.services import invitations
from mintqo.services.user_admin import ROLE_LABELS
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.feedback import act, show_result
from mintqo.ui.invitation_link import render_issued_invitation
from mintqo.ui.tables import show_table

KIND_LABELS = {"invitation": "Einladung", "reset": "Passwort-Rücksetzung"}
CODES_RESULT_KEY = "codes-result"


def _md(text: str | None) -> str:
    return escape_markdown(text or "")


def render_invitations(actor: Actor) -> None:
    """The invitations page: create a code, withdraw open ones, issue reset codes."""
    engine = get_engine()
    networks = dict(invitations.invitation_networks(engine, actor))
    if not networks:
        st.error("Einladungen können nur Netzwerkkoordinationen und das Programmteam erstellen.")
        return
    st.subheader("Einladung erstellen")
    roles = [r for r in ("coordinator", "initiative") if r in _roles(actor)]
    role = (
        st.radio(
            "Einladung für",
            roles,
            format_func=ROLE_LABELS.__getitem__,
            horizontal=True,
            key="invite-role",
        )
        if len(roles) > 1
        else roles[0]
    )
    network_id = (
        st.selectbox(
            "Netzwerk", list(networks), format_func=networks.__getitem__, key="invite-network"
        )
        if len(networks) > 1
        else next(iter(networks))
    )
    initiative_id, new_name, joined = None, "", ""
    if role == "initiative":
        initiative_id, new_name, joined = _initiative_choice(actor, network_id)
    if st.button("Einladungscode erstellen", key="invite-create", type="primary"):
        try:
            issued = invitations.create_invitation(
                engine,
                actor,
                role=role,
                network_id=network_id,
                initiative_id=initiative_id,
                new_initiative_name=new_name,
            )
        except UserError as exc:
            st.error(str(exc))
        else:
            if role == "coordinator":
                label = networks[network_id]
                what = f"Einladung für die Netzwerkkoordination „{_md(label)}“ erstellt"
            elif initiative_id is not None:
                label = joined
                what = f"Einladung in die Initiative „{_md(label)}“ erstellt"
            else:
                label = new_name.strip()
                what = f"Einladung für die neue Initiative „{_md(label)}“ erstellt"
            render_issued_invitation(issued, what, page_path="invitations", label=label)
    _render_open_codes(actor)
    _render_reset_codes(actor)


def _roles(actor: Actor) -> tuple[str, ...]:
    return ("coordinator", "initiative") if actor.is_admin else ("initiative",)


def _initiative_choice(actor: Actor, network_id: int) -> tuple[int | None, str, str]:
    """(existing initiative id, name of a new one, name of the existing one)."""
    existing = {
        row.initiative_id: row.name
        for row in invitations.invitable_initiatives(get_engine(), actor, network_id)
    }
    kind = st.radio(
        "Initiative",
        ["neu", "bestehend"],
        horizontal=True,
        key="invite-kind",
        format_func={"neu": "Neue Initiative", "bestehend": "Bestehende Initiative"}.get,
    )
    if not actor.is_admin:
        st.caption(
            "In eine bestehende Initiative laden Sie nur ein, solange sie noch kein aktives "
            "Konto hat. Weitere Mitglieder laden die Mitglieder der Initiative selbst ein "
            "(unter „Einstellungen“)."
        )
    if kind == "neu" or not existing:
        if kind == "bestehend":
            st.info("Es gibt keine bestehende Initiative, in die Sie einladen können.")
        name = st.text_input("Name der neuen Initiative", max_chars=200, key="invite-name")
        return None, name, ""
    initiative_id = st.selectbox(
        "Initiative", list(existing), format_func=existing.__getitem__, key="invite-initiative"
    )
    return initiative_id, "", existing[initiative_id]


def _revoke(code_id: int) -> None:
    def action(actor: Actor) -> str:
        invitations.revoke_code(get_engine(), actor, code_id)
        return "Der Code ist zurückgezogen und gilt nicht mehr."

    act(CODES_RESULT_KEY, action)


def _render_open_codes(actor: Actor) -> None:
    engine = get_engine()
    st.subheader("Offene Codes")
    show_result(CODES_RESULT_KEY)
    codes = invitations.list_open_codes(engine, actor)
    if not codes:
        st.caption("Keine offenen Codes.")
        return
    st.caption(
        f"{plural(len(codes), 'Code ist', 'Codes sind')} noch nicht eingelöst. Wer einen davon "
        "hat, kann sich damit registrieren oder ein Passwort setzen."
    )
    show_table(
        pd.DataFrame(
            {
                "Art": [KIND_LABELS.get(c.kind, c.kind) for c in codes],
                "Für": [c.username or c.label for c in codes],
                "Rolle": [ROLE_LABELS.get(c.role or "", "–") for c in codes],
                "Netzwerk": [c.network_name or "–" for c in codes],
                "Erstellt von": [c.created_by or "Betrieb" for c in codes],
                "Gültig bis": [local_time(c.expires_at) for c in codes],
            }
        ),
        hide_index=True,
        key="open-codes",
        column_config={
            "Art": st.column_config.TextColumn(width=170),
            "Gültig bis": st.column_config.TextColumn(width=165),
        },
    )
    by_id = {c.code_id: c for c in codes}
    code_id = st.selectbox(
        "Code zurückziehen",
        list(by_id),
        format_func=lambda i: (
            f"{KIND_LABELS[by_id[i].kind]}: {by_id[i].username or by_id[i].label}, gültig bis "
            f"{local_time(by_id[i].expires_at)}"
        ),
        key="revoke-code-pick",
    )
    st.button("Zurückziehen", key="revoke-code", on_click=_revoke, args=(code_id,))


def _render_reset_codes(actor: Actor) -> None:
    engine = get_engine()
    st.subheader("Passwort-Rücksetzcode")
    targets = {u.user_id: u for u in invitations.reset_targets(engine, actor)}
    if not targets:
        st.caption(
            "Rücksetzcodes für Initiativen erstellen deren eigene Mitglieder (unter "
            "„Einstellungen“) oder das Programmteam; jedes Konto kann sein Passwort außerdem "
            "mit seinem persönlichen Wiederherstellungscode selbst zurücksetzen."
        )
        return
    user_id = st.selectbox(
        "Benutzerkonto",
        list(targets),
        format_func=lambda i: (
            f"{targets[i].username} – {targets[i].initiative_name or targets[i].network_name or ''}"
        ),
        key="reset-user",
    )
    if st.button("Rücksetzcode erstellen", key="reset-create"):
        try:
            issued = invitations.issue_reset_code(engine, actor, user_id)
        except UserError as exc:
            st.error(str(exc))
        else:
            st.success(
                f"Rücksetzcode für {_md(targets[user_id].username)} erstellt – gültig bis "
                f"{local_time(issued.expires_at)}:"
            )
            st.code(issued.code, language=None)
            st.caption(
                "Der Code wird nur jetzt angezeigt und ist nur einmal verwendbar. Geben Sie ihn "
                "persönlich oder telefonisch weiter: Wer ihn hat, kann das Passwort des Kontos "
                "neu setzen."
            )
