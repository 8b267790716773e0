"""Contract tests: what mintqo.auth.authenticator_adapter assumes about streamlit-authenticator.

Each assumption the adapter makes about the library's internals is checked here against the
installed version, which must be the one pinned in requirements.txt. An upgrade that changes
any of them fails in this file, not somewhere in the login.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import re
from pathlib import Path

import streamlit_authenticator as stauth
from streamlit.testing.v1 import AppTest
from streamlit_authenticator.controllers import CookieController
from streamlit_authenticator.models import AuthenticationModel
from streamlit_authenticator.utilities import Encryptor, Helpers, LoginError

from mintqo.auth import authenticator_adapter as adapter

ROOT = Path(__file__).resolve().parents[1]


def test_installed_version_is_the_pinned_one() -> None:
    pinned = re.search(
        r"^streamlit-authenticator==(\S+)$",
        (ROOT / "requirements.txt").read_text(encoding="utf-8"),
        re.M,
    )
    assert pinned and pinned.group(1) == adapter.PINNED_VERSION
    assert importlib.metadata.version("streamlit-authenticator") == adapter.PINNED_VERSION


def test_the_library_keeps_the_credentials_dict_by_reference() -> None:
    source = inspect.getsource(AuthenticationModel.__init__)
    assert "self.credentials = credentials" in source


def test_password_check_asks_in_then_reads_password_then_bcrypt() -> None:
    source = inspect.getsource(AuthenticationModel.check_credentials)
    assert "if username not in self.credentials['usernames']" in source
    assert "Hasher.check_pw(password, self.credentials['usernames'][username]['password'])" in (
        source
    )


def test_login_success_writes_the_session_keys_the_adapter_reads() -> None:
    source = inspect.getsource(AuthenticationModel.login)
    for key in (adapter.STATUS, adapter.USERNAME, adapter.NAME, adapter.ROLES, adapter.EMAIL):
        assert f"st.session_state['{key}']" in source


def test_logout_clears_those_keys_and_sets_the_logout_flag() -> None:
    source = inspect.getsource(AuthenticationModel.logout)
    assert "st.session_state['logout'] = True" in source
    assert "callback(" in source


def test_the_view_uses_the_controller_methods_the_adapter_replaces() -> None:
    login = inspect.getsource(stauth.Authenticate.login)
    assert "self.cookie_controller.get_cookie()" in login
    assert "self.cookie_controller.set_cookie()" in login
    assert "entered_captcha" in login and "'login_captcha'" in login
    logout = inspect.getsource(stauth.Authenticate.logout)
    assert "self.cookie_controller.delete_cookie()" in logout
    assert set(inspect.signature(stauth.Authenticate.login).parameters) >= {
        "location", "fields", "key", "captcha", "callback"
    }  # fmt: skip


def test_captcha_errors_are_login_errors_and_the_captcha_is_kept_encrypted() -> None:
    source = inspect.getsource(Helpers.generate_captcha)
    assert "encryptor.encrypt" in source and "st.session_state[captcha_name]" in source
    check = inspect.getsource(stauth.controllers.AuthenticationController._check_captcha)
    assert "raise exception" in check
    assert issubclass(LoginError, Exception)
    key = "k" * 40
    assert adapter.captcha_text({adapter.CAPTCHA: Encryptor(key).encrypt("1234")}, key) == "1234"


def test_the_library_makes_its_cookie_manager_where_the_adapter_replaces_it() -> None:
    init = inspect.getsource(CookieController.__init__)
    assert "self.cookie_model = CookieModel(" in init
    from streamlit_authenticator.models import CookieModel, cookie_model

    assert "self.cookie_manager         =   stx.CookieManager()" in inspect.getsource(
        CookieModel.__init__
    )
    assert cookie_model.stx.CookieManager is adapter._NoCookieComponent


APP = """
import streamlit as st
from mintqo.auth.authenticator_adapter import AttemptAnswer, Authenticator, entry
from mintqo.auth.config import AuthSettings
from mintqo.passwords import hash_password

HASH = hash_password("richtiges passwort", rounds=4)

def check(name):
    return AttemptAnswer(entry("Anna", HASH, "admin") if name == "anna" else None)

auth = Authenticator(AuthSettings("k" * 40, 1, 0, False), check, lambda: hash_password("x", 4))
result = auth.login_form({"Username": "Benutzername", "Password": "Passwort", "Login": "Los"}, "f", False)
st.write(repr(result))
st.write(repr(auth.username()))
"""


def test_the_adapter_drives_the_real_login_form() -> None:
    at = AppTest.from_string(APP, default_timeout=30).run()
    assert not at.exception
    assert not at.get("component_instance")  # the library draws no cookie component
    at.text_input[0].input("Anna")
    at.text_input[1].input("richtiges passwort")
    at = at.button[0].click().run()
    assert "success=True" in at.markdown[0].value and at.markdown[1].value == "'anna'"
    at.text_input[0].input("niemand")
    at.text_input[1].input("richtiges passwort")
    at.session_state[adapter.STATUS] = None
    at = at.button[0].click().run()
    assert "attempted='niemand'" in at.markdown[0].value and "success=False" in at.markdown[0].value
