"""'Maßnahmenplan': measures of a project, linked to criteria."""

from mintqo.ui.action_plan_view import render_action_plan
from mintqo.ui.guard import require_page

actor = require_page("action_plan")
render_action_plan(actor)
