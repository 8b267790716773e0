"""'Mein Profil': the radar of the latest submitted round and everything that follows from it."""

from mintqo.ui.guard import require_page
from mintqo.ui.profile_view import render_profile

actor = require_page("profile")
render_profile(actor)
