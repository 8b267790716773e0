"""The programme team's national picture: networks × criteria, cohorts, the total. Pure.

Built from released n and score sums per network and criterion. Networks with fewer than five
initiatives with released results are not shown on their own; cohorts and the total are
planned together with the shown networks so that no hidden network can be computed as a rest.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd

from mintqo import privacy
from mintqo.dashboards.criteria import criteria, frame
from mintqo.dashboards.network import COMPARISON_COLUMNS, SERIES_ALL
from mintqo.privacy import Verdict
from mintqo.privacy_plans import NetworkCount, national_verdicts

HEATMAP_COLUMNS = ["network", "criterion_id", "Kriterium", "area", "score", "n"]


@dataclass(frozen=True)
class NationalOverview:
    networks: (
        pd.DataFrame
    )  # shown networks: network_id, network, cohort_id, cohort, initiatives, submitted
    heatmap: pd.DataFrame  # HEATMAP_COLUMNS
    cohorts: pd.DataFrame  # COMPARISON_COLUMNS: cohort name (or 'Alle Netzwerke') × criterion
    hidden_networks: int
    notes: dict[str, str]


def build_national_overview(stats: pd.DataFrame, networks: pd.DataFrame) -> NationalOverview:
    """``stats``: network_id, cohort_id, criterion_id, n, total (released, active networks);
    ``networks``: per active network its name, cohort and released initiatives ('submitted')."""
    eligible = networks[networks["submitted"] >= privacy.MIN_GROUP_SIZE]
    eligible_ids = {int(n) for n in eligible["network_id"]}
    net_names = dict(zip(networks["network_id"], networks["network"], strict=True))
    cohort_names = {
        int(c): str(name)
        for c, name in zip(networks["cohort_id"], networks["cohort"], strict=True)
        if pd.notna(c)
    }
    plans: dict[Hashable, dict[Hashable, Verdict]] = {}
    heat_rows: list[dict] = []
    cohort_rows: list[dict] = []
    notes: dict[str, str] = {}
    by_criterion = {cid: part for cid, part in stats.groupby("criterion_id", sort=False)}
    for crit in criteria():
        part = by_criterion.get(crit.criterion_id)
        if part is None:
            continue
        rows = [
            NetworkCount(
                int(r.network_id), None if pd.isna(r.cohort_id) else int(r.cohort_id), int(r.n)
            )
            for r in part.itertuples(index=False)
        ]
        totals = dict(zip(part["network_id"].astype(int), part["total"].astype(float), strict=True))
        key = tuple((r.network_id, r.cohort_id, min(r.n, privacy.MIN_GROUP_SIZE)) for r in rows)
        if key not in plans:
            plans[key] = national_verdicts(rows, eligible_ids)
        verdicts = plans[key]
        basics = {"criterion_id": crit.criterion_id, "Kriterium": crit.Kriterium, "area": crit.area}
        for r in rows:
            verdict = verdicts.get(("net", r.network_id))
            if verdict is not None and verdict.shown:
                heat_rows.append(
                    {
                        "network": net_names[r.network_id],
                        **basics,
                        "score": totals[r.network_id] / r.n,
                        "n": r.n,
                    }
                )
        for cohort_id in [*sorted({r.cohort_id for r in rows if r.cohort_id is not None}), None]:
            verdict = verdicts[("cohort", cohort_id) if cohort_id is not None else "total"]
            label = (
                cohort_names.get(cohort_id, f"Kohorte {cohort_id}")
                if cohort_id is not None
                else SERIES_ALL
            )
            if not verdict.shown:
                notes.setdefault(label, verdict.message)
                continue
            group = [r for r in rows if cohort_id is None or r.cohort_id == cohort_id]
            n = sum(r.n for r in group)
            total = sum(totals[r.network_id] for r in group)
            cohort_rows.append({"series": label, **basics, "score": total / n, "n": n})
    return NationalOverview(
        networks=eligible.reset_index(drop=True),
        heatmap=frame(heat_rows, HEATMAP_COLUMNS),
        cohorts=frame(cohort_rows, COMPARISON_COLUMNS),
        hidden_networks=len(networks) - len(eligible),
        notes=notes,
    )
