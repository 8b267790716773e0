"""Checks a zip archive before anything decompresses it, so a small file cannot exhaust memory.

An ``.xlsx`` is a zip. A crafted one of 205 KB once took the server to 515 MB, one of 1.84 MB
to 3.9 GB and 20.9 s: deflate shrinks repetitive data by up to ≈ 1,000 : 1, and a reader
that trusts the archive inflates everything. :func:`check_archive` decides from the archive's
directory alone (plus the first bytes of each entry) and refuses, with a German reason:

- data that is not a zip, a damaged directory, or a directory larger than the limits allow
  (read from the end record *before* :mod:`zipfile` parses it, so a file claiming 100,000
  entries costs nothing);
- too many entries, an entry or a total that is too large once inflated, an entry that is
  compressed more than ``max_ratio`` : 1 (above a grace size, so tiny parts never trip it);
- nested archives (by name and by their first bytes), encrypted entries, compression methods
  other than stored/deflate (OOXML uses nothing else), duplicate names.

The declared sizes are enough: :mod:`zipfile` stops inflating an entry at its declared size
(and fails its CRC check when the data goes on), so an entry cannot yield more than the
directory says.

Limits for an uploaded template (:data:`XLSX_UPLOAD`), measured on
``offline_template.template_xlsx`` with every answer and 2,000-character notes: 10 entries,
72 KB inflated in total, largest part 52 KB, compression ratios 1.4–8.6 : 1 (a re-save by Excel
or LibreOffice adds a handful of parts such as shared strings and calcChain).

=========================  ===========  ===========================================================
limit                      value        why
=========================  ===========  ===========================================================
entries                    200          20× the template; parsing the directory stays trivial
inflated size per entry    8 MB         150× the largest template part; a pasted photo still fits
inflated size in total     32 MB        450× the template; bounds what any reader could inflate
compression ratio          100 : 1      12× the template's highest; checked above 1 MB inflated
=========================  ===========  ===========================================================

Backups (:data:`BACKUP`) are the operator's own files, but one may come from someone else. We
write one JSON entry; the national-scale store (2.07 M answers) makes 77 MB of JSON zipped at
5.9 : 1, the demo store 0.7 MB at 5.0 : 1. Allowed: 16 entries, 1 GB inflated (13× the national
store; restoring holds the parsed JSON in memory, ≈ 10× its size) and 100 : 1.

What an accepted archive costs afterwards (parsing its XML or JSON) is the reader's business:
:mod:`mintqo.io.upload_reading` bounds that for uploads.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass

MB = 1024 * 1024
GB = 1024 * MB


@dataclass(frozen=True)
class ArchiveLimits:
    """What an archive may contain before we decompress any of it."""

    max_entries: int
    max_entry_bytes: int
    max_total_bytes: int
    max_ratio: float
    ratio_grace_bytes: int  # entries up to this inflated size are never refused for their ratio


XLSX_UPLOAD = ArchiveLimits(
    max_entries=200,
    max_entry_bytes=8 * MB,
    max_total_bytes=32 * MB,
    max_ratio=100,
    ratio_grace_bytes=1 * MB,
)
BACKUP = ArchiveLimits(
    max_entries=16,
    max_entry_bytes=1 * GB,
    max_total_bytes=1 * GB,
    max_ratio=100,
    ratio_grace_bytes=1 * MB,
)

DIRECTORY_BYTES_PER_ENTRY = 1024
"""Upper bound for one central-directory record (46 bytes + name + extras; real ones ≈ 100)."""

NESTED_SUFFIXES = (
    ".zip", ".xlsx", ".xlsm", ".xlsb", ".xltx", ".docx", ".docm", ".pptx", ".odt", ".ods",
    ".jar", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".tar", ".cab",
)  # fmt: skip
NESTED_MAGIC = (
    b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"\x28\xb5\x2f\xfd", b"MSCF",
)  # fmt: skip
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_EOCD = struct.Struct("<4s4H2LH")
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_UNSAFE_NAME_CHARS = re.compile(r"[^\w .\-/\[\]]")


class ArchiveRefused(ValueError):
    """Why an archive is not opened: one German sentence, without advice (callers add that)."""


class NotAnArchive(ArchiveRefused):
    """The data is no zip at all, or a damaged one."""


def _size(n: int | float) -> str:
    """German notation: 1.234,5 MB."""
    text = f"{n / MB:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} MB"


def _count(n: int | float) -> str:
    """German thousands separator: 40.005."""
    return f"{n:,.0f}".replace(",", ".")


def _shown(name: str) -> str:
    """An entry name fit to show in a message (attacker-chosen: no markup, no control chars)."""
    cleaned = _UNSAFE_NAME_CHARS.sub("?", name)
    return cleaned if len(cleaned) <= 60 else cleaned[:57] + "…"


def _directory_size(data: bytes) -> tuple[int, int]:
    """(entries, directory bytes) as the end record declares them, zip64 included."""
    search_from = max(0, len(data) - (_EOCD.size + 0xFFFF))
    start = data.rfind(_EOCD_SIGNATURE, search_from)
    if start < 0 or start + _EOCD.size > len(data):
        raise NotAnArchive("Die Datei ist kein ZIP-Archiv.")
    fields = _EOCD.unpack_from(data, start)
    entries, directory = fields[4], fields[5]
    if entries != 0xFFFF and directory != 0xFFFFFFFF and fields[6] != 0xFFFFFFFF:
        return entries, directory
    locator = start - _ZIP64_LOCATOR.size
    if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
        raise NotAnArchive("Das ZIP-Archiv ist beschädigt oder unvollständig.")
    record = _ZIP64_LOCATOR.unpack_from(data, locator)[2]
    if record + _ZIP64_EOCD.size > len(data) or data[record : record + 4] != b"PK\x06\x06":
        raise NotAnArchive("Das ZIP-Archiv ist beschädigt oder unvollständig.")
    fields64 = _ZIP64_EOCD.unpack_from(data, record)
    return fields64[7], fields64[8]


def _check_directory(data: bytes, limits: ArchiveLimits) -> None:
    entries, directory = _directory_size(data)
    if entries > limits.max_entries:
        raise ArchiveRefused(
            f"Das Archiv enthält {_count(entries)} Einträge; erlaubt sind höchstens "
            f"{_count(limits.max_entries)}."
        )
    if directory > limits.max_entries * DIRECTORY_BYTES_PER_ENTRY:
        raise ArchiveRefused(
            f"Das Inhaltsverzeichnis des Archivs ist mit {_size(directory)} ungewöhnlich groß."
        )


def _check_entry(info: zipfile.ZipInfo, limits: ArchiveLimits) -> None:
    name = _shown(info.filename)
    if info.flag_bits & 0x1:
        raise ArchiveRefused("Das Archiv ist verschlüsselt.")
    if info.compress_type not in _METHODS:
        raise ArchiveRefused(
            f"Der Eintrag „{name}“ ist mit einem nicht unterstützten Verfahren komprimiert."
        )
    if info.file_size > limits.max_entry_bytes:
        raise ArchiveRefused(
            f"Der Eintrag „{name}“ ist entpackt {_size(info.file_size)} groß; erlaubt sind "
            f"höchstens {_size(limits.max_entry_bytes)}."
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_grace_bytes and ratio > limits.max_ratio:
        raise ArchiveRefused(
            f"Der Eintrag „{name}“ ist ungewöhnlich stark komprimiert ({_count(ratio)} : 1, "
            f"erlaubt sind {_count(limits.max_ratio)} : 1), wie es für Dateien typisch ist, "
            "die einen Server überlasten sollen („ZIP-Bombe“)."
        )
    if info.filename.lower().endswith(NESTED_SUFFIXES):
        raise ArchiveRefused(f"Der Eintrag „{name}“ ist selbst ein Archiv.")


def _check_contents(archive: zipfile.ZipFile) -> None:
    """Open every entry (zipfile compares its local header) and look at its first bytes."""
    for info in archive.infolist():
        if info.is_dir():
            continue
        with archive.open(info) as entry:
            head = entry.read(8)
        if head.startswith(NESTED_MAGIC):
            raise ArchiveRefused(f"Der Eintrag „{_shown(info.filename)}“ ist selbst ein Archiv.")


def check_archive(data: bytes, limits: ArchiveLimits) -> None:
    """Raise :class:`ArchiveRefused` unless ``data`` is a zip within ``limits``."""
    _check_directory(data, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_entries:
                raise ArchiveRefused(f"Das Archiv enthält mehr als {limits.max_entries} Einträge.")
            names: set[str] = set()
            total = 0
            for info in infos:
                _check_entry(info, limits)
                if info.filename in names:
                    raise ArchiveRefused(
                        f"Der Eintrag „{_shown(info.filename)}“ kommt mehrfach vor."
                    )
                names.add(info.filename)
                total += info.file_size
            if total > limits.max_total_bytes:
                raise ArchiveRefused(
                    f"Der Inhalt des Archivs ist entpackt {_size(total)} groß; erlaubt sind "
                    f"höchstens {_size(limits.max_total_bytes)}."
                )
            _check_contents(archive)
    except ArchiveRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise NotAnArchive("Das ZIP-Archiv ist beschädigt oder unvollständig.") from exc


def open_checked(data: bytes, limits: ArchiveLimits) -> zipfile.ZipFile:
    """The archive, opened only after :func:`check_archive` accepted it."""
    check_archive(data, limits)
    return zipfile.ZipFile(io.BytesIO(data))


def read_entry(archive: zipfile.ZipFile, name: str, max_bytes: int) -> bytes:
    """One entry's bytes, never more than ``max_bytes`` (a second line behind the checks)."""
    with archive.open(name) as entry:
        data = entry.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ArchiveRefused(f"Der Eintrag „{_shown(name)}“ ist größer als {_size(max_bytes)}.")
    return data
