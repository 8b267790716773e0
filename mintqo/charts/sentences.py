"""Building blocks of the sentences that say in words what a chart shows (WCAG 1.1.1).

Each chart module has a pure ``*_sentence`` function next to its builder; the chart component
(``mintqo.ui.charts``) shows the sentence below the chart and gives it to screen readers as
the chart's description. Numbers follow :mod:`mintqo.formats`.
"""

from __future__ import annotations

from collections.abc import Iterable

from mintqo.formats import score, signed


def join_words(items: Iterable[str]) -> str:
    """'A', 'A und B', 'A, B und C'."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} und {words[-1]}"


def name_value(name: object, value: float) -> str:
    """'Pädagogisches Konzept (82)'."""
    return f"{name} ({score(value)})"


def name_change(name: object, value: float) -> str:
    """'Pädagogisches Konzept (+12)'."""
    return f"{name} ({signed(value)})"


def steps_text(steps: list[int]) -> str:
    """'Stufe 4', 'Stufen 1–3', 'Stufen 1, 2 und 5'."""
    steps = sorted(steps)
    if len(steps) == 1:
        return f"Stufe {steps[0]}"
    if steps == list(range(steps[0], steps[-1] + 1)) and len(steps) > 2:
        return f"Stufen {steps[0]}–{steps[-1]}"
    return "Stufen " + join_words(str(s) for s in steps)
