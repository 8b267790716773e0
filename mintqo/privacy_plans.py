"""Which aggregates each view would like to show, as privacy candidates. Pure functions.

A view's builder hands its plain rows here and gets one :class:`~mintqo.privacy.Verdict` per
aggregate. Candidates are listed in the view's priority order: the first one wins a conflict.
Aggregates of different criteria are sums over different values, so each criterion is planned
on its own; criteria with the same structure (who has values in which rounds, who is known)
share one plan through ``memo``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass

from mintqo import privacy
from mintqo.privacy import Atom, Candidate, Verdict

PROFILE = "profile"
ALL_NETWORKS = "all"
COHORT = "cohort"
MIXED = "latest-mixed"


def round_key(round_no: int) -> tuple[str, int]:
    return ("round", round_no)


@dataclass(frozen=True)
class Latest:
    """An initiative's latest value on one criterion; ``round_no`` None when its projects stand
    in different rounds (then the latest value is its own atom)."""

    initiative_id: int
    round_no: int | None


@dataclass(frozen=True)
class Others:
    """Initiatives of other active networks on one criterion: in the viewer's cohort, the rest."""

    cohort: int = 0
    rest: int = 0


def _latest_atom(row: Latest) -> Atom:
    series = round_key(row.round_no) if row.round_no is not None else MIXED
    return privacy.value(row.initiative_id, series)


def _structure(
    latest: Sequence[Latest],
    rounds: Mapping[int, Sequence[int]],
    others: Others,
    known: frozenset[int],
    with_cohort: bool,
) -> Hashable:
    """A key equal for criteria whose plans are the same up to renaming initiatives: how many
    initiatives have which latest series, which rounds, and whether the viewer knows them."""
    series: dict[int, Hashable] = {r.initiative_id: _latest_atom(r).key[1] for r in latest}
    in_rounds: dict[int, list[int]] = {}
    for round_no, members in rounds.items():
        for ini in members:
            in_rounds.setdefault(ini, []).append(round_no)
    shape = Counter(
        (series.get(ini), tuple(sorted(in_rounds.get(ini, ()))), ini in known)
        for ini in set(series) | set(in_rounds)
    )
    capped = (min(others.cohort, privacy.MIN_GROUP_SIZE), min(others.rest, privacy.MIN_GROUP_SIZE))
    return (frozenset(shape.items()), capped, with_cohort)


def network_candidates(
    latest: Sequence[Latest],
    rounds: Mapping[int, Sequence[int]],
    others: Others,
    with_cohort: bool,
) -> list[Candidate]:
    """The network view of one criterion: profile, all networks, cohort, then each round.

    ``rounds``: round number → initiatives with a value in that round.
    """
    own = frozenset(_latest_atom(row) for row in latest)
    cohort_block = {privacy.block(("others", "cohort"), others.cohort)} if others.cohort else set()
    rest_block = {privacy.block(("others", "rest"), others.rest)} if others.rest else set()
    candidates = [
        Candidate(PROFILE, own),
        Candidate(ALL_NETWORKS, own | cohort_block | rest_block),
    ]
    if with_cohort:
        candidates.append(Candidate(COHORT, own | cohort_block))
    for round_no in sorted(rounds):
        atoms = frozenset(privacy.value(i, round_key(round_no)) for i in rounds[round_no])
        candidates.append(Candidate(round_key(round_no), atoms))
    return candidates


def network_verdicts(
    latest: Sequence[Latest],
    rounds: Mapping[int, Sequence[int]],
    others: Others,
    known: Iterable[int],
    with_cohort: bool,
    memo: MutableMapping[Hashable, dict[Hashable, Verdict]] | None = None,
) -> dict[Hashable, Verdict]:
    """Verdicts for one criterion of a network view; ``known``: initiatives the viewer knows."""
    known_set = frozenset(known)
    key = _structure(latest, rounds, others, known_set, with_cohort)
    if memo is not None and key in memo:
        return memo[key]
    verdicts = privacy.plan(network_candidates(latest, rounds, others, with_cohort), known_set)
    if memo is not None:
        memo[key] = verdicts
    return verdicts


def overlay_verdict(latest: Sequence[Latest], viewer_initiative: int) -> Verdict:
    """The network mean on an initiative's own profile: the viewer knows its own values."""
    candidate = Candidate(PROFILE, frozenset(_latest_atom(row) for row in latest))
    return privacy.plan([candidate], known=[viewer_initiative])[PROFILE]


@dataclass(frozen=True)
class NetworkCount:
    """One network's released initiatives on one criterion (national view)."""

    network_id: int
    cohort_id: int | None
    n: int


def national_verdicts(rows: Sequence[NetworkCount], eligible: set[int]) -> dict[Hashable, Verdict]:
    """One criterion of the national view: eligible networks first, then cohorts, the total.

    Network sizes are capped at the minimum group size: the rules compare sizes only with it
    (no viewer knowledge here), so no verdict changes, and criteria share plans more often.
    """
    blocks = {
        r.network_id: privacy.block(("net", r.network_id), min(r.n, privacy.MIN_GROUP_SIZE))
        for r in rows
        if r.n
    }
    candidates = [
        Candidate(("net", r.network_id), frozenset({blocks[r.network_id]}))
        for r in rows
        if r.network_id in eligible and r.network_id in blocks
    ]
    for cohort_id in sorted({r.cohort_id for r in rows if r.cohort_id is not None}):
        members = frozenset(
            blocks[r.network_id]
            for r in rows
            if r.cohort_id == cohort_id and r.network_id in blocks
        )
        candidates.append(Candidate(("cohort", cohort_id), members))
    candidates.append(Candidate("total", frozenset(blocks.values())))
    return privacy.plan(candidates)
