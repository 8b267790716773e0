"""Markdown escaping of user text (what is refused on the way in: ``test_validation.py``)."""

from __future__ import annotations

import pytest

from mintqo.text import escape_markdown


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
