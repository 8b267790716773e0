"""Pure pieces of the accounts code: password policy, codes, throttle arithmetic, the cookie
token, client addresses, configuration."""

from __future__ import annotations

import datetime as dt

import pytest

from mintqo.auth import client_address, codes, config, passwords, throttle, tokens

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
        ("Zähne putzen!", None),
        ("Kaffee und Kuchen", None),
    ],
)
def test_password_policy(password: str, problem: str | None) -> None:
    assert passwords.password_problem(password, "Anna.Meier") == problem


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
        "x" * 72,
        "Sonnenschein",
    ],
)
def test_guessable_passwords_are_refused_with_a_german_reason(weak: str) -> None:
    problem = passwords.password_problem(weak, "someone")
    assert problem is not None
    assert problem.startswith(passwords.TOO_GUESSABLE.split(":")[0]) or problem == (
        passwords.TOO_COMMON
    )


def test_the_users_own_names_and_the_apps_words_count_as_known_words() -> None:
    assert passwords.password_problem("zwiebelottokar4", "o.zwiebel", ["Ottokar Zwiebel"]) == (
        passwords.TOO_GUESSABLE.format(reason=passwords.REASONS["user_inputs"]) + passwords.BETTER
    )
    assert passwords.password_problem("zwiebelottokar4", "someone") is None
    assert "Namen der App" in passwords.password_problem("Mintqo2026!!", "someone")


def test_german_words_are_part_of_the_dictionary() -> None:
    # "fussballsommer" is random to plain zxcvbn, two known words with the German list
    assert "bekannten Wörtern" in passwords.password_problem("fussballsommer", "x")


def test_too_long_message_is_german_and_clear() -> None:
    assert "72 Bytes" in passwords.TOO_LONG


def test_repeated_password_must_match() -> None:
    assert passwords.new_password_problem("Gelbe Tomaten fliegen", "Gelbe Tomaten flogen") == (
        passwords.MISMATCH
    )
    assert (
        passwords.new_password_problem("Gelbe Tomaten fliegen", " Gelbe Tomaten fliegen ") is None
    )


# --- codes ------------------------------------------------------------------------------------


def test_codes_are_long_random_and_normalised_for_hashing() -> None:
    code = codes.new_code()
    assert len(code) == 23 and code.count("-") == 3
    assert set(code.replace("-", "")) <= set(codes.ALPHABET)
    assert len({codes.new_code() for _ in range(200)}) == 200
    assert codes.code_hash(code) == codes.code_hash(code.lower().replace("-", " "))
    assert codes.code_hash(code) != codes.code_hash(codes.new_code())
    assert len(codes.code_hash(code)) == 64


# --- throttle -----------------------------------------------------------------------------------


def fails(*minutes_and_clients, user: str = "anna", kind: str = "login") -> list[throttle.Attempt]:
    return [throttle.Attempt(minutes(m), user, c, kind, False) for m, c in minutes_and_clients]


def test_three_failures_cost_nothing_then_delays_double_up_to_five_minutes() -> None:
    assert throttle.delay_after(3, 3, throttle.PAIR_MAX_DELAY) == dt.timedelta(0)
    assert [
        throttle.delay_after(n, 3, throttle.PAIR_MAX_DELAY).total_seconds() for n in range(4, 13)
    ] == [2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert throttle.delay_after(10_000, 3, throttle.PAIR_MAX_DELAY) == throttle.PAIR_MAX_DELAY


def test_delay_runs_from_the_last_failure_of_that_account_and_address() -> None:
    events = fails((0, "a"), (0.1, "a"), (0.2, "a"), (0.3, "a"), (0.4, "a"))  # 5 failures
    verdict = throttle.assess(events, events, "anna", "a", minutes(0.4))
    assert verdict.wait_until == minutes(0.4) + dt.timedelta(seconds=4)
    assert verdict.wait_seconds(minutes(0.4)) == 4
    assert throttle.assess(events, events, "anna", "a", minutes(0.5)).wait_until is None


def test_an_attackers_failures_do_not_slow_the_owner_at_another_address() -> None:
    attacker = fails(*[(i / 10, "attacker") for i in range(30)])
    owner = throttle.assess(attacker, [], "anna", "owner", minutes(3))
    assert owner.wait_until is None
    assert owner.captcha  # the account is under attack: a captcha, never a lock
    assert throttle.assess(attacker, attacker, "anna", "attacker", minutes(3)).wait_until


def test_one_address_trying_many_names_is_slowed_across_names() -> None:
    spray = [throttle.Attempt(minutes(i / 60), f"user{i}", "x", "login", False) for i in range(25)]
    verdict = throttle.assess([], spray, "someone-new", "x", minutes(0.5))
    assert verdict.captcha and verdict.wait_until is not None
    assert throttle.client_needs_captcha(spray, "x", minutes(0.5))
    assert not throttle.client_needs_captcha(spray, "y", minutes(0.5))


def test_success_from_the_address_clears_its_count_unlock_and_reset_clear_all() -> None:
    events = fails(*[(i / 10, "a") for i in range(6)])
    assert throttle.assess(events, [], "anna", "a", minutes(0.6)).wait_until
    ok = [*events, throttle.Attempt(minutes(0.55), "anna", "a", "login", True)]
    assert throttle.assess(ok, [], "anna", "a", minutes(0.6)) == throttle.Verdict(None, False)
    for kind in (throttle.UNLOCK, throttle.RESET):
        cleared = [*events, throttle.Attempt(minutes(0.55), "anna", "", kind, True)]
        assert throttle.assess(cleared, [], "anna", "a", minutes(0.6)) == throttle.Verdict()


def test_settings_password_checks_count_like_logins_and_old_failures_expire() -> None:
    events = fails(*[(i, "a") for i in range(5)], kind="password_check")
    assert throttle.assess(events, [], "anna", "a", minutes(4.01)).wait_until is not None
    assert throttle.assess(events, [], "anna", "a", minutes(65)) == throttle.Verdict()


def test_wait_message_is_german() -> None:
    assert "in 4 Sekunden erneut" in throttle.wait_message(4)
    assert "in etwa 5 Minuten erneut" in throttle.wait_message(300)


# --- the cookie token -------------------------------------------------------------------------

KEY32 = "k" * 40


def _b64(data: dict) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _forged(header: dict, payload: dict, signature: str = "") -> str:
    return f"{_b64(header)}.{_b64(payload)}.{signature}"


def test_token_round_trip_and_every_malformed_cookie_is_no_login() -> None:
    import jwt

    later = T0 + dt.timedelta(days=1)
    token = tokens.encode("anna", "sid-1", later, KEY32)
    assert tokens.decode(token, KEY32, T0) == tokens.Claims("anna", "sid-1", later)
    claims = {"sub": "anna", "sid": "sid-1", "exp": int(later.timestamp()) + 7200}
    bad = [
        _forged({"alg": "none", "typ": "JWT"}, claims),
        jwt.encode(claims, KEY32 * 2, algorithm="HS512"),
        jwt.encode(claims, "another key entirely, 32+ chars long", algorithm="HS256"),
        tokens.encode("anna", "sid-1", T0 - dt.timedelta(seconds=1), KEY32),  # expired
        jwt.encode({"username": "anna", "exp_date": 9e9}, KEY32, algorithm="HS256"),  # old kind
        jwt.encode({**claims, "sid": ""}, KEY32, algorithm="HS256"),
        jwt.encode({**claims, "exp": "tomorrow"}, KEY32, algorithm="HS256"),
        jwt.encode({**claims, "exp": 10**30}, KEY32, algorithm="HS256"),
        "garbage",
        "a.b.c",
        "....",
        "",
        "x" * 5000,
    ]
    for value in [*bad, None, 17, b"bytes"]:
        assert tokens.decode(value, KEY32, T0) is None, value


def test_session_ids_are_random_and_stored_only_as_hash() -> None:
    ids = {tokens.new_session_id() for _ in range(100)}
    assert len(ids) == 100 and all(len(i) >= 40 for i in ids)
    one = next(iter(ids))
    assert tokens.session_hash(one) != one and len(tokens.session_hash(one)) == 64


# --- client address ---------------------------------------------------------------------------


def test_client_address_trusts_proxy_headers_only_when_configured() -> None:
    headers = {"X-Real-IP": "203.0.113.7", "X-Forwarded-For": "1.2.3.4, 198.51.100.9"}
    assert client_address.client_key("10.0.0.2", headers, trusted_proxy=False) == "10.0.0.2"
    assert client_address.client_key("10.0.0.2", headers, trusted_proxy=True) == "203.0.113.7"
    forwarded = {"x-forwarded-for": "1.2.3.4, 198.51.100.9"}  # spoofed first entry ignored
    assert client_address.client_key("10.0.0.2", forwarded, True) == "198.51.100.9"
    assert client_address.client_key(None, {}, False) == ""
    assert client_address.client_key(object(), {}, False) == ""
    assert client_address.client_key("not an ip", {}, False) == ""
    v6 = client_address.client_key("2001:db8:1:2:3:4:5:6", {}, False)
    assert v6 == "2001:db8:1:2::/64"  # one /64 is one client
    assert client_address.client_key("::ffff:192.0.2.1", {}, False) == "192.0.2.1"


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
    assert not settings.cookie_secure and not settings.trusted_proxy
    assert settings.login_event_days == 90


def test_secure_cookie_trusted_proxy_and_retention_are_settings() -> None:
    env = {
        "MINTQO_COOKIE_KEY": KEY,
        "MINTQO_COOKIE_SECURE": "1",
        "MINTQO_TRUSTED_PROXY": "ja",
        "MINTQO_LOGIN_EVENT_DAYS": "30",
    }
    settings = config.load_settings(env)
    assert settings.cookie_secure and settings.trusted_proxy and settings.login_event_days == 30
    for bad in ("0", "abc", "5000"):
        with pytest.raises(config.AuthConfigError, match="MINTQO_LOGIN_EVENT_DAYS"):
            config.load_settings({"MINTQO_COOKIE_KEY": KEY, "MINTQO_LOGIN_EVENT_DAYS": bad})


def test_expiry_and_sleep_are_configurable_and_checked() -> None:
    env = {"MINTQO_COOKIE_KEY": KEY, "MINTQO_COOKIE_EXPIRY_DAYS": "0,5", "MINTQO_LOGIN_SLEEP": "0"}
    settings = config.load_settings(env)
    assert settings.cookie_expiry_days == 0.5 and settings.login_sleep == 0
    for bad in ("0", "-1", "abc", "31"):
        with pytest.raises(config.AuthConfigError):
            config.load_settings({"MINTQO_COOKIE_KEY": KEY, "MINTQO_COOKIE_EXPIRY_DAYS": bad})
    with pytest.raises(config.AuthConfigError):
        config.load_settings({"MINTQO_COOKIE_KEY": KEY, "MINTQO_LOGIN_SLEEP": "-1"})
