"""'Barrierefreiheit': the accessibility statement, open to everybody (no login needed)."""

from mintqo.ui.accessibility import render_accessibility_statement

render_accessibility_statement()
