"""Suppression and differencing rules of the privacy engine, with crafted groups (the attacks are
spelled out). Atoms are one initiative's value in one series; the atoms of one initiative share
it as owner."""

from __future__ import annotations

from mintqo import privacy
from mintqo.privacy import Candidate, block, plan, value


def latest(owners, round_no: int = 1) -> frozenset:
    return frozenset(value(o, ("round", round_no)) for o in owners)


def test_minimum_group_size_is_five() -> None:
    assert privacy.MIN_GROUP_SIZE == 5
    assert not privacy.group_size_ok(4)
    assert privacy.group_size_ok(5)
    assert not privacy.group_size_ok(6, unknown=4)
    assert privacy.group_size_ok(6, unknown=0)


def test_small_group_is_suppressed_with_german_reason() -> None:
    verdict = plan([Candidate("net", latest(range(4)))])["net"]
    assert not verdict.shown and verdict.reason == privacy.SMALL_GROUP
    assert "zu wenige teilnehmende für eine anonyme auswertung" in verdict.message.lower()


def test_known_initiatives_do_not_count_towards_anonymity() -> None:
    group = latest(range(6))
    # Five of six known (named, or the viewer's own): the mean minus them is the sixth.
    verdict = plan([Candidate("net", group)], known=range(5))["net"]
    assert not verdict.shown and "nicht ohnehin bekannt" in verdict.message
    # One of six known (the viewer itself): the other five would be revealed as a sum of 5: ok?
    # No: 6 − 1 = 5 unknown is exactly the minimum, so it is shown.
    assert plan([Candidate("net", group)], known=[0])["net"].shown
    # One of five known: four unknown ones would be revealed together.
    assert not plan([Candidate("net", latest(range(5)))], known=[0])["net"].shown
    # All known: nothing new is revealed.
    assert plan([Candidate("net", group)], known=range(6))["net"].shown


def test_attack_filter_leaving_n_minus_one() -> None:
    """Network mean over 8, plus the same mean with one initiative filtered out → suppressed."""
    everyone = latest(range(8))
    filtered = latest([i for i in range(8) if i != 3])
    verdicts = plan([Candidate("all", everyone), Candidate("filtered", filtered)])
    assert verdicts["all"].shown
    assert verdicts["filtered"].reason == privacy.DIFFERENCING
    twelve = latest(range(12))
    assert not plan([Candidate("all", twelve), Candidate("part", latest(range(9)))])["part"].shown
    assert plan([Candidate("all", twelve), Candidate("part", latest(range(7)))])["part"].shown


def test_attack_cohort_next_to_cohort_minus_one_small_network() -> None:
    """Cohort = network A (10) + network B (1): showing A and the cohort reveals B's member."""
    a = latest(range(10))
    verdicts = plan([Candidate("network", a), Candidate("cohort", a | {block("B", 1)})])
    assert verdicts["network"].shown
    assert verdicts["cohort"].reason == privacy.DIFFERENCING
    verdicts = plan([Candidate("network", a), Candidate("cohort", a | {block("B", 6)})])
    assert verdicts["cohort"].shown


def test_attack_total_minus_shown_networks_reveals_hidden_rest() -> None:
    nets = {k: block(k, n) for k, n in {"N1": 6, "N2": 6, "N3": 6, "N4": 2}.items()}
    cands = [Candidate(k, frozenset({a})) for k, a in nets.items()]
    cands.append(Candidate("total", frozenset(nets.values())))
    verdicts = plan(cands)
    assert [verdicts[k].shown for k in ("N1", "N2", "N3")] == [True, True, True]
    assert verdicts["N4"].reason == privacy.SMALL_GROUP
    assert verdicts["total"].reason == privacy.DIFFERENCING


def test_attack_three_way_difference_is_caught() -> None:
    """total − A − B = C (2 members) needs three aggregates; pairwise checks would miss it."""
    a, b, c = block("A", 5), block("B", 5), block("C", 2)
    cands = [
        Candidate("A", frozenset({a})),
        Candidate("B", frozenset({b})),
        Candidate("total", frozenset({a, b, c})),
    ]
    verdicts = plan(cands)
    assert verdicts["A"].shown and verdicts["B"].shown
    assert not verdicts["total"].shown


def test_attack_profile_minus_round_one_is_one_initiatives_change() -> None:
    """Issue 12, leak 3: six initiatives, five on round 1 only, Z (5) on rounds 1 and 2.

    Profile (latest values) and round 1 are both over six initiatives, but their difference is
    Z's change alone: round 1 must go. The old guard treated an initiative as one atom and let
    both through."""
    profile = latest(range(5)) | {value(5, ("round", 2))}
    round1 = latest(range(5)) | {value(5, ("round", 1))}
    round2 = frozenset({value(5, ("round", 2))})
    verdicts = plan(
        [Candidate("profile", profile), Candidate("r1", round1), Candidate("r2", round2)]
    )
    assert verdicts["profile"].shown
    assert verdicts["r1"].reason == privacy.DIFFERENCING
    assert verdicts["r2"].reason == privacy.SMALL_GROUP


def test_attack_two_initiatives_ahead() -> None:
    """Variant: two of seven moved on; profile − round 1 is the sum of their changes."""
    profile = latest(range(5)) | {value(i, ("round", 2)) for i in (5, 6)}
    round1 = latest(range(7))
    assert not plan([Candidate("profile", profile), Candidate("r1", round1)])["r1"].shown


def test_attack_one_on_round_three_while_the_rest_are_on_round_two() -> None:
    rest = range(6)
    profile = latest(rest, 2) | {value(9, ("round", 3))}
    round2 = latest(rest, 2) | {value(9, ("round", 2))}
    round1 = latest([*rest, 9], 1)
    verdicts = plan(
        [Candidate("profile", profile), Candidate("r1", round1), Candidate("r2", round2)]
    )
    assert verdicts["profile"].shown and verdicts["r1"].shown
    assert verdicts["r2"].reason == privacy.DIFFERENCING


def test_five_initiatives_changing_together_may_be_shown() -> None:
    """Profile − round 1 = the changes of five initiatives: a group of five, allowed."""
    movers = range(5, 10)
    profile = latest(range(5)) | {value(i, ("round", 2)) for i in movers}
    round1 = latest(range(10))
    round2 = frozenset(value(i, ("round", 2)) for i in movers)
    verdicts = plan(
        [Candidate("profile", profile), Candidate("r1", round1), Candidate("r2", round2)]
    )
    assert all(v.shown for v in verdicts.values())


def test_latest_next_to_round_two_reveals_the_one_still_on_round_one() -> None:
    profile = {value(0, ("round", 1))} | latest(range(1, 9), 2)
    round2 = latest(range(1, 9), 2)
    verdicts = plan([Candidate("latest", frozenset(profile)), Candidate("round2", round2)])
    assert not verdicts["round2"].shown


def test_own_initiative_counts_as_known_for_the_overlay() -> None:
    """Issue 12, leak 4: with five submitted, (5·mean − own)/4 is the mean of the other four."""
    assert not plan([Candidate("mean", latest(range(5)))], known=[0])["mean"].shown
    assert plan([Candidate("mean", latest(range(6)))], known=[0])["mean"].shown


def test_unrelated_groups_are_not_linked() -> None:
    """Disjoint groups of different initiatives never reveal each other."""
    verdicts = plan([Candidate("a", latest(range(5))), Candidate("b", latest(range(5, 10)))])
    assert verdicts["a"].shown and verdicts["b"].shown
