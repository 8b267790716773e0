"""Crafted stores for dashboard and privacy tests: organisations and submitted rounds with given
criterion scores, written straight into the store and released as a submission would be."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from mintqo.access import Actor
from mintqo.questionnaire import load_questionnaire
from mintqo.store import releases, versions
from mintqo.store.engine import write_session
from mintqo.store.models import (
    Answer,
    Assessment,
    Cohort,
    CriterionNote,
    CriterionScore,
    Initiative,
    Network,
    Project,
    User,
)

Q = load_questionnaire()
CRITERIA = [c.id for c in Q.criteria]
SECRET_NOTE = "GEHEIM-NOTIZ"


class Builder:
    """Writes cohorts, networks, initiatives and rounds. Rounds mark their initiative as changed;
    :meth:`release` then releases every network with at least five changed initiatives at once
    (what seeding does), while ``submit_round(…, release=True)`` behaves exactly like a single
    submission (releases its network when that makes five)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.project_id: int | None = None
        self._projects: dict[int, int] = {}

    def cohort(self, name: str) -> int:
        with write_session(self.engine) as s:
            c = Cohort(name=name)
            s.add(c)
            s.flush()
            return c.id

    def network(self, name: str, cohort_id: int | None = None) -> int:
        with write_session(self.engine) as s:
            n = Network(name=name, cohort_id=cohort_id)
            s.add(n)
            s.flush()
            return n.id

    def initiative(
        self, network_id: int, name: str, rounds: list[float] | None = None, share: bool = False
    ) -> int:
        """An initiative with one project; each value in ``rounds`` is one submitted round
        (the same score on every criterion)."""
        with write_session(self.engine) as s:
            ini = Initiative(name=name, network_id=network_id, share_named_results=share)
            s.add(ini)
            s.flush()
            project = Project(initiative_id=ini.id, name=f"Projekt von {name}")
            s.add(project)
            s.flush()
            self._projects[ini.id] = project.id
            self.project_id = project.id
            initiative_id = ini.id
        for value in rounds or []:
            self.submit_round(initiative_id, value, release=False)
        return initiative_id

    def release(self) -> list[int]:
        """Release every network that is due; returns their ids."""
        with write_session(self.engine) as s:
            return releases.release_all_due(s)

    def submit_round(
        self, initiative_id: int, value: float | dict[str, float], release: bool = True
    ) -> int:
        """One more submitted round of the initiative's project (the next round number)."""
        project_id = self._projects[initiative_id]
        scores = value if isinstance(value, dict) else dict.fromkeys(CRITERIA, value)
        with write_session(self.engine) as s:
            previous = (
                s.query(Assessment)
                .filter(Assessment.project_id == project_id)
                .order_by(Assessment.round_no.desc())
                .first()
            )
            round_no = previous.round_no + 1 if previous else 1
            when = dt.datetime(2025, 1, 10) + dt.timedelta(days=30 * round_no)
            s.query(Assessment).filter(Assessment.project_id == project_id).update(
                {"is_latest": False}
            )
            a = Assessment(
                project_id=project_id,
                round_no=round_no,
                questionnaire_version=Q.version,
                status="submitted",
                is_latest=True,
                started_at=when,
                updated_at=when,
                submitted_at=when + dt.timedelta(days=3),
            )
            s.add(a)
            s.flush()
            for cid, score in scores.items():
                s.add(CriterionScore(assessment_id=a.id, criterion_id=cid, score=score, answered=5))
            s.add(CriterionNote(assessment_id=a.id, criterion_id=CRITERIA[0], text=SECRET_NOTE))
            network_id = s.get(Initiative, initiative_id).network_id
            releases.mark_changed(s, initiative_id)
            if release:
                releases.release_if_due(s, network_id)
            versions.bump(s, [versions.ACTIVITY])
            return a.id

    def draft(self, project_id: int, round_no: int, answered: int) -> None:
        with write_session(self.engine) as s:
            a = Assessment(
                project_id=project_id,
                round_no=round_no,
                questionnaire_version=Q.version,
                status="draft",
                started_at=dt.datetime(2025, 3, 1),
                updated_at=dt.datetime(2025, 3, 2),
            )
            s.add(a)
            s.flush()
            for item in Q.items[:answered]:
                s.add(Answer(assessment_id=a.id, item_id=item.id, value=3))

    def user(self, username: str, role: str, *, initiative_id=None, network_id=None) -> Actor:
        """An account (no usable password) and its Actor."""
        with write_session(self.engine) as s:
            user = User(
                username=username,
                display_name=username,
                password_hash="!",
                role=role,
                initiative_id=initiative_id,
                network_id=network_id,
            )
            s.add(user)
            s.flush()
            return Actor(user.id, username, username, role, initiative_id, network_id)

    def coordinator(self, network_id: int) -> Actor:
        return self.user(f"koord-{network_id}", "coordinator", network_id=network_id)

    def admin(self) -> Actor:
        return self.user("programmteam", "admin")
