"""The one validator for what people type and rate: names, free text and answers. Pure functions.

Every writer (the app's forms, the CLI, the CSV and Excel imports, invitations, the admin screens)
passes user text through :func:`clean_name` or :func:`clean_text` before it reaches the store,
and ratings through :func:`check_rating`. Refused input raises :class:`InvalidInput` with a German
message naming the field; nothing is silently changed except surrounding and repeated whitespace
in names.

What is refused, and why:
- control characters (NUL above all: PostgreSQL cannot store it; ESC sequences colour terminals
  and logs), in names also tabs and line breaks;
- Unicode format characters such as the right-to-left override U+202E, which makes a name read
  differently from what it is ("Trojan Source"), zero-width spaces that make two names look the
  same, and byte-order marks;
- surrogates, private-use and unassigned code points, which no font shows.
Free text keeps line breaks and tabs, and the zero-width joiner of emoji sequences.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from mintqo.errors import UserError

if TYPE_CHECKING:
    from mintqo.questionnaire import Questionnaire

NAME_MAX_CHARS = 200
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_TEXT_ALLOWED = frozenset({"\n", "\t", "\u200d"})


class InvalidInput(UserError):
    """Input that cannot be stored; ``str(error)`` is the German message to show."""


def refused_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character of ``text`` that no name (or, with ``multiline``, no text) may hold."""
    allowed = _TEXT_ALLOWED if multiline else frozenset()
    for ch in text:
        if ch not in allowed and unicodedata.category(ch) in _REFUSED_CATEGORIES:
            return ch
    return None


def _character_message(what: str, ch: str) -> str:
    name = unicodedata.name(ch, "")
    shown = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
    kind = "Steuerzeichen" if unicodedata.category(ch) == "Cc" else "Formatzeichen"
    return (
        f"{what} enthält ein unzulässiges {kind} ({shown}), zum Beispiel aus einer kopierten "
        "Vorlage. Bitte entfernen Sie es und versuchen Sie es noch einmal."
    )


def clean_name(value: object, what: str, *, max_chars: int = NAME_MAX_CHARS) -> str:
    """A one-line name with whitespace normalised; refuses empty, overlong and unsafe names.

    ``what`` names the field in the message, e.g. "Der Name des Netzwerks".
    """
    text = value if isinstance(value, str) else ""
    ch = refused_character(text.replace(" ", ""))
    if ch is not None and ch not in "\t\n\r":
        raise InvalidInput(_character_message(what, ch))
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput(f"{what} darf nicht leer sein.")
    if len(cleaned) > max_chars:
        raise InvalidInput(f"{what} darf höchstens {max_chars} Zeichen haben.")
    return cleaned


def clean_optional_name(value: object, what: str, *, max_chars: int = NAME_MAX_CHARS) -> str:
    """Like :func:`clean_name`, but an empty value is allowed (returned as '')."""
    if not isinstance(value, str) or not value.strip():
        return ""
    return clean_name(value, what, max_chars=max_chars)


def clean_text(value: object, what: str, *, max_chars: int) -> str:
    """Free text (notes, measures, indicators): line breaks kept, unsafe characters refused.

    Windows line ends become ``\\n``; leading and trailing whitespace is removed.
    """
    text = value if isinstance(value, str) else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    ch = refused_character(text, multiline=True)
    if ch is not None:
        raise InvalidInput(_character_message(what, ch))
    if len(text) > max_chars:
        raise InvalidInput(f"{what} darf höchstens {max_chars} Zeichen haben.")
    return text


def check_rating(questionnaire: Questionnaire, item_id: str, value: object) -> int | None:
    """A rating of statement ``item_id``: a value of the questionnaire's scale, or None
    ("nicht zutreffend"). The scale comes from the questionnaire file, never from constants."""
    if item_id not in questionnaire.item_by_id:
        raise InvalidInput(f"Die Aussage {item_id!r} gibt es in diesem Fragebogen nicht.")
    if value is None:
        return None
    allowed = questionnaire.scale_values
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise InvalidInput(
            f"Ungültige Bewertung {value!r} für Aussage {item_id}: erlaubt sind "
            f"{min(allowed)} bis {max(allowed)} oder „nicht zutreffend“."
        )
    return value
