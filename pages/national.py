from mintqo.ui.buddy_view import render_buddy_pairs
from mintqo.ui.guard import require_page
from mintqo.ui.national_view import render_national
from mintqo.ui.plausibility_view import render_flags

actor = require_page("national")
render_national(actor)
render_flags(actor)
render_buddy_pairs(actor)
