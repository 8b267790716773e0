"""One network's dashboard (the "Mein Netzwerk" and workshop views), privacy applied. Pure.

Built from the network's released rows: profile (mean, quartiles, low scores per criterion),
the distribution of single values, comparisons with all networks and the cohort, named rows of
initiatives the viewer may see by name, workshop topics and the trend over rounds. Each
aggregate goes through :func:`mintqo.privacy_plans.network_verdicts`; what is suppressed comes
with its German reason instead of a number.

Single initiatives appear only by name, never as anonymous rows: an anonymous row is one
initiative's whole profile, and next to a named participation list and the trend it can be
recognised (issue 12, leak 6). Single values in the distribution are shown criterion by
criterion, in value order, without any link between criteria.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from mintqo.dashboards.criteria import LOW_SCORE, CriterionRow, criteria, frame
from mintqo.privacy import Verdict
from mintqo.privacy_plans import (
    ALL_NETWORKS,
    COHORT,
    PROFILE,
    Latest,
    Others,
    network_verdicts,
    overlay_verdict,
    round_key,
)

SERIES_NETWORK = "Netzwerk-Mittel"
SERIES_ALL = "Alle Netzwerke"
SERIES_COHORT = "Kohorte"

PROFILE_COLUMNS = [
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
COMPARISON_COLUMNS = ["series", "criterion_id", "Kriterium", "area", "score", "n"]
TREND_COLUMNS = ["round_no", "criterion_id", "Kriterium", "area", "score", "n"]
DISTRIBUTION_COLUMNS = ["criterion_id", "Kriterium", "area", "score"]
HEATMAP_COLUMNS = ["label", "named", "criterion_id", "Kriterium", "area", "score"]
WEAKEST_COLUMNS = ["criterion_id", "Kriterium", "Bereich", "area", "mean", "low_count", "n"]


class MemberRow(NamedTuple):
    initiative_id: int
    name: str
    share_named_results: bool


class LatestRow(NamedTuple):
    criterion_id: str
    initiative_id: int
    score: float
    round_no: int | None


class RoundRow(NamedTuple):
    criterion_id: str
    round_no: int
    initiative_id: int
    score: float


@dataclass(frozen=True)
class NetworkDashboard:
    """Everything the network and workshop views show, already filtered by the privacy rules."""

    network_id: int
    network: str
    cohort: str | None
    initiatives: int
    submitted: int  # initiatives with released results
    profile: pd.DataFrame  # PROFILE_COLUMNS, one row per criterion
    distribution: pd.DataFrame  # one row per single value of a shown criterion, value order
    comparison: pd.DataFrame  # COMPARISON_COLUMNS
    comparison_notes: dict[str, str]
    heatmap: pd.DataFrame  # HEATMAP_COLUMNS: named initiatives only
    heatmap_note: str
    weakest: pd.DataFrame  # WEAKEST_COLUMNS, lowest network mean first
    trend: pd.DataFrame  # TREND_COLUMNS, shown rounds only
    trend_notes: dict[int, str] = field(default_factory=dict)

    @property
    def has_profile(self) -> bool:
        return bool(self.profile["shown"].any()) if len(self.profile) else False


def _others(stats: pd.DataFrame, network_id: int, cohort_id: int | None) -> dict[str, dict]:
    """Per criterion: n and score sum of other networks' initiatives, in the cohort and the rest."""
    other = stats[stats["network_id"] != network_id]
    in_cohort = (
        (other["cohort_id"] == cohort_id).to_numpy(dtype=bool)
        if cohort_id is not None
        else np.zeros(len(other), dtype=bool)
    )
    result: dict[str, dict] = {}
    for key, part in (("cohort", other[in_cohort]), ("rest", other[~in_cohort])):
        sums = part.groupby("criterion_id")[["n", "total"]].sum()
        for cid, row in sums.iterrows():
            entry = result.setdefault(str(cid), {"cohort": (0, 0.0), "rest": (0, 0.0)})
            entry[key] = (int(row["n"]), float(row["total"]))
    return result


def _profile_entry(crit: CriterionRow, values: np.ndarray, verdict: Verdict) -> dict:
    entry = {
        **vars(crit),
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
        q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
        entry.update(
            mean=float(values.mean()),
            q1=float(q1),
            median=float(median),
            q3=float(q3),
            low_count=int((values < LOW_SCORE).sum()),
        )
    return entry


def _heatmap(
    latest: Sequence[LatestRow], members: Sequence[MemberRow], named: frozenset[int]
) -> tuple[pd.DataFrame, str]:
    names = {m.initiative_id: m.name for m in members}
    with_values = {row.initiative_id for row in latest}
    crits = criteria()
    order = sorted((i for i in with_values if i in named), key=lambda i: names.get(i, ""))
    score = {(row.initiative_id, row.criterion_id): row.score for row in latest}
    rows = [
        {
            "label": names.get(ini, str(ini)),
            "named": True,
            "criterion_id": c.criterion_id,
            "Kriterium": c.Kriterium,
            "area": c.area,
            "score": score.get((ini, c.criterion_id)),
        }
        for ini in order
        for c in crits
    ]
    hidden = len(with_values - named)
    note = ""
    if hidden:
        note = (
            f"{hidden} {'Initiative erscheint' if hidden == 1 else 'Initiativen erscheinen'} "
            "ohne namentliche Freigabe nur in den zusammengefassten Werten oben."
        )
    return frame(rows, HEATMAP_COLUMNS), note


def build_network_dashboard(
    *,
    network_id: int,
    name: str,
    cohort: str | None,
    cohort_id: int | None,
    members: Sequence[MemberRow],
    latest: Sequence[LatestRow],
    rounds: Sequence[RoundRow],
    stats: pd.DataFrame,
    named: frozenset[int],
    known: frozenset[int],
) -> NetworkDashboard:
    """The dashboard of one network for one viewer.

    ``named``: initiatives the viewer may see by name (heatmap rows); ``known``: initiatives
    whose values the viewer knows anyway (for coordinators the named ones; the privacy rules
    then protect only the others). ``stats``: released n and sum per network and criterion.
    """
    latest_by: dict[str, list[LatestRow]] = {}
    for row in latest:
        latest_by.setdefault(row.criterion_id, []).append(row)
    rounds_by: dict[str, dict[int, list[RoundRow]]] = {}
    for row in rounds:
        rounds_by.setdefault(row.criterion_id, {}).setdefault(row.round_no, []).append(row)
    others_by = _others(stats, network_id, cohort_id)
    memo: dict[Hashable, dict[Hashable, Verdict]] = {}
    profile_rows, comp_rows, trend_rows, dist_rows = [], [], [], []
    comparison_notes: dict[str, str] = {}
    trend_notes: dict[int, str] = {}
    for crit in criteria():
        cid = crit.criterion_id
        mine = latest_by.get(cid, [])
        per_round = rounds_by.get(cid, {})
        others = others_by.get(cid, {"cohort": (0, 0.0), "rest": (0, 0.0)})
        verdicts = network_verdicts(
            [Latest(r.initiative_id, r.round_no) for r in mine],
            {r: [v.initiative_id for v in rows] for r, rows in per_round.items()},
            Others(others["cohort"][0], others["rest"][0]),
            known,
            with_cohort=cohort_id is not None,
            memo=memo,
        )
        values = np.array([r.score for r in mine], dtype=float)
        profile = verdicts[PROFILE]
        profile_rows.append(_profile_entry(crit, values, profile))
        basics = {"criterion_id": cid, "Kriterium": crit.Kriterium, "area": crit.area}
        if profile.shown:
            dist_rows += [{**basics, "score": v} for v in sorted(values.tolist())]
            comp_rows.append(
                {"series": SERIES_NETWORK, **basics, "score": values.mean(), "n": len(values)}
            )
        parts = {ALL_NETWORKS: ("cohort", "rest"), COHORT: ("cohort",)}
        for key, label in ((ALL_NETWORKS, SERIES_ALL), (COHORT, SERIES_COHORT)):
            verdict = verdicts.get(key)
            if verdict is None:
                continue
            if not verdict.shown:
                comparison_notes.setdefault(label, verdict.message)
            elif profile.shown:
                n = len(values) + sum(others[p][0] for p in parts[key])
                total = values.sum() + sum(others[p][1] for p in parts[key])
                comp_rows.append({"series": label, **basics, "score": total / n, "n": n})
        for round_no, rows in sorted(per_round.items()):
            verdict = verdicts[round_key(round_no)]
            if verdict.shown:
                mean = float(np.mean([r.score for r in rows]))
                trend_rows.append({"round_no": round_no, **basics, "score": mean, "n": len(rows)})
            else:
                trend_notes.setdefault(round_no, verdict.message)
    profile_frame = frame(profile_rows, PROFILE_COLUMNS)
    shown = profile_frame[profile_frame["shown"]]
    weakest = shown.sort_values(["mean", "criterion_id"], kind="stable")[WEAKEST_COLUMNS]
    heatmap, heatmap_note = _heatmap(latest, members, named)
    return NetworkDashboard(
        network_id=network_id,
        network=name,
        cohort=cohort,
        initiatives=len(members),
        submitted=len({row.initiative_id for row in latest}),
        profile=profile_frame,
        distribution=frame(dist_rows, DISTRIBUTION_COLUMNS),
        comparison=frame(comp_rows, COMPARISON_COLUMNS),
        comparison_notes=comparison_notes,
        heatmap=heatmap,
        heatmap_note=heatmap_note,
        weakest=weakest.reset_index(drop=True),
        trend=frame(trend_rows, TREND_COLUMNS),
        trend_notes=trend_notes,
    )


def network_mean(latest: Sequence[LatestRow], viewer_initiative: int) -> dict[str, float]:
    """The network mean per criterion for an initiative's own profile, where the privacy rules
    allow it (the viewer counts as known); criteria that are not allowed are left out."""
    by: dict[str, list[LatestRow]] = {}
    for row in latest:
        by.setdefault(row.criterion_id, []).append(row)
    means: dict[str, float] = {}
    for cid, rows in by.items():
        verdict = overlay_verdict(
            [Latest(r.initiative_id, r.round_no) for r in rows], viewer_initiative
        )
        if verdict.shown:
            means[cid] = float(np.mean([r.score for r in rows]))
    return means
