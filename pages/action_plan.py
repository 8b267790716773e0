"""'Maßnahmenplan': measures of a project, linked to criteria."""

from mintqo.ui.action_plan_view import render_action_plan
from mintqo.ui.guard import require_actor

actor = require_actor("initiative")
render_action_plan(actor)
