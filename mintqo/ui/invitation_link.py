"""A freshly created invitation: the code, the registration link with the code filled in, and
its QR code to show on a screen or print for a workshop.

Shown once, right after the code was created (only its hash is stored). The link's base address
is ``MINTQO_PUBLIC_URL`` or, when that is unset, the address this browser used
(:mod:`mintqo.invitation_links`). Nothing here logs the code or the link.
"""

from __future__ import annotations

import os
import re

import streamlit as st

from mintqo.formats import local_time
from mintqo.invitation_links import (
    PUBLIC_URL_SETTING,
    PublicUrlError,
    base_from_browser,
    configured_base,
    is_local,
    registration_link,
)
from mintqo.qr import qr_png, qr_svg
from mintqo.services.account_codes import IssuedCode

QR_ALT = "QR-Code des Registrierungslinks mit eingetragenem Einladungscode"
ONE_ACCOUNT = (
    "Jeder Code gilt für genau ein Benutzerkonto und wird nur jetzt angezeigt. Geben Sie Link, "
    "QR-Code oder Code nur der Person, für die er gedacht ist – wer ihn hat, kann sich damit "
    "registrieren. Für mehrere Personen erstellen Sie mehrere Codes."
)
NO_ADDRESS = (
    "Die Adresse der App ist nicht bekannt, daher gibt es hier keinen Link. Geben Sie den Code "
    f"weiter; er wird unter „Registrieren“ eingetragen. (Betrieb: {PUBLIC_URL_SETTING} setzen.)"
)
LOCAL_ADDRESS = (
    "Dieser Link verweist auf „{host}“ und funktioniert nur auf diesem Rechner. Für einen "
    f"Workshop muss der Betrieb die öffentliche Adresse der App in {PUBLIC_URL_SETTING} eintragen."
)


def app_base_url(page_path: str) -> tuple[str | None, str | None]:
    """The app's address for links, and a German warning if it is missing or doubtful.

    ``page_path`` is the url path of the page calling this (e.g. ``"invitations"``), so the
    browser's address of that page can be turned into the app's address.
    """
    try:
        configured = configured_base(os.environ)
    except PublicUrlError as exc:
        configured, problem = None, str(exc)
    else:
        problem = None
    if configured is not None:
        return configured, None
    base = base_from_browser(st.context.url, page_path)
    if base is None:
        return None, problem or NO_ADDRESS
    if is_local(base):
        host = base.split("//", 1)[-1]
        return base, problem or LOCAL_ADDRESS.format(host=host)
    return base, problem


def _file_stem(label: str) -> str:
    """'Sternwarte am See' -> 'einladung-sternwarte-am-see' (ASCII, for any file system)."""
    folded = label.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:40].strip("-")
    return f"einladung-{slug}" if slug else "einladung"


def render_issued_invitation(
    issued: IssuedCode, what: str, *, page_path: str, label: str = ""
) -> None:
    """Code, link and QR code of a new invitation (``what`` says for whom it is)."""
    st.success(f"{what} – gültig bis {local_time(issued.expires_at)}.")
    base, problem = app_base_url(page_path)
    link = registration_link(base, issued.code) if base else None
    if problem:
        st.warning(problem)
    text_column, qr_column = st.columns([3, 2], gap="large")
    with text_column:
        if link:
            st.markdown("**Registrierungslink** (der Code ist darin schon eingetragen)")
            st.code(link, language=None, wrap_lines=True)
        st.markdown("**Einladungscode**")
        st.code(issued.code, language=None)
        st.caption(ONE_ACCOUNT)
    if link is None:
        return
    stem = _file_stem(label)
    with qr_column:
        st.image(qr_svg(link, title=QR_ALT), width=240, alt=QR_ALT)
        st.caption("Zum Scannen mit der Handykamera: öffnet die Registrierung mit diesem Code.")
        st.download_button(
            "QR-Code als PNG (zum Drucken)",
            data=qr_png(link),
            file_name=f"{stem}.png",
            mime="image/png",
            on_click="ignore",  # a rerun would take the code off the screen
            icon=":material/download:",
            key="invitation-qr-png",
        )
        st.download_button(
            "QR-Code als SVG (für Folien)",
            data=qr_svg(link, title=QR_ALT).encode("utf-8"),
            file_name=f"{stem}.svg",
            mime="image/svg+xml",
            on_click="ignore",
            icon=":material/download:",
            key="invitation-qr-svg",
        )
