"""The one validator for names, free text and ratings (issue 12, leak 10)."""

from __future__ import annotations

import pytest

from mintqo.questionnaire import load_questionnaire
from mintqo.validation import (
    InvalidInput,
    check_rating,
    clean_name,
    clean_optional_name,
    clean_text,
)

Q = load_questionnaire()
ITEM = Q.items[0].id


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Init\x00NUL", "U+0000"),
        ("A\x1b[31mB", "U+001B"),
        ("Projekt \u202eevil", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Ro\u200bbotik", "U+200B ZERO WIDTH SPACE"),
        ("\ufeffBOM", "U+FEFF"),
        ("Privat\ue000", "U+E000"),
        ("DEL\x7f", "U+007F"),
    ],
)
def test_unsafe_characters_are_refused_in_names_and_texts_in_german(text: str, shown: str):
    with pytest.raises(InvalidInput) as name_error:
        clean_name(text, "Der Name des Netzwerks")
    message = str(name_error.value)
    assert message.startswith("Der Name des Netzwerks enthält ein unzulässiges")
    assert shown in message and "Bitte entfernen Sie es" in message
    with pytest.raises(InvalidInput):
        clean_text(text, "Die Notiz", max_chars=100)


def test_names_are_one_line_with_whitespace_normalised():
    assert clean_name("  MINT-Region   Nord ", "Der Name") == "MINT-Region Nord"
    assert clean_name("Schülerlabor «Ümläut» ß – e.V.", "Der Name") == (
        "Schülerlabor «Ümläut» ß – e.V."
    )
    with pytest.raises(InvalidInput, match="darf nicht leer sein"):
        clean_name("   ", "Der Name")
    with pytest.raises(InvalidInput, match="höchstens 5 Zeichen"):
        clean_name("sechs!", "Der Name", max_chars=5)
    assert clean_name("Zeile\nzwei", "Der Name") == "Zeile zwei"  # a name is one line
    assert clean_optional_name("", "Der Name") == ""
    assert clean_optional_name(None, "Der Name") == ""


def test_free_text_keeps_lines_tabs_and_emoji():
    text = "Erste Zeile\r\nZweite\tSpalte\n👩\u200d🔬 Forscherin"
    assert clean_text(text, "Die Notiz", max_chars=100) == (
        "Erste Zeile\nZweite\tSpalte\n👩\u200d🔬 Forscherin"
    )
    with pytest.raises(InvalidInput, match="höchstens 3 Zeichen"):
        clean_text("vier", "Die Notiz", max_chars=3)


def test_ratings_come_from_the_questionnaires_scale():
    assert Q.scale_values == frozenset({1, 2, 3, 4, 5})
    assert check_rating(Q, ITEM, 3) == 3
    assert check_rating(Q, ITEM, None) is None  # nicht zutreffend
    for bad in (0, 6, 3.5, "3", True):
        with pytest.raises(InvalidInput, match="erlaubt sind 1 bis 5"):
            check_rating(Q, ITEM, bad)
    with pytest.raises(InvalidInput, match="gibt es in diesem Fragebogen nicht"):
        check_rating(Q, "ZZ9.9", 3)
