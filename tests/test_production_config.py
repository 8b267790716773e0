"""The shipped .streamlit/config.toml is production-safe, and the checker notices regressions."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mintqo.config_check import CONFIG_PATH, check_config, check_config_file


def test_shipped_config_passes():
    assert check_config_file() == []


def test_shipped_config_sets_what_the_readme_promises():
    config = tomllib.loads(CONFIG_PATH.read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == 5
    assert config["server"]["fileWatcherType"] == "none"


GOOD = {
    "client": {"showErrorDetails": "none"},
    "server": {"enableXsrfProtection": True, "maxUploadSize": 5, "fileWatcherType": "none"},
}


@pytest.mark.parametrize(
    "section, key, value, expected",
    [
        ("client", "showErrorDetails", "full", "client.showErrorDetails ist 'full'"),
        ("client", "showErrorDetails", None, "client.showErrorDetails ist None"),
        ("server", "enableXsrfProtection", False, "server.enableXsrfProtection muss true sein"),
        ("server", "maxUploadSize", None, "server.maxUploadSize muss gesetzt sein"),
        ("server", "maxUploadSize", 200, "server.maxUploadSize ist 200 MB"),
        ("server", "fileWatcherType", "auto", 'server.fileWatcherType muss "none" sein'),
        ("server", "fileWatcherType", None, 'server.fileWatcherType muss "none" sein'),
        ("server", "enableCORS", False, "server.enableCORS darf nicht abgeschaltet werden"),
    ],
)
def test_each_regression_is_reported(section, key, value, expected):
    config = {s: dict(v) for s, v in GOOD.items()}
    if value is None:
        config[section].pop(key, None)
    else:
        config[section][key] = value
    assert check_config(GOOD) == []
    problems = check_config(config)
    assert len(problems) == 1 and problems[0].startswith(expected)


def test_missing_and_broken_files(tmp_path: Path):
    assert check_config_file(tmp_path / "fehlt.toml") == [f"{tmp_path / 'fehlt.toml'} fehlt."]
    broken = tmp_path / "config.toml"
    broken.write_text("[server\n", encoding="utf-8")
    assert "kein gültiges TOML" in check_config_file(broken)[0]
    assert len(check_config({})) == 4
