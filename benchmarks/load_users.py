"""The simulated users of a load test: what each kind of user does, how it logs in, and the
recorder of every interaction's time and outcome (see ``loadtest.py``)."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from common import Store, store_url
from st_client import (
    Server,
    StreamlitSession,
    change_rating,
    choose_option,
    rating_widgets,
)
from streamlit.proto.WidgetStates_pb2 import WidgetState

# What each kind of user does, in a cycle, one step per interaction.
ROLE_SCRIPTS: dict[str, list[tuple[str, str | None]]] = {
    "initiative": [
        ("page", "Selbstanalyse"),
        ("save", None),
        ("save", None),
        ("page", "Mein Profil"),
    ],
    "koordination": [("page", "Mein Netzwerk"), ("page", "Workshop-Modus")],
    "admin": [("page", "Nationale Übersicht"), ("page", "Mein Netzwerk")],
    # --mix questionnaire: initiative users who only fill in the questionnaire
    "questionnaire": [("page", "Selbstanalyse"), ("save", None), ("save", None), ("save", None)],
    # --mix network: coordinations who rerun "Mein Netzwerk" (their first page), as a reload
    # with the query string the app last set
    "netzwerk": [("rerun", None)],
}


MIXES = {
    "workshop": {"initiative": 0.75, "koordination": 0.2, "admin": 0.05},
    "questionnaire": {"questionnaire": 1.0},
    "network": {"netzwerk": 1.0},
}


LOGIN_OF = {"questionnaire": "initiative", "netzwerk": "koordination"}


SAVED_TEXTS = ("Gespeichert:", "ist gespeichert")  # a step saved: now, and before issue 14


DRAFT_LABEL = "in Bearbeitung"  # ProjectSummary.status_label of a project with a draft


OWN_PASSWORD = "Lasttest-Passwort-2026"  # of the initiative accounts made for --own-initiatives


def add_initiative_accounts(db: Store, count: int) -> list[str]:
    """Accounts ``last-1`` … for ``count`` initiatives that have a draft and a submitted round.

    With ``--own-initiatives`` every simulated initiative user logs in through the login form as
    one of these and saves into its own draft, as in a real workshop. (Through ``?demo=`` they
    all share the demo initiative's one draft: every save then ends in the conflict path and
    writes nothing.)
    """
    from sqlalchemy import select

    from mintqo.passwords import hash_password
    from mintqo.store.engine import make_engine
    from mintqo.store.models import Assessment, Project, User
    from mintqo.store.users import create_user

    engine = make_engine(store_url(db))
    try:
        with engine.connect() as conn:
            submitted = (
                select(Project.initiative_id)
                .join(Assessment)
                .where(Assessment.status == "submitted")
            )
            initiatives = conn.scalars(
                select(Project.initiative_id)
                .join(Assessment)
                .where(Assessment.status == "draft", Project.initiative_id.in_(submitted))
                .distinct()
                .order_by(Project.initiative_id)
                .limit(count)
            ).all()
        if len(initiatives) < count:
            raise SystemExit(f"only {len(initiatives)} initiatives with a draft and a result")
        password_hash = hash_password(OWN_PASSWORD)  # bcrypt once, shared by all accounts
        with engine.connect() as conn:  # a shared (PostgreSQL) store keeps them between runs
            existing = set(conn.scalars(select(User.username).where(User.username.like("last-%"))))
        names = []
        for k, initiative_id in enumerate(initiatives, start=1):
            name = f"last-{k}"
            names.append(name)
            if name in existing:
                continue
            create_user(
                engine,
                name,
                "",
                "initiative",
                initiative_id=initiative_id,
                password_hash=password_hash,
            )
        return names
    finally:
        engine.dispose()


def login_states(session: StreamlitSession, username: str, password: str):
    """Widget states that fill in the login form and press "Anmelden" (None: no form)."""
    fields = {w.label: w for w in session.widgets.values() if w.kind == "text_input"}
    submit = next(
        (w for w in session.widgets.values() if w.is_submit and w.label == "Anmelden"), None
    )
    if "Benutzername" not in fields or "Passwort" not in fields or submit is None:
        return None
    return [
        WidgetState(id=fields["Benutzername"].id, string_value=username),
        WidgetState(id=fields["Passwort"].id, string_value=password),
        WidgetState(id=submit.id, trigger_value=True),
    ]


def roles_for(users: int, mix: str = "workshop") -> list[str]:
    roles: list[str] = []
    shares = MIXES[mix]
    for role, share in shares.items():
        roles += [role] * round(users * share)
    roles = (roles + [next(iter(shares))] * users)[:users]
    random.Random(7).shuffle(roles)
    return roles


@dataclass
class Recorder:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    # (seconds since the recorder was made, kind, ms) of every run: for per-phase summaries
    timeline: list[tuple[float, str, float]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def record(self, kind: str, result, note: str = "") -> None:
        self.samples[kind].append(result.elapsed_ms)
        self.timeline.append((time.monotonic() - self.started, kind, result.elapsed_ms))
        if not result.ok:
            reason = result.status if result.status != "ok" else "exception"
            self.errors[f"{kind}:{reason}"] += 1
            if len(self.error_examples) < 10:
                self.error_examples.append(f"{kind} {reason} {result.exceptions[:1]} {note}")

    def fail(self, kind: str, message: str) -> None:
        self.errors[f"{kind}:{message.split(':')[0]}"] += 1
        if len(self.error_examples) < 10:
            self.error_examples.append(f"{kind}: {message}")


async def one_user(
    server: Server,
    role: str,
    start_at: float,
    end_at: float,
    think: float,
    rec: Recorder,
    seed: int,
    account: str | None = None,
) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    query = "" if account else f"demo={LOGIN_OF.get(role, role)}"
    session = StreamlitSession(server.url, query)
    try:
        await session.connect()
        first = await session.rerun()
        rec.record("first_load", first)
        if account:
            states = login_states(session, account, OWN_PASSWORD)
            if states is None:
                raise RuntimeError("no login form on the first page")
            login = await session.rerun(widget_states=states)
            rec.record("login", login)
            if not session.page_hash("Selbstanalyse"):
                raise RuntimeError(f"login as {account} failed: {login.alerts[:1]}")
        script = ROLE_SCRIPTS[role]
        step = 0
        next_at = time.monotonic() + think * rng.uniform(0.8, 1.2)
        while True:
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            if time.monotonic() >= end_at:
                break
            action, target = script[step % len(script)]
            step += 1
            # The next interaction is due one think time later, whatever happens now (a slow
            # server makes users wait, it does not make them click faster).
            next_at += think * rng.uniform(0.9, 1.1)
            if action == "rerun":
                result = await session.rerun()
                rec.record(f"rerun:{session.page_name or 'start'}", result)
                continue
            if action == "page":
                if session.page_hash(target) is None:
                    # e.g. the first run timed out and no page list arrived yet: reload
                    result = await session.rerun()
                    rec.record("reload", result)
                    if session.page_hash(target) is None:
                        rec.fail(f"page:{target}", f"missing: not offered to {role}")
                    continue
                result = await session.rerun(page=target)
                rec.record(f"page:{target}", result)
                if target == "Selbstanalyse" and not rating_widgets(session):
                    # "Mein Profil" selected a finished project (the choice is shared by
                    # the pages): pick the one in progress, as a user would.
                    states = choose_option(session, "Projekt", DRAFT_LABEL)
                    if states is not None:
                        result = await session.rerun(widget_states=states)
                        rec.record("choose project", result)
            else:
                states = change_rating(session, rng)
                if states is None:
                    rec.outcomes["save: no rating on page"] += 1
                    result = await session.rerun()
                    rec.record("rerun", result)
                else:
                    result = await session.rerun(widget_states=states)
                    rec.record("save", result)
                    saved = any(m in t for m in SAVED_TEXTS for t in result.alerts + result.texts)
                    rec.outcomes["save: stored" if saved else "save: conflict/other"] += 1
    except Exception as exc:  # connection refused, protocol trouble: an error, not a crash
        rec.fail("session", f"{type(exc).__name__}: {exc}")
    finally:
        await session.close()
