"""The shared rules for user-typed text."""

from __future__ import annotations

import pytest

from mintqo.text import control_chars_message, escape_markdown, has_control_chars


@pytest.mark.parametrize("text", ["a\x00b", "\x07", "x\x1by", "\x0b"])
def test_control_characters_are_found(text: str) -> None:
    assert has_control_chars(text)


@pytest.mark.parametrize(
    "text", ["Zeile 1\nZeile 2\r\n", "Tab\tgetrennt", "Ümläut ß", "\u200b\u202e"]
)
def test_ordinary_text_is_not_refused(text: str) -> None:
    assert not has_control_chars(text)


def test_message_names_the_field_in_german() -> None:
    assert control_chars_message("Die Notiz").startswith(
        "Die Notiz enthält unzulässige Steuerzeichen"
    )


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("[x](javascript:alert(1))", r"\[x\]\(javascript\:alert\(1\)\)"),
        ("![img](http://e.x/p.png)", r"\!\[img\]\(http\://e\.x/p\.png\)"),
        ("<script>", r"\<script\>"),
        (":red[rot] $x$", r"\:red\[rot\] \$x\$"),
        ("Robotik-AG Süd", r"Robotik\-AG Süd"),
    ],
)
def test_escape_markdown_makes_every_special_character_literal(raw: str, escaped: str) -> None:
    assert escape_markdown(raw) == escaped
