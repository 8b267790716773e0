"""The browser loads the code of charts, tables and the first pages' widgets while the login
page is shown, not after the login click.

Streamlit's frontend loads the code of each element type (Vega-Lite charts, tables, metrics…)
the first time a page draws one: after a login, the first dashboard waited ≈ 50 requests and
the parsing of Vega before it could draw (demo login to a drawn coordinator dashboard: median
≈ 660 ms, of which ≈ 220 ms went to loading that code; benchmarks/README.md). The page shell
(:mod:`mintqo.ui.document`) therefore imports these parts as soon as the browser is idle after
the page has loaded. A later import of the same file by Streamlit finds the module already
loaded (the browser keeps one module per URL and document), so nothing is loaded twice.
Loaded code is not yet drawn code: React still puts each kind in late the first time a page
draws it, which :mod:`mintqo.ui.element_warmup` settles for the kinds the first pages draw.

The file names are Streamlit's own build names (``<Part>.<hash>.js`` in its static folder),
read from the installed Streamlit when the served folder is made; a part that is missing or
ambiguous is left out (it then loads as before). ``tests/test_chunk_preload.py`` checks that
every part is found exactly once in the installed Streamlit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

# The lazily loaded parts of Streamlit's frontend that the first page of a role draws (read off
# the browser's requests after each demo login): charts, tables and metrics on the dashboards,
# the HTML element, page links and radios on "Projekte", the network selector of the
# programme team.
PARTS = ("ArrowVegaLiteChart", "DataFrame", "Metric", "Html", "PageLink", "Radio", "Selectbox")
_BUILD_NAME = r"[A-Za-z0-9_-]+"
SCRIPT_ID = "mintqo-preload"


def chunk_files(js_dir: Path, parts: Iterable[str] = PARTS) -> list[str]:
    """The file name of each part in ``js_dir`` (Streamlit's ``static/js``), in the order of
    ``parts``; a part with no file or several is left out."""
    names = [p.name for p in js_dir.glob("*.js")] if js_dir.is_dir() else []
    found = []
    for part in parts:
        pattern = re.compile(rf"{re.escape(part)}\.{_BUILD_NAME}\.js")
        matches = [name for name in names if pattern.fullmatch(name)]
        if len(matches) == 1:
            found.append(matches[0])
    return found


def preload_script(files: Sequence[str]) -> str:
    """An inline script that imports ``files`` (names beside Streamlit's own ``index.*.js``)
    once the page has loaded and the browser is idle; failures are ignored (the element then
    loads its code when drawn, as without this script)."""
    if not files:
        return ""
    for name in files:
        if not re.fullmatch(rf"{_BUILD_NAME}\.{_BUILD_NAME}\.js", name):
            raise ValueError(f"not a build file name: {name!r}")
    return f"""<script id="{SCRIPT_ID}">
(() => {{
  "use strict";
  const FILES = {json.dumps(list(files))};
  const load = () => {{
    const app = document.querySelector('script[type="module"][src*="static/js/"]');
    if (!app) return;
    for (const name of FILES) import(new URL(name, app.src).href).catch(() => {{}});
  }};
  const later = () => ("requestIdleCallback" in window
    ? requestIdleCallback(load, {{timeout: 2000}}) : setTimeout(load, 200));
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later, {{once: true}});
}})();
</script>"""
