"""Account administration: users (admin) and invitation/reset codes (coordinators, admins).

Only drawing: :mod:`mintqo.services` applies every rule and returns what may be offered (the
networks and initiatives this user may invite into, the accounts it may issue a reset code for).
Writes run as callbacks (:mod:`mintqo.ui.feedback`), so the tables below a button already show
what the click changed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.errors import UserError
from mintqo.formats import local_time, plural
from mintqo.services import invitations, organisations, user_admin
from mintqo.services.user_admin import ROLE_LABELS, UserRow
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.feedback import act, show_result
from mintqo.ui.invitation_link import render_issued_invitation
from mintqo.ui.tables import show_table

KIND_LABELS = {"invitation": "Einladung", "reset": "Passwort-Rücksetzung"}
EVENT_LABELS = {
    "login": "Anmeldung",
    "password_check": "Passwortprüfung (Einstellungen)",
    "unlock": "Entsperrt",
    "reset": "Passwort neu gesetzt",
}
PICK_KEY = "admin-users-pick"
CONFIRM_KEY = "admin-users-confirm"  # the user id whose deactivation waits for confirmation
RESULT_KEY = "admin-users-result"
CODES_RESULT_KEY = "codes-result"
NOT_FOR_YOU = "Die Benutzerverwaltung steht nur dem Programmteam zur Verfügung."
ROLE_EFFECTS = {
    "initiative": (
        "{user} gehört danach zur Initiative „{initiative}“ und sieht deren Projekte, Antworten, "
        "Notizen und Profile. Ihre Mitglieder sehen das Konto unter „Einstellungen → "
        "Mitglieder“."
    ),
    "coordinator": (
        "{user} koordiniert danach das Netzwerk „{network}“: Beteiligung und anonyme "
        "Auswertungen; Ergebnisse einzelner Initiativen nur, wenn diese sie freigeben."
    ),
    "admin": (
        "{user} gehört danach zum Programmteam und darf alles verwalten – auch Konten "
        "deaktivieren und Initiativen löschen."
    ),
}


def _md(text: str | None) -> str:
    return escape_markdown(text or "")


def _status(active: bool) -> str:
    return "aktiv" if active else "deaktiviert"


def _users_frame(users: list[UserRow]) -> pd.DataFrame:
    # Order: what the admin acts on first (who, role, status, last login), long names last.
    return pd.DataFrame(
        {
            "Benutzername": [u.username for u in users],
            "Name": [u.display_name for u in users],
            "Rolle": [ROLE_LABELS.get(u.role, u.role) for u in users],
            "Status": [_status(u.active) for u in users],
            "Letzte Anmeldung": [
                local_time(u.last_login_at) if u.last_login_at else "–" for u in users
            ],
            "Initiative": [u.initiative_name or "–" for u in users],
            "Netzwerk": [u.network_name or "–" for u in users],
            "Angelegt": [local_time(u.created_at) for u in users],
        }
    )


USER_COLUMNS = {
    "Benutzername": st.column_config.TextColumn(width=150),
    "Name": st.column_config.TextColumn(width=160),
    "Rolle": st.column_config.TextColumn(width=150),
    "Status": st.column_config.TextColumn(width=95),
    "Letzte Anmeldung": st.column_config.TextColumn(width=165),
    "Initiative": st.column_config.TextColumn(width=260),
    "Netzwerk": st.column_config.TextColumn(width=200),
    "Angelegt": st.column_config.TextColumn(width=165),
}


# --- admin: users ---------------------------------------------------------------------------


def render_user_admin(actor: Actor) -> None:
    engine = get_engine()
    try:
        users = user_admin.users_for_admin(engine, actor)
    except UserError:
        st.error(NOT_FOR_YOU)
        return
    active = sum(u.active for u in users)
    st.caption(
        f"{plural(len(users), 'Benutzerkonto', 'Benutzerkonten')}, davon {active} aktiv. "
        "Ihr eigenes Konto ändern Sie unter „Einstellungen“."
    )
    show_table(
        _users_frame(users),
        hide_index=True,
        key="admin-users-table",
        column_config=USER_COLUMNS,
    )
    by_id = {u.user_id: u for u in users if u.user_id != actor.user_id}
    if by_id:
        st.subheader("Benutzerkonto bearbeiten")
        if st.session_state.get(PICK_KEY) not in by_id:
            st.session_state.pop(PICK_KEY, None)
        user_id = st.selectbox(
            "Benutzerkonto",
            options=list(by_id),
            # Short (a phone shows ~40 characters) and without the status, which the actions
            # below change: the line under the picker and the table above say it.
            format_func=lambda i: f"{by_id[i].username} ({ROLE_LABELS.get(by_id[i].role, '')})",
            key=PICK_KEY,
        )
        show_result(RESULT_KEY)
        _render_account_actions(actor, by_id[user_id])
    else:
        show_result(RESULT_KEY)
    _render_login_events(actor)


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


def _render_account_actions(actor: Actor, user: UserRow) -> None:
    engine = get_engine()
    user_id = user.user_id
    where = user.initiative_name or user.network_name
    st.markdown(
        f"**{_md(user.username)}** – {_md(user.display_name)} · {ROLE_LABELS.get(user.role, '')}"
        + (f" · {_md(where)}" if where else "")
        + f" · **{_status(user.active)}**"
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
    _render_role_change(actor, user)


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


def _role_keys(user_id: int) -> tuple[str, str, str]:
    return (
        f"admin-role-{user_id}",
        f"admin-role-network-{user_id}",
        f"admin-role-initiative-{user_id}",
    )


def _change_role(user_id: int) -> None:
    role_key, network_key, initiative_key = _role_keys(user_id)
    role = st.session_state.get(role_key)
    network_id = st.session_state.get(network_key)
    initiative_id = st.session_state.get(initiative_key)

    def action(actor: Actor) -> str:
        done = user_admin.change_role(
            get_engine(),
            actor,
            user_id,
            str(role),
            initiative_id=initiative_id if role == "initiative" else None,
            network_id=network_id if role == "coordinator" else None,
        )
        return (
            f"Die Rolle von {_md(done.username)} ist geändert: {_md(done.before)} → "
            f"{_md(done.after)}."
        )

    act(RESULT_KEY, action)


def _render_role_change(actor: Actor, user: UserRow) -> None:
    """Role and scope chosen by name: networks, then the initiatives of the chosen network."""
    engine = get_engine()
    st.markdown("**Rolle ändern**")
    role_key, network_key, initiative_key = _role_keys(user.user_id)
    roles = list(ROLE_LABELS)
    role = st.selectbox(
        "Neue Rolle",
        roles,
        index=roles.index(user.role) if user.role in roles else 0,
        format_func=ROLE_LABELS.__getitem__,
        key=role_key,
    )
    network_name = initiative_name = ""
    ready = True
    if role in ("initiative", "coordinator"):
        networks = organisations.networks(engine, actor)
        names = {
            int(r.network_id): r.Netzwerk + (" (archiviert)" if r.Archiviert else "")
            for r in networks.itertuples()
        }
        options = list(names)
        if st.session_state.get(network_key) not in names:
            st.session_state.pop(network_key, None)
        network_id = st.selectbox(
            "Netzwerk",
            options,
            index=options.index(user.network_id) if user.network_id in names else None,
            format_func=names.__getitem__,
            placeholder="Netzwerk auswählen …",
            key=network_key,
        )
        network_name = names.get(network_id, "") if network_id is not None else ""
        ready = network_id is not None
        if role == "initiative" and network_id is not None:
            found = organisations.initiatives_of_network(engine, actor, network_id)
            initiatives = {i.initiative_id: i.name for i in found}
            if st.session_state.get(initiative_key) not in initiatives:
                st.session_state.pop(initiative_key, None)
            if not initiatives:
                st.info("Dieses Netzwerk hat noch keine Initiative.")
                ready = False
            else:
                choice = list(initiatives)
                initiative_id = st.selectbox(
                    "Initiative",
                    choice,
                    index=choice.index(user.initiative_id)
                    if user.initiative_id in initiatives
                    else None,
                    format_func=initiatives.__getitem__,
                    placeholder="Initiative auswählen …",
                    key=initiative_key,
                )
                initiative_name = initiatives.get(initiative_id, "") if initiative_id else ""
                ready = initiative_id is not None
    if ready:
        st.caption(
            ROLE_EFFECTS[role].format(
                user=_md(user.username),
                initiative=_md(initiative_name),
                network=_md(network_name),
            )
        )
    st.button(
        "Rolle ändern",
        key=f"admin-role-apply-{user.user_id}",
        on_click=_change_role,
        args=(user.user_id,),
        disabled=not ready,
    )


def _render_login_events(actor: Actor) -> None:
    st.subheader("Anmeldeversuche")
    events = user_admin.login_event_rows(get_engine(), actor, limit=200)
    st.caption("Die letzten 200 Versuche, neueste zuerst.")
    show_table(
        pd.DataFrame(
            {
                "Zeit": [local_time(e.at) for e in events],
                "Benutzername": [e.username for e in events],
                "Art": [EVENT_LABELS.get(e.kind, e.kind) for e in events],
                "Ergebnis": ["erfolgreich" if e.success else "fehlgeschlagen" for e in events],
                "Adresse": [e.client or "–" for e in events],
            }
        ),
        hide_index=True,
        key="admin-login-events",
        column_config={
            "Zeit": st.column_config.TextColumn(width=165),
            "Benutzername": st.column_config.TextColumn(width=160),
            "Art": st.column_config.TextColumn(width=230),
            "Ergebnis": st.column_config.TextColumn(width=120),
        },
    )


# --- coordinators and admins: invitations and reset codes ----------------------------------


def render_invitations(actor: Actor) -> None:
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
