"""What an aggregate view may show: minimum group size and the differencing guard. Pure functions.

The rule (README text)
----------------------
1. **Minimum group size.** An aggregate (mean, quartiles, distribution, count of low scores) is
   shown only if it covers at least ``MIN_GROUP_SIZE`` = 5 initiatives. Below that, the view
   says "zu wenige Teilnehmende für eine anonyme Auswertung".
2. **Viewer knowledge counts.** Initiatives whose results the viewer may already see by name
   (a coordinator, for initiatives that consented to share named results) protect nobody: a
   group must also contain 0 or at least 5 initiatives that the viewer can *not* see by name.
   Otherwise the group mean minus the named rows would give away the rest. (Admins may see every
   result anyway; for them only rule 1 applies.)
3. **Differencing guard.** All aggregates on one page are considered together. Each aggregate
   is a sum over a group of "atoms" (an initiative, a network's initiatives, an initiative's
   values in one round…). From the sums shown, a reader can compute the sum over every set whose
   indicator vector is a linear combination of the shown groups (plus the atoms the viewer
   already knows). An aggregate is suppressed if adding it would make the sum over some set of
   1–4 unknown initiatives computable — e.g. a network mean next to the same mean with one
   initiative filtered out, a cohort next to the cohort minus one small network, the mean over
   the latest rounds next to the mean over round 2 when exactly one initiative is still on
   round 1, or a national total next to all shown networks when the hidden ones are few.
   Aggregates are admitted greedily in the view's priority order, so the most important one
   (the network profile) wins and later comparisons give way.
4. **Anonymous rows** (heatmap lines without a name) appear only when at least 5 initiatives
   of the view are anonymous to the viewer; their labels ("Initiative A", …) follow the score
   order, not ids or names, so the order reveals nothing.

Known limit: a live view (workshop mode) that is refreshed after each new submission shows two
means over n and n + 1 initiatives at different times; a viewer who notes both can compute the
newcomer's scores. The views cannot prevent what a viewer writes down between refreshes.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

MIN_GROUP_SIZE = 5
SUPPRESSED_TEXT = "zu wenige Teilnehmende für eine anonyme Auswertung"

SMALL_GROUP = "small_group"
DIFFERENCING = "differencing"
REASON_TEXT = {
    SMALL_GROUP: (
        f"Diese Auswertung umfasst weniger als {MIN_GROUP_SIZE} Initiativen; "
        "einzelne Ergebnisse wären sonst erkennbar."
    ),
    "few_unknown": (
        f"Weniger als {MIN_GROUP_SIZE} der Initiativen haben ihre Ergebnisse nicht namentlich "
        "freigegeben; deren Ergebnisse ließen sich sonst aus den namentlichen herausrechnen."
    ),
    DIFFERENCING: (
        "Zusammen mit einer anderen Zahl auf dieser Seite ließe sich sonst das Ergebnis "
        f"von weniger als {MIN_GROUP_SIZE} einzelnen Initiativen herausrechnen."
    ),
}

Atom = Hashable


@dataclass(frozen=True)
class Candidate:
    """An aggregate a view would like to show: a key and the atoms it sums over."""

    key: Hashable
    atoms: frozenset


@dataclass(frozen=True)
class Verdict:
    key: Hashable
    shown: bool
    reason: str | None
    n: int  # initiatives in the group
    unknown: int  # of those, not visible by name to the viewer

    @property
    def message(self) -> str:
        """German explanation for a suppressed aggregate ('' if shown)."""
        if self.shown or self.reason is None:
            return ""
        reason = self.reason
        if reason == SMALL_GROUP and self.n >= MIN_GROUP_SIZE:
            reason = "few_unknown"
        return f"{SUPPRESSED_TEXT[0].upper()}{SUPPRESSED_TEXT[1:]}: {REASON_TEXT[reason]}"


def group_size_ok(n: int, unknown: int | None = None, min_size: int = MIN_GROUP_SIZE) -> bool:
    """Rules 1 and 2: at least ``min_size`` initiatives, and 0 or ≥ ``min_size`` unknown ones."""
    unknown = n if unknown is None else unknown
    return n >= min_size and (unknown == 0 or unknown >= min_size)


def filter_ok(n_all: int, n_filtered: int, min_size: int = MIN_GROUP_SIZE) -> bool:
    """A filtered aggregate next to the unfiltered one: both big enough, difference 0 or ≥ min."""
    diff = n_all - n_filtered
    return (
        group_size_ok(n_all, min_size=min_size)
        and group_size_ok(n_filtered, min_size=min_size)
        and (diff == 0 or diff >= min_size)
    )


def anonymous_rows_allowed(n_anonymous: int, min_size: int = MIN_GROUP_SIZE) -> bool:
    """Rule 4: anonymous heatmap rows only among at least ``min_size`` anonymous initiatives."""
    return n_anonymous >= min_size


def anonymous_label(index: int) -> str:
    """'Initiative A', …, 'Initiative Z', 'Initiative AA', … for index 0, 1, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Initiative {letters}"


def _unknown_sizes(sizes: Mapping[Atom, int], known: Mapping[Atom, int] | None) -> dict[Atom, int]:
    known = known or {}
    return {a: max(0, n - known.get(a, 0)) for a, n in sizes.items()}


def _cells(groups: Sequence[frozenset], unknown: Mapping[Atom, int]) -> dict[tuple[int, ...], int]:
    """Atoms partitioned by the groups that contain them: {group indices: unknown initiatives}.

    Built from each group's members (work ∝ total group size), not by asking every atom about
    every group: with 130 networks on the national page that was 18,000 lookups per check.
    """
    member_of: dict[Atom, list[int]] = {}
    for index, group in enumerate(groups):
        for atom in group:
            member_of.setdefault(atom, []).append(index)
    cell_size: dict[tuple[int, ...], int] = {}
    for atom, indices in member_of.items():
        signature = tuple(indices)
        cell_size[signature] = cell_size.get(signature, 0) + unknown.get(atom, 0)
    return cell_size


def _row_space(matrix: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the row space (same tolerance as ``numpy.linalg.matrix_rank``).

    One SVD per check; whether a vector is a combination of the rows is then a projection,
    instead of one rank computation per tested set.
    """
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    tolerance = singular.max(initial=0.0) * max(matrix.shape) * np.finfo(float).eps
    return vt[singular > tolerance]


def _in_span(basis: np.ndarray, vector: np.ndarray) -> bool:
    residual = vector - basis.T @ (basis @ vector)
    return float(residual @ residual) < 1e-9


def reveals_small_set(
    groups: Sequence[frozenset],
    unknown: Mapping[Atom, int],
    min_size: int = MIN_GROUP_SIZE,
) -> bool:
    """Rule 3: do the sums over ``groups`` together give away a set of 1..min_size-1 unknown ones?

    Atoms are partitioned into cells by which groups contain them. Cells without unknown
    initiatives are known to the viewer and drop out. A union of cells is computable iff its
    indicator lies in the span of the groups' indicators (restricted to unknown cells).
    """
    cell_size = _cells(groups, unknown)
    cells = [sig for sig, size in cell_size.items() if size > 0]
    small = [i for i, sig in enumerate(cells) if cell_size[sig] < min_size]
    if not small:
        return False
    matrix = np.zeros((len(groups), len(cells)))
    for column, signature in enumerate(cells):
        matrix[list(signature), column] = 1.0
    basis = _row_space(matrix)
    for r in range(1, min_size):
        for combo in itertools.combinations(small, r):
            if sum(cell_size[cells[i]] for i in combo) >= min_size:
                continue
            vector = np.zeros(len(cells))
            vector[list(combo)] = 1.0
            if _in_span(basis, vector):
                return True
    return False


def _component(accepted: Sequence[frozenset], start: frozenset) -> list[frozenset]:
    """The accepted groups connected to ``start`` through shared atoms.

    Groups in other components share no cell with it, so a set that becomes computable only
    once ``start`` is shown lies inside this component: checking it alone is enough.
    """
    reach = set(start)
    chosen: list[int] = []
    remaining = list(range(len(accepted)))
    grew = True
    while grew:
        grew = False
        for index in list(remaining):
            if not reach.isdisjoint(accepted[index]):
                reach.update(accepted[index])
                chosen.append(index)
                remaining.remove(index)
                grew = True
    return [accepted[i] for i in sorted(chosen)]


def plan(
    candidates: Sequence[Candidate],
    sizes: Mapping[Atom, int],
    known: Mapping[Atom, int] | None = None,
    min_size: int = MIN_GROUP_SIZE,
) -> dict[Hashable, Verdict]:
    """Decide which aggregates of one view may be shown, in priority order (first wins).

    ``sizes``: initiatives per atom; ``known``: of those, how many the viewer sees by name.
    """
    unknown = _unknown_sizes(sizes, known)
    accepted: list[frozenset] = []
    covered: set[Atom] = set()
    verdicts: dict[Hashable, Verdict] = {}
    for cand in candidates:
        n = sum(sizes.get(a, 0) for a in cand.atoms)
        n_unknown = sum(unknown.get(a, 0) for a in cand.atoms)
        if not group_size_ok(n, n_unknown, min_size):
            verdicts[cand.key] = Verdict(cand.key, False, SMALL_GROUP, n, n_unknown)
            continue
        # A group over atoms no shown aggregate touches is its own cell of ≥ min_size: safe.
        overlaps = not covered.isdisjoint(cand.atoms)
        if overlaps and reveals_small_set(
            [*_component(accepted, cand.atoms), cand.atoms], unknown, min_size
        ):
            verdicts[cand.key] = Verdict(cand.key, False, DIFFERENCING, n, n_unknown)
            continue
        accepted.append(cand.atoms)
        covered.update(cand.atoms)
        verdicts[cand.key] = Verdict(cand.key, True, None, n, n_unknown)
    return verdicts
