from mintqo.ui.guard import require_page
from mintqo.ui.national_view import render_national

actor = require_page("national")
render_national(actor)
