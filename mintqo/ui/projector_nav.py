"""Where the projector stands: the slide in the URL, checked, and the step to the next one.

The slide is part of the page's address (``…/workshop?folie=3``) so the coordinator's laptop
can reload, or a colleague can open the same place, without losing it. Whatever the address
says is only a wish: :func:`parse_slide` accepts a whole number of an existing slide and
nothing else. Stepping is done by the buttons "Zurück"/"Weiter"; Streamlit binds the arrow
keys to them (``st.button(shortcut="Left")``), which leaves the arrow keys alone while the
focus is in a text field or a list box, so keyboard users keep their usual keys there.
Pure: no Streamlit here, so every rule is tested on its own.
"""

from __future__ import annotations

SLIDE_PARAM = "folie"
NETWORK_PARAM = "netzwerk"
BACK_KEY = "Left"
NEXT_KEY = "Right"
MAX_DIGITS = 3


def parse_slide(value: object, count: int) -> int | None:
    """The slide number ``value`` names (1 … ``count``), or None for anything else."""
    if isinstance(value, list):  # a repeated parameter (?folie=1&folie=2): the last one
        value = value[-1] if value else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text.isascii() or not text.isdigit() or len(text) > MAX_DIGITS:
        return None
    number = int(text)
    return number if 1 <= number <= count else None


def step(current: int, delta: int, count: int) -> int:
    """The slide ``delta`` steps from ``current``; the first and last slide are the ends."""
    return min(count, max(1, current + delta))
