"""What an aggregate view may show: minimum group size and the differencing guard. Pure functions.

The rules (README, "Data protection in aggregate views")
--------------------------------------------------------
1. **Minimum group size.** An aggregate (mean, quartiles, distribution, count of low scores) is
   shown only if it covers at least ``MIN_GROUP_SIZE`` = 5 initiatives.
2. **Viewer knowledge counts.** Initiatives whose values the viewer knows anyway (a coordinator:
   initiatives that consented to named results; an initiative: itself) protect nobody: a group
   must also contain 0 or at least 5 initiatives the viewer does *not* know.
3. **Differencing guard.** All aggregates of one view are checked together. Each aggregate is a
   sum over *atoms*: one initiative's value in one round (or its latest value when its projects
   stand in different rounds), or a block of initiatives of other networks. The atoms of one
   initiative share it as their *owner*. From the sums shown, a reader can compute every linear
   combination of them; an aggregate is left out if, together with those already shown, some
   combination would depend on the values of only 1–4 initiatives the viewer does not know –
   a network mean next to the same mean minus one initiative, a cohort next to the cohort minus
   one small network, and also the profile (latest rounds) next to the round-1 mean when one
   initiative has moved on to round 2: their difference is that initiative's change alone.
   Aggregates are admitted in the view's priority order, so the most important one wins.

How the guard decides: atoms that lie in exactly the same shown aggregates form a *cell*;
only a cell's sum can ever be learnt. A combination supported on a set S of cells exists iff
``rank(M) > rank(M without the columns of S)`` (M: aggregates × cells). It is enough to test
the maximal sets S whose unknown owners (plus block sizes) number fewer than five.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

MIN_GROUP_SIZE = 5
SUPPRESSED_TEXT = "zu wenige Teilnehmende für eine anonyme Auswertung"

SMALL_GROUP = "small_group"
FEW_UNKNOWN = "few_unknown"
DIFFERENCING = "differencing"
REASON_TEXT = {
    SMALL_GROUP: (
        f"Diese Auswertung umfasst weniger als {MIN_GROUP_SIZE} Initiativen; "
        "einzelne Ergebnisse wären sonst erkennbar."
    ),
    FEW_UNKNOWN: (
        f"Weniger als {MIN_GROUP_SIZE} der Initiativen sind Ihnen nicht ohnehin bekannt; "
        "deren Ergebnisse ließen sich sonst aus den bekannten herausrechnen."
    ),
    DIFFERENCING: (
        "Zusammen mit einer anderen Zahl auf dieser Seite ließe sich sonst das Ergebnis "
        f"von weniger als {MIN_GROUP_SIZE} einzelnen Initiativen herausrechnen."
    ),
}


@dataclass(frozen=True)
class Atom:
    """A value (or block of values) that aggregates sum over.

    ``owner``: the initiative whose value this is (atoms of one initiative share it);
    ``block``: instead, a number of initiatives that appear in no other atom (other networks).
    """

    key: Hashable
    owner: Hashable | None = None
    block: int = 0

    def __post_init__(self) -> None:
        if (self.owner is None) == (self.block == 0):
            raise ValueError("an atom has either an owner or a block size")


def value(owner: Hashable, series: Hashable) -> Atom:
    """One initiative's value in one series (a round, or its latest value)."""
    return Atom((owner, series), owner=owner)


def block(key: Hashable, size: int) -> Atom:
    """``size`` initiatives outside the view (e.g. the other networks of a cohort)."""
    return Atom(key, block=size)


@dataclass(frozen=True)
class Candidate:
    """An aggregate a view would like to show: a key and the atoms it sums over."""

    key: Hashable
    atoms: frozenset[Atom]


@dataclass(frozen=True)
class Verdict:
    key: Hashable
    shown: bool
    reason: str | None
    n: int  # initiatives in the group
    unknown: int  # of those, not known to the viewer

    @property
    def message(self) -> str:
        """German explanation for a suppressed aggregate ('' if shown)."""
        if self.shown or self.reason is None:
            return ""
        reason = self.reason
        if reason == SMALL_GROUP and self.n >= MIN_GROUP_SIZE:
            reason = FEW_UNKNOWN
        return f"{SUPPRESSED_TEXT[0].upper()}{SUPPRESSED_TEXT[1:]}: {REASON_TEXT[reason]}"


def group_size_ok(n: int, unknown: int | None = None, min_size: int = MIN_GROUP_SIZE) -> bool:
    """Rules 1 and 2: at least ``min_size`` initiatives, and 0 or ≥ ``min_size`` unknown ones."""
    unknown = n if unknown is None else unknown
    return n >= min_size and (unknown == 0 or unknown >= min_size)


def _counts(atoms: Iterable[Atom], known: frozenset) -> tuple[int, int]:
    """(initiatives, of those unknown to the viewer) behind a set of atoms."""
    owners: set = set()
    blocks = 0
    for atom in atoms:
        if atom.owner is not None:
            owners.add(atom.owner)
        else:
            blocks += atom.block
    return len(owners) + blocks, len(owners - known) + blocks


@dataclass
class _Cell:
    owners: set = field(default_factory=set)
    block: int = 0

    @property
    def weight(self) -> int:
        return len(self.owners) + self.block


def _cells(groups: Sequence[frozenset[Atom]], known: frozenset) -> dict[tuple[int, ...], _Cell]:
    """Unknown atoms partitioned by the groups that contain them (known atoms drop out)."""
    member_of: dict[Atom, list[int]] = {}
    for index, group in enumerate(groups):
        for atom in group:
            if atom.owner is None or atom.owner not in known:
                member_of.setdefault(atom, []).append(index)
    cells: dict[tuple[int, ...], _Cell] = {}
    for atom, indices in member_of.items():
        cell = cells.setdefault(tuple(indices), _Cell())
        if atom.owner is not None:
            cell.owners.add(atom.owner)
        else:
            cell.block += atom.block
    return cells


def _small_sets(cells: Sequence[_Cell], min_size: int) -> Iterator[frozenset[int]]:
    """Maximal sets of cells behind which fewer than ``min_size`` unknown initiatives stand.

    Cells are grouped into units (cells with the same owners and no block belong together:
    including one never adds an initiative once the others are in). A set is closed by adding
    every unit whose owners are already all in; each closed set is produced once.
    """
    small = [i for i, c in enumerate(cells) if c.weight < min_size]
    units: dict[Hashable, list[int]] = {}
    for i in small:
        key = ("owners", frozenset(cells[i].owners)) if not cells[i].block else ("block", i)
        units.setdefault(key, []).append(i)
    unit_list = list(units.values())
    seen: set[frozenset[int]] = set()

    def closure(owners: set, chosen: list[int]) -> frozenset[int]:
        extra = [
            i
            for members in unit_list
            for i in members
            if not cells[i].block and cells[i].owners <= owners
        ]
        return frozenset(chosen) | frozenset(extra)

    def extend(start: int, owners: set, blocks: int, chosen: list[int]) -> Iterator[frozenset]:
        grew = False
        for u in range(start, len(unit_list)):
            members = unit_list[u]
            first = cells[members[0]]
            if not first.block and first.owners <= owners:
                continue  # adds nobody: part of the closure anyway
            new_owners = owners | first.owners
            new_blocks = blocks + sum(cells[i].block for i in members)
            if len(new_owners) + new_blocks >= min_size:
                continue
            grew = True
            yield from extend(u + 1, new_owners, new_blocks, chosen + members)
        if not grew and chosen:
            closed = closure(owners, chosen)
            if closed not in seen:
                seen.add(closed)
                yield closed

    yield from extend(0, set(), 0, [])


def reveals_small_set(
    groups: Sequence[frozenset[Atom]],
    known: frozenset = frozenset(),
    min_size: int = MIN_GROUP_SIZE,
) -> bool:
    """Rule 3: do the sums over ``groups`` together depend on fewer than ``min_size`` unknown
    initiatives in some linear combination?"""
    cell_map = _cells(groups, known)
    signatures = list(cell_map)
    cells = [cell_map[s] for s in signatures]
    if not any(c.weight < min_size for c in cells):
        return False
    matrix = np.zeros((len(groups), len(cells)))
    for column, signature in enumerate(signatures):
        matrix[list(signature), column] = 1.0
    full = np.linalg.matrix_rank(matrix)
    for subset in _small_sets(cells, min_size):
        rest = [c for c in range(len(cells)) if c not in subset]
        rest_rank = np.linalg.matrix_rank(matrix[:, rest]) if rest else 0
        if rest_rank < full:
            return True
    return False


def _component(accepted: Sequence[frozenset[Atom]], start: frozenset[Atom]) -> list[int]:
    """Indices of accepted groups linked to ``start`` through shared atoms or owners.

    Groups in other components share no atom and no initiative with it, so a combination that
    becomes computable only once ``start`` is shown lies inside this component.
    """

    def links(group: Iterable[Atom]) -> set:
        return {("atom", a) for a in group} | {("owner", a.owner) for a in group if a.owner}

    reach = links(start)
    chosen: list[int] = []
    remaining = list(range(len(accepted)))
    grew = True
    while grew:
        grew = False
        for index in list(remaining):
            group_links = links(accepted[index])
            if not reach.isdisjoint(group_links):
                reach |= group_links
                chosen.append(index)
                remaining.remove(index)
                grew = True
    return sorted(chosen)


def plan(
    candidates: Sequence[Candidate],
    known: Iterable[Hashable] = (),
    min_size: int = MIN_GROUP_SIZE,
) -> dict[Hashable, Verdict]:
    """Decide which aggregates of one view may be shown, in priority order (first wins).

    ``known``: owners (initiatives) whose values the viewer knows anyway.
    """
    known_set = frozenset(known)
    accepted: list[frozenset[Atom]] = []
    verdicts: dict[Hashable, Verdict] = {}
    for cand in candidates:
        n, n_unknown = _counts(cand.atoms, known_set)
        if not group_size_ok(n, n_unknown, min_size):
            verdicts[cand.key] = Verdict(cand.key, False, SMALL_GROUP, n, n_unknown)
            continue
        linked = [accepted[i] for i in _component(accepted, cand.atoms)]
        if linked and reveals_small_set([*linked, cand.atoms], known_set, min_size):
            verdicts[cand.key] = Verdict(cand.key, False, DIFFERENCING, n, n_unknown)
            continue
        accepted.append(cand.atoms)
        verdicts[cand.key] = Verdict(cand.key, True, None, n, n_unknown)
    return verdicts
