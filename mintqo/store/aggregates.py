"""Dashboard data: SQL over stored criterion scores of the latest submitted round per project.

Never reads answers except to count a draft's answered items for the participation table.
The score of an initiative on a criterion is the mean over its projects' latest submitted
rounds; network means are means over initiatives (each initiative counts once). What may be
shown of these numbers is decided by :mod:`mintqo.privacy`; the view builders here apply it,
so every caller gets already-filtered data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Engine, distinct, extract, func, select

from mintqo import privacy
from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.store.engine import read_session
from mintqo.store.models import (
    Answer,
    Assessment,
    Cohort,
    CriterionScore,
    Initiative,
    Network,
    Project,
)

LOW_SCORE = 50.0
"""A criterion score below this counts as 'low' in the workshop topics."""

SERIES_NETWORK = "Netzwerk-Mittel"
SERIES_ALL = "Alle Netzwerke"
SERIES_COHORT = "Kohorte"

STATUS_NONE = "noch keine Runde"
STATUS_DRAFT = "in Bearbeitung"
STATUS_SUBMITTED = "abgeschickt"


# --- raw SQL aggregates ----------------------------------------------------------------------


def _initiative_scores_subquery(network_id: int | None = None):
    """Per initiative × criterion: mean score over the latest submitted rounds of its projects."""
    query = (
        select(
            Initiative.network_id.label("network_id"),
            Project.initiative_id.label("initiative_id"),
            CriterionScore.criterion_id.label("criterion_id"),
            func.avg(CriterionScore.score).label("score"),
        )
        .select_from(CriterionScore)
        .join(Assessment, Assessment.id == CriterionScore.assessment_id)
        .join(Project, Project.id == Assessment.project_id)
        .join(Initiative, Initiative.id == Project.initiative_id)
        .where(Assessment.is_latest.is_(True), Assessment.status == "submitted")
        .group_by(Initiative.network_id, Project.initiative_id, CriterionScore.criterion_id)
    )
    if network_id is not None:
        query = query.where(Initiative.network_id == network_id)
    return query.subquery("ini_scores")


def network_criterion_stats(engine: Engine) -> pd.DataFrame:
    """Every active network × criterion: initiatives with a score (n) and their score sum.

    One GROUP BY over the per-initiative subquery; sums (not means) so that cohorts and the
    national total can be combined exactly in Python.
    """
    sub = _initiative_scores_subquery()
    query = (
        select(
            sub.c.network_id,
            Network.cohort_id,
            sub.c.criterion_id,
            func.count().label("n"),
            func.sum(sub.c.score).label("total"),
        )
        .join(Network, Network.id == sub.c.network_id)
        .where(Network.archived.is_(False))
        .group_by(sub.c.network_id, Network.cohort_id, sub.c.criterion_id)
    )
    with read_session(engine) as s:
        rows = s.execute(query).all()
    frame = pd.DataFrame(rows, columns=["network_id", "cohort_id", "criterion_id", "n", "total"])
    frame["n"] = frame["n"].astype(int)
    frame["total"] = frame["total"].astype(float)
    return frame


def submitted_initiatives_per_network(engine: Engine) -> pd.DataFrame:
    """Active networks with name, cohort, initiatives and initiatives with a submitted round."""
    latest = (
        select(
            Initiative.network_id.label("network_id"),
            func.count(distinct(Project.initiative_id)).label("submitted"),
        )
        .join(Project, Project.initiative_id == Initiative.id)
        .join(Assessment, Assessment.project_id == Project.id)
        .where(Assessment.is_latest.is_(True), Assessment.status == "submitted")
        .group_by(Initiative.network_id)
        .subquery()
    )
    members = (
        select(Initiative.network_id.label("network_id"), func.count().label("initiatives"))
        .group_by(Initiative.network_id)
        .subquery()
    )
    query = (
        select(
            Network.id,
            Network.name,
            Network.cohort_id,
            Cohort.name,
            func.coalesce(members.c.initiatives, 0),
            func.coalesce(latest.c.submitted, 0),
        )
        .outerjoin(Cohort, Cohort.id == Network.cohort_id)
        .outerjoin(members, members.c.network_id == Network.id)
        .outerjoin(latest, latest.c.network_id == Network.id)
        .where(Network.archived.is_(False))
        .order_by(Network.name)
    )
    with read_session(engine) as s:
        rows = s.execute(query).all()
    return pd.DataFrame(
        rows,
        columns=["network_id", "network", "cohort_id", "cohort", "initiatives", "submitted"],
    )


def network_assessment_scores(engine: Engine, network_id: int) -> pd.DataFrame:
    """Criterion scores of every submitted round of one network's projects (no answers, no notes).

    A few thousand rows at most: one network has at most a few hundred initiatives.
    """
    query = (
        select(
            Project.initiative_id,
            Assessment.project_id,
            Assessment.round_no,
            Assessment.is_latest,
            CriterionScore.criterion_id,
            CriterionScore.score,
        )
        .select_from(CriterionScore)
        .join(Assessment, Assessment.id == CriterionScore.assessment_id)
        .join(Project, Project.id == Assessment.project_id)
        .join(Initiative, Initiative.id == Project.initiative_id)
        .where(Initiative.network_id == network_id, Assessment.status == "submitted")
    )
    with read_session(engine) as s:
        rows = s.execute(query).all()
    frame = pd.DataFrame(
        rows,
        columns=["initiative_id", "project_id", "round_no", "is_latest", "criterion_id", "score"],
    )
    frame["is_latest"] = frame["is_latest"].astype(bool)
    frame["score"] = frame["score"].astype(float)
    return frame


@dataclass(frozen=True)
class NetworkInfo:
    network_id: int
    name: str
    cohort_id: int | None
    cohort: str | None
    archived: bool


def network_info(engine: Engine, network_id: int) -> NetworkInfo | None:
    with read_session(engine) as s:
        row = s.execute(
            select(Network.id, Network.name, Network.cohort_id, Cohort.name, Network.archived)
            .outerjoin(Cohort, Cohort.id == Network.cohort_id)
            .where(Network.id == network_id)
        ).first()
    return NetworkInfo(*row) if row else None


def network_initiatives(engine: Engine, network_id: int) -> pd.DataFrame:
    """Initiatives of a network with their consent flag (name sharing with the coordinator)."""
    with read_session(engine) as s:
        rows = s.execute(
            select(Initiative.id, Initiative.name, Initiative.share_named_results)
            .where(Initiative.network_id == network_id)
            .order_by(Initiative.name, Initiative.id)
        ).all()
    frame = pd.DataFrame(rows, columns=["initiative_id", "name", "share_named_results"])
    frame["share_named_results"] = frame["share_named_results"].astype(bool)
    return frame


def participation(engine: Engine, network_id: int) -> pd.DataFrame:
    """One row per project of the network's initiatives (initiatives without project included).

    Status of the newest round: no round / draft with % complete (answered items, including
    'nicht zutreffend', over the questionnaire's items) / submitted; last activity.
    """
    with read_session(engine) as s:
        projects = s.execute(
            select(Initiative.id, Initiative.name, Project.id, Project.name)
            .outerjoin(Project, Project.initiative_id == Initiative.id)
            .where(Initiative.network_id == network_id)
        ).all()
        rounds = s.execute(
            select(
                Assessment.id,
                Assessment.project_id,
                Assessment.round_no,
                Assessment.status,
                Assessment.questionnaire_version,
                Assessment.updated_at,
                Assessment.submitted_at,
            )
            .join(Project, Project.id == Assessment.project_id)
            .join(Initiative, Initiative.id == Project.initiative_id)
            .where(Initiative.network_id == network_id)
        ).all()
        draft_ids = [r[0] for r in rounds if r[3] == "draft"]
        answered: dict[int, int] = {}
        if draft_ids:
            answered = dict(
                s.execute(
                    select(Answer.assessment_id, func.count())
                    .where(Answer.assessment_id.in_(draft_ids))
                    .group_by(Answer.assessment_id)
                ).all()
            )
    newest: dict[int, tuple] = {}
    submitted_rounds: dict[int, int] = {}
    for row in rounds:
        if row[3] == "submitted":
            submitted_rounds[row[1]] = submitted_rounds.get(row[1], 0) + 1
        if row[1] not in newest or row[2] > newest[row[1]][2]:
            newest[row[1]] = row
    records = []
    for ini_id, ini_name, project_id, project_name in projects:
        latest = newest.get(project_id) if project_id is not None else None
        progress: float | None = None
        if latest is None:
            status, round_no, activity = STATUS_NONE, None, None
        else:
            _, _, round_no, state, version, updated, submitted = latest
            activity = submitted or updated
            if state == "draft":
                status = STATUS_DRAFT
                total = len(_questionnaire(version).items)
                progress = round(100 * answered.get(latest[0], 0) / total) if total else 0
            else:
                status, progress = STATUS_SUBMITTED, 100
        records.append(
            {
                "initiative_id": ini_id,
                "Initiative": ini_name,
                "Projekt": project_name or "–",
                "Status": status,
                "Runde": round_no,
                "Fortschritt (%)": progress,
                "Abgeschickte Runden": submitted_rounds.get(project_id, 0),
                "Letzte Aktivität": activity,
            }
        )
    frame = pd.DataFrame(
        records,
        columns=[
            "initiative_id",
            "Initiative",
            "Projekt",
            "Status",
            "Runde",
            "Fortschritt (%)",
            "Abgeschickte Runden",
            "Letzte Aktivität",
        ],
    )
    return frame.sort_values(["Initiative", "Projekt"], kind="stable").reset_index(drop=True)


def participation_by_month(engine: Engine, network_id: int | None = None) -> pd.DataFrame:
    """Rounds started and submitted per calendar month (columns Monat, Begonnen, Abgeschickt)."""

    def monthly(column) -> dict[tuple[int, int], int]:
        year, month = extract("year", column), extract("month", column)
        query = (
            select(year, month, func.count())
            .join(Project, Project.id == Assessment.project_id)
            .join(Initiative, Initiative.id == Project.initiative_id)
            .join(Network, Network.id == Initiative.network_id)
            .where(column.is_not(None), Network.archived.is_(False))
            .group_by(year, month)
        )
        if network_id is not None:
            query = query.where(Initiative.network_id == network_id)
        with read_session(engine) as s:
            return {(int(y), int(m)): int(c) for y, m, c in s.execute(query).all()}

    started = monthly(Assessment.started_at)
    submitted = monthly(Assessment.submitted_at)
    months = sorted(set(started) | set(submitted))
    return pd.DataFrame(
        [
            {
                "Monat": dt.date(y, m, 1),
                "Begonnen": started.get((y, m), 0),
                "Abgeschickt": submitted.get((y, m), 0),
            }
            for y, m in months
        ],
        columns=["Monat", "Begonnen", "Abgeschickt"],
    )


# --- view builders (privacy applied) ---------------------------------------------------------


def _questionnaire(version: int | None = None) -> Questionnaire:
    try:
        return load_questionnaire(version)
    except Exception:  # an old version file missing must not break a dashboard
        return load_questionnaire()


def criteria_frame(questionnaire: Questionnaire | None = None) -> pd.DataFrame:
    q = questionnaire or _questionnaire()
    return pd.DataFrame(
        [
            {
                "criterion_id": c.id,
                "Kriterium": c.name,
                "area": c.area_id,
                "Bereich": q.area_by_id[c.area_id].name,
            }
            for c in q.criteria
        ],
        columns=["criterion_id", "Kriterium", "area", "Bereich"],
    )


@dataclass(frozen=True)
class NetworkDashboard:
    """Everything the network and workshop views show, already filtered by the privacy rules."""

    network_id: int
    network: str
    cohort: str | None
    initiatives: int
    submitted: int
    profile: pd.DataFrame  # criterion rows: n, mean, q1, median, q3, shown, note
    distribution: pd.DataFrame  # one row per (anonymous) initiative value of shown criteria
    comparison: pd.DataFrame  # series, criterion_id, Kriterium, area, score, n
    comparison_notes: dict[str, str]
    heatmap: pd.DataFrame  # label, named, criterion_id, Kriterium, area, score
    heatmap_note: str
    weakest: pd.DataFrame
    trend: pd.DataFrame  # round_no, criterion_id, area, score, n (shown only)
    trend_notes: dict[int, str] = field(default_factory=dict)

    @property
    def has_profile(self) -> bool:
        return bool(self.profile["shown"].any()) if len(self.profile) else False


def _per_initiative(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=["initiative_id", "criterion_id", "score"])
    return frame.groupby(["initiative_id", "criterion_id"], as_index=False)["score"].mean()


def _latest_atoms(latest: pd.DataFrame) -> dict[tuple[int, str], Hashable]:
    """Atom of each initiative's latest value: the round unit if all its latest rounds agree."""
    atoms: dict[tuple[int, str], Hashable] = {}
    for (ini, crit), rounds in latest.groupby(["initiative_id", "criterion_id"])["round_no"]:
        values = set(rounds)
        atoms[(ini, crit)] = ("u", ini, values.pop()) if len(values) == 1 else ("L", ini)
    return atoms


def network_dashboard(
    engine: Engine,
    network_id: int,
    named: frozenset[int] = frozenset(),
    named_are_known: bool = True,
    stats: pd.DataFrame | None = None,
) -> NetworkDashboard:
    """Profile, distribution, comparisons, heatmap, workshop topics and trend of one network.

    ``named``: initiatives the viewer may see by name (decided by the caller via
    ``access.can_see_named_results``). ``named_are_known``: count them as known to the viewer
    (coordinators); admins may see everything anyway, so for them only the group size counts.
    ``stats``: :func:`network_criterion_stats`, if the caller has it cached (it covers all
    networks and is the expensive part at national scale).
    """
    info = network_info(engine, network_id)
    if info is None:
        raise LookupError(f"network {network_id} does not exist")
    criteria = criteria_frame()
    scores = network_assessment_scores(engine, network_id)
    latest_rows = scores[scores["is_latest"]]
    latest = _per_initiative(latest_rows)
    rounds = (
        scores.groupby(["initiative_id", "round_no", "criterion_id"], as_index=False)["score"]
        .mean()
        .sort_values(["round_no"])
    )
    atoms_of = _latest_atoms(latest_rows)
    stats = network_criterion_stats(engine) if stats is None else stats
    others = stats[stats["network_id"] != network_id]
    members = network_initiatives(engine, network_id)
    known_ids = named if named_are_known else frozenset()

    empty_latest, empty_rounds, empty_other = latest.iloc[:0], rounds.iloc[:0], others.iloc[:0]
    latest_by = dict(tuple(latest.groupby("criterion_id")))
    rounds_by = dict(tuple(rounds.groupby("criterion_id")))
    others_by = dict(tuple(others.groupby("criterion_id")))
    profile_rows, dist_rows, comp_rows, trend_rows = [], [], [], []
    comparison_notes: dict[str, str] = {}
    trend_notes: dict[int, str] = {}
    for crit in criteria.itertuples(index=False):
        cid = crit.criterion_id
        own = latest_by.get(cid, empty_latest)
        own_atoms = {atoms_of[(ini, cid)]: ini for ini in own["initiative_id"]}
        sizes: dict[Hashable, int] = {a: 1 for a in own_atoms}
        known: dict[Hashable, int] = {a: 1 for a, ini in own_atoms.items() if ini in known_ids}
        crit_rounds = rounds_by.get(cid, empty_rounds)
        for row in crit_rounds.itertuples(index=False):
            atom = ("u", row.initiative_id, row.round_no)
            sizes[atom] = 1
            if row.initiative_id in known_ids:
                known[atom] = 1
        other = others_by.get(cid, empty_other)
        for net in other.itertuples(index=False):
            sizes[("net", net.network_id)] = int(net.n)
        own_set = frozenset(own_atoms)
        candidates = [
            privacy.Candidate("profile", own_set),
            privacy.Candidate("all", own_set | {("net", n) for n in other["network_id"]}),
        ]
        cohort_nets = other[other["cohort_id"] == info.cohort_id] if info.cohort_id else None
        if cohort_nets is not None:
            candidates.append(
                privacy.Candidate(
                    "cohort", own_set | {("net", n) for n in cohort_nets["network_id"]}
                )
            )
        round_numbers = sorted(set(crit_rounds["round_no"]))
        for r in round_numbers:
            units = crit_rounds[crit_rounds["round_no"] == r]["initiative_id"]
            candidates.append(
                privacy.Candidate(("round", r), frozenset(("u", i, r) for i in units))
            )
        verdicts = privacy.plan(candidates, sizes, known)

        prof = verdicts["profile"]
        values = own["score"].to_numpy(dtype=float)
        entry = {
            "criterion_id": cid,
            "Kriterium": crit.Kriterium,
            "area": crit.area,
            "Bereich": crit.Bereich,
            "n": len(values),
            "mean": np.nan,
            "q1": np.nan,
            "median": np.nan,
            "q3": np.nan,
            "low_count": np.nan,
            "shown": prof.shown,
            "note": prof.message,
        }
        if prof.shown:
            q1, med, q3 = np.quantile(values, [0.25, 0.5, 0.75])
            entry.update(
                mean=float(values.mean()),
                q1=float(q1),
                median=float(med),
                q3=float(q3),
                low_count=int((values < LOW_SCORE).sum()),
            )
            dist_rows += [
                {"criterion_id": cid, "Kriterium": crit.Kriterium, "area": crit.area, "score": v}
                for v in sorted(values)
            ]
            comp_rows.append(_comp(SERIES_NETWORK, crit, float(values.mean()), len(values)))
        profile_rows.append(entry)

        for key, label, frame in (
            ("all", SERIES_ALL, other),
            ("cohort", SERIES_COHORT, cohort_nets),
        ):
            if key not in verdicts:
                continue
            verdict = verdicts[key]
            if verdict.shown and prof.shown:
                total = float(values.sum() + frame["total"].sum())
                n = len(values) + int(frame["n"].sum())
                comp_rows.append(_comp(label, crit, total / n, n))
            elif not verdict.shown:
                comparison_notes.setdefault(label, verdict.message)
        for r in round_numbers:
            verdict = verdicts[("round", r)]
            if verdict.shown:
                vals = crit_rounds[crit_rounds["round_no"] == r]["score"]
                trend_rows.append(
                    {
                        "round_no": int(r),
                        "criterion_id": cid,
                        "Kriterium": crit.Kriterium,
                        "area": crit.area,
                        "score": float(vals.mean()),
                        "n": len(vals),
                    }
                )
            else:
                trend_notes.setdefault(int(r), verdict.message)

    profile = pd.DataFrame(profile_rows)
    heatmap, heatmap_note = _heatmap(latest, members, criteria, named)
    weakest = (
        profile[profile["shown"]]
        .sort_values(["mean", "criterion_id"])
        .loc[:, ["criterion_id", "Kriterium", "Bereich", "area", "mean", "low_count", "n"]]
        .reset_index(drop=True)
    )
    return NetworkDashboard(
        network_id=network_id,
        network=info.name,
        cohort=info.cohort,
        initiatives=len(members),
        submitted=int(latest["initiative_id"].nunique()),
        profile=profile,
        distribution=pd.DataFrame(
            dist_rows, columns=["criterion_id", "Kriterium", "area", "score"]
        ),
        comparison=pd.DataFrame(
            comp_rows, columns=["series", "criterion_id", "Kriterium", "area", "score", "n"]
        ),
        comparison_notes=comparison_notes,
        heatmap=heatmap,
        heatmap_note=heatmap_note,
        weakest=weakest,
        trend=pd.DataFrame(
            trend_rows, columns=["round_no", "criterion_id", "Kriterium", "area", "score", "n"]
        ),
        trend_notes=trend_notes,
    )


def _comp(series: str, crit, score: float, n: int) -> dict:
    return {
        "series": series,
        "criterion_id": crit.criterion_id,
        "Kriterium": crit.Kriterium,
        "area": crit.area,
        "score": score,
        "n": n,
    }


def _heatmap(
    latest: pd.DataFrame, members: pd.DataFrame, criteria: pd.DataFrame, named: frozenset[int]
) -> tuple[pd.DataFrame, str]:
    """Named rows for ``named`` initiatives; anonymous rows for the rest if there are ≥ 5."""
    columns = ["label", "named", "criterion_id", "Kriterium", "area", "score"]
    if latest.empty:
        return pd.DataFrame(columns=columns), ""
    names = dict(zip(members["initiative_id"], members["name"], strict=True))
    wide = latest.pivot(index="initiative_id", columns="criterion_id", values="score")
    named_ids = [i for i in wide.index if i in named]
    anon_ids = [i for i in wide.index if i not in named]
    labels: dict[int, tuple[str, bool]] = {
        i: (names.get(i, str(i)), True) for i in sorted(named_ids, key=lambda i: names.get(i, ""))
    }
    note = ""
    if anon_ids and privacy.anonymous_rows_allowed(len(anon_ids)):
        # Order anonymous rows by their mean score, never by id or name.
        order = wide.loc[anon_ids].mean(axis=1).sort_values(ascending=False, kind="stable")
        for index, ini in enumerate(order.index):
            labels[ini] = (privacy.anonymous_label(index), False)
    elif anon_ids:
        note = (
            f"{len(anon_ids)} Initiative(n) ohne namentliche Freigabe: "
            f"{privacy.SUPPRESSED_TEXT} (anonyme Zeilen erst ab {privacy.MIN_GROUP_SIZE})."
        )
    values = wide.to_dict("index")
    crits = list(criteria[["criterion_id", "Kriterium", "area"]].itertuples(index=False))
    rows = []
    for ini, (label, is_named) in labels.items():
        for cid, name, area in crits:
            value = values[ini].get(cid, np.nan)
            rows.append(
                {
                    "label": label,
                    "named": is_named,
                    "criterion_id": cid,
                    "Kriterium": name,
                    "area": area,
                    "score": None if pd.isna(value) else float(value),
                }
            )
    return pd.DataFrame(rows, columns=columns), note


@dataclass(frozen=True)
class NationalOverview:
    networks: pd.DataFrame  # network rows shown: network, cohort, submitted
    heatmap: pd.DataFrame  # network × criterion: network, criterion_id, Kriterium, area, score, n
    cohorts: pd.DataFrame  # series (cohort name or 'Alle Netzwerke') × criterion: score, n
    hidden_networks: int
    notes: dict[str, str]
    participation: pd.DataFrame


def national_overview(engine: Engine, stats: pd.DataFrame | None = None) -> NationalOverview:
    """Networks × criteria (networks with ≥ 5 submitted initiatives), cohorts, the total.

    All in SQL GROUP BYs over stored scores; Python only combines ≈ networks × criteria rows.
    """
    criteria = criteria_frame()
    stats = network_criterion_stats(engine) if stats is None else stats
    nets = submitted_initiatives_per_network(engine)
    eligible = nets[nets["submitted"] >= privacy.MIN_GROUP_SIZE]
    eligible_ids = set(eligible["network_id"])
    net_names = dict(zip(nets["network_id"], nets["network"], strict=True))
    cohort_names = dict(zip(nets["cohort_id"], nets["cohort"], strict=True))
    heat_rows, cohort_rows = [], []
    notes: dict[str, str] = {}
    for crit in criteria.itertuples(index=False):
        cid = crit.criterion_id
        frame = stats[stats["criterion_id"] == cid]
        sizes = {("net", r.network_id): int(r.n) for r in frame.itertuples(index=False)}
        totals = {r.network_id: float(r.total) for r in frame.itertuples(index=False)}
        cohort_of = {r.network_id: r.cohort_id for r in frame.itertuples(index=False)}
        candidates = [
            privacy.Candidate(("net", nid), frozenset({("net", nid)}))
            for nid in frame["network_id"]
            if nid in eligible_ids
        ]
        cohort_ids = sorted({c for c in cohort_of.values() if c is not None and c == c})
        candidates += [
            privacy.Candidate(
                ("cohort", c), frozenset(("net", n) for n, cc in cohort_of.items() if cc == c)
            )
            for c in cohort_ids
        ]
        candidates.append(privacy.Candidate("total", frozenset(sizes)))
        verdicts = privacy.plan(candidates, sizes)
        for nid in frame["network_id"]:
            verdict = verdicts.get(("net", nid))
            if verdict is not None and verdict.shown:
                heat_rows.append(
                    {
                        "network": net_names[nid],
                        "criterion_id": cid,
                        "Kriterium": crit.Kriterium,
                        "area": crit.area,
                        "score": totals[nid] / sizes[("net", nid)],
                        "n": sizes[("net", nid)],
                    }
                )
        for c in [*cohort_ids, None]:
            key = ("cohort", c) if c is not None else "total"
            verdict = verdicts[key]
            label = (cohort_names.get(c) or f"Kohorte {c}") if c is not None else SERIES_ALL
            if verdict.shown:
                ids = [n for n, cc in cohort_of.items() if c is None or cc == c]
                n = sum(sizes[("net", i)] for i in ids)
                cohort_rows.append(
                    {
                        "series": label,
                        "criterion_id": cid,
                        "Kriterium": crit.Kriterium,
                        "area": crit.area,
                        "score": sum(totals[i] for i in ids) / n,
                        "n": n,
                    }
                )
            else:
                notes.setdefault(label, verdict.message)
    return NationalOverview(
        networks=eligible.reset_index(drop=True),
        heatmap=pd.DataFrame(
            heat_rows, columns=["network", "criterion_id", "Kriterium", "area", "score", "n"]
        ),
        cohorts=pd.DataFrame(
            cohort_rows, columns=["series", "criterion_id", "Kriterium", "area", "score", "n"]
        ),
        hidden_networks=len(nets) - len(eligible),
        notes=notes,
        participation=participation_by_month(engine),
    )
