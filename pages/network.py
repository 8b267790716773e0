from mintqo.ui.guard import require_actor
from mintqo.ui.network_view import render_network_view

actor = require_actor("coordinator", "admin")
render_network_view(actor)
