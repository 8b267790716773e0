"""The answers and notes of rounds as last read or written, per state of the round's record.

A questionnaire page reruns on every click and shows a round whose answers change only when it
is saved. Every write of a round's answers or notes raises its ``version`` and sets
``updated_at`` in the same transaction (saving a step, an import, the agreement), and new
rounds differ in id and start time; so an equal record means equal answers and notes. The
record itself comes with the initiative's project list, which every such page reads first: a
page run that has seen the round at a kept state needs no query for it.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping

from sqlalchemy import Engine

from mintqo.store.assessment_records import AssessmentInfo, DraftState, info_key, state_in
from mintqo.store.engine import known, read_session


def load_state(engine: Engine, assessment_id: int) -> DraftState | None:
    """Round, answers and notes of an assessment (draft or submitted), or None if unknown.

    When this page run has read the round already (the initiative's project list reads every
    round), its answers and notes come from :class:`_StateCache` if they were read before at
    exactly that state of the round; otherwise round, answers and notes are read together."""
    info = known(info_key(assessment_id))
    if isinstance(info, AssessmentInfo):
        kept = _STATES.get(engine, info)
        if kept is not None:
            return kept
    with read_session(engine) as s:
        state = state_in(s, assessment_id)
    if state is not None:
        _STATES.keep(engine, state)
    return state


class _StateCache:
    """Answers and notes of rounds, per store, keyed by the round's whole record (see the
    module's docstring); a record that changed is simply not found. Bounded: the least
    recently used go. Each caller gets its own copies of the mappings."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._by_engine: weakref.WeakKeyDictionary[Engine, OrderedDict] = (
            weakref.WeakKeyDictionary()
        )

    def get(self, engine: Engine, info: AssessmentInfo) -> DraftState | None:
        with self._lock:
            states = self._by_engine.get(engine)
            found = None if states is None else states.get(info)
            if found is None:
                return None
            states.move_to_end(info)
        return DraftState(info, dict(found[0]), dict(found[1]))

    def advance(
        self,
        engine: Engine,
        before: AssessmentInfo,
        after: AssessmentInfo,
        replaced: list[str],
        answers: Mapping[str, int | None],
        notes: Mapping[str, str],
    ) -> None:
        """The round went from ``before`` to ``after`` by a write that made the ratings of the
        items ``replaced`` into ``answers`` (items left out: unanswered) and set ``notes`` (""
        deletes): keep its new state, if the old one is kept."""
        with self._lock:
            states = self._by_engine.get(engine)
            found = None if states is None else states.get(before)
        if found is None:
            return
        new_answers = {k: v for k, v in found[0].items() if k not in replaced}
        new_answers.update(answers)
        new_notes = {k: v for k, v in found[1].items() if k not in notes}
        new_notes.update({k: v for k, v in notes.items() if v})
        self.keep(engine, DraftState(after, new_answers, new_notes))

    def forget(self, engine: Engine, assessment_ids: set[int]) -> None:
        with self._lock:
            states = self._by_engine.get(engine)
            for info in [i for i in states or () if i.id in assessment_ids]:
                del states[info]  # type: ignore[index]

    def kept_rounds(self, engine: Engine) -> set[int]:
        with self._lock:
            return {info.id for info in self._by_engine.get(engine) or ()}

    def keep(self, engine: Engine, state: DraftState) -> None:
        with self._lock:
            states = self._by_engine.setdefault(engine, OrderedDict())
            states[state.info] = (dict(state.answers), dict(state.notes))
            states.move_to_end(state.info)
            while len(states) > self._size:
                states.popitem(last=False)


_STATES = _StateCache()


def keep_saved_step(
    engine: Engine,
    before: AssessmentInfo,
    after: AssessmentInfo,
    item_ids: list[str],
    given: Mapping[str, int | None],
    criterion_id: str,
    note: str,
) -> None:
    """After a committed save of one criterion (the round went from ``before`` to ``after``),
    the next page run finds the round's answers and notes without reading them."""
    _STATES.advance(engine, before, after, item_ids, given, {criterion_id: note})


def forget_rounds(engine: Engine, assessment_ids: list[int]) -> None:
    """Erased rounds leave this process's memory at once (other processes' copies can no
    longer be reached – their keys need the round's record from the store – and age out)."""
    _STATES.forget(engine, set(assessment_ids))


def kept_rounds(engine: Engine) -> set[int]:
    """The ids of the rounds whose answers this process keeps for ``engine``."""
    return _STATES.kept_rounds(engine)
