"""The HTML document around the app: language, browser titles, keyboard focus, shortcuts.

Streamlit 1.67 serves one ``index.html`` for every page, with ``<html lang="en">`` hard-coded
(upstream: https://github.com/streamlit/streamlit/issues/15726) and no way to change it from a
script. ``python -m mintqo serve`` therefore serves a patched copy of Streamlit's static folder
(:func:`install_patched_index`): the same files, with an ``index.html`` that says ``lang="de"``
and carries a small stylesheet and script for what the app cannot reach otherwise:

- **Invisible component iframes leave the tab order.** A component of height 0 (the login's
  cookie manager was one) is an iframe that becomes the first tab stop in the main area
  (https://github.com/streamlit/streamlit/issues/6605; no tabindex control,
  https://github.com/streamlit/streamlit/issues/7969). Every iframe narrower or lower than one
  pixel gets ``tabindex="-1"`` and ``aria-hidden="true"``, and loses both again once it has a
  size (a component can grow later; hidden tabs have size 0 until shown).
- **Focus is always visible.** One outline (the theme's primary colour, 5.7:1 on white) on every
  element focused by keyboard, also where Streamlit draws none (the scrollable main area, which
  Streamlit makes a tab stop) or a faint one; the main area gets a German name for that stop,
  and so does the focusable canvas of every table (``st.dataframe`` leaves it unnamed); a
  chart's or table's toolbar stays visible while one of its buttons has the focus (it is faded
  out until hovered otherwise).
- **German instead of Streamlit's English.** The uploader's "Upload" and "5MB per file", the
  skip link, and the names and tooltips of table and chart buttons ("Download as CSV", "Show
  data: …") are replaced in the browser (:mod:`mintqo.ui.german_labels`).
- **Chart and table code loads before it is needed.** While the login page is shown, the browser
  loads the code of the elements the first pages draw (:mod:`mintqo.ui.chunk_preload`).
- **No single-key shortcuts.** Streamlit reruns the script on the key "r" (and offers "c" to
  developers) whatever ``client.toolbarMode`` says; WCAG 2.1.4 asks that such shortcuts can be
  turned off. A keydown listener registered before Streamlit's own swallows a bare "r"/"c"
  outside text fields before it reaches Streamlit's document-level handler; typing is untouched.

The patch is made once per server process, before the server starts; the served file holds for
client-side page switches and reruns (the frontend never rewrites ``<html lang>``), which the
browser tests check on every page. Plain ``streamlit run app.py`` serves Streamlit's own file.

Browser titles: every page sets its own ("Mein Netzwerk – mintqo") through :func:`show_title`.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from mintqo.ui import german_labels
from mintqo.ui.chunk_preload import chunk_files, preload_script
from mintqo.ui.st_private import file_util

LANG = "de"
SITE = "mintqo"
ICON = ":material/radar:"
PRIMARY = "#1f6f8b"  # theme.primaryColor in .streamlit/config.toml (checked by config_check)
MAIN_AREA_NAME = "Seiteninhalt"  # the accessible name of Streamlit's focusable main area
TABLE_NAME = "Tabelle"  # the name of a table's focusable canvas (st.dataframe gives it none)

HTML_TAG = '<html lang="en">'
TITLE_TAG = "<title>Streamlit</title>"
HEAD_END = "</head>"
MARKER = "mintqo-document"  # id of the injected style and script (and the "already patched" sign)

STYLE = f"""<style id="{MARKER}-style">
/* mintqo: one clearly visible keyboard focus indicator everywhere (WCAG 2.4.7). */
:focus-visible {{ outline: 2px solid {PRIMARY} !important; outline-offset: 2px !important; }}
/* The main area fills the window: draw its outline inside, where it is not cut off. */
#stMain:focus-visible {{ outline-offset: -3px !important; outline-width: 3px !important; }}
/* A chart's toolbar is faded out until hovered; keep it visible while a button has the focus. */
[data-testid="stElementToolbar"]:focus-within {{
  opacity: 1 !important; visibility: visible !important; pointer-events: auto !important;
}}
</style>"""

SCRIPT = f"""<script id="{MARKER}-script">
(() => {{
  "use strict";
  document.documentElement.lang = "{LANG}";

  // Single-key shortcuts (WCAG 2.1.4): Streamlit's "r" reruns the app, "c" clears caches.
  // This listener is registered before Streamlit's own document listener, so stopping the
  // event here keeps it from Streamlit; text fields and keys with modifiers are left alone.
  const SHORTCUT_KEYS = new Set(["r", "c"]);
  const editable = (el) => !!el && (el.isContentEditable ||
      ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
  document.addEventListener("keydown", (event) => {{
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typeof event.key !== "string" || !SHORTCUT_KEYS.has(event.key.toLowerCase())) return;
    if (editable(event.target)) return;
    event.stopImmediatePropagation();
  }});

{german_labels.SCRIPT}
  // Invisible component iframes (components of height 0) leave the tab order and the
  // accessibility tree; they come back as soon as they have a size.
  const MARK = "data-mintqo-hidden";
  const tiny = (frame) => {{
    const box = frame.getBoundingClientRect();
    return box.width < 1 || box.height < 1;
  }};
  const update = (frame) => {{
    if (tiny(frame)) {{
      if (!frame.hasAttribute(MARK)) {{
        frame.setAttribute(MARK, "");
        frame.setAttribute("tabindex", "-1");
        frame.setAttribute("aria-hidden", "true");
      }}
    }} else if (frame.hasAttribute(MARK)) {{
      frame.removeAttribute(MARK);
      frame.removeAttribute("tabindex");
      frame.removeAttribute("aria-hidden");
    }}
  }};
  const sizes = new ResizeObserver((entries) => entries.forEach((e) => update(e.target)));
  const watched = new WeakSet();
  const scan = () => {{
    for (const frame of document.querySelectorAll("iframe")) {{
      if (!watched.has(frame)) {{
        watched.add(frame);
        sizes.observe(frame);
      }}
      update(frame);
    }}
    const main = document.getElementById("stMain");
    if (main && !main.hasAttribute("aria-label")) main.setAttribute("aria-label", "{MAIN_AREA_NAME}");
    for (const grid of document.querySelectorAll('canvas[data-testid="data-grid-canvas"]')) {{
      if (!grid.hasAttribute("aria-label")) grid.setAttribute("aria-label", "{TABLE_NAME}");
    }}
    translate();
  }};
  let pending = false;
  const schedule = () => {{
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {{ pending = false; scan(); }});
  }};
  new MutationObserver(schedule).observe(document.documentElement, {{
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ["aria-label", "placeholder"],
  }});
  schedule();
}})();
</script>"""


class IndexPatchError(RuntimeError):
    """Streamlit's index.html no longer looks as expected (a Streamlit upgrade changed it)."""


def patched_index_html(html: str, preload: Sequence[str] = ()) -> str:
    """Streamlit's ``index.html`` with ``lang="de"``, the site's name as the first title, and
    the stylesheet and script of this module before ``</head>`` (with the script that loads
    the build files ``preload`` once the page is idle, see :mod:`mintqo.ui.chunk_preload`).

    Each marker must occur exactly once, so an upgrade of Streamlit that changes the file fails
    loudly (in the tests and at server start) instead of silently serving English.
    """
    if MARKER in html:
        raise IndexPatchError("index.html ist bereits angepasst.")
    for marker in (HTML_TAG, TITLE_TAG, HEAD_END):
        if html.count(marker) != 1:
            raise IndexPatchError(f"index.html enthält {marker!r} nicht genau einmal.")
    return (
        html.replace(HTML_TAG, f'<html lang="{LANG}">')
        .replace(TITLE_TAG, f"<title>{SITE}</title>")
        .replace(HEAD_END, f"{STYLE}\n{SCRIPT}\n{preload_script(preload)}\n{HEAD_END}")
    )


def build_patched_static_dir(source: Path, target: Path) -> Path:
    """Fill ``target`` with ``source``'s entries (symbolic links, or copies where links are not
    possible) and a patched ``index.html``; returns ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.name == "index.html":
            continue
        link = target / entry.name
        try:
            link.symlink_to(entry, target_is_directory=entry.is_dir())
        except OSError:  # no symbolic links here (some file systems): copy instead
            if entry.is_dir():
                shutil.copytree(entry, link)
            else:
                shutil.copy2(entry, link)
    html = (source / "index.html").read_text(encoding="utf-8")
    preload = chunk_files(source / "static" / "js")
    (target / "index.html").write_text(patched_index_html(html, preload), encoding="utf-8")
    return target


def install_patched_index() -> Path:
    """Make this process's Streamlit server serve the patched ``index.html`` (call before the
    server starts; ``python -m mintqo serve`` does). Returns the folder served instead.

    Streamlit looks its static folder up through ``streamlit.file_util.get_static_dir`` when it
    builds its routes; that private function is replaced here (checked against the installed
    Streamlit by ``tests/test_a11y_document.py``). The folder is removed when the process ends.
    """
    source = Path(file_util.get_static_dir())
    target = build_patched_static_dir(source, Path(tempfile.mkdtemp(prefix="mintqo-static-")))
    atexit.register(shutil.rmtree, target, True)
    file_util.get_static_dir = lambda: str(target)
    return target


def browser_title(title: str) -> str:
    """The browser tab's text for a page: its own name first, then the site."""
    return f"{title} – {SITE}"


def show_title(title: str) -> None:
    """Configure the page being drawn, with its browser title: one message per run, sent once
    the page is known (again in the same run when a login switches to the user's first page)."""
    st.set_page_config(page_title=browser_title(title), page_icon=ICON, layout="wide")
