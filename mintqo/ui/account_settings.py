"""Account screens: registration with an invitation, password reset, and in "Einstellungen" the
own password, the recovery code and (for initiatives) the team: members, invitations for
colleagues, reset codes for colleagues, leaving the initiative.

Only drawing: every rule is applied by :mod:`mintqo.services`, which also returns what may be
offered (e.g. the colleagues this user may issue a reset code for).
"""

from __future__ import annotations

import streamlit as st

from mintqo.access import Actor
from mintqo.auth.passwords import POLICY_HINT
from mintqo.errors import UserError
from mintqo.formats import local_time, plural
from mintqo.invitation_links import CODE_PARAMETER, code_from_link
from mintqo.services import accounts, invitations, members
from mintqo.text import escape_markdown
from mintqo.ui.engine import get_engine
from mintqo.ui.feedback import act, show_result
from mintqo.ui.guard import PLEASE_LOG_IN, current_actor
from mintqo.ui.invitation_link import render_issued_invitation
from mintqo.ui.login import current_session_id, forget_login, session_client
from mintqo.ui.navigation import page_link
from mintqo.ui.tables import show_table

PASSWORD_CHANGED = "Ihr Passwort wurde geändert. Ihre anderen Anmeldungen wurden beendet."
REGISTERED = "Ihr Konto ist angelegt. Sie können sich jetzt auf der Startseite anmelden."
PASSWORD_RESET = (
    "Ihr neues Passwort ist gesetzt. Sie können sich jetzt auf der Startseite anmelden. Alle "
    "bisherigen Anmeldungen Ihres Kontos wurden beendet."
)
RECOVERY_HINT = (
    "Bitte drucken Sie diesen Code aus oder bewahren Sie ihn sicher auf (z. B. in einem "
    "Passwortmanager oder auf Papier bei Ihren Unterlagen, nicht zusammen mit dem Passwort). Er "
    "wird nur jetzt angezeigt. Mit ihm setzen Sie unter „Passwort zurücksetzen“ selbst ein neues "
    "Passwort, falls Sie Ihres vergessen. Einen neuen Code erzeugen Sie jederzeit unter "
    "„Einstellungen“."
)
CODE_PLACEHOLDER = "XXXXX-XXXXX-XXXXX-XXXXX"
REGISTER_CODE_KEY = "register-code"
TEAM_CODES_RESULT = "team-codes-result"
NEW_INVITATION = "team-new-invitation"  # the code just created, for the one run that shows it
LEFT = "Sie haben die Initiative verlassen; Ihr Konto ist gelöscht. Auf Wiedersehen!"


def show_recovery_code(code: str) -> None:
    st.warning("**Ihr persönlicher Wiederherstellungscode:**", icon=":material/key:")
    st.code(code, language=None)
    st.caption(RECOVERY_HINT)


def _new_password_inputs() -> tuple[str, str]:
    password = st.text_input(
        "Neues Passwort", type="password", help=POLICY_HINT, autocomplete="new-password"
    )
    repeated = st.text_input(
        "Neues Passwort wiederholen", type="password", autocomplete="new-password"
    )
    return password, repeated


# --- anonymous pages -------------------------------------------------------------------------


def _describe(info: accounts.InvitationInfo) -> str:
    label, network = escape_markdown(info.label), escape_markdown(info.network_name)
    if info.role == "coordinator":
        return f"Mit diesem Code werden Sie Netzwerkkoordination für „{network}“."
    if info.new_initiative:
        return (
            f"Mit diesem Code legen Sie die neue Initiative „{label}“ im Netzwerk "
            f"„{network}“ an und sind ihr erstes Mitglied."
        )
    if not info.active_members:
        return (
            f"Mit diesem Code treten Sie der bestehenden Initiative „{label}“ (Netzwerk "
            f"„{network}“) bei. Sie hat noch kein aktives Konto: Sie sind ihr erstes Mitglied."
        )
    return (
        f"Mit diesem Code treten Sie der bestehenden Initiative „{label}“ (Netzwerk "
        f"„{network}“) bei. Sie hat "
        f"{plural(info.active_members, 'aktives Mitglied', 'aktive Mitglieder')}: Diese sehen "
        "Sie – und sie sehen Sie – unter „Einstellungen → Mitglieder“."
    )


def render_registration() -> None:
    """Create an account with an invitation code; the page says what the code is for."""
    st.write(
        "Mit einem Einladungscode legen Sie hier Ihr Benutzerkonto an. Eine E-Mail-Adresse "
        "brauchen Sie dafür nicht."
    )
    linked = code_from_link(st.query_params.get(CODE_PARAMETER))
    if linked and REGISTER_CODE_KEY not in st.session_state:
        # A registration link (or its QR code) carries the code: fill it in once; what the
        # person types afterwards wins.
        st.session_state[REGISTER_CODE_KEY] = linked
    code = st.text_input("Einladungscode", placeholder=CODE_PLACEHOLDER, key=REGISTER_CODE_KEY)
    if code.strip():
        try:
            st.info(_describe(accounts.describe_invitation(get_engine(), code)))
        except UserError as exc:
            st.error(str(exc))
    with st.form("mintqo-register", enter_to_submit=False):
        username = st.text_input(
            "Benutzername",
            help="3 bis 64 Zeichen: Kleinbuchstaben, Ziffern, Punkt, Bindestrich, Unterstrich.",
            autocomplete="username",
        )
        display_name = st.text_input(
            "Anzeigename", help="So erscheinen Sie in der App, z. B. Ihr Vor- und Nachname."
        )
        password, repeated = _new_password_inputs()
        submitted = st.form_submit_button("Konto anlegen")
    if not submitted:
        return
    try:
        created = accounts.register(get_engine(), code, username, display_name, password, repeated)
    except UserError as exc:
        st.error(str(exc))
        return
    joined = (
        f" Sie gehören zur Initiative „{created.initiative_name}“."
        if created.initiative_name
        else ""
    )
    st.success(REGISTERED + joined)
    show_recovery_code(created.recovery_code)
    page_link("start", label="Zur Anmeldung", icon=":material/login:")


def render_password_reset() -> None:
    """Set a new password with a reset code or with one's own recovery code."""
    st.write(
        "Passwort vergessen? Geben Sie Ihren persönlichen Wiederherstellungscode ein – oder einen "
        "Rücksetzcode, den Ihnen ein Mitglied Ihrer Initiative oder das Programmteam gegeben hat."
    )
    with st.form("mintqo-reset-password", enter_to_submit=False):
        username = st.text_input("Benutzername", autocomplete="username")
        code = st.text_input("Rücksetz- oder Wiederherstellungscode", placeholder=CODE_PLACEHOLDER)
        password, repeated = _new_password_inputs()
        submitted = st.form_submit_button("Neues Passwort setzen")
    if not submitted:
        return
    try:
        new_recovery = accounts.reset_password(get_engine(), username, code, password, repeated)
    except UserError as exc:
        st.error(str(exc))
        return
    st.success(PASSWORD_RESET)
    if new_recovery:
        st.write("Ihr bisheriger Wiederherstellungscode ist damit verbraucht. Hier ist Ihr neuer:")
        show_recovery_code(new_recovery)
    page_link("start", label="Zur Anmeldung", icon=":material/login:")


# --- "Einstellungen": the own account -----------------------------------------------------------


def render_account_settings(actor: Actor) -> None:
    """Password change and recovery code, for every role (the current password is required)."""
    st.subheader("Passwort ändern")
    with st.form("mintqo-change-password", enter_to_submit=False):
        current = st.text_input(
            "Aktuelles Passwort", type="password", autocomplete="current-password"
        )
        password, repeated = _new_password_inputs()
        submitted = st.form_submit_button("Passwort ändern")
    if submitted:
        try:
            accounts.change_password(
                get_engine(),
                actor,
                current,
                password,
                repeated,
                client=session_client(),
                session_id=current_session_id(),
            )
        except UserError as exc:
            st.error(str(exc))
        else:
            st.success(PASSWORD_CHANGED)
    _render_recovery_code(actor)


def _render_recovery_code(actor: Actor) -> None:
    st.subheader("Wiederherstellungscode")
    if accounts.has_recovery_code(get_engine(), actor):
        st.caption(
            "Sie haben einen persönlichen Wiederherstellungscode. Ein neuer ersetzt ihn (der "
            "alte gilt dann nicht mehr)."
        )
    else:
        st.caption(
            "Sie haben noch keinen Wiederherstellungscode. Mit ihm setzen Sie Ihr Passwort "
            "selbst zurück, falls Sie es vergessen."
        )
    with st.form("mintqo-recovery-code", enter_to_submit=False):
        current = st.text_input(
            "Aktuelles Passwort zur Bestätigung",
            type="password",
            autocomplete="current-password",
        )
        submitted = st.form_submit_button("Neuen Wiederherstellungscode erzeugen")
    if submitted:
        try:
            code = accounts.new_recovery_code(get_engine(), actor, current, client=session_client())
        except UserError as exc:
            st.error(str(exc))
        else:
            show_recovery_code(code)


# --- "Einstellungen": the initiative's team -----------------------------------------------------


def render_team(actor: Actor) -> None:
    """Who has access to the initiative, inviting colleagues, reset codes for them, leaving."""
    engine = get_engine()
    team = members.my_team(engine, actor)
    if team is None:
        return
    st.subheader("Mitglieder")
    st.caption(
        f"Diese Konten haben Zugang zur Initiative „{escape_markdown(team.initiative_name)}“."
    )
    show_table(
        {
            "Benutzername": [m.username for m in team.members],
            "Name": [m.display_name + (" (Sie)" if m.is_me else "") for m in team.members],
            "Status": ["aktiv" if m.active else "deaktiviert" for m in team.members],
            "Mitglied seit": [local_time(m.since) for m in team.members],
            "Letzte Anmeldung": [
                local_time(m.last_login) if m.last_login else "–" for m in team.members
            ],
        },
        hide_index=True,
        key="team-members",
        column_config={
            "Status": st.column_config.TextColumn(width=90),
            "Mitglied seit": st.column_config.TextColumn(width=165),
            "Letzte Anmeldung": st.column_config.TextColumn(width=165),
        },
    )
    # Inviting before the list of open codes: a new code appears in that list at once.
    _render_colleague_invitation(team.initiative_name)
    _render_team_codes(team.open_codes)
    _render_colleague_reset(actor)
    _render_leave(actor, team.may_leave)


def _revoke_team_code(code_id: int) -> None:
    def action(actor: Actor) -> str:
        invitations.revoke_code(get_engine(), actor, code_id)
        return "Der Code ist zurückgezogen und gilt nicht mehr."

    act(TEAM_CODES_RESULT, action)


def _render_team_codes(open_codes: list) -> None:
    show_result(TEAM_CODES_RESULT)
    if not open_codes:
        return
    st.markdown("**Offene Codes für Ihre Initiative**")
    st.caption(
        "Wer einen dieser Codes hat, kann Zugang erhalten. Unbekannte Codes ziehen Sie zurück."
    )
    show_table(
        {
            "Art": [
                "Einladung" if c.kind == "invitation" else "Passwort-Rücksetzung"
                for c in open_codes
            ],
            "Für": [c.username or "neues Mitglied" for c in open_codes],
            "Erstellt von": [c.created_by or "Betrieb" for c in open_codes],
            "Gültig bis": [local_time(c.expires_at) for c in open_codes],
        },
        hide_index=True,
        key="team-open-codes",
        column_config={
            "Art": st.column_config.TextColumn(width=170),
            "Gültig bis": st.column_config.TextColumn(width=165),
        },
    )
    by_id = {c.code_id: c for c in open_codes}
    code_id = st.selectbox(
        "Code zurückziehen",
        list(by_id),
        format_func=lambda i: (
            f"{by_id[i].created_by or 'Betrieb'}, gültig bis {local_time(by_id[i].expires_at)}"
        ),
        key="team-revoke-pick",
    )
    st.button("Zurückziehen", key="team-revoke-code", on_click=_revoke_team_code, args=(code_id,))


def _invite_colleague() -> None:
    """Button callback, before the page is drawn: the team's open codes below then list the
    new code. The plain code is kept for exactly the next run, which shows it and drops it."""
    actor = current_actor()
    try:
        if actor is None:
            raise UserError(PLEASE_LOG_IN)
        st.session_state[NEW_INVITATION] = invitations.create_member_invitation(get_engine(), actor)
    except UserError as exc:
        st.session_state[NEW_INVITATION] = str(exc)


def _render_colleague_invitation(initiative_name: str) -> None:
    st.markdown("**Kolleg:in einladen**")
    st.caption(
        "Ein Einladungscode gibt genau einer weiteren Person Zugang zu Ihrer Initiative. Alle "
        "Mitglieder sehen, wer dazukommt."
    )
    st.button(
        "Einladungscode für Ihre Initiative erstellen",
        key="team-invite",
        on_click=_invite_colleague,
    )
    issued = st.session_state.pop(NEW_INVITATION, None)
    if isinstance(issued, str):
        st.error(issued)
    elif issued is not None:
        render_issued_invitation(
            issued,
            f"Einladung in Ihre Initiative „{escape_markdown(initiative_name)}“ erstellt",
            page_path="settings",
            label=initiative_name,
        )


def _render_colleague_reset(actor: Actor) -> None:
    targets = invitations.reset_targets(get_engine(), actor)
    if not targets:
        return
    st.markdown("**Passwort einer Kollegin oder eines Kollegen zurücksetzen**")
    st.caption(
        "Hat jemand aus Ihrer Initiative Passwort und Wiederherstellungscode verloren, erstellen "
        "Sie hier einen Rücksetzcode. Die Person sieht bei der nächsten Anmeldung, wer ihn "
        "erstellt hat."
    )
    by_id = {u.user_id: u for u in targets}
    user_id = st.selectbox(
        "Mitglied",
        list(by_id),
        format_func=lambda i: f"{by_id[i].username} ({by_id[i].display_name})",
        key="team-reset-user",
    )
    if st.button("Rücksetzcode erstellen", key="team-reset-create"):
        try:
            issued = invitations.issue_reset_code(get_engine(), actor, user_id)
        except UserError as exc:
            st.error(str(exc))
        else:
            st.success(
                f"Rücksetzcode für {by_id[user_id].username} – gültig bis {local_time(issued.expires_at)}:"
            )
            st.code(issued.code, language=None)


def _render_leave(actor: Actor, may_leave: bool) -> None:
    st.markdown("**Initiative verlassen**")
    if not may_leave:
        st.caption(members.LAST_MEMBER)
        return
    st.caption(
        "Ihr Konto wird gelöscht; die Daten der Initiative bleiben für die anderen Mitglieder "
        "erhalten. Das lässt sich nicht rückgängig machen."
    )
    with st.form("team-leave"):
        typed = st.text_input(f"Zur Bestätigung Ihren Benutzernamen eingeben ({actor.username})")
        if st.form_submit_button("Initiative verlassen und Konto löschen"):
            try:
                members.leave_initiative(get_engine(), actor, typed)
            except UserError as exc:
                st.error(str(exc))
            else:
                forget_login(LEFT)
                st.success(LEFT)
                st.stop()
