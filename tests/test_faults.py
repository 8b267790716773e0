"""Faults the store must survive: a locked database, SIGKILL mid-stream, double clicks."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import OperationalError

from mintqo.faults import BUSY_MESSAGE, database_error_message
from mintqo.questionnaire import load_questionnaire
from mintqo.store import assessments, versions
from mintqo.store.answer_import import StoreBusy, import_answers
from mintqo.store.engine import make_engine, read_session
from mintqo.store.models import Answer, Assessment, CriterionScore, Project
from mintqo.store.organisations import create_initiative, create_network
from mintqo.store.projects import create_project
from mintqo.ui.errors import UNEXPECTED, user_message

Q = load_questionnaire()
ROOT = Path(__file__).resolve().parents[1]


def make_draft(engine: Engine) -> int:
    network = create_network(engine, "Netz")
    initiative = create_initiative(engine, "Ini", network)
    return assessments.start_round(engine, create_project(engine, initiative, "Projekt"))


def full_answers() -> dict[str, int | None]:
    return {item.id: 1 + n % 5 for n, item in enumerate(Q.items)}


def stored_answers(engine: Engine, aid: int) -> dict[str, int | None]:
    with read_session(engine) as s:
        rows = s.execute(select(Answer.item_id, Answer.value).where(Answer.assessment_id == aid))
        return dict(rows.all())


class LockHolder:
    """Another writer holding SQLite's write lock (BEGIN IMMEDIATE) in its own thread."""

    def __init__(self, path: Path):
        self.path = path
        self.locked = threading.Event()
        self.release = threading.Event()
        self.released = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE data_version SET version = version")  # a real pending write
            self.locked.set()
            self.release.wait(timeout=60)
            self.released.set()
            conn.execute("COMMIT")
        finally:
            conn.close()

    def __enter__(self) -> LockHolder:
        self.thread.start()
        assert self.locked.wait(timeout=30)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join(timeout=30)


@pytest.fixture
def sqlite_path(sqlite_store: Engine) -> Iterator[tuple[Engine, Path]]:
    path = Path(sqlite_store.url.database)
    yield sqlite_store, path


def test_a_save_waits_for_a_lock_held_for_two_seconds_and_succeeds(sqlite_path):
    engine, path = sqlite_path
    aid = make_draft(engine)
    with LockHolder(path) as holder:
        timer = threading.Timer(2.0, holder.release.set)
        timer.start()
        try:
            outcome = import_answers(engine, aid, full_answers(), {})
        finally:
            timer.cancel()
        # The save returned only after the other writer had let go: it waited, it did not fail.
        assert holder.released.is_set()
    assert outcome.changed_answers == len(Q.items)
    assert stored_answers(engine, aid) == full_answers()


def _short_timeout_engine(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _short(dbapi_connection, _record):  # runs after make_engine's own settings
        dbapi_connection.execute("PRAGMA busy_timeout=300")

    return engine


def test_a_lock_outlasting_the_busy_timeout_gives_a_german_message_and_writes_nothing(sqlite_path):
    engine, path = sqlite_path
    aid = make_draft(engine)
    impatient = _short_timeout_engine(path)
    try:
        with LockHolder(path):
            with pytest.raises(StoreBusy) as info:
                import_answers(impatient, aid, full_answers(), {Q.criteria[0].id: "Notiz"})
            assert str(info.value) == BUSY_MESSAGE
            # The questionnaire's own save path fails the same way; the page maps it to German.
            with pytest.raises(OperationalError) as raw:
                assessments.save_step(impatient, aid, 1, Q.criteria[0].id, {Q.items[0].id: 3}, "x")
            assert user_message(raw.value, "AB12CD34") == BUSY_MESSAGE
    finally:
        impatient.dispose()
    assert stored_answers(engine, aid) == {}
    with read_session(engine) as s:
        assert s.scalar(select(Assessment.version).where(Assessment.id == aid)) == 1


def test_error_messages_for_users():
    locked = OperationalError("UPDATE x", {}, sqlite3.OperationalError("database is locked"))
    assert database_error_message(locked) == BUSY_MESSAGE
    assert "Ihre Eingaben bleiben erhalten" in BUSY_MESSAGE
    other = RuntimeError("boom")
    assert database_error_message(other) is None
    assert user_message(other, "DEADBEEF") == UNEXPECTED.format(ref="DEADBEEF")
    assert "Referenz DEADBEEF" in user_message(other, "DEADBEEF")
    assert "boom" not in user_message(other, "DEADBEEF")  # details go to the log only


SAVER = textwrap.dedent(
    """
    import sys
    from mintqo.store.engine import make_engine
    from mintqo.store.answer_import import import_answers
    from mintqo.store.projects import create_project
    from mintqo.questionnaire import load_questionnaire

    engine = make_engine(sys.argv[1])
    initiative, aid = int(sys.argv[2]), int(sys.argv[3])
    q = load_questionnaire()
    crit = q.criteria[0].id
    for i in range(1, 100000):
        project_id = create_project(engine, initiative, f"Projekt {i}")
        outcome = import_answers(engine, aid, {}, {crit: f"Speicherung {i}"})
        print(f"{project_id} {i} {outcome.version}", flush=True)
    """
)


def test_sigkill_during_a_stream_of_saves_keeps_every_confirmed_save(sqlite_path):
    engine, path = sqlite_path
    network = create_network(engine, "Netz")
    initiative = create_initiative(engine, "Ini", network)
    aid = assessments.start_round(engine, create_project(engine, initiative, "Start"))
    confirmed_needed = 40
    proc = subprocess.Popen(
        [sys.executable, "-c", SAVER, f"sqlite:///{path}", str(initiative), str(aid)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    confirmed: list[tuple[int, int, int]] = []
    try:
        assert proc.stdout is not None
        while len(confirmed) < confirmed_needed:
            line = proc.stdout.readline()
            assert line, f"saver ended early: {proc.stderr.read() if proc.stderr else ''}"
            project_id, i, version = map(int, line.split())
            confirmed.append((project_id, i, version))
        os.kill(proc.pid, signal.SIGKILL)  # mid-stream: it is writing the next save right now
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    restarted = make_engine(f"sqlite:///{path}")
    try:
        with restarted.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        with read_session(restarted) as s:
            names = dict(s.execute(select(Project.id, Project.name)).all())
            version = s.scalar(select(Assessment.version).where(Assessment.id == aid))
        for project_id, i, _ in confirmed:
            assert names[project_id] == f"Projekt {i}"
        # The draft is at least at the last confirmed version (a later, unconfirmed save may
        # have committed just before the kill), and project and note saves went in together.
        assert version >= confirmed[-1][2]
        state = assessments.load_state(restarted, aid)
        saves = version - 1  # each import bumped the draft's version once
        assert state.notes[Q.criteria[0].id] == f"Speicherung {saves}"
        assert len(names) - 1 in (saves, saves + 1)
    finally:
        restarted.dispose()


def test_double_clicked_submit_is_applied_once(engine: Engine):
    aid = make_draft(engine)
    import_answers(engine, aid, full_answers(), {})
    before = versions.current(engine, versions.ACTIVITY)
    first = assessments.submit(engine, aid)
    second = assessments.submit(engine, aid)
    assert first.newly_submitted and not second.newly_submitted
    assert second.scores == first.scores
    assert versions.current(engine, versions.ACTIVITY) == before + 1
    with read_session(engine) as s:
        scores = s.scalar(
            select(func.count())
            .select_from(CriterionScore)
            .where(CriterionScore.assessment_id == aid)
        )
    assert scores == len(Q.criteria)


def test_two_concurrent_submits_apply_once(engine: Engine):
    aid = make_draft(engine)
    import_answers(engine, aid, full_answers(), {})
    barrier = threading.Barrier(2)
    results, errors = [], []

    def click() -> None:
        barrier.wait(timeout=30)
        try:
            results.append(assessments.submit(engine, aid))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(r.newly_submitted for r in results) == [False, True]
    with read_session(engine) as s:
        scores = s.scalar(
            select(func.count())
            .select_from(CriterionScore)
            .where(CriterionScore.assessment_id == aid)
        )
    assert scores == len(Q.criteria)


def test_double_clicked_import_is_applied_once(engine: Engine):
    aid = make_draft(engine)
    notes = {Q.criteria[0].id: "einmal"}
    first = import_answers(engine, aid, full_answers(), notes)
    second = import_answers(engine, aid, full_answers(), notes)
    assert first.changed and not second.changed and second.version == first.version
    with read_session(engine) as s:
        count = s.scalar(
            select(func.count()).select_from(Answer).where(Answer.assessment_id == aid)
        )
    assert count == len(Q.items)
