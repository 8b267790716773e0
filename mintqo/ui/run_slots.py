"""A few page runs of this process at a time; the others wait their turn.

Streamlit starts a thread for every script run, and Python runs one thread at a time (the
GIL). When a room opens the app at once, 200 runs share the interpreter: each waits for the
GIL in 5 ms slices, the switching costs CPU of its own, and everyone gets the first page at
the very end. With a few slots the runs go through in turn: the same work, less switching,
and most people see their page much earlier (``benchmarks/README.md``, target 3).

More than one slot, so that runs waiting on the database or the network overlap. A run never
waits longer than :data:`WAIT_AT_MOST_S` for a slot, then runs anyway: a slot held by a run
that hangs on a lock must not stop the whole process. Only full page runs take a slot
(``app.py``); widget callbacks and fragment reruns are small and run as they come. A run
gives its slot back while it waits on purpose (:meth:`RunSlots.paused`).
``MINTQO_RUN_SLOTS`` sets the number (default 4; 0 turns the limit off).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_SLOTS = 4
WAIT_AT_MOST_S = 5.0


class RunSlots:
    """At most ``slots`` holders at once (0: no limit); a waiter gives up after ``wait_s``."""

    def __init__(self, slots: int, wait_s: float = WAIT_AT_MOST_S) -> None:
        self.slots = slots
        self.wait_s = wait_s
        self._free = threading.BoundedSemaphore(slots) if slots > 0 else None
        self._held = threading.local()  # does this thread's run hold a slot now?

    def _take(self) -> bool:
        got = self._free is not None and self._free.acquire(timeout=self.wait_s)
        self._held.slot = got
        return got

    def _give_back(self) -> None:
        if getattr(self._held, "slot", False):
            self._held.slot = False
            self._free.release()  # type: ignore[union-attr]

    @contextmanager
    def slot(self) -> Iterator[bool]:
        """Hold a slot for the block; yields False if the wait ran out (or there is no limit)."""
        got = self._take()
        try:
            yield got
        finally:
            self._give_back()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Give the slot back while the run waits on purpose (the login form's delay before it
        is drawn): a run that sleeps must not keep the others waiting. Taken again after."""
        held = getattr(self._held, "slot", False)
        if held:
            self._give_back()
        try:
            yield
        finally:
            if held:
                self._take()


def slots_from_environment() -> int:
    raw = os.environ.get("MINTQO_RUN_SLOTS", "").strip()
    try:
        return max(0, int(raw)) if raw else DEFAULT_SLOTS
    except ValueError:
        return DEFAULT_SLOTS


PAGE_RUNS = RunSlots(slots_from_environment())
