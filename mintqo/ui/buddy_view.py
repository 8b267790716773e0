"""Buddy networks: two coordinations compare their networks' anonymous pictures by consent.

On "Mein Netzwerk" (coordinations): send a request, accept or decline one, withdraw one's own,
end an active comparison (after a confirmation), and for each active pair both networks side by
side – radar and workshop topics, the distribution per criterion on demand. The other network's
side comes from :func:`mintqo.services.buddies.buddy_view`: built as an outsider sees it (no
names, no viewer knowledge), each aggregate only if that network meets the rules on its own, and
nothing else of it (no participation, no release activity). On "Nationale Übersicht" the
programme team sees which pairs exist.

Every action is a callback that resolves the logged-in user when it runs; the use cases check
the rules again inside their write.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.charts.distribution import EXPLANATION as BOX_EXPLANATION
from mintqo.charts.distribution import distribution_sentence, distribution_spec
from mintqo.charts.radar import radar_sentence, radar_spec
from mintqo.charts.slide_topics import topics_table
from mintqo.errors import UserError
from mintqo.formats import local_date, score
from mintqo.io.aggregate_export import profile_table
from mintqo.services import buddies
from mintqo.services.buddies import Pair
from mintqo.services.checks import parse_id
from mintqo.services.dashboards import NetworkView
from mintqo.services.errors import NotAllowed
from mintqo.text import escape_markdown
from mintqo.ui.cache import shared
from mintqo.ui.charts import chart_spec, show_cached_chart
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import PLEASE_LOG_IN, current_actor
from mintqo.ui.network_view import (
    BAND_LABEL,
    WEAKEST_SHOWN,
    load_view,
    radar_frames,
    suppressed,
)
from mintqo.ui.tables import show_table

RESULT_KEY = "_buddy_result"
CONFIRM_KEY = "_buddy_confirm_end"  # the pair whose end waits for "Ja, beenden"
CANDIDATE_KEY = "buddy-candidate"
ASKING_KEY = "_buddy_asking"  # the request form is open (the list of networks is read then)
STATUS = {"requested": "angefragt", "active": "aktiv"}


def _act(action: Callable[[Actor], str]) -> None:
    """Callback body: run ``action`` as the user logged in now; keep its message."""
    actor = current_actor()
    try:
        if actor is None:
            raise UserError(PLEASE_LOG_IN)
        message = action(actor)
    except UserError as exc:
        st.session_state[RESULT_KEY] = ("error", str(exc))
    else:
        st.session_state[RESULT_KEY] = ("success", message)


def _request(names: dict[int, str]) -> None:
    other = parse_id(st.session_state.get(CANDIDATE_KEY))
    st.session_state[ASKING_KEY] = False

    def action(actor: Actor) -> str:
        if other is None:
            raise UserError("Bitte wählen Sie ein Netzwerk.")
        buddies.request(get_engine(), actor, other)
        return (
            f"Ihre Anfrage an „{escape_markdown(names.get(other, ''))}“ ist gesendet. Der "
            "Vergleich beginnt, sobald dessen Koordination annimmt."
        )

    _act(action)


def _answer(pair_id: int, accept: bool, other: str) -> None:
    def action(actor: Actor) -> str:
        buddies.answer(get_engine(), actor, pair_id, accept)
        if accept:
            return f"Sie vergleichen sich jetzt mit „{escape_markdown(other)}“."
        return f"Die Anfrage von „{escape_markdown(other)}“ ist abgelehnt."

    _act(action)


def _end(pair_id: int, message: str) -> None:
    st.session_state.pop(CONFIRM_KEY, None)

    def action(actor: Actor) -> str:
        buddies.end(get_engine(), actor, pair_id)
        return message

    _act(action)


def _ask_end(pair_id: int) -> None:
    st.session_state[CONFIRM_KEY] = pair_id


def _cancel_end() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def _show_result() -> None:
    result = st.session_state.pop(RESULT_KEY, None)
    if not result:
        return
    kind, text = result
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    else:
        st.error(text, icon=":material/error:")


def _picture(view: NetworkView, heading: str, key: str) -> None:
    """One network's anonymous picture: radar and workshop topics – or why not."""
    dash = view.dashboard
    st.markdown(f"**{escape_markdown(heading)}**")
    if not dash.has_profile:
        suppressed(dash.profile["note"].iloc[0] if len(dash.profile) else "")
        return
    hidden = dash.profile[~dash.profile["shown"]]
    if len(hidden):
        suppressed(f"Nicht gezeigt: {', '.join(hidden['Kriterium'])}. {hidden['note'].iloc[0]}")

    def radar():
        profiles, band = radar_frames(dash, with_comparison=False)
        return (
            radar_spec(profiles, band, size=340, band_label=BAND_LABEL, to_dict=chart_spec),
            profile_table(dash),
            radar_sentence(profiles, band, band_label=BAND_LABEL),
        )

    show_cached_chart(("buddy-radar", *view.key), radar, key=f"{key}-radar")
    st.markdown("Themen für den Workshop")
    st.markdown(_topics_list(topics_table(dash.weakest, WEAKEST_SHOWN)))


def _distribution(view: NetworkView, key: str) -> None:
    """One network's distribution per criterion (nothing where its profile is not shown)."""
    dash = view.dashboard
    if not dash.has_profile:
        return
    order = list(dash.profile["Kriterium"])
    show_cached_chart(
        ("buddy-distribution", *view.key),
        lambda: (
            distribution_spec(dash.distribution, criteria_order=order, to_dict=chart_spec),
            profile_table(dash),
            distribution_sentence(dash.distribution, order),
        ),
        key=f"{key}-distribution",
    )


def _topics_list(topics: pd.DataFrame) -> str:
    """The workshop topics as a numbered list: in half a column (and on a phone) a table of
    three columns cut off the criterion names and the count's heading; a list wraps."""
    low, total = topics.columns[3], topics.columns[4]  # "Initiativen unter 50", "… gesamt"
    threshold = low.rsplit(" ", 1)[-1]
    return "\n".join(
        f"{n}. **{escape_markdown(str(row['Kriterium']))}** – Mittelwert "
        f"{score(row['Mittelwert'])}; {int(row[low])} von {int(row[total])} Initiativen "
        f"unter {threshold}"
        for n, (_, row) in enumerate(topics.iterrows(), start=1)
    )


def _confirm_end(pair: Pair, other: str) -> None:
    st.warning(
        f"Den Vergleich mit „{escape_markdown(other)}“ beenden? Danach sieht keine Seite mehr "
        "etwas vom anderen Netzwerk; ein neuer Vergleich braucht eine neue Anfrage.",
        icon=":material/warning:",
    )
    with st.container(horizontal=True):
        st.button(
            "Ja, Vergleich beenden",
            key=f"buddy-end-yes-{pair.pair_id}",
            type="primary",
            on_click=_end,
            args=(pair.pair_id, f"Der Vergleich mit „{escape_markdown(other)}“ ist beendet."),
        )
        st.button("Abbrechen", key=f"buddy-end-no-{pair.pair_id}", on_click=_cancel_end)


def _active(actor: Actor, own: int, pair: Pair) -> None:
    other_id, other = pair.other(own)
    since = local_date(pair.answered_at) if pair.answered_at else "–"
    st.markdown(f"#### Vergleich mit {escape_markdown(other)}", anchors=False)
    st.caption(
        f"Seit {since}. Links Ihr Netzwerk, wie Sie es unter „Netzwerkprofil“ sehen; rechts "
        "das andere Netzwerk, wie es jemand von außen sehen darf."
    )
    if st.session_state.get(CONFIRM_KEY) == pair.pair_id:
        _confirm_end(pair, other)
    else:
        st.button(
            "Vergleich beenden",
            key=f"buddy-end-{pair.pair_id}",
            icon=":material/link_off:",
            on_click=_ask_end,
            args=(pair.pair_id,),
        )
    engine = get_engine()
    try:
        theirs = buddies.buddy_view(engine, actor, other_id, cache=shared)
    except NotAllowed as exc:  # ended by the other side since this page was drawn
        st.info(str(exc))
        return
    mine = load_view(actor, own)
    sides = ((mine, f"buddy-{pair.pair_id}-own"), (theirs, f"buddy-{pair.pair_id}-other"))
    headings = (f"Ihr Netzwerk: {mine.dashboard.network}", f"Buddy-Netzwerk: {other}")
    for column, (view, key), heading in zip(
        st.columns(2, gap="large"), sides, headings, strict=True
    ):
        with column:
            _picture(view, heading, key)
    # On demand: two more charts on every rerun made this the slowest section to open.
    if st.toggle("Verteilung je Kriterium vergleichen", key=f"buddy-{pair.pair_id}-spread"):
        st.caption(BOX_EXPLANATION)
        for column, (view, key) in zip(st.columns(2, gap="large"), sides, strict=True):
            with column:
                _distribution(view, key)


def _requests(own: int, overview: buddies.BuddyOverview) -> None:
    for pair in overview.incoming:
        _other_id, other = pair.other(own)
        st.markdown(
            f"„{escape_markdown(other)}“ möchte sich mit Ihrem Netzwerk vergleichen "
            f"(angefragt am {local_date(pair.requested_at)})."
        )
        with st.container(horizontal=True):
            st.button(
                "Annehmen",
                key=f"buddy-accept-{pair.pair_id}",
                type="primary",
                on_click=_answer,
                args=(pair.pair_id, True, other),
            )
            st.button(
                "Ablehnen",
                key=f"buddy-decline-{pair.pair_id}",
                on_click=_answer,
                args=(pair.pair_id, False, other),
            )
    for pair in overview.outgoing:
        _other_id, other = pair.other(own)
        st.markdown(
            f"Ihre Anfrage an „{escape_markdown(other)}“ vom {local_date(pair.requested_at)} "
            "wartet auf Antwort."
        )
        st.button(
            "Anfrage zurückziehen",
            key=f"buddy-withdraw-{pair.pair_id}",
            on_click=_end,
            args=(pair.pair_id, f"Ihre Anfrage an „{escape_markdown(other)}“ ist zurückgezogen."),
        )


def _asking(open_form: bool) -> None:
    st.session_state[ASKING_KEY] = open_form


def _new_request(actor: Actor) -> None:
    """A request to another network, chosen by name. The list opens on demand: it is needed
    rarely, and every rerun of this page costs (see benchmarks/README.md)."""
    if not st.session_state.get(ASKING_KEY):
        st.button(
            "Mit einem anderen Netzwerk vergleichen …",
            key="buddy-ask",
            icon=":material/handshake:",
            on_click=_asking,
            args=(True,),
        )
        return
    names = dict(buddies.candidates(get_engine(), actor))
    if not names:
        st.info("Es gibt kein weiteres Netzwerk, das Sie anfragen können.")
        return
    st.selectbox(
        "Netzwerk",
        list(names),
        format_func=names.__getitem__,
        index=None,
        placeholder="Netzwerk auswählen",
        key=CANDIDATE_KEY,
    )
    with st.container(horizontal=True):
        st.button(
            "Anfrage senden",
            key="buddy-request",
            type="primary",
            on_click=_request,
            args=(names,),
        )
        st.button("Abbrechen", key="buddy-ask-cancel", on_click=_asking, args=(False,))


def render_buddies(actor: Actor) -> None:
    """The buddy section of "Mein Netzwerk" (coordinations only; nothing for others)."""
    engine = get_engine()
    try:
        overview = buddies.overview(engine, actor, cache=shared)
    except NotAllowed:
        return
    own = overview.network_id
    st.subheader("Buddy-Netzwerke", anchor=False)
    st.caption(
        "Im Buddy-Programm vergleichen zwei Netzwerke ihre anonymen Auswertungen, wenn beide "
        "Koordinationen zustimmen. Vom anderen Netzwerk sehen Sie nur Gruppenergebnisse "
        "(Profil, Verteilung, Themen), jeweils nur, wenn es für sich allein genug Initiativen "
        "hat – keine Namen, keine Beteiligung. Jede Seite kann den Vergleich jederzeit beenden."
    )
    _show_result()
    _requests(own, overview)
    for pair in overview.active:
        _active(actor, own, pair)
    _new_request(actor)


def render_buddy_pairs(actor: Actor) -> None:
    """Which networks compare with which, for the programme team ("Nationale Übersicht")."""
    pairs = buddies.all_pairs(get_engine(), actor)
    st.subheader("Buddy-Netzwerke", anchor=False)
    if not pairs:
        st.caption("Derzeit vergleicht sich kein Netzwerk mit einem anderen.")
        return
    st.caption("Netzwerke, die sich vergleichen oder eine Anfrage gestellt haben.")
    show_table(
        pd.DataFrame(
            {
                "Netzwerk (fragt an)": [p.requester for p in pairs],
                "Buddy-Netzwerk": [p.partner for p in pairs],
                "Status": [STATUS.get(p.status, p.status) for p in pairs],
                "Angefragt am": [local_date(p.requested_at) for p in pairs],
                "Angenommen am": [
                    local_date(p.answered_at) if p.answered_at and p.status == "active" else "–"
                    for p in pairs
                ],
            }
        ),
        hide_index=True,
        key="buddy-pairs",
    )
