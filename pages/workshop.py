from mintqo.ui.guard import require_page
from mintqo.ui.workshop_view import render_workshop

actor = require_page("workshop")
render_workshop(actor)
