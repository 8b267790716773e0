"""'Mein Profil': the area scores, then one section at a time (tabs kept in ``?ansicht=``):
the radar with its overlays, strengths and potentials; the progress since the earlier round;
the impact staircase and the action plan; the exports."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.charts.progress import progress_chart, progress_sentence
from mintqo.charts.radar import radar_chart, radar_sentence, radar_spec
from mintqo.formats import local_date, score
from mintqo.io.answers_export import answers_csv, answers_excel, export_filename
from mintqo.io.report_pdf import build_report
from mintqo.profile import deltas_frame, series_frame
from mintqo.services import plans, self_analysis
from mintqo.services import profile as profile_service
from mintqo.services.plans import actions_frame
from mintqo.services.profile import NetworkMean, ProfileData
from mintqo.text import escape_markdown
from mintqo.ui.cache import shared
from mintqo.ui.charts import chart_spec, show_cached_chart
from mintqo.ui.engine import get_engine
from mintqo.ui.navigation import page_link
from mintqo.ui.profile_team import TeamBand, render_team_note, report_disagreements, team_band
from mintqo.ui.projects_view import (
    PROFILE_ROUND,
    PROJECT,
    choose,
    place_tabs,
    project_selector,
    remember,
    set_place,
    url_param,
)
from mintqo.ui.sections import draw_open
from mintqo.ui.staircase_view import render_staircase

NETWORK_MEAN = "Netzwerk-Mittel"
PROFILE_SECTION = "Profil"
TREND_SECTION = "Entwicklung"
PLAN_SECTION = "Wirkung und Maßnahmen"
EXPORT_SECTION = "Export"
SECTION_PARAM = "ansicht"
"""The open section is part of the place in the URL (a reload or a link keeps it): only the
open section is built and sent, which keeps a rerun of the profile cheap for the server. It is
written with the rest of the place (:func:`mintqo.ui.projects_view.place_tabs`), as the round
and project selectors of this page write theirs."""
SECTION_SLUGS = {
    PROFILE_SECTION: "profil",
    TREND_SECTION: "entwicklung",
    PLAN_SECTION: "wirkung",
    EXPORT_SECTION: "export",
}
SECTION_KEY = "profile-section"


def _text_block(title: str, lines) -> None:
    """One Markdown element per block (not two per criterion: each element costs every rerun)."""
    entries = [
        f"**{escape_markdown(line.name)}** · {escape_markdown(line.area_name)} · "
        f"{score(line.score)} von 100  \n:gray[{escape_markdown(line.explanation)}]"
        for line in lines
    ]
    st.markdown("\n\n".join([f"#### {title}", *entries]))


@dataclass(frozen=True)
class RadarChoice:
    """What the radar shows besides the current round: the reader's overlays."""

    previous: bool
    mean: NetworkMean
    with_mean: bool
    team: TeamBand | None

    @property
    def overlays_key(self) -> tuple:
        """The network mean's and the team band's part of the chart's cache key."""
        return (self.mean.key if self.with_mean else None, self.team.key if self.team else None)


def _radar_frames(data: ProfileData, choice: RadarChoice) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The radar's long frame (one row per series and criterion) and its table on screen."""
    q, current, previous = data.questionnaire, data.current, data.previous
    series = {f"Runde {current.round_no}": data.profile.criterion_scores}
    if choice.previous and previous is not None and data.previous_scores is not None:
        series[f"Runde {previous.round_no}"] = data.previous_scores
    if choice.with_mean:
        series[NETWORK_MEAN] = choice.mean.scores
    frame = series_frame(q, series)
    table = frame.assign(
        Kriterium=frame["criterion_id"].map(lambda c: q.criterion_by_id[c].name)
    ).pivot_table(index="Kriterium", columns="series", values="score", sort=False)
    table = table.reset_index()  # whole numbers on screen (ui.charts.display_table)
    return frame, choice.team.add_to_table(table) if choice.team else table


def _report_radar(actor: Actor, data: ProfileData):
    """The PDF report's radar: the current round with the earlier one, the network mean and
    the team's band, each where there is one; and the team band for its disagreements."""
    mean = profile_service.network_mean_for(get_engine(), actor, data.project.id, cache=shared)
    team = team_band(actor, data, None) if data.current.is_team else None
    choice = RadarChoice(previous=True, mean=mean, with_mean=bool(mean.scores), team=team)
    band = team.band if team else None
    label = team.label if team else ""
    q = data.questionnaire
    return radar_chart(
        _radar_frames(data, choice)[0], band, questionnaire=q, band_label=label
    ), team


def _radar_section(actor: Actor, data: ProfileData) -> None:
    """Show the radar (cached per rounds and overlays; a team round's with the team's spread,
    :mod:`mintqo.ui.profile_team`)."""
    q, current, previous = data.questionnaire, data.current, data.previous
    cols = st.columns(3 if current.is_team else 2)
    with_previous = previous is not None and cols[0].checkbox(
        f"Runde {previous.round_no} einblenden", value=True, key="ov-prev"
    )
    mean = profile_service.network_mean_for(get_engine(), actor, data.project.id, cache=shared)
    with_mean = False
    if mean.scores:
        with_mean = cols[1].checkbox("Netzwerk-Mittel einblenden", value=True, key="ov-mean")
    else:
        cols[1].caption(mean.note)
    team = team_band(actor, data, cols[-1]) if current.is_team else None
    choice = RadarChoice(previous=with_previous, mean=mean, with_mean=with_mean, team=team)

    def build():
        frame, table = _radar_frames(data, choice)
        sentence = radar_sentence(frame, questionnaire=q)
        if team and team.shown:
            sentence = f"{sentence} {team.sentence()}"
        spec = radar_spec(
            frame,
            team.band if team else None,
            questionnaire=q,
            band_label=team.label if team else "",
            to_dict=chart_spec,
        )
        return spec, table, sentence

    shown_previous = previous.id if with_previous else None
    cache_key = ("profile-radar", current.id, shown_previous, *choice.overlays_key)
    show_cached_chart(cache_key, build, key="radar")
    if team is not None:
        render_team_note(data, team)


def _on_round_chosen(project_id: int) -> None:
    chosen = st.session_state.get("profile-round")
    if isinstance(chosen, int):
        remember(project_id)
        set_place(**{PROJECT: project_id, PROFILE_ROUND: chosen})


def _round_selector(data: ProfileData) -> None:
    rounds = [r for r in data.project.rounds if r.status == "submitted"][::-1]
    if len(rounds) < 2:
        return
    by_no = {r.round_no: r for r in rounds}
    st.session_state["profile-round"] = data.current.round_no
    st.selectbox(
        "Runde",
        list(by_no),
        format_func=lambda n: (
            f"Runde {n} – abgeschlossen am "
            + (local_date(by_no[n].submitted_at) if by_no[n].submitted_at else "–")
        ),
        key="profile-round",
        on_change=_on_round_chosen,
        args=(data.project.id,),
        placeholder="Bitte wählen",
    )


def _weakest_statements(profile) -> None:
    """A numbered list: every statement readable in full, also on a phone (a table cut them)."""
    st.markdown("#### Die fünf am niedrigsten bewerteten Aussagen")
    if not profile.weakest_statements:
        st.caption("Keine bewerteten Aussagen.")
        return
    st.markdown(
        "\n".join(
            f"{n}. {escape_markdown(s.text)}  \n"
            f":gray[{escape_markdown(s.criterion_name)} · Bewertung: "
            f"{s.value} – {escape_markdown(s.value_label)}]"
            for n, s in enumerate(profile.weakest_statements, start=1)
        )
    )


def _actions_summary(actions: pd.DataFrame) -> None:
    """The plan in full (what, criterion, who, until, status): a table cut the measures off."""
    lines = []
    for a in actions.to_dict("records"):
        facts = [
            a["Kriterium"],
            f"Wer: {a['Wer'] or 'noch offen'}",
            f"Bis: {a['Bis wann'] or 'ohne Termin'}",
            f"Status: {a['Status']}",
        ]
        lines.append(
            f"- **{escape_markdown(str(a['Maßnahme']))}**  \n"
            f"  :gray[{escape_markdown(' · '.join(facts))}]"
        )
    st.markdown("\n".join(lines))


def render_profile(actor: Actor) -> None:
    st.title("Mein Profil", anchor=False)
    engine = get_engine()
    choice = choose(actor, submitted_only=True)
    # The URL is written only by the selectors here: what the profile shows by default follows
    # from the URL and the data, and the questionnaire's place stays as it is for the way back.
    project = project_selector(choice, key="profile-project", remember_shown=False)
    if project is not None and choice.link_refused:
        set_place(**{PROJECT: project.id, PROFILE_ROUND: None})  # correct a foreign link
    if project is None:
        st.info("Sobald Sie eine Selbstanalyse abgeschlossen haben, sehen Sie hier Ihr Profil.")
        page_link("questionnaire", label="Zur Selbstanalyse")
        return
    data = profile_service.profile_data(
        engine, actor, project.id, url_param(PROFILE_ROUND), cache=shared
    )
    if data is None:
        st.info("Für dieses Projekt ist noch keine Selbstanalyse abgeschlossen.")
        return
    _round_selector(data)
    q, current, profile = data.questionnaire, data.current, data.profile
    when = local_date(current.submitted_at) if current.submitted_at else ""
    st.caption(
        f"{escape_markdown(project.name)} · Runde {current.round_no}, abgeschlossen am {when}"
    )
    for col, area in zip(st.columns(len(q.areas)), q.areas, strict=True):
        value = profile.area_scores.get(area.id)
        delta, colour = area_change(value, (data.previous_areas or {}).get(area.id))
        col.metric(
            area.name,
            "nicht bewertet" if value is None else score(value),
            delta=delta,
            delta_color=colour,
        )
    not_rated = [c.name for c in q.criteria if profile.criterion_scores.get(c.id) is None]
    if not_rated:
        st.caption(
            "Nicht bewertet (alle oder fast alle Aussagen „nicht zutreffend“): "
            + ", ".join(escape_markdown(n) for n in not_rated)
            + ". Diese Kriterien zählen bei den Bereichswerten nicht mit."
        )

    labels = sections_for(data)
    tabs = place_tabs(labels, param=SECTION_PARAM, slugs=SECTION_SLUGS, key=SECTION_KEY)
    drawers = {
        PROFILE_SECTION: lambda: _overview(actor, data),
        TREND_SECTION: lambda: _progress(data),
        PLAN_SECTION: lambda: _plan(actor, data),
        EXPORT_SECTION: lambda: _exports(actor, data),
    }
    draw_open(labels, tabs, drawers)


def area_change(value: float | None, previous: float | None) -> tuple[str | None, str]:
    """An area score's change since the earlier round as ``st.metric`` shows it: whole points
    with an ASCII sign (the metric colours a delta by a leading '-'); no change is "±0" without
    an arrow colour; nothing when either round has no score."""
    if value is None or previous is None:
        return None, "normal"
    change = round(value - previous)
    return (f"{change:+d}", "normal") if change else ("±0", "off")


def sections_for(data: ProfileData) -> list[str]:
    """The profile's sections; "Entwicklung" only where an earlier round can be compared."""
    trend = [TREND_SECTION] if data.profile.deltas is not None and data.previous else []
    return [PROFILE_SECTION, *trend, PLAN_SECTION, EXPORT_SECTION]


def _overview(actor: Actor, data: ProfileData) -> None:
    profile = data.profile
    _radar_section(actor, data)
    left, right = st.columns(2)
    with left:
        _text_block("Stärken", profile.strengths)
    with right:
        _text_block("Verbesserungspotenziale", profile.potentials)
    _weakest_statements(profile)


def _progress(data: ProfileData) -> None:
    current, previous = data.current, data.previous
    st.markdown(f"#### Entwicklung seit Runde {previous.round_no}")
    deltas = deltas_frame(data.profile)
    show_cached_chart(
        ("profile-progress", current.id, previous.id),
        lambda: (
            progress_chart(deltas),
            deltas[["area", "criterion", "delta"]].rename(
                columns={"area": "Bereich", "criterion": "Kriterium", "delta": "Veränderung"}
            ),
            progress_sentence(deltas, previous.round_no),
        ),
        key="progress",
    )


def _plan(actor: Actor, data: ProfileData) -> None:
    """The impact staircase and the action plan of the project."""
    project = data.project
    render_staircase(actor, project.id)
    st.markdown("#### Maßnahmenplan")
    actions = _actions(actor, data)
    if actions.empty:
        st.caption(
            "Noch keine Maßnahmen. Vorschläge: "
            + ", ".join(p.name for p in data.profile.potentials)
        )
    else:
        _actions_summary(actions)
    page_link(
        "action_plan",
        label="Maßnahmenplan bearbeiten",
        icon=":material/edit_note:",
        query_params={PROJECT: str(project.id)},
    )


def _actions(actor: Actor, data: ProfileData) -> pd.DataFrame:
    names = {c.id: c.name for c in data.questionnaire.criteria}
    return actions_frame(plans.actions(get_engine(), actor, data.project.id), names)


def _export_info(data: ProfileData) -> dict[str, object]:
    """The workbook's "Info" sheet: whose answers these are, which round and version."""
    return {
        "Initiative": data.initiative_name,
        "Projekt": data.project.name,
        "Runde": data.current.round_no,
        "Fragebogen-Version": data.questionnaire.version,
        "Abgeschlossen am": data.current.submitted_at,  # shown as its Berlin date
    }


def _exports(actor: Actor, data: ProfileData) -> None:
    st.markdown("#### Export")
    engine, project, current = get_engine(), data.project, data.current

    def answers_table() -> pd.DataFrame:
        return self_analysis.answers_table(engine, actor, current.id)

    def actions() -> pd.DataFrame:
        return _actions(actor, data)

    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "Antworten als CSV",
        lambda: answers_csv(answers_table()),
        file_name=export_filename("Selbstanalyse-Antworten", project.name, "csv"),
        mime="text/csv",
        key="dl-csv",
    )
    c2.download_button(
        "Antworten als Excel",
        lambda: answers_excel(answers_table(), actions(), info=_export_info(data)),
        file_name=export_filename("Selbstanalyse-Antworten", project.name, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl-xlsx",
    )
    pdf_key = f"pdf-{current.id}"
    if c3.button("PDF-Bericht erstellen", key="make-pdf"):
        with st.spinner("Bericht wird erstellt …"):
            radar, team = _report_radar(actor, data)
            st.session_state[pdf_key] = build_report(
                project_name=project.name,
                initiative_name=data.initiative_name,
                round_no=current.round_no,
                submitted_at=current.submitted_at,
                profile=data.profile,
                radar=radar,
                actions=actions(),
                staircase=plans.staircase(engine, actor, project.id),
                disagreements=report_disagreements(actor, data, team) if team else None,
            )
    if pdf_key in st.session_state:
        c3.download_button(
            "PDF-Bericht herunterladen",
            st.session_state[pdf_key],
            file_name=export_filename("Selbstanalyse-Profil", project.name, "pdf"),
            mime="application/pdf",
            key="dl-pdf",
        )
    st.caption(
        "Der Bericht zeigt das Profil mit der vorigen Runde, dem Netzwerk-Mittel und – in einer "
        "Teamrunde – der Spannweite des Teams, soweit es sie gibt."
    )
