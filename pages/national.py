from mintqo.ui.guard import require_actor
from mintqo.ui.national_view import render_national

actor = require_actor("admin")
render_national(actor)
