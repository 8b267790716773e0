"""QR codes of invitation links, to show in the page and to print. Pure: text in, image out.

A coordinator hands out invitations in a workshop: on a projector, on a printed sheet, or on
their phone held up to someone else's. Medium error correction (15 %) keeps a code readable
with a crease, a smudge or a projector's glare, and the quiet zone of four modules that the
standard asks for is kept, so phones find the code on any background.
"""

from __future__ import annotations

import io

import segno

ERROR_CORRECTION = "m"
QUIET_ZONE = 4  # modules of white around the code (ISO/IEC 18004)
PNG_SCALE = 12  # pixels per module: about 500 px for a link, sharp on A4 at 6 cm


def _code(text: str) -> segno.QRCode:
    # boost_error=False: the same text always gives the same symbol (tests compare them).
    return segno.make_qr(text, error=ERROR_CORRECTION, boost_error=False)


def qr_svg(text: str, title: str = "") -> str:
    """The QR code of ``text`` as an SVG document (scales to any size without blurring).

    ``title`` becomes the SVG's ``<title>``, read out by screen readers and shown on hover.
    """
    out = io.BytesIO()
    _code(text).save(
        out,
        kind="svg",
        scale=4,
        border=QUIET_ZONE,
        dark="#000",
        light="#fff",  # a white quiet zone also on a dark page theme
        title=title or None,
        xmldecl=False,
        nl=False,
        svgclass=None,
        lineclass=None,
    )
    return out.getvalue().decode("utf-8")


def qr_png(text: str, scale: int = PNG_SCALE) -> bytes:
    """The QR code of ``text`` as a PNG (for printing and for slides)."""
    out = io.BytesIO()
    _code(text).save(out, kind="png", scale=scale, border=QUIET_ZONE, dark="#000", light="#fff")
    return out.getvalue()
