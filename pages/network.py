from mintqo.ui.buddy_view import render_buddies
from mintqo.ui.guard import require_page
from mintqo.ui.network_view import render_network_view

actor = require_page("network")
render_network_view(actor, buddy_section=render_buddies)
