"""Production checks of ``.streamlit/config.toml``. Pure: reads a file, returns problems.

Used by the test suite (and usable from a deployment script) to make sure the shipped config
keeps error details away from users, keeps XSRF protection on, limits uploads, turns off the
development file watcher, hides Streamlit's developer options from users, and keeps every text
colour of the theme at the contrast WCAG 2.1 AA asks for (:func:`contrast_pairs`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONFIG_PATH = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
MAX_UPLOAD_MB = 10  # the offline template limit is 5 MB; anything far above is a mistake
# "viewer" hides the developer options (rerun, clear cache, deploy); "minimal" hides the menu too.
TOOLBAR_MODES = ("viewer", "minimal")

TEXT_CONTRAST = 4.5  # WCAG 2.1 AA 1.4.3, normal text
NON_TEXT_CONTRAST = 3.0  # WCAG 2.1 AA 1.4.11, focus outline and control borders
# Streamlit 1.67 draws captions, hints and inactive menu entries in textColor at 60 % opacity
# (its theme's "fadedText60"); placeholders at 70 %.
CAPTION_OPACITY = 0.6
THEME_COLOURS = (
    "primaryColor",
    "backgroundColor",
    "secondaryBackgroundColor",
    "textColor",
    "linkColor",
)
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def _get(config: Mapping[str, Any], section: str, key: str) -> Any:
    value = config.get(section, {})
    return value.get(key) if isinstance(value, Mapping) else None


def check_config(config: Mapping[str, Any]) -> list[str]:
    """Problems of a parsed Streamlit config for production use (empty list: all fine)."""
    problems = []
    details = _get(config, "client", "showErrorDetails")
    if details not in ("none", False):
        problems.append(
            f'client.showErrorDetails ist {details!r}, muss "none" sein (Fehlerdetails nur ins Log).'
        )
    if _get(config, "server", "enableXsrfProtection") is not True:
        problems.append("server.enableXsrfProtection muss true sein (Schutz vor XSRF).")
    if _get(config, "server", "enableCORS") is False:
        problems.append("server.enableCORS darf nicht abgeschaltet werden.")
    upload = _get(config, "server", "maxUploadSize")
    if not isinstance(upload, int) or isinstance(upload, bool):
        problems.append("server.maxUploadSize muss gesetzt sein (Obergrenze für Uploads in MB).")
    elif not 1 <= upload <= MAX_UPLOAD_MB:
        problems.append(
            f"server.maxUploadSize ist {upload} MB, erlaubt sind 1 bis {MAX_UPLOAD_MB} MB."
        )
    if _get(config, "server", "fileWatcherType") != "none":
        problems.append('server.fileWatcherType muss "none" sein (kein Datei-Watcher im Betrieb).')
    if _get(config, "server", "runOnSave") is True:
        problems.append("server.runOnSave muss false sein.")
    if _get(config, "global", "developmentMode") is True:
        problems.append("global.developmentMode darf im Betrieb nicht an sein.")
    toolbar = _get(config, "client", "toolbarMode")
    if toolbar not in TOOLBAR_MODES:
        problems.append(
            f'client.toolbarMode ist {toolbar!r}, muss "viewer" oder "minimal" sein '
            "(keine Entwickler-Funktionen für Nutzende)."
        )
    problems.extend(_contrast_problems(config))
    return problems


# --- contrast of the theme ---------------------------------------------------------------------


@dataclass(frozen=True)
class ContrastPair:
    """One text (or outline) colour on one background, as the browser draws it."""

    what: str  # German, for the problem message and the README table
    foreground: str  # #rrggbb, after blending a translucent colour onto the background
    background: str
    required: float

    @property
    def ratio(self) -> float:
        return contrast_ratio(self.foreground, self.background)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _luminance(colour: str) -> float:
    """Relative luminance as WCAG 2.1 defines it."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two opaque #rrggbb colours (1.0 … 21.0)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def blend(colour: str, background: str, opacity: float) -> str:
    """The opaque colour a browser shows for ``colour`` at ``opacity`` over ``background``."""
    mixed = (
        round(opacity * c + (1 - opacity) * b)
        for c, b in zip(_rgb(colour), _rgb(background), strict=True)
    )
    return "#" + "".join(f"{v:02x}" for v in mixed)


def _theme(config: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The theme colours (lower-case #rrggbb) and the problems of missing or unreadable ones.

    The check does not guess Streamlit's defaults (they changed between versions): every colour
    it judges must be set in the file.
    """
    theme = config.get("theme", {})
    theme = theme if isinstance(theme, Mapping) else {}
    colours: dict[str, str] = {}
    problems = []
    for key in THEME_COLOURS:
        value = theme.get(key)
        if isinstance(value, str) and _HEX.fullmatch(value):
            colours[key] = value.lower()
        else:
            problems.append(f"theme.{key} muss als #rrggbb gesetzt sein (Kontrastprüfung).")
    sidebar = theme.get("sidebar", {})
    value = sidebar.get("backgroundColor") if isinstance(sidebar, Mapping) else None
    if isinstance(value, str) and _HEX.fullmatch(value):
        colours["sidebarBackgroundColor"] = value.lower()
    else:
        problems.append(
            "theme.sidebar.backgroundColor muss als #rrggbb gesetzt sein (Kontrastprüfung)."
        )
    return colours, problems


def contrast_pairs(config: Mapping[str, Any]) -> list[ContrastPair]:
    """Every text colour of the theme on the backgrounds it is drawn on (empty if a colour is
    missing; :func:`check_config` reports that)."""
    colours, problems = _theme(config)
    if problems:
        return []
    text, primary, link = colours["textColor"], colours["primaryColor"], colours["linkColor"]
    backgrounds = {
        "Seite": colours["backgroundColor"],
        "Eingabefelder": colours["secondaryBackgroundColor"],
        "Seitenleiste": colours["sidebarBackgroundColor"],
    }
    pairs = []
    for where, background in backgrounds.items():
        pairs.append(ContrastPair(f"Text auf {where}", text, background, TEXT_CONTRAST))
        pairs.append(
            ContrastPair(
                f"Hinweistext (Caption) auf {where}",
                blend(text, background, CAPTION_OPACITY),
                background,
                TEXT_CONTRAST,
            )
        )
    page = colours["backgroundColor"]
    pairs += [
        ContrastPair("Links auf Seite", link, page, TEXT_CONTRAST),
        ContrastPair("Schrift auf Hauptschaltflächen", page, primary, TEXT_CONTRAST),
        ContrastPair("Fokusrahmen auf Seite", primary, page, NON_TEXT_CONTRAST),
        ContrastPair(
            "Fokusrahmen auf Seitenleiste",
            primary,
            colours["sidebarBackgroundColor"],
            NON_TEXT_CONTRAST,
        ),
    ]
    return pairs


def _contrast_problems(config: Mapping[str, Any]) -> list[str]:
    _, problems = _theme(config)
    for pair in contrast_pairs(config):
        if pair.ratio < pair.required:
            problems.append(
                f"{pair.what}: Kontrast {pair.ratio:.2f}:1 ({pair.foreground} auf "
                f"{pair.background}), nötig sind {pair.required:g}:1."
            )
    return problems


def check_config_file(path: Path = CONFIG_PATH) -> list[str]:
    """Problems of the config file at ``path`` (a missing or unreadable file is one problem)."""
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [f"{path} fehlt."]
    except tomllib.TOMLDecodeError as exc:
        return [f"{path} ist kein gültiges TOML: {exc}"]
    return check_config(config)
