"""The command line: demo seeding with honest counts, clear one-line errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mintqo.cli import main
from mintqo.demo import table_counts
from mintqo.store.engine import make_engine
from mintqo.store.models import Assessment, Initiative, Network
from mintqo.store.users import actor_for

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_seed_demo_prints_counts_that_match_the_database(db_url: str, capsys) -> None:
    assert main(["seed-demo"]) == 0
    out = capsys.readouterr().out
    printed = {
        name: int(count.replace(".", ""))
        for name, count in re.findall(r"^\s+(\w+)\s+([\d.]+)$", out, re.M)
    }
    engine = make_engine(db_url)
    assert printed == table_counts(engine)
    assert printed["network"] == 20 and printed["cohort"] == 2
    assert 140 <= printed["initiative"] <= 160 and 190 <= printed["project"] <= 210
    assert "Passwort aus MINTQO_DEMO_PASSWORD" in out
    with engine.connect() as conn:
        drafts = conn.scalar(
            select(func.count()).select_from(Assessment).where(Assessment.status == "draft")
        )
        max_round = conn.scalar(select(func.max(Assessment.round_no)))
        demo_network = conn.scalar(
            select(func.count()).select_from(Initiative).where(Initiative.network_id == 1)
        )
    assert drafts > 0 and max_round == 3 and demo_network >= 8
    for username in ("demo-initiative", "demo-koordination", "demo-admin"):
        assert actor_for(engine, username) is not None


def test_seed_demo_refuses_a_filled_database_unless_if_empty(db_url: str, capsys) -> None:
    assert main(["seed-demo"]) == 0
    capsys.readouterr()
    assert main(["seed-demo"]) == 2
    assert "Fehler: Die Datenbank enthält bereits Daten" in capsys.readouterr().err
    assert main(["seed-demo", "--if-empty"]) == 0


def test_seeding_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = []
    for run in range(2):
        url = f"sqlite:///{tmp_path / f'det{run}.sqlite3'}"
        monkeypatch.setenv("DATABASE_URL", url)
        assert main(["seed-demo", "--seed", "7"]) == 0
        with make_engine(url).connect() as conn:
            names.append(conn.execute(select(Network.name, Initiative.name).join(Initiative)).all())
    assert names[0] == names[1]


def test_demo_reset_restores_the_demo_data(db_url: str) -> None:
    assert main(["seed-demo"]) == 0
    engine = make_engine(db_url)
    before = table_counts(engine)
    with engine.begin() as conn:
        conn.execute(Initiative.__table__.delete().where(Initiative.id > 100))
    assert table_counts(engine) != before
    assert main(["demo-reset", "--yes"]) == 0
    assert table_counts(engine) == before


def test_create_user_and_user_mistakes(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("NEW_PW", "ein-sehr-gutes-passwort")
    assert main(["create-user", "Team-Admin", "--role", "admin", "--password-env", "NEW_PW"]) == 0
    assert actor_for(make_engine(db_url), "team-admin").role == "admin"
    assert main(["create-user", "team-admin", "--role", "admin", "--password-env", "NEW_PW"]) == 2
    assert "bereits vergeben" in capsys.readouterr().err
    assert main(["create-user", "x", "--role", "coordinator", "--password-env", "NEW_PW"]) == 2
    assert "braucht --network-id" in capsys.readouterr().err


def test_cli_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mintqo",
            "create-user",
            "u",
            "--role",
            "initiative",
            "--password-env",
            "NOPE",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    helped = subprocess.run(
        [sys.executable, "-m", "mintqo", "seed-demo", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert helped.returncode == 0 and "--scale" in helped.stdout
