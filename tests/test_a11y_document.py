"""The served page shell (issue 15): German document language, the site's title, the focus and
shortcut script, against the installed Streamlit's own ``index.html``.

The browser behaviour (lang after page switches, tab stops, focus outline, the "r" key) is
checked in ``tests/e2e/test_a11y_pages.py``; this file checks the patch itself and fails first
when a Streamlit upgrade changes the file or the private function it relies on.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit import file_util

from mintqo.config_check import CONFIG_PATH
from mintqo.ui import document
from mintqo.ui.chunk_preload import chunk_files
from mintqo.ui.document import (
    IndexPatchError,
    browser_title,
    build_patched_static_dir,
    install_patched_index,
    patched_index_html,
)

STREAMLIT_STATIC = Path(file_util.get_static_dir())


def streamlit_index() -> str:
    return (STREAMLIT_STATIC / "index.html").read_text(encoding="utf-8")


def test_streamlit_still_serves_the_file_we_patch():
    html = streamlit_index()
    assert html.count('<html lang="en">') == 1
    assert html.count("<title>Streamlit</title>") == 1
    assert html.count("</head>") == 1


def test_patched_index_is_german_and_carries_the_fixes():
    html = patched_index_html(streamlit_index())
    assert '<html lang="de">' in html and 'lang="en"' not in html
    assert "<title>mintqo</title>" in html
    head, body = html.split("</head>")
    # style and script sit in the head; the script is a classic inline one, so it runs while
    # the head is parsed, before Streamlit's deferred module script registers its key handler
    assert head.count(f'id="{document.MARKER}-style"') == 1
    assert head.count(f'<script id="{document.MARKER}-script">') == 1
    assert '<script type="module"' in head  # Streamlit's app: deferred by definition
    # everything else of Streamlit's file is kept
    original = streamlit_index()
    for line in original.splitlines():
        if "<html" in line or "<title>" in line or "</head>" in line:
            continue
        assert line in html
    assert body == original.split("</head>")[1]


def test_patch_refuses_a_changed_or_already_patched_file():
    with pytest.raises(IndexPatchError, match="nicht genau einmal"):
        patched_index_html(streamlit_index().replace('<html lang="en">', "<html>"))
    with pytest.raises(IndexPatchError, match="nicht genau einmal"):
        patched_index_html(streamlit_index().replace("</head>", "</head></head>"))
    with pytest.raises(IndexPatchError, match="bereits"):
        patched_index_html(patched_index_html(streamlit_index()))


def test_script_only_swallows_bare_r_and_c_outside_text_fields():
    script = document.SCRIPT
    assert 'new Set(["r", "c"])' in script
    assert "event.ctrlKey || event.metaKey || event.altKey" in script
    assert "isContentEditable" in script and '"INPUT", "TEXTAREA", "SELECT"' in script
    assert "stopImmediatePropagation" in script
    # the invisible iframes: out of the tab order and the accessibility tree, and back again
    for attribute in ('"tabindex", "-1"', '"aria-hidden", "true"', 'removeAttribute("tabindex")'):
        assert attribute in script


def test_focus_outline_uses_the_theme_primary_colour():
    theme = tomllib.loads(CONFIG_PATH.read_text(encoding="utf-8"))["theme"]
    assert theme["primaryColor"] == document.PRIMARY
    assert f"outline: 2px solid {document.PRIMARY} !important" in document.STYLE


def test_patched_static_dir_serves_streamlits_files(tmp_path: Path):
    target = build_patched_static_dir(STREAMLIT_STATIC, tmp_path / "static")
    names = {p.name for p in STREAMLIT_STATIC.iterdir()}
    assert {p.name for p in target.iterdir()} == names
    preload = chunk_files(STREAMLIT_STATIC / "static" / "js")
    assert (target / "index.html").read_text(encoding="utf-8") == patched_index_html(
        streamlit_index(), preload
    )
    for name in names - {"index.html"}:
        assert (target / name).resolve() == (STREAMLIT_STATIC / name).resolve()


def test_install_points_streamlit_at_the_patched_folder(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(file_util, "get_static_dir", file_util.get_static_dir)
    target = install_patched_index()
    try:
        assert file_util.get_static_dir() == str(target)
        assert '<html lang="de">' in (target / "index.html").read_text(encoding="utf-8")
        # Streamlit's static route asks file_util at server start (the name it calls)
        from streamlit.web.server.starlette import starlette_static_routes

        assert starlette_static_routes.file_util is file_util
    finally:
        import shutil

        shutil.rmtree(target, ignore_errors=True)


def test_browser_titles():
    assert browser_title("Mein Netzwerk") == "Mein Netzwerk – mintqo"
    assert browser_title("Anmelden") == "Anmelden – mintqo"


def test_streamlit_english_is_replaced_by_german():
    """Streamlit's own English texts (uploader, skip link, toolbar names) are replaced in the
    browser by the script of the page shell (checked in the browser by test_a11y_pages)."""
    from mintqo.ui import german_labels

    script = document.SCRIPT
    assert german_labels.SCRIPT in script and "translate();" in script
    assert german_labels.LABELS["Skip to main content"] == german_labels.SKIP_LINK
    for english, german in (*german_labels.LABELS.items(), *german_labels.PREFIXES.items()):
        assert english != german and german.strip(), english
