"""'Mein Profil': radar with overlays, area scores, strengths and potentials, progress,
impact staircase, action plan summary and exports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mintqo.access import Actor
from mintqo.charts.progress import progress_chart, progress_sentence
from mintqo.charts.radar import radar_chart, radar_sentence, radar_spec
from mintqo.charts.staircase import staircase_chart, staircase_sentence, staircase_table
from mintqo.errors import UserError
from mintqo.formats import local_date, score
from mintqo.io.answers_export import answers_csv, answers_excel, export_filename
from mintqo.io.report_pdf import build_report
from mintqo.profile import deltas_frame, series_frame
from mintqo.services import plans, self_analysis
from mintqo.services import profile as profile_service
from mintqo.services.plans import INDICATOR_MAX_CHARS, actions_frame
from mintqo.services.profile import ProfileData
from mintqo.text import escape_markdown
from mintqo.ui.cache import shared
from mintqo.ui.charts import chart_spec, show_cached_chart
from mintqo.ui.engine import get_engine
from mintqo.ui.guard import current_actor
from mintqo.ui.profile_team import TeamBand, render_team_note, report_disagreements, team_band
from mintqo.ui.projects_view import (
    PROFILE_ROUND,
    PROJECT,
    choose,
    project_selector,
    remember,
    set_place,
    url_param,
)

NETWORK_MEAN = "Netzwerk-Mittel"
EVIDENCE_OPTIONS = (None, "ja", "teilweise", "nein")


def _text_block(title: str, lines) -> None:
    """One Markdown element per block (not two per criterion: each element costs every rerun)."""
    entries = [
        f"**{escape_markdown(line.name)}** · {escape_markdown(line.area_name)} · "
        f"{score(line.score)} von 100  \n:gray[{escape_markdown(line.explanation)}]"
        for line in lines
    ]
    st.markdown("\n\n".join([f"#### {title}", *entries]))


def render_staircase(actor: Actor, project_id: int, *, key: str = "stairs") -> pd.DataFrame:
    steps = plans.staircase(get_engine(), actor, project_id)
    st.markdown("#### Wirkungstreppe")
    st.caption(
        "Für welche Stufe haben Sie Belege, dass Ihr Projekt sie erreicht, und woran machen Sie "
        "das fest? Wirkung im engeren Sinn beginnt ab Stufe 4."
    )
    show_cached_chart(
        # the seven rows themselves (step, level, label, evidence, indicator) are the key
        ("staircase", project_id, tuple(steps.astype(object).itertuples(index=False, name=None))),
        lambda: (staircase_chart(steps), staircase_table(steps), staircase_sentence(steps)),
        key=f"{key}-chart",
    )
    # The editor (7 rows of widgets) is drawn only on request: it would cost every rerun of
    # the profile ≈ 10 ms even while collapsed.
    if st.toggle("Wirkungstreppe bearbeiten", key=f"{key}-edit"):
        _staircase_form(project_id, steps, key)
    return steps


def _staircase_form(project_id: int, steps: pd.DataFrame, key: str) -> None:
    with st.form(f"{key}-form"):
        for row in steps.itertuples():
            left, mid, right = st.columns([3, 2, 3])
            left.write(f"{row.step}. {row.label} ({row.level})")
            mid.selectbox(
                "Nachweis",
                EVIDENCE_OPTIONS,
                index=EVIDENCE_OPTIONS.index(
                    row.evidence if isinstance(row.evidence, str) else None
                ),
                format_func=lambda v: "nicht erfasst" if v is None else v,
                key=f"{key}-ev-{project_id}-{row.step}",
                placeholder="Bitte wählen",
            )
            right.text_input(
                "Indikator",
                value=row.indicator,
                max_chars=INDICATOR_MAX_CHARS,
                key=f"{key}-ind-{project_id}-{row.step}",
            )
        if st.form_submit_button("Wirkungstreppe speichern"):
            values = {
                step: (
                    st.session_state[f"{key}-ev-{project_id}-{step}"],
                    st.session_state[f"{key}-ind-{project_id}-{step}"],
                )
                for step in range(1, 8)
            }
            actor = current_actor()
            try:
                if actor is None:
                    raise UserError("Bitte melden Sie sich an.")
                plans.save_staircase(get_engine(), actor, project_id, values)
            except UserError as exc:
                st.warning(str(exc))
            else:
                st.rerun()


def _radar_section(actor: Actor, data: ProfileData):
    """Show the radar (cached per rounds and overlays; a team round's with the team's spread,
    :mod:`mintqo.ui.profile_team`); returns a function that builds the Altair chart (for the
    PDF report) and the team's band (None for a single round)."""
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

    def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
        series = {f"Runde {current.round_no}": data.profile.criterion_scores}
        if with_previous and data.previous_scores is not None:
            series[f"Runde {previous.round_no}"] = data.previous_scores
        if with_mean:
            series[NETWORK_MEAN] = mean.scores
        frame = series_frame(q, series)
        table = frame.assign(
            Kriterium=frame["criterion_id"].map(lambda c: q.criterion_by_id[c].name)
        ).pivot_table(index="Kriterium", columns="series", values="score", sort=False)
        table = table.reset_index()  # whole numbers on screen (ui.charts.display_table)
        return frame, team.add_to_table(table) if team else table

    band = team.band if team else None
    band_label = team.label if team else ""

    def build():
        frame, table = frames()
        sentence = radar_sentence(frame, questionnaire=q)
        if team and team.shown:
            sentence = f"{sentence} {team.sentence()}"
        spec = radar_spec(frame, band, questionnaire=q, band_label=band_label, to_dict=chart_spec)
        return spec, table, sentence

    cache_key = (
        "profile-radar",
        current.id,
        previous.id if with_previous else None,
        mean.key if with_mean else None,
        team.key if team else None,
    )
    show_cached_chart(cache_key, build, key="radar")
    if team is not None:
        render_team_note(data, team)
    return (
        lambda: radar_chart(frames()[0], band, questionnaire=q, band_label=band_label),
        team,
    )


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
        st.page_link("pages/questionnaire.py", label="Zur Selbstanalyse")
        return
    data = profile_service.profile_data(
        engine, actor, project.id, url_param(PROFILE_ROUND), cache=shared
    )
    if data is None:
        st.info("Für dieses Projekt ist noch keine Selbstanalyse abgeschlossen.")
        return
    _round_selector(data)
    q, current, previous, profile = data.questionnaire, data.current, data.previous, data.profile
    when = local_date(current.submitted_at) if current.submitted_at else ""
    st.caption(
        f"{escape_markdown(project.name)} · Runde {current.round_no}, abgeschlossen am {when}"
    )
    for col, area in zip(st.columns(len(q.areas)), q.areas, strict=True):
        value = profile.area_scores.get(area.id)
        delta = None
        previous_area = (data.previous_areas or {}).get(area.id)
        if value is not None and previous_area is not None:
            # ASCII sign: st.metric colours a delta by a leading '-'
            delta = f"{value - previous_area:+.0f}"
        col.metric(area.name, "nicht bewertet" if value is None else score(value), delta=delta)
    not_rated = [c.name for c in q.criteria if profile.criterion_scores.get(c.id) is None]
    if not_rated:
        st.caption(
            "Nicht bewertet (alle oder fast alle Aussagen „nicht zutreffend“): "
            + ", ".join(escape_markdown(n) for n in not_rated)
            + ". Diese Kriterien zählen bei den Bereichswerten nicht mit."
        )

    build_radar, team = _radar_section(actor, data)

    left, right = st.columns(2)
    with left:
        _text_block("Stärken", profile.strengths)
    with right:
        _text_block("Verbesserungspotenziale", profile.potentials)
    _weakest_statements(profile)
    if profile.deltas is not None and previous is not None:
        st.markdown(f"#### Entwicklung seit Runde {previous.round_no}")
        deltas = deltas_frame(profile)
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
    steps = render_staircase(actor, project.id)

    st.markdown("#### Maßnahmenplan")
    names = {c.id: c.name for c in q.criteria}
    actions = actions_frame(plans.actions(engine, actor, project.id), names)
    if actions.empty:
        st.caption(
            "Noch keine Maßnahmen. Vorschläge: " + ", ".join(p.name for p in profile.potentials)
        )
    else:
        _actions_summary(actions)
    st.page_link(
        "pages/action_plan.py",
        label="Maßnahmenplan bearbeiten",
        icon=":material/edit_note:",
        query_params={PROJECT: str(project.id)},
    )
    _exports(actor, data, actions, steps, build_radar, team)


def _export_info(data: ProfileData) -> dict[str, object]:
    """The workbook's "Info" sheet: whose answers these are, which round and version."""
    return {
        "Initiative": data.initiative_name,
        "Projekt": data.project.name,
        "Runde": data.current.round_no,
        "Fragebogen-Version": data.questionnaire.version,
        "Abgeschlossen am": data.current.submitted_at,  # shown as its Berlin date
    }


def _exports(
    actor: Actor,
    data: ProfileData,
    actions: pd.DataFrame,
    steps,
    build_radar,
    team: TeamBand | None = None,
) -> None:
    st.markdown("#### Export")
    engine, project, current = get_engine(), data.project, data.current

    def answers_table() -> pd.DataFrame:
        return self_analysis.answers_table(engine, actor, current.id)

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
        lambda: answers_excel(answers_table(), actions, info=_export_info(data)),
        file_name=export_filename("Selbstanalyse-Antworten", project.name, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl-xlsx",
    )
    pdf_key = f"pdf-{current.id}"
    if c3.button("PDF-Bericht erstellen", key="make-pdf"):
        with st.spinner("Bericht wird erstellt …"):
            st.session_state[pdf_key] = build_report(
                project_name=project.name,
                initiative_name=data.initiative_name,
                round_no=current.round_no,
                submitted_at=current.submitted_at,
                profile=data.profile,
                radar=build_radar(),
                actions=actions,
                staircase=steps,
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
