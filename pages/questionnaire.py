"""The self-analysis questionnaire of the selected project (draft: editable; submitted: read-only)."""

from mintqo.ui.guard import require_page
from mintqo.ui.questionnaire_form import render_questionnaire

actor = require_page("questionnaire")
render_questionnaire(actor)
