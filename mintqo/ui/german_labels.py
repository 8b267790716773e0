"""German for the English texts that Streamlit 1.67 draws itself (issue 14, item 9).

Streamlit has no translations (https://github.com/streamlit/streamlit/issues/1353): the file
uploader says "Upload" and "5MB per file • CSV, TXT", the first tab stop is "Skip to main
content", and the buttons of every table and chart are named "Download as CSV", "Show data: …",
"Fullscreen" for screen readers and in their tooltips. None of these can be set from a script.

:data:`SCRIPT` (part of the page shell served by :mod:`mintqo.ui.document`) replaces them in the
browser: whole texts and accessible names found in :data:`LABELS`, names that start with a
prefix of :data:`PREFIXES` (Streamlit appends the chart's description), and the uploader's size
limit. It runs on every change of the page, also when React writes the English text again; a
German text is never touched, so it cannot loop. Only exact, known texts are replaced: what the
app writes itself is German already.
"""

from __future__ import annotations

import json

SKIP_LINK = "Zum Inhalt springen"
"""The skip link's text (Streamlit: "Skip to main content"), the first tab stop of each page."""

LABELS: dict[str, str] = {
    "Skip to main content": SKIP_LINK,
    "Upload": "Datei auswählen",
    "file upload": "Datei hochladen",
    "Sidebar": "Seitenleiste",
    "Collapse sidebar": "Seitenleiste einklappen",
    "Expand sidebar": "Seitenleiste ausklappen",
    "App pages": "Seiten",
    "Link to heading": "Link zu dieser Überschrift",
    "Show password": "Passwort anzeigen",
    "Hide password": "Passwort verbergen",
    "Show/hide columns": "Spalten ein- oder ausblenden",
    "Download as CSV": "Als CSV herunterladen",
    "Search": "Suchen",
    "Fullscreen": "Vollbild",
    "Close fullscreen": "Vollbild beenden",
    "Exit fullscreen": "Vollbild beenden",
    "Decrement": "Verringern",
    "Increment": "Erhöhen",
    "Open": "Öffnen",
    "Clear all": "Alle entfernen",
    "Choose an option": "Bitte auswählen",
    "Choose options": "Bitte auswählen",
    "Show data": "Daten anzeigen",
    "Download as PNG": "Als PNG herunterladen",
    "Copy Vega-Lite spec": "Vega-Lite-Spezifikation kopieren",
}
"""Whole texts, accessible names and placeholders: Streamlit's English → German."""

PREFIXES: dict[str, str] = {
    "Show data: ": "Daten anzeigen: ",
    "Download as PNG: ": "Als PNG herunterladen: ",
    "Copy Vega-Lite spec: ": "Vega-Lite-Spezifikation kopieren: ",
    "Fullscreen: ": "Vollbild: ",
    "Help for ": "Hilfe zu ",
}
"""Accessible names Streamlit builds as "<action>: <the chart's description>"."""

# The uploader's limit: "5MB per file • CSV, TXT" → "höchstens 5 MB je Datei • CSV, TXT".
UPLOAD_LIMIT = (r"^(\d+)MB per file", "höchstens $1 MB je Datei")

# Where Streamlit writes English text (not only names): the uploader, tooltips, the skip link.
TEXT_PLACES = ", ".join(
    (
        '[data-testid="stFileUploaderDropzone"] p',
        '[data-testid="stFileUploaderDropzoneInstructions"] span',
        '[data-testid="stTooltipContent"] p',
        '[data-testid="stSkipToContent"]',
    )
)

SCRIPT = f"""
  // German for Streamlit's own English texts (mintqo/ui/german_labels.py).
  const LABELS = {json.dumps(LABELS, ensure_ascii=False)};
  const PREFIXES = Object.entries({json.dumps(PREFIXES, ensure_ascii=False)});
  const LIMIT = new RegExp({json.dumps(UPLOAD_LIMIT[0])});
  const german = (text) => {{
    if (!text) return null;
    if (Object.prototype.hasOwnProperty.call(LABELS, text)) return LABELS[text];
    for (const [english, translated] of PREFIXES) {{
      if (text.startsWith(english)) return translated + text.slice(english.length);
    }}
    return LIMIT.test(text) ? text.replace(LIMIT, {json.dumps(UPLOAD_LIMIT[1])}) : null;
  }};
  const translate = () => {{
    for (const el of document.querySelectorAll("[aria-label], [placeholder]")) {{
      for (const name of ["aria-label", "placeholder"]) {{
        const value = german(el.getAttribute(name));
        if (value !== null) el.setAttribute(name, value);
      }}
    }}
    for (const el of document.querySelectorAll({json.dumps(TEXT_PLACES)})) {{
      for (const node of el.childNodes) {{
        if (node.nodeType !== Node.TEXT_NODE) continue;
        const value = german(node.nodeValue.trim());
        if (value !== null) node.nodeValue = value;
      }}
    }}
  }};
"""
