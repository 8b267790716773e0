"""Issue 12, leak 7: a coordinator who invents initiatives to prop up a small network is made
visible to the programme team (counts per network, never names); no number changes."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from mintqo.questionnaire import load_questionnaire
from mintqo.services import accounts, acting, dashboards, invitations, self_analysis
from mintqo.services.errors import NotAllowed
from tests.builders import Builder
from tests.conftest import app_test, open_section

Q = load_questionnaire()
PASSWORD = "Lange Passphrase für die Prüfung 2026"


def _fake_initiative(engine: Engine, coordinator, network: int, n: int, value: int) -> None:
    """What the attack does: invite, register, answer everything the same, submit."""
    code = invitations.create_invitation(
        engine, coordinator, role="initiative", network_id=network, new_initiative_name=f"Fake {n}"
    ).code
    accounts.register(engine, code, f"fake-{n}", f"Fake {n}", PASSWORD, PASSWORD)
    fake = acting.resolve(engine, f"fake-{n}")
    project = self_analysis.create_project(engine, fake, "Projekt")
    aid = self_analysis.start_round(engine, fake, project)
    version = self_analysis.round_state(engine, fake, aid).version
    for criterion in Q.criteria:
        result = self_analysis.save_step(
            engine, fake, aid, version, criterion.id, {i.id: value for i in criterion.items}, ""
        )
        version = result.version
    self_analysis.submit(engine, fake, aid)


def test_invented_initiatives_are_flagged_for_the_programme_team(engine: Engine):
    build = Builder(engine)
    small, honest = build.network("Klein"), build.network("Ehrlich")
    build.initiative(small, "Echte Initiative", rounds=[60.0])
    for i in range(5):
        build.initiative(honest, f"Echt {i}", rounds=[40.0 + i])
    coordinator = build.coordinator(small)
    for n in range(4):
        _fake_initiative(engine, coordinator, small, n, value=1)
    admin = build.admin()
    flags = {f.network: f for f in dashboards.plausibility_flags(engine, admin)}
    assert set(flags) == {"Klein"}
    assert flags["Klein"].quick_invited == 4
    assert flags["Klein"].constant_answers == 4
    with pytest.raises(NotAllowed):
        dashboards.plausibility_flags(engine, coordinator)


def test_cached_flags_follow_new_submissions(engine: Engine):
    """The flags are kept per data version: a new invented initiative shows up at once."""
    build = Builder(engine)
    small = build.network("Klein")
    build.initiative(small, "Echte Initiative", rounds=[60.0])
    coordinator, admin = build.coordinator(small), build.admin()
    kept: dict = {}

    def cache(key, make):
        return kept[key] if key in kept else kept.setdefault(key, make())

    _fake_initiative(engine, coordinator, small, 0, value=1)
    first = dashboards.plausibility_flags(engine, admin, cache=cache)
    assert dashboards.plausibility_flags(engine, admin, cache=cache) is first
    _fake_initiative(engine, coordinator, small, 1, value=1)
    (flag,) = dashboards.plausibility_flags(engine, admin, cache=cache)
    assert (flag.quick_invited, flag.constant_answers) == (2, 2)


def test_the_national_page_lists_flagged_networks_by_name_only(demo_db: Engine):
    coordinator = acting.resolve(demo_db, "demo-koordination")
    for n in range(2):
        _fake_initiative(demo_db, coordinator, 1, n, value=5)
    at = app_test("demo-admin").run()
    at.switch_page("pages/national.py").run()
    open_section(at, "Auffälligkeiten")
    assert not at.exception
    table = next(df.value for df in at.dataframe if "Durchgehend gleiche Antworten" in df.value)
    row = table.set_index("Netzwerk").loc["MINT-Region Demoland"]
    assert row["Schnell eingeladen und abgeschickt"] == 2
    assert row["Durchgehend gleiche Antworten"] >= 2
    assert "Fake 0" not in table.to_csv()
