"""Suppression and differencing rules, with crafted groups (the attacks are spelled out)."""

from __future__ import annotations

from mintqo import privacy
from mintqo.privacy import Candidate, plan


def _members(prefix: str, n: int) -> frozenset:
    return frozenset(f"{prefix}{i}" for i in range(n))


def test_minimum_group_size_is_five() -> None:
    assert privacy.MIN_GROUP_SIZE == 5
    assert not privacy.group_size_ok(4)
    assert privacy.group_size_ok(5)


def test_small_group_is_suppressed_with_german_reason() -> None:
    verdicts = plan([Candidate("net", _members("i", 4))], {f"i{i}": 1 for i in range(4)})
    verdict = verdicts["net"]
    assert not verdict.shown and verdict.reason == privacy.SMALL_GROUP
    assert "zu wenige teilnehmende für eine anonyme auswertung" in verdict.message.lower()


def test_named_initiatives_do_not_count_towards_anonymity() -> None:
    # Six initiatives, five visible by name: the mean minus the named rows is the sixth.
    sizes = {f"i{i}": 1 for i in range(6)}
    known = {f"i{i}": 1 for i in range(5)}
    assert not plan([Candidate("net", frozenset(sizes))], sizes, known)["net"].shown
    # All six named: nothing new is revealed, the mean may be shown.
    all_known = {a: 1 for a in sizes}
    assert plan([Candidate("net", frozenset(sizes))], sizes, all_known)["net"].shown


def test_attack_filter_leaving_n_minus_one() -> None:
    """Network mean over 8, plus the same mean with one initiative filtered out → suppressed."""
    everyone = _members("i", 8)
    filtered = everyone - {"i3"}
    sizes = {a: 1 for a in everyone}
    verdicts = plan([Candidate("all", everyone), Candidate("filtered", filtered)], sizes)
    assert verdicts["all"].shown
    assert not verdicts["filtered"].shown
    assert verdicts["filtered"].reason == privacy.DIFFERENCING
    assert not privacy.filter_ok(8, 7)
    # A filter removing five or more is fine.
    keep = frozenset(sorted(everyone)[:3]) | _members("j", 0)
    big = _members("i", 12)
    sizes12 = {a: 1 for a in big}
    v = plan([Candidate("all", big), Candidate("part", big - keep)], sizes12)
    assert v["part"].shown is False  # removing 3 of 12 still reveals the 3
    v = plan([Candidate("all", big), Candidate("part", frozenset(sorted(big)[:7]))], sizes12)
    assert v["part"].shown  # difference of 5
    assert privacy.filter_ok(12, 7)


def test_attack_cohort_next_to_cohort_minus_one_small_network() -> None:
    """Cohort = network A (10) + network B (1): showing A and the cohort reveals B's one member."""
    sizes = {"A": 10, "B": 1}
    verdicts = plan(
        [Candidate("network", frozenset({"A"})), Candidate("cohort", frozenset({"A", "B"}))], sizes
    )
    assert verdicts["network"].shown
    assert not verdicts["cohort"].shown
    assert verdicts["cohort"].reason == privacy.DIFFERENCING
    # With a big enough rest, both may be shown.
    sizes_ok = {"A": 10, "B": 6}
    verdicts = plan(
        [Candidate("network", frozenset({"A"})), Candidate("cohort", frozenset({"A", "B"}))],
        sizes_ok,
    )
    assert verdicts["cohort"].shown


def test_attack_total_minus_shown_networks_reveals_hidden_rest() -> None:
    """Three networks of 6 are shown, a fourth of 2 is hidden; the total would reveal it."""
    sizes = {"N1": 6, "N2": 6, "N3": 6, "N4": 2}
    cands = [Candidate(k, frozenset({k})) for k in sizes] + [Candidate("total", frozenset(sizes))]
    verdicts = plan(cands, sizes)
    assert [verdicts[k].shown for k in ("N1", "N2", "N3")] == [True, True, True]
    assert verdicts["N4"].reason == privacy.SMALL_GROUP
    assert verdicts["total"].reason == privacy.DIFFERENCING


def test_attack_three_way_difference_is_caught() -> None:
    """total − A − B = C (2 members) needs three aggregates; pairwise checks would miss it."""
    sizes = {"A": 5, "B": 5, "C": 2}
    cands = [
        Candidate("A", frozenset({"A"})),
        Candidate("B", frozenset({"B"})),
        Candidate("total", frozenset({"A", "B", "C"})),
    ]
    verdicts = plan(cands, sizes)
    assert verdicts["A"].shown and verdicts["B"].shown
    assert not verdicts["total"].shown


def test_overlapping_groups_without_computable_small_set_are_allowed() -> None:
    """Two overlapping groups whose cells are small but not separable: nothing is revealed."""
    # Latest-round mean over 12 and round-1 mean over 12, sharing 3 unchanged initiatives.
    latest = frozenset({("u", i, 1) for i in range(3)} | {("u", i, 2) for i in range(3, 12)})
    round1 = frozenset({("u", i, 1) for i in range(12)})
    sizes = {a: 1 for a in latest | round1}
    verdicts = plan([Candidate("latest", latest), Candidate("round1", round1)], sizes)
    assert verdicts["round1"].shown


def test_attack_latest_next_to_round_two_reveals_the_one_still_on_round_one() -> None:
    latest = frozenset({("u", 0, 1)} | {("u", i, 2) for i in range(1, 9)})
    round2 = frozenset({("u", i, 2) for i in range(1, 9)})
    sizes = {a: 1 for a in latest | round2}
    verdicts = plan([Candidate("latest", latest), Candidate("round2", round2)], sizes)
    assert not verdicts["round2"].shown


def test_anonymous_rows_and_labels() -> None:
    assert not privacy.anonymous_rows_allowed(4)
    assert privacy.anonymous_rows_allowed(5)
    assert privacy.anonymous_label(0) == "Initiative A"
    assert privacy.anonymous_label(25) == "Initiative Z"
    assert privacy.anonymous_label(26) == "Initiative AA"
