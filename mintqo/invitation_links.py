"""Registration links with the invitation code filled in. Pure: addresses in, addresses out.

A code typed from a slide is easy to get wrong; a link (or its QR code) opens "Registrieren"
with the code already in the form. The link's base address is the app's public address:

- ``MINTQO_PUBLIC_URL`` when the operator set it (a printed QR code must point to the address
  participants can reach, not to ``localhost`` or an internal host name), else
- the address the inviting person's browser used (``st.context.url``), which is right whenever
  they use the same address as everyone else.

The code travels in the query string (``?code=…``): the registration page reads it from there.
Nothing here logs anything; callers must not log links either (they are one-time credentials).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

PUBLIC_URL_SETTING = "MINTQO_PUBLIC_URL"
REGISTER_PATH = "register"  # url path of pages/register.py under st.navigation
CODE_PARAMETER = "code"
MAX_CODE_CHARS = 64
_CODE_CHARS = re.compile(r"^[A-Za-z0-9 -]+$")
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})


class PublicUrlError(ValueError):
    """``MINTQO_PUBLIC_URL`` is set but is no usable address (the message is German)."""


def configured_base(env: Mapping[str, str]) -> str | None:
    """The public address from ``MINTQO_PUBLIC_URL`` without a trailing slash; None if unset.

    Raises :class:`PublicUrlError` for values that would give broken links (no http(s) scheme,
    no host, a query or a fragment), so a wrong setting is noticed before anything is printed.
    """
    raw = env.get(PUBLIC_URL_SETTING, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublicUrlError(
            f"{PUBLIC_URL_SETTING} muss eine vollständige Adresse sein, die mit http:// oder "
            f"https:// beginnt (z. B. https://mintqo.example.org), nicht „{raw}“."
        )
    if parts.query or parts.fragment:
        raise PublicUrlError(
            f"{PUBLIC_URL_SETTING} darf weder „?“ noch „#“ enthalten, nur die Adresse der App."
        )
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def base_from_browser(page_url: str | None, page_path: str) -> str | None:
    """The app's address as the browser sees it, from the address of the page it shows.

    ``page_url`` is ``st.context.url`` (scheme, host, port and path, no query) on the page
    ``page_path`` (e.g. ``"invitations"``); that page's path is removed, so an app served
    under a path prefix (``https://host/mintqo/invitations``) keeps its prefix.
    """
    if not page_url:
        return None
    parts = urlsplit(page_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    path = parts.path.rstrip("/")
    suffix = "/" + page_path.strip("/")
    if page_path.strip("/") and path.endswith(suffix):
        path = path[: -len(suffix)]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def is_local(base: str) -> bool:
    """Does the address only work on the computer it is opened on (``localhost`` …)?"""
    return (urlsplit(base).hostname or "") in _LOCAL_HOSTS


def registration_link(base: str, code: str) -> str:
    """``<base>/register?code=<code>``: opens the registration form with the code filled in."""
    return f"{base.rstrip('/')}/{REGISTER_PATH}?{urlencode({CODE_PARAMETER: code.strip()})}"


def code_from_link(value: object) -> str:
    """The invitation code from a registration link's query parameter, or "" if it cannot be
    one (wrong characters, too long): a crafted link fills in nothing rather than odd text."""
    if not isinstance(value, str):
        return ""
    code = value.strip()
    if not code or len(code) > MAX_CODE_CHARS or not _CODE_CHARS.match(code):
        return ""
    return code
