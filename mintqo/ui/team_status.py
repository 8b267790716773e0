"""Who takes part in a team round and who has finished – never what anyone answered."""

from __future__ import annotations

import streamlit as st

from mintqo.formats import local_date
from mintqo.services.team import TeamStatus
from mintqo.text import escape_markdown


def status_line(status: TeamStatus) -> str:
    """'Geleitet von Lea · 2 von 3 Bögen abgeschlossen'."""
    taking_part = len(status.teammates)
    done = status.finished
    sheets = "Bogen" if taking_part == 1 else "Bögen"
    return (
        f"Geleitet von {escape_markdown(status.lead_name)} · {done} von {taking_part} {sheets} "
        "abgeschlossen"
    )


def render_status_list(status: TeamStatus) -> None:
    """Who takes part and who has finished (never what they answered), as one list."""
    lines = []
    for mate in status.teammates:
        name = escape_markdown(mate.display_name)
        role = " (leitet die Runde)" if mate.user_id == status.lead_user_id else ""
        you = " – Sie" if mate.user_id == status.my_user_id else ""
        state = (
            f"abgeschlossen am {local_date(mate.finished_at)}"
            if mate.finished and mate.finished_at
            else "Bogen in Bearbeitung"
        )
        icon = ":material/task_alt:" if mate.finished else ":material/edit_note:"
        lines.append(f"- {icon} **{name}**{role}{you}: {state}")
    st.markdown("\n".join(lines) if lines else "Noch hat niemand einen Bogen begonnen.")
