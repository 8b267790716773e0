from mintqo.ui.guard import require_actor
from mintqo.ui.workshop_view import render_workshop

actor = require_actor("coordinator", "admin")
render_workshop(actor)
