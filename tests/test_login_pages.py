"""AppTests of the account pages: registration, password reset and change, invitations, user
administration, role-dependent navigation, URL-id refusal, demo mode and the CLI."""

from __future__ import annotations

import datetime as dt

import pytest

from mintqo import demo
from mintqo.auth import clock, throttle
from mintqo.cli import main as cli_main
from mintqo.passwords import verify_password
from mintqo.services import account_codes as codes
from mintqo.services import accounts, invitations
from mintqo.store.users import actor_for, credential_for
from mintqo.ui.account_settings import PASSWORD_CHANGED, PASSWORD_RESET, REGISTERED
from mintqo.ui.demo_mode import BANNER
from tests.conftest import DEMO_PASSWORD, app_test, open_section
from tests.test_login_flow import _button, _field, click, errors, login

COOKIE_KEY = "test-cookie-key-0123456789-abcdefghijklmnop"


@pytest.fixture(autouse=True)
def _login_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINTQO_COOKIE_KEY", COOKIE_KEY)
    monkeypatch.setenv("MINTQO_LOGIN_SLEEP", "0")
    monkeypatch.delenv("MINTQO_PUBLIC_URL", raising=False)  # no link: the code is at.code[0]


def fill(at, values: dict[str, str]):
    for label, value in values.items():
        _field(at, label).input(value)
    return at


def successes(at) -> list[str]:
    return [s.value for s in at.success]


def invite(engine, koord: str = "demo-koordination", **kw) -> str:
    actor = actor_for(engine, koord)
    kw.setdefault("role", "initiative")
    kw.setdefault("network_id", actor.network_id)
    return invitations.create_invitation(engine, actor, **kw).code


def member_invite(engine, member: str = "demo-initiative") -> str:
    return invitations.create_member_invitation(engine, actor_for(engine, member)).code


# --- registration -------------------------------------------------------------------------------


def register_page():
    at = app_test().run()
    return at.switch_page("pages/register.py").run()


def submit_registration(at, code: str, username: str, password: str = "Gelbe Tomaten fliegen"):
    fill(
        at,
        {
            "Einladungscode": code,
            "Benutzername": username,
            "Anzeigename": "Neue Person",
            "Neues Passwort": password,
            "Neues Passwort wiederholen": password,
        },
    )
    return _button(at, "Konto anlegen").click().run()


def test_registration_with_valid_code_then_login(demo_db) -> None:
    code = invite(demo_db, new_initiative_name="Tüftelwerkstatt Süd")
    at = submit_registration(register_page(), code, "tueftel")
    assert not at.exception
    assert successes(at) == [REGISTERED + " Sie gehören zur Initiative „Tüftelwerkstatt Süd“."]
    assert any("neue Initiative „Tüftelwerkstatt Süd“" in i.value for i in at.info)
    recovery = [c.value for c in at.code]
    assert len(recovery) == 1 and any("drucken Sie diesen Code aus" in c.value for c in at.caption)
    actor = actor_for(demo_db, "tueftel")
    assert actor is not None and actor.role == "initiative"
    # the new account logs in through the real form
    at = login(app_test().run(), "tueftel", "Gelbe Tomaten fliegen")
    assert at.session_state["authentication_status"] is True
    # and the recovery code shown once resets its password without anyone's help
    accounts.reset_password(
        demo_db, "tueftel", recovery[0], "Kaffee und Kuchen", "Kaffee und Kuchen"
    )


def test_registration_page_names_the_initiative_the_code_joins(demo_db) -> None:
    code = member_invite(demo_db)
    at = register_page()
    _field(at, "Einladungscode").input(code)
    at = at.run()
    joined = [i.value for i in at.info if "bestehenden Initiative" in i.value]
    assert len(joined) == 1 and "„Einstellungen → Mitglieder“" in joined[0]


def test_registration_with_reused_code_is_refused(demo_db) -> None:
    code = member_invite(demo_db)
    assert successes(submit_registration(register_page(), code, "erste-person"))[0].startswith(
        REGISTERED
    )
    at = submit_registration(register_page(), code, "zweite-person")
    assert codes.CODE_USED in errors(at)
    assert actor_for(demo_db, "zweite-person") is None


def test_registration_with_expired_code_is_refused(demo_db, monkeypatch) -> None:
    code = member_invite(demo_db)
    later = clock.now() + dt.timedelta(days=15)
    monkeypatch.setattr(clock, "now", lambda: later)
    at = submit_registration(register_page(), code, "zu-spaet")
    assert codes.CODE_EXPIRED in errors(at)
    assert actor_for(demo_db, "zu-spaet") is None


@pytest.mark.parametrize(
    "weak",
    [
        "aaaaaaaaaa",
        "0000000000",
        "abcdefghij",
        "qwertzuiop",
        "passwort123",
        "hallo12345",
        "mintqo-demo-2026",
    ],
)
def test_registration_with_weak_password_explains_why(demo_db, weak: str) -> None:
    """Hardening 5: all of these were accepted (only 17 blocked passwords had 10+ characters)."""
    code = member_invite(demo_db)
    at = submit_registration(register_page(), code, "schwach", password=weak)
    assert len(errors(at)) == 1 and errors(at)[0].startswith("Dieses Passwort")
    assert actor_for(demo_db, "schwach") is None


# --- password reset and change ----------------------------------------------------------------


def test_password_reset_with_code_from_the_programme_team(demo_db) -> None:
    admin = actor_for(demo_db, "demo-admin")
    ini = actor_for(demo_db, "demo-initiative")
    code = invitations.issue_reset_code(demo_db, admin, ini.user_id).code
    at = app_test().run()
    at = at.switch_page("pages/reset_password.py").run()
    fill(
        at,
        {
            "Benutzername": "demo-initiative",
            "Rücksetz- oder Wiederherstellungscode": code,
            "Neues Passwort": "frisch gesetztes passwort",
            "Neues Passwort wiederholen": "frisch gesetztes passwort",
        },
    )
    at = _button(at, "Neues Passwort setzen").click().run()
    assert successes(at) == [PASSWORD_RESET]
    at = login(app_test().run(), "demo-initiative", "frisch gesetztes passwort")
    assert at.session_state["authentication_status"] is True
    # at its next login the account is told who reset its password, and when
    notice = [w.value for w in at.warning if "neu gesetzt" in w.value]
    assert len(notice) == 1 and "Rücksetzcode von demo-admin (Programmteam)" in notice[0]


def test_password_change_on_settings_page(demo_db) -> None:
    at = app_test("demo-koordination").run()
    at = at.switch_page("pages/settings.py").run()
    fill(
        at,
        {
            "Aktuelles Passwort": "falsch-falsch",
            "Neues Passwort": "ganz neues Passwort am Meer",
            "Neues Passwort wiederholen": "ganz neues Passwort am Meer",
        },
    )
    at = _button(at, "Passwort ändern").click().run()
    assert errors(at) == [codes.WRONG_CURRENT]
    _field(at, "Aktuelles Passwort").input(DEMO_PASSWORD)
    at = _button(at, "Passwort ändern").click().run()
    assert successes(at) == [PASSWORD_CHANGED]
    assert verify_password(
        "ganz neues Passwort am Meer", credential_for(demo_db, "demo-koordination").password_hash
    )


# --- invitations and user administration pages ---------------------------------------------------


def test_coordinator_creates_invitation_code_on_invitations_page(demo_db) -> None:
    at = app_test("demo-koordination").run()
    at = at.switch_page("pages/invitations.py").run()
    assert not at.exception
    _field(at, "Name der neuen Initiative").input("Sternwarte am See")
    at = _button(at, "Einladungscode erstellen").click().run()
    shown = [c.value for c in at.code]
    assert len(shown) == 1
    code = shown[0]
    info = accounts.describe_invitation(demo_db, code)
    assert info.new_initiative and info.label == "Sternwarte am See"
    # the page lists it as open, and never shows the code again
    at = at.run()
    assert not at.code
    assert "Sternwarte am See" in at.dataframe[0].value["Für"].tolist()


def test_coordinator_gets_no_reset_codes_and_no_initiative_with_accounts(demo_db) -> None:
    """Leaks 1 and 2 on the page: no reset code for initiative accounts, no invitation into an
    initiative that already has an account."""
    at = app_test("demo-koordination").run()
    at = at.switch_page("pages/invitations.py").run()
    assert not [s for s in at.selectbox if s.label == "Benutzerkonto"]
    assert not [b for b in at.button if b.label == "Rücksetzcode erstellen"]
    next(r for r in at.radio if r.label == "Initiative").set_value("bestehend")
    at = at.run()
    offered = next((s for s in at.selectbox if s.label == "Initiative"), None)
    names = set(offered.options) if offered else set()
    koord = actor_for(demo_db, "demo-koordination")
    with_accounts = {
        r.name
        for r in __import__("mintqo.store.members", fromlist=["x"]).initiatives_of_network(
            demo_db, koord.network_id
        )
        if r.active_members
    }
    assert with_accounts and not names & with_accounts


def _only_member_left(engine) -> None:
    """Disable the demo initiative's two other members (its team rounds' colleagues), so
    demo-initiative is its only active account."""
    from sqlalchemy import update

    from mintqo.store.engine import write_session
    from mintqo.store.models import User

    with write_session(engine) as s:
        s.execute(
            update(User)
            .where(User.username.in_([demo.DEMO_USERS["team"], "demo-mitglied"]))
            .values(active=False)
        )


def test_members_see_their_team_and_invite_colleagues_in_settings(demo_db) -> None:
    _only_member_left(demo_db)
    at = app_test("demo-initiative").run()
    at = at.switch_page("pages/settings.py").run()
    team = next(d for d in at.dataframe if "Letzte Anmeldung" in d.value.columns)
    assert "demo-initiative" in team.value["Benutzername"].tolist()
    at = _button(at, "Einladungscode für Ihre Initiative erstellen").click().run()
    code = at.code[0].value
    info = accounts.describe_invitation(demo_db, code)
    assert not info.new_initiative and info.label == team_name(demo_db)
    # the only member cannot leave, and the page says why
    assert any("einzige aktive Mitglied" in c.value for c in at.caption)


def team_name(engine) -> str:
    from mintqo.services.members import my_team

    return my_team(engine, actor_for(engine, "demo-initiative")).initiative_name


def test_password_change_guesses_are_throttled_on_the_page(demo_db) -> None:
    """Hardening 6: eight wrong guesses, no throttle, no event; the ninth changed it."""
    at = app_test("demo-koordination").run()
    at = at.switch_page("pages/settings.py").run()
    for n in range(throttle.PAIR_FREE + 1):
        fill(
            at,
            {
                "Aktuelles Passwort": f"geraten-{n}-passwort",
                "Neues Passwort": "ganz neues Passwort am Meer",
                "Neues Passwort wiederholen": "ganz neues Passwort am Meer",
            },
        )
        at = _button(at, "Passwort ändern").click().run()
        assert errors(at) == [codes.WRONG_CURRENT]
    _field(at, "Aktuelles Passwort").input(DEMO_PASSWORD)
    at = _button(at, "Passwort ändern").click().run()
    assert errors(at) and errors(at)[0].startswith("Zu viele fehlgeschlagene Versuche")
    assert not verify_password(
        "ganz neues Passwort am Meer", credential_for(demo_db, "demo-koordination").password_hash
    )


def test_admin_disables_user_after_confirming_who_is_then_refused(demo_db) -> None:
    """Item 16: the admin is told what deactivating does and confirms; the table says
    "deaktiviert" in the same run that reports it; the account can no longer log in."""
    _only_member_left(demo_db)
    at = app_test("demo-admin").run()
    at = open_section(at.switch_page("pages/admin.py").run(), "Benutzer")
    assert not at.exception
    target = actor_for(demo_db, "demo-initiative")
    at.selectbox(key="admin-users-pick").set_value(target.user_id).run()
    at = at.button(key="admin-users-disable").click().run()
    asked = [w.value for w in at.warning if "wird deaktiviert" in w.value]
    assert len(asked) == 1
    assert "alle offenen Anmeldungen enden sofort" in asked[0]
    assert "Nichts wird gelöscht" in asked[0]
    assert "kein aktives Konto" in asked[0]  # the demo initiative's only account
    assert actor_for(demo_db, "demo-initiative") is not None  # asking changed nothing
    at = at.button(key="admin-users-disable-confirm").click().run()
    done = [s for s in successes(at) if "ist deaktiviert" in s]
    assert len(done) == 1 and "kann sich nicht mehr anmelden" in done[0]
    table = next(d.value for d in at.dataframe if "Status" in d.value.columns)
    assert table.set_index("Benutzername").loc["demo-initiative", "Status"] == "deaktiviert"
    assert not [w for w in at.warning if "wird deaktiviert" in w.value]
    assert actor_for(demo_db, "demo-initiative") is None
    at = login(app_test().run(), "demo-initiative", DEMO_PASSWORD)
    assert at.session_state["authentication_status"] is not True


# --- role-dependent navigation and URL ids -----------------------------------------------------


ALL_PAGES = {
    "pages/projects.py": {"initiative"},
    "pages/questionnaire.py": {"initiative"},
    "pages/profile.py": {"initiative"},
    "pages/action_plan.py": {"initiative"},
    "pages/network.py": {"coordinator", "admin"},
    "pages/workshop.py": {"coordinator", "admin"},
    "pages/invitations.py": {"coordinator", "admin"},
    "pages/national.py": {"admin"},
    "pages/admin.py": {"admin"},
    "pages/settings.py": {"initiative", "coordinator", "admin"},
    "pages/register.py": {"anonymous"},
    "pages/reset_password.py": {"anonymous"},
}


@pytest.mark.parametrize(
    ("username", "role"),
    [
        (None, "anonymous"),
        ("demo-initiative", "initiative"),
        ("demo-koordination", "coordinator"),
        ("demo-admin", "admin"),
    ],
)
def test_pages_offered_depend_on_role(demo_db, username: str | None, role: str) -> None:
    at = app_test(username).run()
    assert not at.exception
    for page, roles in ALL_PAGES.items():
        if role in roles:
            at.switch_page(page)  # registered: no error
        else:
            with pytest.raises(ValueError):
                at.switch_page(page)


# --- demo mode -------------------------------------------------------------------------------------


def test_demo_banner_and_one_click_login(demo_db, monkeypatch) -> None:
    monkeypatch.setenv("MINTQO_DEMO", "1")
    monkeypatch.delenv("MINTQO_COOKIE_KEY")
    at = app_test().run()
    assert BANNER in [i.value for i in at.info]
    at = click(at, "Als Demo-Netzwerkkoordination anmelden")
    assert not at.exception
    assert at.session_state["username"] == "demo-koordination"
    at.switch_page("pages/network.py")  # the coordinator's pages are registered


@pytest.mark.parametrize(("key", "username"), list(demo.DEMO_USERS.items()))
def test_demo_query_parameter_logs_in(demo_db, monkeypatch, key: str, username: str) -> None:
    monkeypatch.setenv("MINTQO_DEMO", "1")
    at = app_test()
    at.query_params["demo"] = key
    at = at.run()
    assert at.session_state["authentication_status"] is True
    assert at.session_state["username"] == username
    assert "demo" not in at.query_params
    # the login is recorded like any other (in the session's own write transaction)
    from mintqo.store.login_events import attempts_of

    assert [a.success for a in attempts_of(demo_db, username, dt.datetime(2000, 1, 1))] == [True]


def test_a_demo_logins_cookie_is_drawn_with_every_run_and_no_component(
    demo_db, monkeypatch
) -> None:
    """A run cut short by the next one may never reach the browser, and nothing reports the
    cookie written: every run of the session draws the cookie's script again (an iframe
    component would cost a load and a rerun per login, and a reader a component per run)."""
    from mintqo.auth import authenticator_adapter as adapter
    from mintqo.ui import login as login_ui

    SESSION_KEYS = (adapter.STATUS, adapter.USERNAME, adapter.NAME, adapter.SESSION_ID)
    monkeypatch.setenv("MINTQO_DEMO", "1")
    at = app_test()
    at.query_params["demo"] = "koordination"
    at = at.run()
    token = at.session_state[login_ui.COOKIE_TOKEN][0]

    def cookie_scripts(at) -> list[str]:
        return [h.proto.body for h in at.get("html") if "document.cookie" in h.proto.body]

    assert [token in s for s in cookie_scripts(at)] == [True]
    assert not at.get("component_instance")
    # A later run of the same browser session (AppTest runs app.py only on its first run, so
    # a new one carries the session's state over).
    later = app_test()
    for key in (*SESSION_KEYS, login_ui.COOKIE_PENDING, login_ui.COOKIE_TOKEN):
        later.session_state[key] = at.session_state[key]
    later = later.run()
    assert later.session_state["username"] == "demo-koordination"
    assert [token in s for s in cookie_scripts(later)] == [True]
    assert not later.get("component_instance")


def test_demo_links_and_buttons_do_nothing_outside_demo_mode(demo_db) -> None:
    at = app_test()
    at.query_params["demo"] = "admin"
    at = at.run()
    assert at.session_state["authentication_status"] is not True
    assert not [b for b in at.button if b.label.startswith("Als Demo")]
    assert BANNER not in [i.value for i in at.info]


# --- configuration and CLI ----------------------------------------------------------------------


def test_missing_cookie_key_stops_the_app_outside_demo_mode(demo_db, monkeypatch) -> None:
    monkeypatch.delenv("MINTQO_COOKIE_KEY")
    at = app_test("demo-admin").run()
    assert any("MINTQO_COOKIE_KEY" in e for e in errors(at))
    assert not at.text_input and not at.button
    monkeypatch.setenv("MINTQO_COOKIE_KEY", "zu-kurz")
    at = app_test().run()
    assert any("zu kurz" in e for e in errors(at))


def test_cli_create_user_can_log_in(demo_db, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NEW_PW", "kommandozeilen-passwort")
    code = cli_main(["create-user", "Programm.Team", "--role", "admin", "--password-env", "NEW_PW"])
    assert code == 0
    out = capsys.readouterr().out
    assert "Wiederherstellungscode" in out
    at = login(app_test().run(), "programm.team", "kommandozeilen-passwort")
    assert at.session_state["authentication_status"] is True
    for weak in ("qwertyuiop", "passwort123", "mintqo-demo-2026"):
        monkeypatch.setenv("WEAK_PW", weak)
        assert (
            cli_main(["create-user", "schwach", "--role", "admin", "--password-env", "WEAK_PW"])
            == 2
        )
        assert "Passwort" in capsys.readouterr().err


def test_cli_reset_code_and_disable(demo_db, capsys) -> None:
    assert cli_main(["reset-code", "demo-admin"]) == 0
    code = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    accounts.reset_password(demo_db, "demo-admin", code, "per cli gesetzt", "per cli gesetzt")
    assert verify_password("per cli gesetzt", credential_for(demo_db, "demo-admin").password_hash)
    assert cli_main(["disable-user", "demo-admin"]) == 0
    assert actor_for(demo_db, "demo-admin") is None
    assert cli_main(["enable-user", "demo-admin"]) == 0
    assert cli_main(["reset-code", "niemand"]) == 2


def test_admin_unlocks_a_throttled_account_in_the_user_administration(demo_db) -> None:
    from mintqo.store.login_events import record_login

    for _n in range(6):
        record_login(demo_db, "demo-koordination", False, clock.now(), client="203.0.113.9")
    at = app_test("demo-admin").run()
    at = open_section(at.switch_page("pages/admin.py").run(), "Benutzer")
    koord = actor_for(demo_db, "demo-koordination")
    at = at.selectbox(key="admin-users-pick").set_value(koord.user_id).run()
    assert any("6 fehlgeschlagene Anmeldeversuche von 1 Adresse" in c.value for c in at.caption)
    at = _button(at, "Entsperren").click().run()
    assert [s for s in successes(at) if "ist entsperrt" in s] == [
        "Die Anmeldung von demo\\-koordination ist entsperrt."
    ]
    from mintqo.services.login import check_attempt

    check = check_attempt(demo_db, "demo-koordination", "203.0.113.9")
    assert check.wait_seconds == 0 and not check.captcha


def test_a_missing_secrets_file_is_looked_for_once_a_minute(monkeypatch) -> None:
    """Every run asks for the cookie key; without a secrets file Streamlit would search the
    disk under a lock each time (200 sessions opening at once queue on it)."""
    from mintqo.ui import auth_settings

    asked: list[str] = []

    class NoSecretsFile:
        def get(self, key: str) -> None:
            asked.append(key)
            raise FileNotFoundError(key)

    now = [100.0]
    monkeypatch.setattr(auth_settings.st, "secrets", NoSecretsFile())
    monkeypatch.setattr(auth_settings, "_no_secrets_file_until", [0.0])
    monkeypatch.setattr(auth_settings, "_now", lambda: now[0])
    assert auth_settings._secret_cookie_key() is None
    now[0] += 59
    assert auth_settings._secret_cookie_key() is None
    assert asked == ["cookie_key"]
    now[0] += 2  # a file put there since is found within a minute
    auth_settings._secret_cookie_key()
    assert asked == ["cookie_key", "cookie_key"]
