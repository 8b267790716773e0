"""AppTests of the account pages: registration, password reset and change, invitations, user
administration, role-dependent navigation, URL-id refusal, demo mode and the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from mintqo import demo
from mintqo.auth import accounts, clock
from mintqo.cli import main as cli_main
from mintqo.passwords import verify_password
from mintqo.store.users import actor_for, credential_for, list_users
from mintqo.ui.account_settings import PASSWORD_CHANGED, PASSWORD_RESET, REGISTERED
from mintqo.ui.demo_mode import BANNER
from mintqo.ui.guard import NO_PROJECT_ACCESS
from tests.conftest import DEMO_PASSWORD, app_test
from tests.test_login_flow import _button, _field, click, errors, login

COOKIE_KEY = "test-cookie-key-0123456789-abcdefghijklmnop"


@pytest.fixture(autouse=True)
def _login_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINTQO_COOKIE_KEY", COOKIE_KEY)
    monkeypatch.setenv("MINTQO_LOGIN_SLEEP", "0")


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
    return accounts.create_invitation(engine, actor, **kw).code


# --- registration -------------------------------------------------------------------------------


def register_page():
    at = app_test().run()
    return at.switch_page("pages/register.py").run()


def submit_registration(at, code: str, username: str, password: str = "mein neues passwort"):
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
    assert not at.exception and successes(at) == [REGISTERED]
    actor = actor_for(demo_db, "tueftel")
    assert actor is not None and actor.role == "initiative"
    # the new account logs in through the real form
    at = login(app_test().run(), "tueftel", "mein neues passwort")
    assert at.session_state["authentication_status"] is True


def test_registration_with_reused_code_is_refused(demo_db) -> None:
    code = invite(demo_db, initiative_id=1)
    assert successes(submit_registration(register_page(), code, "erste-person")) == [REGISTERED]
    at = submit_registration(register_page(), code, "zweite-person")
    assert errors(at) == [accounts.CODE_USED]
    assert actor_for(demo_db, "zweite-person") is None


def test_registration_with_expired_code_is_refused(demo_db, monkeypatch) -> None:
    code = invite(demo_db, initiative_id=1)
    later = clock.now() + dt.timedelta(days=15)
    monkeypatch.setattr(clock, "now", lambda: later)
    at = submit_registration(register_page(), code, "zu-spaet")
    assert errors(at) == [accounts.CODE_EXPIRED]
    assert actor_for(demo_db, "zu-spaet") is None


def test_registration_with_weak_password_explains_why(demo_db) -> None:
    code = invite(demo_db, initiative_id=1)
    at = submit_registration(register_page(), code, "schwach", password="1234567890")
    assert errors(at) == [
        "Dieses Passwort gehört zu den häufigsten Passwörtern. Bitte wählen Sie ein anderes."
    ]


# --- password reset and change ----------------------------------------------------------------


def test_password_reset_with_code_from_coordinator(demo_db) -> None:
    koord = actor_for(demo_db, "demo-koordination")
    ini = actor_for(demo_db, "demo-initiative")
    code = accounts.issue_reset_code(demo_db, koord, ini.user_id).code
    at = app_test().run()
    at = at.switch_page("pages/reset_password.py").run()
    fill(
        at,
        {
            "Benutzername": "demo-initiative",
            "Rücksetzcode": code,
            "Neues Passwort": "frisch gesetztes passwort",
            "Neues Passwort wiederholen": "frisch gesetztes passwort",
        },
    )
    at = _button(at, "Neues Passwort setzen").click().run()
    assert successes(at) == [PASSWORD_RESET]
    at = login(app_test().run(), "demo-initiative", "frisch gesetztes passwort")
    assert at.session_state["authentication_status"] is True


def test_password_change_on_settings_page(demo_db) -> None:
    at = app_test("demo-koordination").run()
    at = at.switch_page("pages/settings.py").run()
    fill(
        at,
        {
            "Aktuelles Passwort": "falsch-falsch",
            "Neues Passwort": "ganz neues passwort",
            "Neues Passwort wiederholen": "ganz neues passwort",
        },
    )
    at = _button(at, "Passwort ändern").click().run()
    assert errors(at) == [accounts.WRONG_CURRENT]
    _field(at, "Aktuelles Passwort").input(DEMO_PASSWORD)
    at = _button(at, "Passwort ändern").click().run()
    assert successes(at) == [PASSWORD_CHANGED]
    assert verify_password(
        "ganz neues passwort", credential_for(demo_db, "demo-koordination").password_hash
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


def test_coordinator_issues_reset_code_for_own_network_only(demo_db) -> None:
    at = app_test("demo-koordination").run()
    at = at.switch_page("pages/invitations.py").run()
    picker = next(s for s in at.selectbox if s.label == "Benutzerkonto")
    koord = actor_for(demo_db, "demo-koordination")
    expected = {
        f"{u.username} – {u.initiative_name}"
        for u in list_users(demo_db, koord.network_id)
        if u.role == "initiative"
    }
    assert expected and set(picker.options) == expected  # no coordinators, admins, other networks
    at = _button(at, "Rücksetzcode erstellen").click().run()
    assert len(at.code) == 1


def test_admin_disables_user_who_is_then_refused(demo_db) -> None:
    at = app_test("demo-admin").run()
    at = at.switch_page("pages/admin.py").run()
    assert not at.exception
    picker = next(s for s in at.selectbox if s.label == "Benutzerkonto bearbeiten")
    target = next(o for o in picker.options if o.startswith("demo-initiative"))
    picker.select(target)
    at = at.run()
    at = _button(at, "Konto deaktivieren").click().run()
    assert "Das Konto ist deaktiviert." in successes(at)
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


PROBE = """
import streamlit as st
from mintqo.ui.guard import require_actor, require_project_access

actor = require_actor("initiative", "coordinator", "admin")
owner = require_project_access(actor, st.query_params.get("project"), edit=st.query_params.get("edit") == "1")
st.write(f"Projekt {owner.project_id} der Initiative {owner.initiative_id}")
"""


def probe(username: str, project: str, edit: bool = False) -> AppTest:
    at = AppTest.from_string(PROBE, default_timeout=30)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.query_params["project"] = project
    if edit:
        at.query_params["edit"] = "1"
    return at.run()


def test_foreign_project_id_in_url_is_refused_without_data(demo_db) -> None:
    # project 2 belongs to initiative 2 (every initiative owns one project in the demo data)
    at = probe("demo-initiative", "2")
    assert errors(at) == [NO_PROJECT_ACCESS]
    assert not at.markdown  # nothing of the project was rendered
    own = probe("demo-initiative", "1")
    assert not errors(own) and own.markdown[0].value == "Projekt 1 der Initiative 1"


@pytest.mark.parametrize("bad", ["999999", "abc", "-1", "1 OR 1=1", ""])
def test_unknown_or_malformed_project_ids_get_the_same_refusal(demo_db, bad: str) -> None:
    assert errors(probe("demo-initiative", bad)) == [NO_PROJECT_ACCESS]


def test_coordinator_may_not_open_raw_project_of_own_network(demo_db) -> None:
    assert errors(probe("demo-koordination", "2")) == [NO_PROJECT_ACCESS]
    assert not errors(probe("demo-admin", "2", edit=True))


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
    at = login(app_test().run(), "programm.team", "kommandozeilen-passwort")
    assert at.session_state["authentication_status"] is True
    monkeypatch.setenv("WEAK_PW", "qwertyuiop")
    assert cli_main(["create-user", "schwach", "--role", "admin", "--password-env", "WEAK_PW"]) == 2
    assert "häufigsten" in capsys.readouterr().err


def test_cli_reset_code_and_disable(demo_db, capsys) -> None:
    assert cli_main(["reset-code", "demo-admin"]) == 0
    code = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    accounts.reset_password(demo_db, "demo-admin", code, "per cli gesetzt", "per cli gesetzt")
    assert cli_main(["disable-user", "demo-admin"]) == 0
    assert actor_for(demo_db, "demo-admin") is None
    assert cli_main(["enable-user", "demo-admin"]) == 0
    assert cli_main(["reset-code", "niemand"]) == 2
