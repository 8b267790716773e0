"""Password policy (ASVS-style): length and guessability, no composition rules, no hints.

- at least 10 characters,
- at most 72 bytes in UTF-8 (bcrypt ignores or rejects anything longer),
- not one of the 1,000 most common passwords (``data/common-passwords.txt``), not the user name,
- not easy to guess: zxcvbn must estimate at least :data:`MIN_GUESSES` (10^10, its top score 4)
  guesses. Against a stolen bcrypt-12 hash that is months of GPU time; 10^8 (score 3) let
  "mintqodemo2026" and "annameier1234" through. zxcvbn's English dictionaries are extended by
  German words (``data/password-words-de.txt``); the app's own words (mintqo, MINT, …) and the
  user's names count as the first guesses. zxcvbn 4.5 does not see words behind separators
  ("mintqo-demo-2026" scores as random), so the password is also judged with spaces and
  punctuation removed, and the weaker result counts.

Passwords are compared after ``.strip()`` because streamlit-authenticator strips what users type
into its login form; we strip on setting too, so both sides agree.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from zxcvbn import zxcvbn
from zxcvbn.matching import add_frequency_lists

MIN_CHARS = 10
MAX_BYTES = 72
MIN_GUESSES = 10**10
DATA = Path(__file__).resolve().parents[2] / "data"
COMMON_PASSWORDS_FILE = DATA / "common-passwords.txt"
GERMAN_WORDS_FILE = DATA / "password-words-de.txt"
APP_WORDS = (
    "mintqo",
    "mint",
    "mintqualitätsoffensive",
    "qualitätsoffensive",
    "mintregion",
    "demo",
    "admin",
    "initiative",
    "koordination",
    "programmteam",
    "selbstanalyse",
)
_SEPARATORS = re.compile(r"[\s\-_.,;:+*/\\|!?#'\"()]+")

TOO_SHORT = f"Das Passwort muss mindestens {MIN_CHARS} Zeichen lang sein."
TOO_LONG = (
    f"Das Passwort ist zu lang: höchstens {MAX_BYTES} Bytes (etwa {MAX_BYTES} Zeichen ohne "
    "Umlaute, weniger mit Umlauten oder Sonderzeichen)."
)
TOO_COMMON = "Dieses Passwort gehört zu den häufigsten Passwörtern. Bitte wählen Sie ein anderes."
SAME_AS_USERNAME = "Das Passwort darf nicht der Benutzername sein."
MISMATCH = "Die beiden Passwörter stimmen nicht überein."
TOO_GUESSABLE = "Dieses Passwort ist zu leicht zu erraten: {reason}"
BETTER = (
    " Besser sind mehrere Wörter, die nicht zusammengehören, oder ein kurzer Satz – "
    "Sonderzeichen und Ziffern sind dafür nicht nötig."
)
REASONS = {
    "user_inputs": "Es enthält Ihren Namen, Ihren Benutzernamen oder den Namen der App.",
    "passwords": "Es ist oder enthält ein sehr häufig verwendetes Passwort.",
    "repeat": "Es besteht aus Wiederholungen wie „aaaa“ oder „abcabc“.",
    "sequence": "Es enthält eine Zeichenfolge wie „abcdef“ oder „123456“.",
    "spatial": "Es enthält ein Tastaturmuster wie „qwertz“ oder „asdfgh“.",
    "date": "Es enthält ein Datum oder eine Jahreszahl, die leicht zu erraten ist.",
    "regex": "Es enthält ein Datum oder eine Jahreszahl, die leicht zu erraten ist.",
    "dictionary": "Es besteht vor allem aus bekannten Wörtern oder Namen.",
}
REASON_ORDER = tuple(REASONS)
GENERIC_REASON = "Es ist zu kurz oder zu regelmäßig."

POLICY_HINT = (
    f"Mindestens {MIN_CHARS} Zeichen. Am besten mehrere Wörter, die nicht zusammengehören, "
    "oder ein kurzer Satz – Sonderzeichen sind nicht nötig."
)

# zxcvbn keeps the user's words in a module-level dictionary while it runs: one check at a time.
_ZXCVBN_LOCK = threading.Lock()


def _word_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip().lower() for line in lines if line.strip() and not line.startswith("#")]


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(_word_lines(COMMON_PASSWORDS_FILE))


@cache
def _load_german_words() -> bool:
    add_frequency_lists({"deutsch": _word_lines(GERMAN_WORDS_FILE)})
    return True


def normalise(password: str) -> str:
    return password.strip()


def _user_words(names: Iterable[str]) -> list[str]:
    words: list[str] = []
    for name in names:
        for part in [name, *_SEPARATORS.split(name)]:
            part = part.strip().lower()
            if len(part) >= 3 and part not in words:
                words.append(part)
    return [*words, *APP_WORDS]


def _reason(result: dict) -> str:
    kinds = []
    for match in result.get("sequence", []):
        pattern = match.get("pattern")
        if pattern == "dictionary":
            name = match.get("dictionary_name")
            kinds.append(name if name in ("user_inputs", "passwords") else "dictionary")
        elif pattern in REASONS:
            kinds.append(pattern)
    for kind in REASON_ORDER:
        if kind in kinds:
            return REASONS[kind]
    return GENERIC_REASON


def guessability_problem(password: str, names: Iterable[str] = ()) -> str | None:
    """Why zxcvbn finds ``password`` too easy to guess (German), or None."""
    _load_german_words()
    words = _user_words(names)
    variants = [password]
    squeezed = _SEPARATORS.sub("", password)
    if squeezed and squeezed != password:
        variants.append(squeezed)
    with _ZXCVBN_LOCK:
        results = [zxcvbn(v, user_inputs=words, max_length=MAX_BYTES) for v in variants]
    weakest = min(results, key=lambda r: r["guesses"])
    if weakest["guesses"] >= MIN_GUESSES:
        return None
    return TOO_GUESSABLE.format(reason=_reason(weakest)) + BETTER


def password_problem(
    password: str, username: str | None = None, names: Iterable[str] = ()
) -> str | None:
    """The German reason why ``password`` is not acceptable, or None if it is.

    ``names`` are further words of this user (display name, initiative) that must not carry
    the password.
    """
    password = normalise(password)
    if len(password) < MIN_CHARS:
        return TOO_SHORT
    if len(password.encode("utf-8")) > MAX_BYTES:
        return TOO_LONG
    if password.lower() in common_passwords():
        return TOO_COMMON
    if username and password.lower() == username.strip().lower():
        return SAME_AS_USERNAME
    return guessability_problem(password, [n for n in (username, *names) if n])


def new_password_problem(
    password: str, repeated: str, username: str | None = None, names: Iterable[str] = ()
) -> str | None:
    """As :func:`password_problem`, plus: both entries must match."""
    problem = password_problem(password, username, names)
    if problem is None and normalise(password) != normalise(repeated):
        return MISMATCH
    return problem
