"""Projects of the initiative: list, create, rename, start a self-analysis round."""

from mintqo.ui.guard import require_page
from mintqo.ui.projects_view import render_projects_page

actor = require_page("projects")
render_projects_page(actor)
