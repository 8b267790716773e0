"""Production checks of ``.streamlit/config.toml``. Pure: reads a file, returns problems.

Used by the test suite (and usable from a deployment script) to make sure the shipped config
keeps error details away from users, keeps XSRF protection on, limits uploads, and turns off
the development file watcher.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

CONFIG_PATH = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
MAX_UPLOAD_MB = 10  # the offline template limit is 5 MB; anything far above is a mistake


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
