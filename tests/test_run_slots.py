"""A few page runs per process at a time (``mintqo.ui.run_slots``)."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest

from mintqo.ui import run_slots
from mintqo.ui.run_slots import RunSlots
from tests.conftest import app_test


class Run:
    """A page run on its own thread (as Streamlit runs them) that holds a slot until told."""

    def __init__(self, slots: RunSlots) -> None:
        self.slots, self.got = slots, None
        self.entered, self.leave = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run)
        self.thread.start()
        self.entered.wait()

    def _run(self) -> None:
        with self.slots.slot() as got:
            self.got = got
            self.entered.set()
            self.leave.wait()

    def end(self) -> None:
        self.leave.set()
        self.thread.join()


def test_no_more_runs_than_slots_and_a_wait_that_runs_out_runs_anyway() -> None:
    slots = RunSlots(2, wait_s=0.01)
    first, second = Run(slots), Run(slots)
    assert first.got and second.got
    with slots.slot() as third:  # both taken: it waited, then ran without a slot
        assert third is False
    first.end()
    with slots.slot() as fourth:  # one given back
        assert fourth
    second.end()
    runs = [Run(slots), Run(slots)]  # the run without a slot gave nothing back it had not taken
    assert all(r.got for r in runs)
    with slots.slot() as beyond:
        assert beyond is False
    for r in runs:
        r.end()


def test_a_slot_is_given_back_when_the_run_stops_early() -> None:
    slots = RunSlots(1, wait_s=0.01)
    with pytest.raises(RuntimeError), slots.slot():
        raise RuntimeError("st.stop(), st.rerun() and errors leave the block this way")
    with slots.slot() as got:
        assert got


def test_zero_slots_mean_no_limit() -> None:
    slots = RunSlots(0)
    with slots.slot() as first, slots.slot() as second:
        assert first is False and second is False


@pytest.mark.parametrize(("raw", "slots"), [("", 4), ("2", 2), ("0", 0), ("-3", 0), ("x", 4)])
def test_the_number_of_slots_comes_from_the_environment(monkeypatch, raw: str, slots: int) -> None:
    monkeypatch.setenv("MINTQO_RUN_SLOTS", raw)
    assert run_slots.slots_from_environment() == slots


def test_a_page_run_holds_a_slot_while_it_draws(demo_db, monkeypatch) -> None:
    held: list[bool] = []

    class Watched(RunSlots):
        @contextmanager
        def slot(self):
            with super().slot() as got:
                held.append(got)
                yield got
                held.append(False)

    monkeypatch.setattr(run_slots, "PAGE_RUNS", Watched(1))
    at = app_test("demo-initiative").run()
    assert not at.exception and [t.value for t in at.title] == ["Projekte"]
    assert held == [True, False]  # taken before the page was drawn, given back after it


def test_a_run_that_waits_on_purpose_gives_its_slot_back_meanwhile() -> None:
    slots = RunSlots(1, wait_s=0.01)
    with slots.slot() as got:
        assert got
        with slots.paused():
            other = Run(slots)  # another run goes while this one sleeps
            assert other.got
            other.end()
        other = Run(slots)  # the slot is taken again after the pause
        assert other.got is False
        other.end()
    runs = [Run(slots), Run(slots)]  # given back once, not twice
    assert [r.got for r in runs] == [True, False]
    for r in runs:
        r.end()


def test_the_login_form_waits_without_a_slot(demo_db, monkeypatch) -> None:
    """The authenticator sleeps before it draws the form (MINTQO_LOGIN_SLEEP): anonymous
    visitors must not hold the slots meanwhile."""
    pauses: list[bool] = []

    class Watched(RunSlots):
        @contextmanager
        def paused(self):
            pauses.append(self._held.slot)
            with super().paused():
                yield

    monkeypatch.setattr(run_slots, "PAGE_RUNS", Watched(1))
    at = app_test().run()
    assert not at.exception and "Anmelden" in [b.label for b in at.button]
    assert pauses == [True]
