"""A ten-member team round in the benchmark store, for the team comparison's rerun cost.

The demo initiative (``demo-initiative`` leads it, so ``?demo=initiative`` opens it) gets a
team round on its first project with nine more members; every sheet is rated through the use
cases (varied, deterministic ratings with real disagreements) and finished, so the comparison
shows ten named sheets. Run before the server starts; a store that already has the round
(a shared PostgreSQL bench store) is reused. The round's last save is dated before the demo's
own open draft, so the other initiative cases still open that draft by default.
"""

from __future__ import annotations

import random

from common import Store, store_url

MEMBERS = 10
PROJECT_ID = 1  # the demo initiative's first project: submitted rounds, no draft
PASSWORD_HASH = "!"  # the extra members never log in


def add_team_round(store: Store, members: int = MEMBERS) -> str:
    """Create (or find) the round; returns the query string of its comparison."""
    from mintqo.questionnaire import load_questionnaire
    from mintqo.services import team
    from mintqo.store.engine import make_engine
    from mintqo.store.migrate import upgrade_to_head
    from mintqo.store.projects import list_projects
    from mintqo.store.users import actor_for, create_user

    engine = make_engine(store_url(store))
    try:
        upgrade_to_head(engine)  # the store may predate team rounds; the server would too
        lead = actor_for(engine, "demo-initiative")
        assert lead is not None and lead.initiative_id is not None
        project = next(p for p in list_projects(engine, lead.initiative_id) if p.id == PROJECT_ID)
        if project.draft is not None and project.draft.is_team:
            return _query(project.id, project.draft.round_no)
        actors = [lead]
        for n in range(1, members):
            name = f"bench-team-{n}"
            if actor_for(engine, name) is None:
                create_user(
                    engine,
                    name,
                    "",
                    "initiative",
                    display_name=f"Mitglied {n}",
                    initiative_id=lead.initiative_id,
                    password_hash=PASSWORD_HASH,
                )
            actors.append(actor_for(engine, name))
        aid = team.start(engine, lead, project.id)
        questionnaire = load_questionnaire()
        rng = random.Random(16)
        for position, actor in enumerate(actors):
            sheet = team.my_sheet(engine, actor, aid)
            version = sheet.version
            leaning = (position % 3) - 1  # three camps: sceptical, middle, optimistic
            for criterion in questionnaire.criteria:
                answers = {
                    i.id: None
                    if rng.random() < 0.05
                    else min(5, max(1, round(rng.gauss(3 + leaning, 0.9))))
                    for i in criterion.items
                }
                saved, sheet = team.save_my_step(
                    engine, actor, aid, version, criterion.id, answers, ""
                )
                assert saved
                version = sheet.version
            team.finish_my_sheet(engine, actor, aid)
        _keep_default_draft(engine, aid)
        round_no = next(
            p.draft.round_no
            for p in list_projects(engine, lead.initiative_id)
            if p.id == project.id and p.draft is not None
        )
        return _query(project.id, round_no)
    finally:
        engine.dispose()


def _keep_default_draft(engine, aid: int) -> None:
    """Date the round's last save before the demo's own draft: the questionnaire cases keep
    opening that draft by default (the open draft saved last)."""
    import datetime as dt

    from sqlalchemy import func, select, update

    from mintqo.store.engine import write_session
    from mintqo.store.models import Assessment

    with write_session(engine) as s:
        oldest = s.scalar(
            select(func.min(Assessment.updated_at)).where(
                Assessment.status == "draft", Assessment.id != aid
            )
        )
        if oldest is not None:
            s.execute(
                update(Assessment)
                .where(Assessment.id == aid)
                .values(updated_at=oldest - dt.timedelta(days=1))
            )


def _query(project_id: int, round_no: int) -> str:
    return f"projekt={project_id}&runde={round_no}&teil=vergleich"
