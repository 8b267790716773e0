"""CSV import of networks and initiatives: all or nothing, line-numbered German errors."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from mintqo.access import Actor
from mintqo.io import org_import
from mintqo.services import organisations
from mintqo.services.errors import NotAllowed
from mintqo.store.engine import read_session
from mintqo.store.models import AuditEvent, Cohort, Initiative, Network
from mintqo.store.network_admin import create_network, set_archived
from mintqo.store.versions import GLOBAL, current
from tests.builders import Builder

ADMIN = Actor(1, "admin", "Admin", "admin")


def _counts(engine: Engine) -> tuple[int, int, int]:
    with read_session(engine) as s:
        return tuple(
            s.scalar(select(func.count()).select_from(m)) for m in (Cohort, Network, Initiative)
        )


GOOD = (
    "Netzwerk;Kohorte;Initiative\n"
    "MINT-Region Nordheide;Durchgang 3;Schülerlabor Buchholz e.V.\n"
    "MINT-Region Nordheide;Durchgang 3;Coding Club Tannhausen\n"
    "\n"
    "MINT-Cluster Harz;;\n"
)


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (GOOD.encode("utf-8"), "utf-8"),
        (GOOD.encode("utf-8-sig"), "utf-8 BOM"),
        (GOOD.encode("cp1252"), "cp1252"),
        (GOOD.replace(";", ",").encode("utf-8"), "comma"),
    ],
)
def test_good_file_is_written(engine: Engine, data: bytes, label: str) -> None:
    result = org_import.import_org_csv(engine, ADMIN, data)
    assert result.ok and result.written, (label, result.errors)
    assert _counts(engine) == (1, 2, 2)
    with read_session(engine) as s:
        names = set(s.scalars(select(Initiative.name)))
        cohort_of_nordheide = s.scalar(
            select(Cohort.name).join(Network, Network.cohort_id == Cohort.id)
        )
        assert s.scalar(select(AuditEvent.action)) == "org.import"
    assert names == {"Schülerlabor Buchholz e.V.", "Coding Club Tannhausen"}
    assert cohort_of_nordheide == "Durchgang 3"
    assert current(engine, GLOBAL) >= 1


def test_bad_rows_report_every_error_with_line_number_and_write_nothing(engine: Engine) -> None:
    create_network(engine, ADMIN, "Archiviert")
    archived_id = create_network(engine, ADMIN, "Altes Netz")
    set_archived(engine, ADMIN, archived_id, True)
    before = _counts(engine)
    version_before = current(engine, GLOBAL)
    data = (
        "Netzwerk;Kohorte;Initiative\n"
        "Neues Netz;K1;Ini 1\n"  # 2: fine
        ";K1;Ini 2\n"  # 3: network missing
        "Neues Netz;K1;Ini 1\n"  # 4: duplicate of line 2
        "Neues Netz;K2;Ini 3\n"  # 5: other cohort than line 2
        "Altes Netz;;Ini 4\n"  # 6: archived
        f"{'x' * 201};;\n"  # 7: too long
    ).encode()
    result = org_import.import_org_csv(engine, ADMIN, data)
    assert not result.written
    lines = [e.split(":", 1)[0] for e in result.errors]
    assert lines == ["Zeile 3", "Zeile 4", "Zeile 5", "Zeile 6", "Zeile 7"]
    assert "fehlt" in result.errors[0] and "Zeile 2" in result.errors[1]
    assert "archiviert" in result.errors[3]
    assert _counts(engine) == before
    assert current(engine, GLOBAL) == version_before


def test_missing_header_and_existing_initiative(engine: Engine) -> None:
    result = org_import.import_org_csv(engine, ADMIN, b"Name;Ort\nA;B\n")
    assert (
        result.errors and result.errors[0].startswith("Zeile 1:") and "Netzwerk" in result.errors[0]
    )
    assert org_import.import_org_csv(engine, ADMIN, GOOD.encode()).written
    again = org_import.import_org_csv(engine, ADMIN, GOOD.encode())
    assert not again.written
    assert [e.split(":")[0] for e in again.errors] == ["Zeile 2", "Zeile 3"]
    assert "bereits" in again.errors[0]


def test_preview_writes_nothing_and_only_admins_import(engine: Engine) -> None:
    result = org_import.preview(engine, GOOD.encode())
    assert result.ok and not result.written
    assert result.new_networks == ["MINT-Region Nordheide", "MINT-Cluster Harz"]
    assert result.new_cohorts == ["Durchgang 3"]
    assert len(result.new_initiatives) == 2
    assert _counts(engine) == (0, 0, 0)
    builder = Builder(engine)
    coordinator = builder.coordinator(builder.network("Vorhanden"))
    with pytest.raises(NotAllowed):
        organisations.run_import(engine, coordinator, GOOD.encode())
    with pytest.raises(NotAllowed):
        organisations.preview_import(engine, coordinator, GOOD.encode())
    assert org_import.import_org_csv(engine, ADMIN, b"").errors == ["Die Datei ist leer."]
