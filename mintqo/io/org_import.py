"""CSV import of networks and initiatives: all or nothing, with line-numbered German errors.

File format (header row required, column names case-insensitive):

    Netzwerk;Kohorte;Initiative
    MINT-Region Nordheide;Qualifizierungsdurchgang 3;Schülerlabor Buchholz e.V.
    MINT-Region Nordheide;Qualifizierungsdurchgang 3;Coding Club Tannhausen
    MINT-Cluster Harz;;

``Netzwerk`` is required; ``Kohorte`` and ``Initiative`` may be empty. Missing networks and
cohorts are created; an initiative is created in its network. Encoding UTF-8 (with or without
BOM) or Windows-1252; separator ``;`` or ``,``. If any line has an error, nothing is written and
every error is reported with its line number.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from mintqo.access import Actor
from mintqo.io.upload_reading import MAX_ROW_CHARS, RowLines, UnreadableUpload, text_stream
from mintqo.store import audit, versions
from mintqo.store.engine import Check, write_session
from mintqo.store.models import Cohort, Initiative, Network
from mintqo.validation import InvalidInput, clean_name, clean_optional_name

MAX_NAME = 200
MAX_ROWS = 20_000
MB = 1024 * 1024
MAX_FILE_BYTES = 5 * MB  # Streamlit's upload limit (server.maxUploadSize)
COLUMNS = ("netzwerk", "kohorte", "initiative")


@dataclass(frozen=True)
class ImportRow:
    line: int
    network: str
    cohort: str
    initiative: str


@dataclass
class ImportResult:
    """What an import did (or, with errors, would have done: nothing)."""

    errors: list[str] = field(default_factory=list)
    new_cohorts: list[str] = field(default_factory=list)
    new_networks: list[str] = field(default_factory=list)
    new_initiatives: list[tuple[str, str]] = field(default_factory=list)  # (network, initiative)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    """Raised inside the write transaction to undo everything when validation fails."""


def _clean(value: str | None) -> str:
    """Surrounding whitespace removed (names are checked by the validator afterwards)."""
    return (value or "").strip()


def _validated_row(
    line: int, network: str, cohort: str, initiative: str
) -> tuple[ImportRow, str | None]:
    """A row with every name through the one validator; the German error of the line, if any."""
    if not network:
        return ImportRow(line, network, cohort, initiative), (
            f"Zeile {line}: Der Netzwerkname fehlt."
        )
    try:
        row = ImportRow(
            line,
            clean_name(network, "Der Netzwerkname", max_chars=MAX_NAME),
            clean_optional_name(cohort, "Der Kohortenname", max_chars=MAX_NAME),
            clean_optional_name(initiative, "Der Initiativenname", max_chars=MAX_NAME),
        )
    except InvalidInput as exc:
        return ImportRow(line, network, cohort, initiative), f"Zeile {line}: {exc}"
    return row, None


def parse(data: bytes) -> tuple[list[ImportRow], list[str]]:
    """Rows and format errors of a file, without touching the store."""
    if len(data) > MAX_FILE_BYTES:
        size = f"{len(data) / MB:.1f}".replace(".", ",")
        limit = MAX_FILE_BYTES // MB
        return [], [f"Die Datei ist mit {size} MB zu groß; erlaubt sind höchstens {limit} MB."]
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        return [], ["Die Datei ist leer."]
    # Read as a stream, row by row, each row bounded (see mintqo.io.upload_reading): a 5 MB
    # file of separators or line breaks must not become millions of Python objects.
    stream = text_stream(data)
    first_line = stream.readline(MAX_ROW_CHARS)
    stream.seek(0)
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    lines = RowLines(stream)
    reader = csv.reader(lines, delimiter=delimiter)
    errors: list[str] = []
    try:
        header = [_clean(h).lower() for h in next(reader)]
        lines.next_row()
    except (csv.Error, UnreadableUpload) as exc:
        return [], [f"Zeile 1: Die Kopfzeile ist nicht lesbar ({exc})."]
    if "netzwerk" not in header:
        return [], [
            "Zeile 1: Die Spalte „Netzwerk“ fehlt. Erwartet wird die Kopfzeile "
            "„Netzwerk;Kohorte;Initiative“."
        ]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        errors.append(f"Zeile 1: Unbekannte Spalte(n): {', '.join(unknown)}.")
    index = {name: header.index(name) for name in COLUMNS if name in header}
    rows: list[ImportRow] = []
    line = 1
    try:
        for record in reader:
            lines.next_row()
            line = reader.line_num
            if line > MAX_ROWS + 1:  # physical lines, blank ones included: reading stops here
                errors.append(
                    f"Zeile {line}: Mehr als {MAX_ROWS} Zeilen; bitte teilen Sie die Datei."
                )
                break
            if not any(_clean(v) for v in record):
                continue
            if len(record) > len(header):
                errors.append(f"Zeile {line}: Mehr Werte als Spalten in der Kopfzeile.")
                continue

            def cell(name: str, record: list[str] = record) -> str:
                i = index.get(name)
                return _clean(record[i]) if i is not None and i < len(record) else ""

            row, problem = _validated_row(
                line, cell("netzwerk"), cell("kohorte"), cell("initiative")
            )
            if problem:
                errors.append(problem)
                continue
            rows.append(row)
    except csv.Error as exc:
        errors.append(f"Zeile {reader.line_num}: Die Zeile ist nicht lesbar ({exc}).")
    except UnreadableUpload as exc:
        errors.append(
            f"Zeile {reader.line_num + 1}: {exc} Bitte prüfen Sie die Datei (z. B. auf ein "
            "nicht geschlossenes Anführungszeichen)."
        )
    if not rows and not errors:
        errors.append("Die Datei enthält keine Datenzeilen.")
    return rows, errors


def _plan(session, rows: list[ImportRow], result: ImportResult) -> None:
    """Check rows against each other and the store; fill ``result`` with errors or the plan."""
    cohorts = {name: cid for cid, name in session.execute(select(Cohort.id, Cohort.name))}
    networks = {
        name: (nid, cohort_id, archived)
        for nid, name, cohort_id, archived in session.execute(
            select(Network.id, Network.name, Network.cohort_id, Network.archived)
        )
    }
    cohort_name = {cid: name for name, cid in cohorts.items()}
    existing = {
        (nid, name) for nid, name in session.execute(select(Initiative.network_id, Initiative.name))
    }
    network_cohort: dict[str, tuple[str, int]] = {}
    seen_initiatives: dict[tuple[str, str], int] = {}
    for row in rows:
        line = row.line
        if row.network in networks:
            nid, cid, archived = networks[row.network]
            if archived:
                result.errors.append(
                    f"Zeile {line}: Das Netzwerk „{row.network}“ ist archiviert; "
                    "bitte holen Sie es zuerst aus dem Archiv."
                )
            current = cohort_name.get(cid, "") if cid else ""
            if row.cohort and row.cohort != current:
                result.errors.append(
                    f"Zeile {line}: Das Netzwerk „{row.network}“ gehört bereits zur Kohorte "
                    f"„{current or 'keine'}“, nicht zu „{row.cohort}“ (Zuordnung bitte in der "
                    "Verwaltung ändern)."
                )
            if row.initiative and (nid, row.initiative) in existing:
                result.errors.append(
                    f"Zeile {line}: Die Initiative „{row.initiative}“ gibt es im Netzwerk "
                    f"„{row.network}“ bereits."
                )
        if row.cohort:
            earlier = network_cohort.get(row.network)
            if earlier and earlier[0] != row.cohort:
                result.errors.append(
                    f"Zeile {line}: Das Netzwerk „{row.network}“ steht in Zeile {earlier[1]} "
                    f"mit der Kohorte „{earlier[0]}“, hier mit „{row.cohort}“."
                )
            else:
                network_cohort.setdefault(row.network, (row.cohort, line))
        if row.initiative:
            key = (row.network, row.initiative)
            if key in seen_initiatives:
                result.errors.append(
                    f"Zeile {line}: Die Initiative „{row.initiative}“ im Netzwerk "
                    f"„{row.network}“ steht schon in Zeile {seen_initiatives[key]}."
                )
            else:
                seen_initiatives[key] = line
                if (
                    row.network not in networks
                    or (networks[row.network][0], row.initiative) not in existing
                ):
                    result.new_initiatives.append(key)
        if row.network not in networks and row.network not in result.new_networks:
            result.new_networks.append(row.network)
        if row.cohort and row.cohort not in cohorts and row.cohort not in result.new_cohorts:
            result.new_cohorts.append(row.cohort)


def _apply(session, rows: list[ImportRow], result: ImportResult) -> set[int]:
    cohorts = {name: cid for cid, name in session.execute(select(Cohort.id, Cohort.name))}
    for name in result.new_cohorts:
        cohort = Cohort(name=name)
        session.add(cohort)
        session.flush()
        cohorts[name] = cohort.id
    networks = {name: nid for nid, name in session.execute(select(Network.id, Network.name))}
    first_cohort = {}
    for row in rows:
        if row.cohort:
            first_cohort.setdefault(row.network, row.cohort)
    for name in result.new_networks:
        cohort = first_cohort.get(name)
        network = Network(name=name, cohort_id=cohorts[cohort] if cohort else None)
        session.add(network)
        session.flush()
        networks[name] = network.id
    touched = set()
    for network_name, initiative_name in result.new_initiatives:
        session.add(Initiative(name=initiative_name, network_id=networks[network_name]))
        touched.add(networks[network_name])
    touched.update(networks[n] for n in result.new_networks)
    return touched


def preview(engine: Engine, data: bytes) -> ImportResult:
    """Check a file and describe what an import would create; writes nothing."""
    return _run(engine, None, data, write=False)


def import_org_csv(
    engine: Engine, actor: Actor, data: bytes, check: Check | None = None
) -> ImportResult:
    """Import a file: everything in one transaction, or nothing if any line has an error.

    Who may import is decided by the caller (``mintqo.services.organisations``), whose
    ``check`` runs inside the transaction."""
    return _run(engine, actor, data, write=True, check=check)


def _run(
    engine: Engine, actor: Actor | None, data: bytes, write: bool, check: Check | None = None
) -> ImportResult:
    result = ImportResult()
    rows, errors = parse(data)
    result.errors.extend(errors)
    if not rows:
        return result
    try:
        with write_session(engine, check) as s:
            _plan(s, rows, result)
            result.errors.sort(key=_line_of)
            if result.errors or not write:
                raise _Rollback
            touched = _apply(s, rows, result)
            audit.record(
                s,
                actor or "system",
                "org.import",
                "csv",
                f"{len(result.new_cohorts)} Kohorten, {len(result.new_networks)} Netzwerke, "
                f"{len(result.new_initiatives)} Initiativen",
            )
            versions.bump(s, [versions.GLOBAL, *(versions.network_scope(n) for n in touched)])
            result.written = True
    except _Rollback:
        pass
    return result


def _line_of(message: str) -> int:
    head = message.split(":", 1)[0]
    digits = head.removeprefix("Zeile ").strip()
    return int(digits) if digits.isdigit() else 0


TEMPLATE = "Netzwerk;Kohorte;Initiative\n"
"""An empty file with the expected header, offered as a download."""
