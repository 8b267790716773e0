"""Dashboard data: SQL over stored criterion scores of the latest submitted round per project.

Never reads answers except to count a draft's answered items for the participation table.
The score of an initiative on a criterion is the mean over its projects' latest submitted
rounds; network means are means over initiatives (each initiative counts once). What may be
shown of these numbers is decided by :mod:`mintqo.privacy`; the view builders here apply it,
so every caller gets already-filtered data.

Speed at national scale (130 networks, 10,000 initiatives, 405,000 criterion scores) comes from
two derived tables that hold the per-initiative means already (``initiative_criterion_score``
for the latest rounds, ``initiative_round_score`` per round). :func:`refresh_initiative_scores`
recomputes an initiative's rows from ``criterion_score`` inside the transaction of every write
that changes them, so they always equal a from-scratch computation; dashboards read only them.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import statistics
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    String,
    bindparam,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session

from mintqo import privacy
from mintqo.questionnaire import Questionnaire, load_questionnaire
from mintqo.store.engine import read_session
from mintqo.store.models import (
    Answer,
    Assessment,
    Cohort,
    CriterionScore,
    Initiative,
    InitiativeCriterionScore,
    InitiativeRoundScore,
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


# --- derived per-initiative scores (kept in sync by every write that changes them) ------------


def _scores_of_submitted_rounds(initiative_ids: Collection[int] | None):
    """criterion_score joined up to the initiative, submitted rounds only (optionally filtered)."""
    query = (
        select()
        .select_from(CriterionScore)
        .join(Assessment, Assessment.id == CriterionScore.assessment_id)
        .join(Project, Project.id == Assessment.project_id)
        .join(Initiative, Initiative.id == Project.initiative_id)
        .where(Assessment.status == "submitted")
    )
    if initiative_ids is not None:
        query = query.where(Project.initiative_id.in_(list(initiative_ids)))
    return query


def _latest_scores_select(initiative_ids: Collection[int] | None = None):
    """The rows of ``initiative_criterion_score``, computed from ``criterion_score``.

    ``round_no`` is set only if all latest rounds of the initiative that scored the criterion
    are the same round: the privacy guard treats such a value as that round's value too.
    """
    first, last = func.min(Assessment.round_no), func.max(Assessment.round_no)
    return (
        _scores_of_submitted_rounds(initiative_ids)
        .add_columns(
            Project.initiative_id,
            CriterionScore.criterion_id,
            Initiative.network_id,
            func.avg(CriterionScore.score),
            func.count(),
            case((first == last, first), else_=None),
        )
        .where(Assessment.is_latest.is_(True))
        .group_by(Project.initiative_id, CriterionScore.criterion_id, Initiative.network_id)
    )


def _round_scores_select(initiative_ids: Collection[int] | None = None):
    """The rows of ``initiative_round_score``, computed from ``criterion_score``."""
    return (
        _scores_of_submitted_rounds(initiative_ids)
        .add_columns(
            Project.initiative_id,
            Assessment.round_no,
            CriterionScore.criterion_id,
            Initiative.network_id,
            func.avg(CriterionScore.score),
            func.count(),
        )
        .group_by(
            Project.initiative_id,
            Assessment.round_no,
            CriterionScore.criterion_id,
            Initiative.network_id,
        )
    )


_DERIVED = (
    (
        InitiativeCriterionScore.__table__,
        ("initiative_id", "criterion_id", "network_id", "score", "projects", "round_no"),
        _latest_scores_select,
    ),
    (
        InitiativeRoundScore.__table__,
        ("initiative_id", "round_no", "criterion_id", "network_id", "score", "projects"),
        _round_scores_select,
    ),
)


def refresh_initiative_scores(
    session: Session, initiative_ids: Iterable[int] | None = None
) -> None:
    """Recompute the derived score rows of these initiatives (of all if None) from their scores.

    Call it inside the write transaction that changes which rounds are submitted/latest or their
    scores, so no reader ever sees the two disagree. An initiative's rows are recomputed from
    scratch (a few dozen rows) rather than patched: the result is by construction what a full
    rebuild would give.
    """
    ids = None if initiative_ids is None else sorted(set(initiative_ids))
    if ids == []:
        return
    for table, columns, rows_select in _DERIVED:
        stale = delete(table)
        if ids is not None:
            stale = stale.where(table.c.initiative_id.in_(ids))
        session.execute(stale)
        session.execute(insert(table).from_select(list(columns), rows_select(ids)))


def recomputed_initiative_scores(engine: Engine) -> dict[str, list[tuple]]:
    """Both derived tables as a from-scratch computation would fill them (for checks and tests)."""
    with read_session(engine) as s:
        return {
            table.name: sorted(tuple(r) for r in s.execute(rows_select()).all())
            for table, _, rows_select in _DERIVED
        }


def stored_initiative_scores(engine: Engine) -> dict[str, list[tuple]]:
    """Both derived tables as stored, rows in the column order of :func:`recomputed_...`."""
    with read_session(engine) as s:
        return {
            table.name: sorted(
                tuple(r) for r in s.execute(select(*(table.c[c] for c in columns))).all()
            )
            for table, columns, _ in _DERIVED
        }


# --- raw SQL aggregates ----------------------------------------------------------------------


def _rows_frame(rows: Sequence[Sequence[Any]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame from result rows, built column by column (≈ 3× faster than from row tuples)."""
    values = list(zip(*rows, strict=True)) or [()] * len(columns)
    return pd.DataFrame(dict(zip(columns, values, strict=True)), columns=columns)


def network_criterion_stats(engine: Engine) -> pd.DataFrame:
    """Every active network × criterion: initiatives with a score (n) and their score sum.

    One GROUP BY over the covering index of ``initiative_criterion_score`` (no join); sums (not
    means) so that cohorts and the national total can be combined exactly in Python.
    """
    ics = InitiativeCriterionScore
    per_network = (
        select(
            ics.network_id,
            ics.criterion_id,
            func.count().label("n"),
            func.sum(ics.score).label("total"),
        )
        .group_by(ics.network_id, ics.criterion_id)
        .subquery()
    )
    query = (
        select(
            per_network.c.network_id,
            Network.cohort_id,
            per_network.c.criterion_id,
            per_network.c.n,
            per_network.c.total,
        )
        .join(Network, Network.id == per_network.c.network_id)
        .where(Network.archived.is_(False))
        .order_by(per_network.c.network_id, per_network.c.criterion_id)
    )
    columns = ["network_id", "cohort_id", "criterion_id", "n", "total"]
    with read_session(engine) as s:
        rows = s.connection().execute(query).all()
    frame = _rows_frame(rows, columns)
    frame["n"] = frame["n"].astype(int)
    frame["total"] = frame["total"].astype(float)
    return frame


def submitted_initiatives_per_network(engine: Engine) -> pd.DataFrame:
    """Active networks with name, cohort, initiatives and initiatives with a submitted round.

    'Submitted' = the initiative has derived latest scores, i.e. a submitted round with scores
    (a submission always scores every criterion); an index probe per initiative instead of a
    join over all latest rounds.
    """
    has_scores = exists().where(InitiativeCriterionScore.initiative_id == Initiative.id)
    members = (
        select(
            Initiative.network_id.label("network_id"),
            func.count().label("initiatives"),
            func.sum(case((has_scores, 1), else_=0)).label("submitted"),
        )
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
            func.coalesce(members.c.submitted, 0),
        )
        .outerjoin(Cohort, Cohort.id == Network.cohort_id)
        .outerjoin(members, members.c.network_id == Network.id)
        .where(Network.archived.is_(False))
        .order_by(Network.name)
    )
    with read_session(engine) as s:
        rows = s.execute(query).all()
    frame = pd.DataFrame(
        rows,
        columns=["network_id", "network", "cohort_id", "cohort", "initiatives", "submitted"],
    )
    frame["initiatives"] = frame["initiatives"].astype(int)
    frame["submitted"] = frame["submitted"].astype(int)
    return frame


@dataclass(frozen=True)
class NetworkInfo:
    network_id: int
    name: str
    cohort_id: int | None
    cohort: str | None
    archived: bool


# The network view's statements are built once with bound parameters: SQLAlchemy then reuses
# each statement's cache key instead of recomputing it per call (≈ 0.25 ms per query).
_NETWORK_INFO = (
    select(Network.id, Network.name, Network.cohort_id, Cohort.name, Network.archived)
    .outerjoin(Cohort, Cohort.id == Network.cohort_id)
    .where(Network.id == bindparam("network_id"))
)
_NETWORK_INITIATIVES = (
    select(Initiative.id, Initiative.name, Initiative.share_named_results)
    .where(Initiative.network_id == bindparam("network_id"))
    .order_by(Initiative.name, Initiative.id)
)
_LATEST_SCORES = (
    select(
        InitiativeCriterionScore.criterion_id,
        InitiativeCriterionScore.initiative_id,
        InitiativeCriterionScore.score,
        InitiativeCriterionScore.round_no,
    )
    .where(InitiativeCriterionScore.network_id == bindparam("network_id"))
    .order_by(InitiativeCriterionScore.criterion_id, InitiativeCriterionScore.initiative_id)
)
_ROUND_TOTALS = (
    select(
        InitiativeRoundScore.criterion_id,
        InitiativeRoundScore.round_no,
        func.count(),
        func.sum(InitiativeRoundScore.score),
        func.sum(
            case(
                (InitiativeRoundScore.initiative_id.in_(bindparam("known", expanding=True)), 1),
                else_=0,
            )
        ),
    )
    .where(InitiativeRoundScore.network_id == bindparam("network_id"))
    .group_by(InitiativeRoundScore.criterion_id, InitiativeRoundScore.round_no)
    .order_by(InitiativeRoundScore.criterion_id, InitiativeRoundScore.round_no)
)


def _network_info(conn: Connection, network_id: int) -> NetworkInfo | None:
    row = conn.execute(_NETWORK_INFO, {"network_id": network_id}).first()
    return NetworkInfo(*row) if row else None


def network_info(engine: Engine, network_id: int) -> NetworkInfo | None:
    with read_session(engine) as s:
        return _network_info(s.connection(), network_id)


def _network_initiatives(conn: Connection, network_id: int) -> list[tuple[int, str, bool]]:
    rows = conn.execute(_NETWORK_INITIATIVES, {"network_id": network_id}).all()
    return [(r[0], r[1], bool(r[2])) for r in rows]


def network_initiatives(engine: Engine, network_id: int) -> pd.DataFrame:
    """Initiatives of a network with their consent flag (name sharing with the coordinator)."""
    with read_session(engine) as s:
        rows = _network_initiatives(s.connection(), network_id)
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


def _month(column):
    """'YYYY-MM' of a datetime column, the same in SQLite and PostgreSQL (both cast to ISO text).

    Slicing the text is ≈ 3× cheaper on SQLite than ``extract`` (two strftime calls per row).
    """
    return func.substr(cast(column, String), 1, 7)


def _projects_where(*conditions):
    return (
        select(Project.id)
        .join(Initiative, Initiative.id == Project.initiative_id)
        .join(Network, Network.id == Initiative.network_id)
        .where(*conditions)
    )


def participation_by_month(engine: Engine, network_id: int | None = None) -> pd.DataFrame:
    """Rounds started and submitted per calendar month (columns Monat, Begonnen, Abgeschickt).

    Nationally, one scan of all rounds minus those of archived networks (a short list); for a
    network, an index lookup of its projects' rounds. (An ``IN`` over all active projects made
    SQLite probe the index 13,000 times: ≈ 3× slower than the scan.)
    """
    if network_id is None:
        in_scope = Assessment.project_id.not_in(_projects_where(Network.archived.is_(True)))
    else:
        in_scope = Assessment.project_id.in_(
            _projects_where(Initiative.network_id == network_id, Network.archived.is_(False))
        )

    def monthly(s: Session, column) -> dict[tuple[int, int], int]:
        month = _month(column)
        query = select(month, func.count()).where(column.is_not(None), in_scope).group_by(month)
        return {(int(m[:4]), int(m[5:7])): int(c) for m, c in s.execute(query).all()}

    with read_session(engine) as s:
        started = monthly(s, Assessment.started_at)
        submitted = monthly(s, Assessment.submitted_at)
    months = sorted(set(started) | set(submitted))
    return pd.DataFrame(
        {
            "Monat": [dt.date(y, m, 1) for y, m in months],
            "Begonnen": [started.get(k, 0) for k in months],
            "Abgeschickt": [submitted.get(k, 0) for k in months],
        },
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
class _Criterion:
    criterion_id: str
    Kriterium: str
    area: str
    Bereich: str


def _criteria() -> list[_Criterion]:
    """The current questionnaire's criteria in display order, as plain objects (no DataFrame)."""
    q = _questionnaire()
    return [_Criterion(c.id, c.name, c.area_id, q.area_by_id[c.area_id].name) for c in q.criteria]


_TEXT_COLUMNS = {"criterion_id", "Kriterium", "area", "Bereich", "note", "series", "label"}


def _columns_frame(columns: dict[str, list], order: list[str]) -> pd.DataFrame:
    """A DataFrame from column lists; text columns typed up front (pandas' inference is slow).

    Same dtypes as inference from records would give, also for an empty frame (object columns).
    """
    if not any(columns.values()):
        return pd.DataFrame(columns=order)
    typed = {
        name: pd.array(values, dtype="str") if name in _TEXT_COLUMNS else values
        for name, values in columns.items()
    }
    return pd.DataFrame(typed, columns=order)


def _criterion_columns(positions: list[int]) -> dict[str, Any]:
    """criterion_id, Kriterium, area for rows given as positions in the criteria list.

    Taken from arrays built once per questionnaire (a C-level take) instead of converting
    ≈ 1,000 repeated Python strings per column and view.
    """
    arrays = _criterion_arrays(_questionnaire().version)
    index = np.asarray(positions, dtype=np.intp)
    return {name: arrays[name].take(index) for name in ("criterion_id", "Kriterium", "area")}


@functools.lru_cache(maxsize=8)
def _criterion_arrays(version: int) -> dict[str, Any]:
    criteria = _criteria()
    return {
        name: pd.array([getattr(c, name) for c in criteria], dtype="str")
        for name in ("criterion_id", "Kriterium", "area")
    }


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame from row dicts, built column-wise (≈ 5× cheaper than from records)."""
    return _columns_frame({c: [r[c] for r in rows] for c in columns}, columns)


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


class _Latest(NamedTuple):
    """The shape of a row of ``_LATEST_SCORES`` (the SQLAlchemy rows are used as they come)."""

    criterion_id: str
    initiative_id: int
    score: float
    round_no: int | None  # None if the initiative's projects are on different rounds


@dataclass(frozen=True)
class _Round:
    """Initiatives with a value in one round on one criterion: count, score sum, known to viewer."""

    round_no: int
    n: int
    total: float
    known: int


@dataclass(frozen=True)
class _Others:
    """Initiatives of the other active networks on one criterion: in the cohort and the rest."""

    cohort_n: int = 0
    cohort_total: float = 0.0
    rest_n: int = 0
    rest_total: float = 0.0


def _latest_by_criterion(conn: Connection, network_id: int) -> dict[str, list[_Latest]]:
    rows = conn.execute(_LATEST_SCORES, {"network_id": network_id}).all()
    latest: dict[str, list[_Latest]] = {}
    for row in rows:
        latest.setdefault(row.criterion_id, []).append(row)
    return latest


def _rounds_by_criterion(
    conn: Connection, network_id: int, known_ids: frozenset[int]
) -> dict[str, list[_Round]]:
    """Per criterion and round: n, sum and known initiatives, summed in SQL (a covering index)."""
    params = {"network_id": network_id, "known": sorted(known_ids)}
    rows = conn.execute(_ROUND_TOTALS, params).all()
    rounds: dict[str, list[_Round]] = {}
    for cid, round_no, n, total, k in rows:
        rounds.setdefault(cid, []).append(_Round(round_no, int(n), float(total), int(k or 0)))
    return rounds


def _others_by_criterion(
    stats: pd.DataFrame, network_id: int, cohort_id: int | None
) -> dict[str, _Others]:
    """The other networks' initiatives per criterion, split into the viewer's cohort and the rest.

    Vectorised over the 1,560 rows of ``stats`` (a Python loop over them cost ≈ 1 ms per view).
    """
    codes, criteria = pd.factorize(stats["criterion_id"])
    other = stats["network_id"].to_numpy() != network_id
    same_cohort = stats["cohort_id"].to_numpy() == cohort_id if cohort_id else False
    in_cohort = other & same_cohort
    rest = other & ~in_cohort
    n, total = stats["n"].to_numpy(dtype=float), stats["total"].to_numpy(dtype=float)

    def per_criterion(mask: np.ndarray, weights: np.ndarray) -> list[float]:
        return np.bincount(codes, weights * mask, minlength=len(criteria)).tolist()

    sums = zip(
        per_criterion(in_cohort, n),
        per_criterion(in_cohort, total),
        per_criterion(rest, n),
        per_criterion(rest, total),
        strict=True,
    )
    return {
        cid: _Others(int(cn), ct, int(rn), rt)
        for cid, (cn, ct, rn, rt) in zip(criteria.tolist(), sums, strict=True)
    }


def _criterion_verdicts(
    latest: list[_Latest],
    rounds: list[_Round],
    others: _Others,
    known_ids: frozenset[int],
    with_cohort: bool,
    memo: dict[Hashable, dict[Hashable, privacy.Verdict]],
) -> dict[Hashable, privacy.Verdict]:
    """The privacy plan of one criterion: profile, all networks, cohort, one mean per round.

    Atoms are merged into the cells the differencing guard works on anyway (initiatives that
    belong to exactly the same aggregates): 'latest value from round r' (in the profile, the
    comparisons and round r), 'latest values from mixed rounds', 'a round-r value that is not
    the latest', the cohort's other networks and the remaining networks. Sums over atoms and
    the partition into cells are unchanged, so the verdicts are those of the per-initiative
    plan; but the plan is small, and criteria with the same cell sizes (usually all of them)
    share one computation via ``memo``.
    """
    atoms = [("latest", r) if r is not None else ("mixed",) for _, _, _, r in latest]
    sizes: Counter[Hashable] = Counter(atoms)
    known: Counter[Hashable] = Counter(
        atom for atom, (_, ini, _, _) in zip(atoms, latest, strict=True) if ini in known_ids
    )
    for r in rounds:
        shared = ("latest", r.round_no)
        if r.n > sizes[shared]:
            sizes[("round", r.round_no)] = r.n - sizes[shared]
            known[("round", r.round_no)] = r.known - known[shared]
    # The other networks' cells hold no initiative the viewer knows, and the rules compare group
    # and cell sizes only with MIN_GROUP_SIZE: capping them there changes no verdict, but lets
    # criteria that differ only in those large counts share one plan.
    for atom, n in ((("others", "cohort"), others.cohort_n), (("others", "rest"), others.rest_n)):
        if n:
            sizes[atom] = min(n, privacy.MIN_GROUP_SIZE)
    sizes, known = +sizes, +known  # drop zero counts, so equal plans get equal keys

    key = (frozenset(sizes.items()), frozenset(known.items()), with_cohort)
    if key not in memo:
        own = frozenset(a for a in sizes if a[0] in ("latest", "mixed"))
        in_cohort = frozenset(a for a in sizes if a == ("others", "cohort"))
        everyone = own | in_cohort | frozenset(a for a in sizes if a == ("others", "rest"))
        candidates = [privacy.Candidate("profile", own), privacy.Candidate("all", everyone)]
        if with_cohort:
            candidates.append(privacy.Candidate("cohort", own | in_cohort))
        for r in rounds:
            atoms = {("latest", r.round_no), ("round", r.round_no)} & set(sizes)
            candidates.append(privacy.Candidate(("round", r.round_no), frozenset(atoms)))
        memo[key] = privacy.plan(candidates, sizes, known)
    return memo[key]


def _comp(series: str, crit: _Criterion, score: float, n: int) -> dict:
    return {
        "series": series,
        "criterion_id": crit.criterion_id,
        "Kriterium": crit.Kriterium,
        "area": crit.area,
        "score": score,
        "n": n,
    }


_PROFILE_COLUMNS = [
    "criterion_id",
    "Kriterium",
    "area",
    "Bereich",
    "n",
    "mean",
    "q1",
    "median",
    "q3",
    "low_count",
    "shown",
    "note",
]
_COMPARISON_COLUMNS = ["series", "criterion_id", "Kriterium", "area", "score", "n"]
_TREND_COLUMNS = ["round_no", "criterion_id", "Kriterium", "area", "score", "n"]
_DISTRIBUTION_COLUMNS = ["criterion_id", "Kriterium", "area", "score"]
_HEATMAP_COLUMNS = ["label", "named", "criterion_id", "Kriterium", "area", "score"]


def _quantile(ordered: list[float], q: float) -> float:
    """``numpy.quantile(values, q)`` (method 'linear', bit for bit) of already sorted values.

    numpy's call overhead (≈ 45 µs) was 5 % of a network view; the values are sorted anyway.
    """
    position = q * (len(ordered) - 1)
    below = math.floor(position)
    a, b = ordered[below], ordered[min(below + 1, len(ordered) - 1)]
    t = position - below
    return b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t


def _profile_entry(crit: _Criterion, values: np.ndarray, verdict: privacy.Verdict) -> dict:
    """Mean, quartiles and low scores of a criterion, or NaN if the verdict suppresses it."""
    entry = {
        "criterion_id": crit.criterion_id,
        "Kriterium": crit.Kriterium,
        "area": crit.area,
        "Bereich": crit.Bereich,
        "n": len(values),
        "mean": np.nan,
        "q1": np.nan,
        "median": np.nan,
        "q3": np.nan,
        "low_count": np.nan,
        "shown": verdict.shown,
        "note": verdict.message,
    }
    if verdict.shown:
        ordered = sorted(values.tolist())
        entry.update(
            mean=float(values.mean()),
            q1=_quantile(ordered, 0.25),
            median=_quantile(ordered, 0.5),
            q3=_quantile(ordered, 0.75),
            low_count=int((values < LOW_SCORE).sum()),
        )
    return entry


def _distribution(positions: list[int], scores: list[float]) -> pd.DataFrame:
    """One row per shown initiative value (criterion given by its position in the criteria)."""
    if not scores:
        return pd.DataFrame(columns=_DISTRIBUTION_COLUMNS)
    return pd.DataFrame(
        {**_criterion_columns(positions), "score": scores}, columns=_DISTRIBUTION_COLUMNS
    )


_WEAKEST_COLUMNS = ["criterion_id", "Kriterium", "Bereich", "area", "mean", "low_count", "n"]


def _weakest(profile: pd.DataFrame, profile_rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Shown criteria from the lowest network mean up: the workshop topics (profile's dtypes)."""
    shown = [i for i, r in enumerate(profile_rows) if r["shown"]]
    order = sorted(shown, key=lambda i: (profile_rows[i]["mean"], profile_rows[i]["criterion_id"]))
    columns = [profile.columns.get_loc(c) for c in _WEAKEST_COLUMNS]
    return profile.iloc[order, columns].reset_index(drop=True)


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

    Three small queries on the derived tables (≈ 1,000 rows for a network of 78 initiatives)
    and plain Python per criterion: no per-call pandas grouping.
    """
    known_ids = named if named_are_known else frozenset()
    with read_session(engine) as s:
        conn = s.connection()  # Core execution: the ORM layer adds ≈ 40 % per query here
        info = _network_info(conn, network_id)
        if info is None:
            raise LookupError(f"network {network_id} does not exist")
        members = _network_initiatives(conn, network_id)
        latest_by = _latest_by_criterion(conn, network_id)
        rounds_by = _rounds_by_criterion(conn, network_id, known_ids)
    stats = network_criterion_stats(engine) if stats is None else stats
    others_by = _others_by_criterion(stats, network_id, info.cohort_id)

    profile_rows, comp_rows, trend_rows = [], [], []
    dist_positions: list[int] = []
    dist_scores: list[float] = []
    comparison_notes: dict[str, str] = {}
    trend_notes: dict[int, str] = {}
    memo: dict[Hashable, dict[Hashable, privacy.Verdict]] = {}
    for position, crit in enumerate(_criteria()):
        cid = crit.criterion_id
        latest = latest_by.get(cid, [])
        rounds = rounds_by.get(cid, [])
        others = others_by.get(cid, _Others())
        verdicts = _criterion_verdicts(
            latest, rounds, others, known_ids, bool(info.cohort_id), memo
        )
        prof = verdicts["profile"]
        values = np.array([score for _, _, score, _ in latest], dtype=float)
        profile_rows.append(_profile_entry(crit, values, prof))
        if prof.shown:
            # In value order, so the order of the rows reveals nothing.
            dist_scores += sorted(values.tolist())
            dist_positions += [position] * len(values)
            comp_rows.append(_comp(SERIES_NETWORK, crit, float(values.mean()), len(values)))
        for key, label, n_other, total_other in (
            (
                "all",
                SERIES_ALL,
                others.cohort_n + others.rest_n,
                others.cohort_total + others.rest_total,
            ),
            ("cohort", SERIES_COHORT, others.cohort_n, others.cohort_total),
        ):
            if key not in verdicts:
                continue
            verdict = verdicts[key]
            if verdict.shown and prof.shown:
                n = len(values) + n_other
                comp_rows.append(_comp(label, crit, (float(values.sum()) + total_other) / n, n))
            elif not verdict.shown:
                comparison_notes.setdefault(label, verdict.message)
        for r in rounds:
            verdict = verdicts[("round", r.round_no)]
            if verdict.shown:
                trend_rows.append(
                    {
                        "round_no": int(r.round_no),
                        "criterion_id": cid,
                        "Kriterium": crit.Kriterium,
                        "area": crit.area,
                        "score": r.total / r.n,
                        "n": r.n,
                    }
                )
            else:
                trend_notes.setdefault(int(r.round_no), verdict.message)

    profile = _frame(profile_rows, _PROFILE_COLUMNS)
    values_of = _values_by_initiative(latest_by)
    heatmap, heatmap_note = _heatmap(values_of, members, named)
    return NetworkDashboard(
        network_id=network_id,
        network=info.name,
        cohort=info.cohort,
        initiatives=len(members),
        submitted=len(values_of),
        profile=profile,
        distribution=_distribution(dist_positions, dist_scores),
        comparison=_frame(comp_rows, _COMPARISON_COLUMNS),
        comparison_notes=comparison_notes,
        heatmap=heatmap,
        heatmap_note=heatmap_note,
        weakest=_weakest(profile, profile_rows),
        trend=_frame(trend_rows, _TREND_COLUMNS),
        trend_notes=trend_notes,
    )


def _values_by_initiative(latest_by: Mapping[str, list[_Latest]]) -> dict[int, dict[str, float]]:
    """{initiative: {criterion: latest score}}: the heatmap's rows."""
    values: dict[int, dict[str, float]] = {}
    for cid, latest in latest_by.items():
        for _, ini, score, _ in latest:
            values.setdefault(ini, {})[cid] = score
    return values


def _heatmap(
    values: dict[int, dict[str, float]],
    members: list[tuple[int, str, bool]],
    named: frozenset[int],
) -> tuple[pd.DataFrame, str]:
    """Named rows for ``named`` initiatives; anonymous rows for the rest if there are ≥ 5."""
    if not values:
        return _columns_frame({c: [] for c in _HEATMAP_COLUMNS}, _HEATMAP_COLUMNS), ""
    names = {ini: name for ini, name, _ in members}
    ids = sorted(values)
    named_ids = [i for i in ids if i in named]
    anon_ids = [i for i in ids if i not in named]
    labels: dict[int, tuple[str, bool]] = {
        i: (names.get(i, str(i)), True) for i in sorted(named_ids, key=lambda i: names.get(i, ""))
    }
    note = ""
    if anon_ids and privacy.anonymous_rows_allowed(len(anon_ids)):
        # Order anonymous rows by their mean score, never by id or name.
        by_mean = sorted(anon_ids, key=lambda i: -statistics.fmean(values[i].values()))
        for index, ini in enumerate(by_mean):
            labels[ini] = (privacy.anonymous_label(index), False)
    elif anon_ids:
        note = (
            f"{len(anon_ids)} Initiative(n) ohne namentliche Freigabe: "
            f"{privacy.SUPPRESSED_TEXT} (anonyme Zeilen erst ab {privacy.MIN_GROUP_SIZE})."
        )
    crits = _criteria()
    rows = list(labels.items())  # one heatmap line per labelled initiative, in label order
    columns = {
        "label": pd.array([label for _, (label, _) in rows for _ in crits], dtype="str"),
        "named": [is_named for _, (_, is_named) in rows for _ in crits],
        **_criterion_columns(list(range(len(crits))) * len(rows)),
        "score": [values[ini].get(c.criterion_id) for ini, _ in rows for c in crits],
    }
    return pd.DataFrame(columns, columns=_HEATMAP_COLUMNS), note


@dataclass(frozen=True)
class NationalOverview:
    networks: pd.DataFrame  # network rows shown: network, cohort, submitted
    heatmap: pd.DataFrame  # network × criterion: network, criterion_id, Kriterium, area, score, n
    cohorts: pd.DataFrame  # series (cohort name or 'Alle Netzwerke') × criterion: score, n
    hidden_networks: int
    notes: dict[str, str]
    participation: pd.DataFrame


class _NetworkStat(NamedTuple):  # a NamedTuple: 1,560 of them per overview, built cheaply
    network_id: int
    cohort_id: int | None
    n: int
    total: float


def _stats_by_criterion(stats: pd.DataFrame) -> dict[str, list[_NetworkStat]]:
    by: dict[str, list[_NetworkStat]] = {}
    columns = (stats[c].tolist() for c in ("network_id", "cohort_id", "criterion_id", "n", "total"))
    for nid, cohort, cid, n, total in zip(*columns, strict=True):
        cohort = None if cohort is None or cohort != cohort else int(cohort)  # NaN → None
        by.setdefault(cid, []).append(_NetworkStat(int(nid), cohort, int(n), float(total)))
    return by


def _national_verdicts(
    rows: list[_NetworkStat], eligible_ids: set[int]
) -> dict[Hashable, privacy.Verdict]:
    """The privacy plan of one criterion: eligible networks first, then cohorts, then the total.

    Network sizes are capped at MIN_GROUP_SIZE: the rules compare sizes only with it (no viewer
    knowledge here), so no verdict changes, and criteria share a plan (see the caller).
    """
    sizes = {("net", r.network_id): min(r.n, privacy.MIN_GROUP_SIZE) for r in rows}
    candidates = [
        privacy.Candidate(("net", r.network_id), frozenset({("net", r.network_id)}))
        for r in rows
        if r.network_id in eligible_ids
    ]
    cohort_ids = sorted({r.cohort_id for r in rows if r.cohort_id is not None})
    candidates += [
        privacy.Candidate(
            ("cohort", c), frozenset(("net", r.network_id) for r in rows if r.cohort_id == c)
        )
        for c in cohort_ids
    ]
    candidates.append(privacy.Candidate("total", frozenset(sizes)))
    return privacy.plan(candidates, sizes)


def national_overview(engine: Engine, stats: pd.DataFrame | None = None) -> NationalOverview:
    """Networks × criteria (networks with ≥ 5 submitted initiatives), cohorts, the total.

    All in SQL GROUP BYs over the derived scores; Python only combines ≈ networks × criteria
    rows. The privacy plan depends only on which networks have at least MIN_GROUP_SIZE scores
    (and on the sizes of smaller ones), the same for every criterion as a rule: it is computed
    once per distinct pattern.
    """
    criteria = _criteria()
    stats = network_criterion_stats(engine) if stats is None else stats
    nets = submitted_initiatives_per_network(engine)
    eligible = nets[nets["submitted"] >= privacy.MIN_GROUP_SIZE]
    eligible_ids = {int(n) for n in eligible["network_id"]}
    net_names = dict(zip(nets["network_id"].tolist(), nets["network"].tolist(), strict=True))
    cohort_names = {
        int(c): name
        for c, name in zip(nets["cohort_id"].tolist(), nets["cohort"].tolist(), strict=True)
        if c is not None and c == c
    }
    by_criterion = _stats_by_criterion(stats)
    plans: dict[Hashable, dict[Hashable, privacy.Verdict]] = {}
    heat_rows, cohort_rows = [], []
    notes: dict[str, str] = {}
    for crit in criteria:
        rows = by_criterion.get(crit.criterion_id, [])
        key = tuple((r.network_id, r.cohort_id, min(r.n, privacy.MIN_GROUP_SIZE)) for r in rows)
        if key not in plans:
            plans[key] = _national_verdicts(rows, eligible_ids)
        verdicts = plans[key]
        for r in rows:
            verdict = verdicts.get(("net", r.network_id))
            if verdict is not None and verdict.shown:
                heat_rows.append(
                    {
                        "network": net_names[r.network_id],
                        "criterion_id": crit.criterion_id,
                        "Kriterium": crit.Kriterium,
                        "area": crit.area,
                        "score": r.total / r.n,
                        "n": r.n,
                    }
                )
        cohort_ids = sorted({r.cohort_id for r in rows if r.cohort_id is not None})
        for c in [*cohort_ids, None]:
            verdict = verdicts[("cohort", c) if c is not None else "total"]
            label = (cohort_names.get(c) or f"Kohorte {c}") if c is not None else SERIES_ALL
            if verdict.shown:
                group = [r for r in rows if c is None or r.cohort_id == c]
                n = sum(r.n for r in group)
                cohort_rows.append(
                    {
                        "series": label,
                        "criterion_id": crit.criterion_id,
                        "Kriterium": crit.Kriterium,
                        "area": crit.area,
                        "score": sum(r.total for r in group) / n,
                        "n": n,
                    }
                )
            else:
                notes.setdefault(label, verdict.message)
    return NationalOverview(
        networks=eligible.reset_index(drop=True),
        heatmap=_frame(heat_rows, ["network", "criterion_id", "Kriterium", "area", "score", "n"]),
        cohorts=_frame(cohort_rows, _COMPARISON_COLUMNS),
        hidden_networks=len(nets) - len(eligible),
        notes=notes,
        participation=participation_by_month(engine),
    )
