"""Rules for text users type: one definition of what the store refuses.

Control characters (a NUL byte above all) are refused rather than stripped: PostgreSQL cannot
store NUL at all, and silently changing what someone typed is worse than asking them to fix it.
Tabs and line breaks are ordinary text.
"""

from __future__ import annotations

import re

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_control_chars(text: str) -> bool:
    return CONTROL_CHARS.search(text) is not None


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:")


def escape_markdown(text: str) -> str:
    """User text made inert for Markdown-rendering elements (titles, captions, alerts).

    Every Markdown and Streamlit directive character (``:red[…]``, ``$…$``, links, images,
    HTML tags) is backslash-escaped, so the text shows exactly as typed.
    """
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text)
