"""Upload budget (issue 13, item 8): memory and time of ``validate_file`` per uploaded file.

Budget: any accepted upload ≤ 5 MB costs ≤ 100 MB of extra memory and ≤ 2 s; a crafted file
(zip bomb, huge claimed sheet, CSV with a million cells) is refused cheaply.

    .venv/bin/python benchmarks/bench_upload_memory.py
    .venv/bin/python benchmarks/bench_upload_memory.py --root /tmp/mintqo-head  # other checkout

``--root`` measures another checkout of the code with the same files (e.g. ``git archive HEAD |
tar -x -C /tmp/mintqo-head`` for the code before a change); the files are always built with this
checkout. Each file is validated in a fresh subprocess, so numbers do not mix: the child loads
the code and validates a small real template first (imports and lazy set-up are not counted),
then measures one ``validate_file`` call three ways: wall time, extra resident memory (peak
``VmHWM`` after resetting it through ``/proc/self/clear_refs``, minus ``VmRSS`` before the call)
and, in a second call, the peak of Python allocations (``tracemalloc``). Children run with a
4 GB address-space limit and a 120 s timeout, so measuring old code on bombs cannot take the
machine down. Results: the table on stdout and ``/tmp/mintqo-bench/results/upload_memory.json``.

The builders below are also used by ``tests/test_upload_limits.py``.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

AID = 42
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
UPLOAD_LIMIT = 5 * 1024 * 1024
CHILD_ADDRESS_SPACE = 4 * 1024**3
CHILD_TIMEOUT_S = 120


# --- legitimate files ---------------------------------------------------------------------------


def filled_content():
    """The real template of questionnaire v1 with every answer and a 2,000-character note each."""
    from mintqo.io.offline_template import TemplateContent
    from mintqo.questionnaire import load_questionnaire

    q = load_questionnaire(1)
    answers = {item.id: (n % 5) + 1 for n, item in enumerate(q.items)}
    notes = {
        c.id: ("Belege im Ordner, siehe Protokoll vom 3. März. " * 50)[:2000] for c in q.criteria
    }
    return TemplateContent(AID, q, answers, notes, "Robotik-AG")


def filled_template_xlsx() -> bytes:
    from mintqo.io.offline_template import template_xlsx

    return template_xlsx(filled_content())


def filled_template_csv() -> bytes:
    from mintqo.io.offline_template import template_csv

    return template_csv(filled_content())


def _random_text(rng: random.Random, chars: int, extra: str = "") -> str:
    """Text that deflate cannot shrink much (random words), so a file near 5 MB holds a lot."""
    letters = "abcdefghijklmnopqrstuvwxyzäöüß      "
    return extra + "".join(rng.choices(letters, k=chars - len(extra)))


def largest_template_xlsx(cell_chars: int = 25_000, extra_columns: int = 4) -> bytes:
    """The filled template plus long random text in columns F… of its rows (ignored by the
    validator, so the file still validates): as large as an upload may be."""
    from openpyxl import load_workbook

    rng = random.Random(13)
    workbook = load_workbook(io.BytesIO(filled_template_xlsx()))
    sheet = workbook["Selbstanalyse"]
    for row in range(3, sheet.max_row + 1):
        for column in range(6, 6 + extra_columns):
            sheet.cell(row, column, _random_text(rng, cell_chars))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def most_tags_xlsx(rows: int = 1_000, columns: int = 11) -> bytes:
    """The filled template plus numbers in columns F… down to row ``rows``: as many XML tags
    as the reader accepts (the parse-time worst case of an accepted file)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(filled_template_xlsx()))
    sheet = workbook["Selbstanalyse"]
    for row in range(1, rows + 1):
        for column in range(6, 6 + columns):
            sheet.cell(row, column, row * column)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def largest_template_csv(
    cell_chars: int = 32_000, extra_columns: int = 2, wide: bool = False
) -> bytes:
    """The filled template as CSV plus long random text in extra columns (≈ 5 MB); ``wide``
    puts an emoji into each text, so Python holds it with 4 bytes per character."""
    import csv

    rng = random.Random(13)
    rows = list(csv.reader(io.StringIO(filled_template_csv().decode("utf-8-sig")), delimiter=";"))
    extra = "😀" if wide else ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for index, row in enumerate(rows):
        more = (
            [_random_text(rng, cell_chars, extra) for _ in range(extra_columns)]
            if index >= 2
            else []
        )
        writer.writerow([*row, *more])
    return buffer.getvalue().encode("utf-8-sig")


# --- crafted files ------------------------------------------------------------------------------

Chunks = Callable[[], Iterator[bytes]]


def workbook_package(
    sheet: bytes | Chunks,
    strings: bytes | Chunks | None = None,
    styles: bytes | None = None,
    sheet_listed: int = 1,
    extra: dict[str, bytes] | None = None,
    sheet_target: str = "worksheets/sheet1.xml",
) -> bytes:
    """A minimal valid .xlsx around the given parts (parts may be generators of chunks, so a
    gigabyte-sized part is compressed without being held in memory); ``sheet_target`` is how
    the workbook's relationship names the sheet (relative or absolute)."""
    rels = [
        f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="{sheet_target}"/>'
        for n in range(1, sheet_listed + 1)
    ]
    sheets = [
        f'<sheet name="Selbstanalyse{"" if n == 1 else n}" sheetId="{n}" r:id="rId{n}"/>'
        for n in range(1, sheet_listed + 1)
    ]
    overrides = [("/xl/workbook.xml", "sheet.main"), ("/xl/worksheets/sheet1.xml", "worksheet")]
    if strings is not None:
        rels.append(
            f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        overrides.append(("/xl/sharedStrings.xml", "sharedStrings"))
    if styles is not None:
        rels.append(f'<Relationship Id="rIdT" Type="{REL}/styles" Target="styles.xml"/>')
        overrides.append(("/xl/styles.xml", "styles"))
    parts: dict[str, bytes | Chunks] = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/>'
            + "".join(
                f'<Override PartName="{p}" ContentType="{CT}.{t}+xml"/>' for p, t in overrides
            )
            + "</Types>"
        ).encode(),
        "_rels/.rels": (
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{"".join(sheets)}</sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
        ).encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    if styles is not None:
        parts["xl/styles.xml"] = styles
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, content in parts.items():
            if isinstance(content, bytes):
                package.writestr(name, content)
                continue
            with package.open(name, "w", force_zip64=True) as entry:
                for chunk in content():
                    entry.write(chunk)
    return buffer.getvalue()


def _template_sheet_xml() -> bytes:
    """The filled template's own sheet (inline strings, as openpyxl writes it)."""
    with zipfile.ZipFile(io.BytesIO(filled_template_xlsx())) as template:
        return template.read("xl/worksheets/sheet1.xml")


def ratio_bomb_xlsx(inflated_mb: int = 400) -> bytes:
    """One sheet of ``inflated_mb`` MB of identical rows: a few hundred KB zipped."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'

    def chunks() -> Iterator[bytes]:
        yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        block = row * (1024 * 1024 // len(row))
        for _ in range(inflated_mb):
            yield block
        yield b"</sheetData></worksheet>"

    return workbook_package(chunks)


def many_entries_xlsx(count: int = 40_000) -> bytes:
    """The template plus ``count`` empty entries (a directory that is expensive to parse)."""
    extra = {f"xl/media/e{n}.bin": b"" for n in range(count)}
    return workbook_package(_template_sheet_xml(), extra=extra)


def huge_dimension_xlsx() -> bytes:
    """The filled template claiming A1:XFD1048576, with one more cell at XFD1048576: today's
    reader pads all 1,048,576 rows to 16,384 columns."""
    sheet = _template_sheet_xml()
    start = sheet.index(b"<dimension")
    end = sheet.index(b"/>", start) + 2
    sheet = sheet[:start] + b'<dimension ref="A1:XFD1048576"/>' + sheet[end:]
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = sheet.replace(b"</sheetData>", far + b"</sheetData>")
    return workbook_package(sheet)


def nested_strings_xlsx(depth: int = 200_000, strings: int = 20) -> bytes:
    """Shared strings whose entries nest rich-text runs ``depth`` levels deep."""

    def chunks() -> Iterator[bytes]:
        yield f'<sst xmlns="{MAIN}">'.encode()
        for _ in range(strings):
            yield b"<si>" + b"<r>" * depth + b"<t>x</t>" + b"</r>" * depth + b"</si>"
        yield b"</sst>"

    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    return workbook_package(sheet, strings=chunks)


def many_strings_xlsx(count: int = 2_000_000, varied: bool = False) -> bytes:
    """``count`` shared strings (openpyxl keeps every one of them, ≈ 26 µs each); ``varied``
    makes them differ, so the part compresses like real text rather than 1,000 : 1."""
    rng = random.Random(13)

    def chunks() -> Iterator[bytes]:
        yield f'<sst xmlns="{MAIN}">'.encode()
        for start in range(0, count, 100_000):
            batch = min(100_000, count - start)
            if varied:
                yield b"".join(f"<si><t>{rng.random()}</t></si>".encode() for _ in range(batch))
            else:
                yield b"<si><t>ab</t></si>" * batch
        yield b"</sst>"

    return workbook_package(_template_sheet_xml(), strings=chunks)


def styles_bomb_xlsx(records: int = 50_000) -> bytes:
    """The filled template with ``records`` cell-style records (openpyxl: ≈ 60 µs each); random
    attribute values keep the ratio below the guard's limit, so only the reader can stop it."""
    rng = random.Random(13)
    xfs = "".join(
        f'<xf numFmtId="{rng.randrange(50)}" fontId="0" fillId="0" borderId="0" xfId="0" '
        f'applyAlignment="1"><alignment indent="{rng.randrange(250)}" '
        f'textRotation="{rng.randrange(180)}"/></xf>'
        for _ in range(records)
    )
    styles = (
        f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts><fills count="1"><fill>'
        '<patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
        f'<cellXfs count="{records}">{xfs}'
        "</cellXfs></styleSheet>"
    ).encode()
    return workbook_package(_template_sheet_xml(), styles=styles)


def most_strings_xlsx(count: int = 11_500) -> bytes:
    """The filled template plus ``count`` shared strings: as many as the tag limit lets through
    (shared strings are the most expensive tags openpyxl reads in our minimal workbook)."""
    rng = random.Random(13)

    def chunks() -> Iterator[bytes]:
        yield f'<sst xmlns="{MAIN}">'.encode()
        yield b"".join(f"<si><t>{rng.random()}</t></si>".encode() for _ in range(count))
        yield b"</sst>"

    return workbook_package(_template_sheet_xml(), strings=chunks)


def long_string_xlsx(megabytes: float = 7.9) -> bytes:
    """One shared string of ``megabytes`` MB with 4-byte characters (Python keeps it as UCS-4),
    within the archive limits: openpyxl reads every shared string at load time, used or not."""
    rng = random.Random(13)
    count = int(megabytes * 1024 * 1024 / 5)
    text = "".join(rng.choice("ab😀") for _ in range(count))
    strings = f'<sst xmlns="{MAIN}"><si><t>{text}</t></si></sst>'.encode()
    return workbook_package(_template_sheet_xml(), strings=strings)


def sheet_listed_xlsx(times: int = 20_000, rows: int = 2_000) -> bytes:
    """One sheet without a dimension record, listed ``times`` times in the workbook: openpyxl
    scans every listed sheet once at load time."""
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        + b"<row><c><v>1</v></c></row>" * rows
        + b"</sheetData></worksheet>"
    )
    return workbook_package(sheet, sheet_listed=times)


def csv_one_row(cells: int = 1_600_000) -> bytes:
    """One line of ``cells`` two-character cells (≈ 4.8 MB)."""
    return b"ab;" * cells


def csv_many_lines(lines: int = 2_500_000) -> bytes:
    """``lines`` one-character lines (5 MB): one Python list per row."""
    return b"a\n" * lines


# name -> (builder, kind); legitimate files first
FILES: dict[str, tuple[Callable[[], bytes], str]] = {
    "template-filled.xlsx": (filled_template_xlsx, "legitimate"),
    "template-filled.csv": (filled_template_csv, "legitimate"),
    "template-largest.xlsx": (largest_template_xlsx, "legitimate, largest"),
    "template-most-tags.xlsx": (most_tags_xlsx, "legitimate, most XML"),
    "template-largest.csv": (largest_template_csv, "legitimate, largest"),
    "template-largest-wide.csv": (
        lambda: largest_template_csv(wide=True),
        "legitimate, 4-byte text",
    ),
    "bomb-ratio.xlsx": (ratio_bomb_xlsx, "crafted"),
    "bomb-entries.xlsx": (many_entries_xlsx, "crafted"),
    "bomb-dimension.xlsx": (huge_dimension_xlsx, "crafted"),
    "bomb-nested-strings.xlsx": (nested_strings_xlsx, "crafted"),
    "bomb-many-strings.xlsx": (many_strings_xlsx, "crafted"),
    "bomb-styles.xlsx": (styles_bomb_xlsx, "crafted"),
    "crafted-most-strings.xlsx": (most_strings_xlsx, "crafted, within the limits"),
    "crafted-long-string.xlsx": (long_string_xlsx, "crafted, within the archive limits"),
    "bomb-sheet-listed.xlsx": (sheet_listed_xlsx, "crafted"),
    "bomb-one-row.csv": (csv_one_row, "crafted"),
    "bomb-many-lines.csv": (csv_many_lines, "crafted"),
}


# --- measuring ----------------------------------------------------------------------------------


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measure_child(path: Path, warmup: list[Path]) -> dict:
    """Runs in the child: one validate_file call measured for time, RSS and tracemalloc."""
    import gc
    import resource
    import time
    import tracemalloc

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE))
    from mintqo.io.offline_template import validate_file
    from mintqo.questionnaire import load_questionnaire

    questionnaire = load_questionnaire(1)
    for file in warmup:
        validate_file(file.read_bytes(), file.name, questionnaire, AID)
    data = path.read_bytes()
    gc.collect()
    before_kb = _status_kb("VmRSS")
    exact_peak = _reset_peak_rss()
    started = time.perf_counter()
    try:
        result = validate_file(data, path.name, questionnaire, AID)
    except MemoryError:
        return {
            "outcome": "MemoryError (4 GB address-space limit)",
            "wall_s": round(time.perf_counter() - started, 2),
        }
    wall = time.perf_counter() - started
    peak_kb = _status_kb("VmHWM")
    messages = result.messages()
    del result
    gc.collect()
    tracemalloc.start()
    validate_file(data, path.name, questionnaire, AID)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    outcome = "valid" if not messages else f"refused: {messages[0][:110]}"
    if messages and len(messages) > 1:
        outcome += f" (+{len(messages) - 1} more)"
    return {
        "outcome": outcome,
        "wall_s": round(wall, 3),
        "extra_rss_mb": round((peak_kb - before_kb) / 1024, 1),
        "rss_peak_exact": exact_peak,
        "tracemalloc_peak_mb": round(traced_peak / 1024 / 1024, 1),
    }


def run_child(code_root: Path, path: Path, warmup: list[Path]) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(path),
        "--root",
        str(code_root),
    ]
    for file in warmup:
        command += ["--warmup", str(file)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, cwd=code_root
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"still running after {CHILD_TIMEOUT_S} s (stopped)"}
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": f"crashed: {tail[:120]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_files(folder: Path, names: list[str]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in names:
        builder, _ = FILES[name]
        path = folder / name
        path.write_bytes(builder())
        paths[name] = path
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose code is measured")
    parser.add_argument("--only", nargs="*", help="file names to measure (default: all)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--warmup", type=Path, action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(args.root.resolve()))
        print(json.dumps(measure_child(args.child, args.warmup)))
        return

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import BENCH_DIR, RESULTS_DIR, cpu_calibration_s, machine_note

    folder = BENCH_DIR / "upload-files"
    names = args.only or list(FILES)
    paths = build_files(folder, names)
    warmup = build_files(folder / "warmup", ["template-filled.xlsx", "template-filled.csv"])
    rows = []
    print("| file | kind | size | outcome | wall s | extra RSS MB | tracemalloc peak MB |")
    print("| --- | --- | ---: | --- | ---: | ---: | ---: |")
    for name in names:
        size = paths[name].stat().st_size
        assert size <= UPLOAD_LIMIT, f"{name} is {size} bytes, over the 5 MB upload limit"
        measured = run_child(args.root.resolve(), paths[name], list(warmup.values()))
        row = {"file": name, "kind": FILES[name][1], "bytes": size, **measured}
        rows.append(row)
        print(
            f"| {name} | {row['kind']} | {size / 1024:,.0f} KB | {row['outcome']} | "
            f"{row.get('wall_s', '–')} | {row.get('extra_rss_mb', '–')} | "
            f"{row.get('tracemalloc_peak_mb', '–')} |",
            flush=True,
        )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    report = {
        "machine": machine_note(),
        "cpu_calibration_s": cpu_calibration_s(),
        "root": str(args.root),
        "rows": rows,
    }
    (RESULTS_DIR / "upload_memory.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )
    print(f"\n{report['machine']}; CPU calibration {report['cpu_calibration_s']:.3f} s")


if __name__ == "__main__":
    main()
