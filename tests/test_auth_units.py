"""Pure pieces of the accounts code: password policy, codes, lockout arithmetic, configuration."""

from __future__ import annotations

import datetime as dt

import pytest

from mintqo.auth import codes, config, lockout, passwords

T0 = dt.datetime(2026, 11, 2, 10, 0)


def minutes(m: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=m)


# --- passwords --------------------------------------------------------------------------------


def test_common_password_list_has_1000_lower_case_entries() -> None:
    common = passwords.common_passwords()
    assert len(common) == 1000
    assert "123456" in common and "password" in common
    assert all(p == p.lower() for p in common)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("kurz", passwords.TOO_SHORT),
        ("   neun9   ", passwords.TOO_SHORT),  # stripped, as the login form does
        ("1234567890", passwords.TOO_COMMON),
        ("QWERTYUIOP", passwords.TOO_COMMON),  # case does not help
        ("ä" * 37, passwords.TOO_LONG),  # 37 characters but 74 bytes
        ("x" * 73, passwords.TOO_LONG),
        ("anna.meier", passwords.SAME_AS_USERNAME),
        ("ein langer satz ohne sonderzeichen", None),
        ("x" * 72, None),
        ("Zähne putzen!", None),
    ],
)
def test_password_policy(password: str, problem: str | None) -> None:
    assert passwords.password_problem(password, "Anna.Meier") == problem


def test_too_long_message_is_german_and_clear() -> None:
    assert "72 Bytes" in passwords.TOO_LONG


def test_repeated_password_must_match() -> None:
    assert passwords.new_password_problem("gute-passphrase-1", "gute-passphrase-2") == (
        passwords.MISMATCH
    )
    assert passwords.new_password_problem("gute-passphrase-1", " gute-passphrase-1 ") is None


# --- codes ------------------------------------------------------------------------------------


def test_codes_are_long_random_and_normalised_for_hashing() -> None:
    code = codes.new_code()
    assert len(code) == 23 and code.count("-") == 3
    assert set(code.replace("-", "")) <= set(codes.ALPHABET)
    assert len({codes.new_code() for _ in range(200)}) == 200
    assert codes.code_hash(code) == codes.code_hash(code.lower().replace("-", " "))
    assert codes.code_hash(code) != codes.code_hash(codes.new_code())
    assert len(codes.code_hash(code)) == 64


# --- lockout ------------------------------------------------------------------------------------


def test_four_failures_do_not_lock() -> None:
    events = [(minutes(i), False) for i in range(4)]
    assert lockout.locked_until(events, minutes(5)) is None


def test_fifth_failure_within_window_locks_for_fifteen_minutes() -> None:
    events = [(minutes(i), False) for i in range(5)]
    assert lockout.locked_until(events, minutes(5)) == minutes(19)
    assert lockout.locked_until(events, minutes(18.9)) == minutes(19)
    assert lockout.locked_until(events, minutes(19)) is None


def test_failures_spread_wider_than_the_window_do_not_lock() -> None:
    events = [(minutes(i * 4), False) for i in range(5)]  # 0..16 min: never 5 within 15 min
    assert lockout.locked_until(events, minutes(17)) is None


def test_a_success_clears_earlier_failures() -> None:
    events = [(minutes(i), False) for i in range(4)] + [(minutes(4), True), (minutes(5), False)]
    assert lockout.locked_until(events, minutes(6)) is None


def test_order_of_events_does_not_matter() -> None:
    events = [(minutes(i), False) for i in reversed(range(5))]
    assert lockout.locked_until(events, minutes(6)) == minutes(19)


# --- configuration ------------------------------------------------------------------------------

KEY = "k" * 32


def test_cookie_key_required_outside_demo_mode() -> None:
    with pytest.raises(config.AuthConfigError) as info:
        config.load_settings({})
    assert "MINTQO_COOKIE_KEY" in str(info.value) and "32 Zeichen" in str(info.value)


def test_short_cookie_key_refused() -> None:
    with pytest.raises(config.AuthConfigError) as info:
        config.load_settings({"MINTQO_COOKIE_KEY": "k" * 31})
    assert "zu kurz" in str(info.value)


def test_secret_used_when_env_is_missing_and_env_wins() -> None:
    assert config.load_settings({}, secret_cookie_key=KEY).cookie_key == KEY
    other = "e" * 40
    assert config.load_settings({"MINTQO_COOKIE_KEY": other}, KEY).cookie_key == other


def test_demo_mode_has_a_fixed_key_and_defaults() -> None:
    settings = config.load_settings({"MINTQO_DEMO": "1"})
    assert settings.demo and settings.cookie_key == config.DEMO_COOKIE_KEY
    assert settings.cookie_expiry_days == 1.0
    assert settings.login_sleep == config.DEFAULT_LOGIN_SLEEP


def test_expiry_and_sleep_are_configurable_and_checked() -> None:
    env = {"MINTQO_COOKIE_KEY": KEY, "MINTQO_COOKIE_EXPIRY_DAYS": "0,5", "MINTQO_LOGIN_SLEEP": "0"}
    settings = config.load_settings(env)
    assert settings.cookie_expiry_days == 0.5 and settings.login_sleep == 0
    for bad in ("0", "-1", "abc", "31"):
        with pytest.raises(config.AuthConfigError):
            config.load_settings({"MINTQO_COOKIE_KEY": KEY, "MINTQO_COOKIE_EXPIRY_DAYS": bad})
    with pytest.raises(config.AuthConfigError):
        config.load_settings({"MINTQO_COOKIE_KEY": KEY, "MINTQO_LOGIN_SLEEP": "-1"})
