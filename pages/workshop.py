from mintqo.ui.guard import require_page
from mintqo.ui.projector import render_workshop

actor = require_page("workshop")
render_workshop(actor)
