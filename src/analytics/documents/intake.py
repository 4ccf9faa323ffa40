"""`analytics add` / `analytics remove`: bring a document into data/raw/ and the manifest, or take it out again.

Both hold an exclusive lock on the manifest while they read and write it, and write it to a temporary file
moved into place in one rename: commands run at once queue, and none reads a half-written manifest. What the
build could not read is refused before anything is written (the caller passes the reader as `check`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, StorageError
from ..paths import Paths
from ..reference import ancestors, load_division_history, load_divisions, name_agrees, name_core
from .formats.convert import CONVERTED
from .manifest import load_manifest, sha256_of, sha256_of_bytes

ACCEPTED = {".txt", ".text", *CONVERTED}
# Binary formats no dependable pure-Python reader handles: converted first, the message says how.
NEEDS_CONVERSION = {".doc": "Word 97–2003", ".wps": "WPS Writer"}


@dataclass
class NewDocument:
    source: Path
    jurisdiction_code: str
    year: int
    name_zh: str | None = None
    doc_number: str | None = None
    issued: dt.date | None = None
    level: str | None = None
    issuer: str | None = None
    title: str | None = None
    kind: str = "annual_livelihood_list"


def _yaml_str(value: object) -> str:
    """A YAML scalar that survives any text (JSON strings are valid YAML)."""
    return "null" if value is None else json.dumps(str(value), ensure_ascii=False)


@contextlib.contextmanager
def manifest_lock(paths: Paths) -> Iterator[None]:
    """Exclusive while the manifest is read and rewritten (a lock file beside it: the manifest itself is
    replaced by rename, so a lock on its inode would not be seen by the next writer)."""
    lock = paths.raw / ".manifest.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def add_document(
    paths: Paths,
    new: NewDocument,
    check: Callable[[Path, NewDocument], None] | None = None,
    notes: list[str] | None = None,
) -> str:
    """Copy, hash and record the document; returns its manifest id. Raises InputError with the reason.

    `check(path, new)` reads the document as the build would and raises InputError when it cannot; what the user
    should know but that does not stop the add (a code whose division was renamed) is appended to `notes`."""
    source = new.source
    if source.is_symlink():
        raise InputError(source, None, "is a symbolic link: give the document itself (a copy is kept in data/raw/)")
    if not source.is_file():
        raise InputError(source, None, "file not found")
    suffix = source.suffix.lower()
    if suffix in NEEDS_CONVERSION:
        raise InputError(
            source,
            None,
            f"a {NEEDS_CONVERSION[suffix]} file ({suffix}) cannot be read here: convert it first with "
            f"`libreoffice --headless --convert-to docx {source.name}` and add the .docx",
        )
    if suffix not in ACCEPTED:
        readable = ", ".join(sorted(ACCEPTED))
        raise InputError(source, None, f"unsupported file type {suffix!r}: the formats read are {readable}")
    division, said = check_division(paths.reference, new)
    if notes is not None:
        notes += said
    if not 1990 <= new.year <= 2100:
        raise InputError(source, None, f"year {new.year} is out of range")
    if check is not None:
        check(source, new)
    with manifest_lock(paths):
        return _record(paths, new, division, suffix)


def check_division(reference: Path, new: NewDocument) -> tuple[dict[str, str], list[str]]:
    """The division of `new.jurisdiction_code` (data/reference/divisions.csv) and notes for the user; InputError
    when the code is unknown, abolished or a grouping line, or when --level or --name-zh contradicts it."""
    source, code = new.source, new.jurisdiction_code
    division = load_divisions(reference / "divisions.csv").get(code)
    past = load_division_history(reference / "divisions_history.csv").get(code, [])
    if division is None:
        gone = next((row for row in past if row["status"] in ("abolished", "grouping")), None)
        if gone is None:
            raise InputError(source, None, f"unknown jurisdiction code {code!r}: not in data/reference/divisions.csv")
        if gone["status"] == "grouping":
            raise InputError(
                source,
                None,
                f"{code} is not a division: GB/T 2260 (last in revision {gone['last_seen']}) used it as a grouping "
                f"line ({gone['name_zh']}); use the code of the division itself",
            )
        successor = f" (perhaps {gone['possible_successor']})" if gone["possible_successor"] else ""
        raise InputError(
            source,
            None,
            f"{code} was abolished: last in GB/T 2260 revision {gone['last_seen']} as {gone['name_zh']}, and not "
            f"among the current divisions (data/reference/divisions.csv); use the current code{successor}",
        )
    name, level = division["name_zh"], division["level"]
    if new.level is not None and new.level != level:
        raise InputError(
            source,
            None,
            f"--level {new.level} contradicts the code: {code} {name} is a {level} "
            f"({division.get('type_zh') or level}); leave --level out, the level follows from the code",
        )
    renamed = [row for row in past if row["status"] == "renamed"]
    notes = [
        f"{code} is {name} now; it was {row['name_zh']} until GB/T 2260 revision {row['last_seen']}" for row in renamed
    ]
    if new.name_zh is not None and not name_agrees(new.name_zh, name):
        former = next((row for row in renamed if name_agrees(new.name_zh, row["name_zh"])), None)
        if former is None:
            raise InputError(
                source,
                None,
                f"--name-zh {new.name_zh} does not match {code}, which is {name}: check the code, or give the name "
                f"as the document prints it ({name} or a short form such as {_short_form(name)})",
            )
        notes.append(f"the name given, {new.name_zh}, is {code}'s former name {former['name_zh']}")
    return division, notes


def _short_form(name: str) -> str:
    """石柱土家族自治县 → 石柱县, 重庆市 → 重庆: a short form `name_agrees` accepts, for the message."""
    core = name_core(name)
    suffix = next((w for w in ("县", "区", "旗", "州") if name.endswith(w)), "")
    if name.endswith("自治州"):
        suffix = "州"
    return core + suffix if core + suffix != name else core


def _record(paths: Paths, new: NewDocument, division: dict[str, str], suffix: str) -> str:
    source = new.source
    manifest = load_manifest(paths.manifest)
    digest = sha256_of(source)
    for entry in manifest.documents:
        if entry.sha256 == digest:
            raise InputError(source, None, f"this document is already in the manifest as {entry.id!r}")
    kind_slug = "livelihood" if new.kind == "annual_livelihood_list" else "plan"
    doc_id = f"{new.jurisdiction_code}-{new.year}-{kind_slug}"
    if any(e.id == doc_id for e in manifest.documents):
        raise InputError(
            source, None, f"a document {doc_id!r} is already listed: one {new.kind} per jurisdiction and year"
        )
    level = division["level"]  # follows from the code; a --level that differs was refused
    target = paths.raw / f"{doc_id}{suffix}"
    name_zh = division["name_zh"]  # the official name: a short form given (--name-zh 婺源) only had to agree
    entry = {
        "id": doc_id,
        "file": target.name,
        "sha256": digest,
        "jurisdiction_code": new.jurisdiction_code,
        "jurisdiction_name_zh": name_zh,
        "jurisdiction_name_en": division["name_en"],
        "level": level,
        "year": new.year,
        "kind": new.kind,
        "doc_number": new.doc_number,
        "issuer": new.issuer or f"{name_zh} (issuer not recorded)",
        "issued": new.issued.isoformat() if new.issued else None,
        "title": new.title or source.stem,
        "original_name": source.name,
    }
    lines = [f"  - id: {_yaml_str(doc_id)}"]
    for key, value in list(entry.items())[1:]:
        scalar = str(value) if key == "year" else _yaml_str(value)
        lines.append(f"    {key}: {scalar}")
    before = paths.manifest.read_bytes()
    data = source.read_bytes()
    if sha256_of_bytes(data) != digest:
        raise InputError(source, None, "the file changed while it was being added: add it again")
    # The manifest as it was, kept by a second link (no space needed): putting it back cannot fail for want of
    # space, as rewriting it would on a full disk.
    kept = paths.manifest.with_name(f".{paths.manifest.name}.{os.getpid()}.before")
    kept.unlink(missing_ok=True)
    os.link(paths.manifest, kept)
    try:
        _atomic_write(target, data)
        text = before.decode("utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n"
        _atomic_write(paths.manifest, text.encode("utf-8"))
        load_manifest(paths.manifest)
    except BaseException as exc:
        try:
            os.replace(kept, paths.manifest)
        finally:
            target.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError.of(exc, target) from exc
        raise
    finally:
        kept.unlink(missing_ok=True)
    return doc_id


def _entry_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) line indexes of each `- id:` entry block of the manifest text."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.lstrip().startswith("- id:")]
    ends = [*starts[1:], len(lines)]
    return list(zip(starts, ends))


def dependants(paths: Paths, entry, documents: list) -> list:
    """The lists compared with `entry`: lists of its year and kind whose jurisdiction lies below its own."""
    if entry.kind != "annual_livelihood_list":
        return []
    divisions = load_divisions(paths.reference / "divisions.csv")
    return [
        e
        for e in documents
        if e.id != entry.id
        and e.kind == entry.kind
        and e.year == entry.year
        and entry.jurisdiction_code in ancestors(divisions, e.jurisdiction_code)
    ]


def remove_document(paths: Paths, doc_id: str, force: bool = False) -> Path:
    """Undo an add: the entry leaves the manifest and its file leaves data/raw/. Returns the removed file.

    A list others are compared with (the municipal list of their year) is removed only with `force`: without it
    every list below it loses its comparisons, and the error names them."""
    with manifest_lock(paths):
        manifest = load_manifest(paths.manifest)
        ids = [e.id for e in manifest.documents]
        if doc_id not in ids:
            raise InputError(paths.manifest, None, f"no document {doc_id!r}; the manifest lists: {', '.join(ids)}")
        index = ids.index(doc_id)
        entry = manifest.documents[index]
        below = dependants(paths, entry, manifest.documents)
        if below and not force:
            raise InputError(
                paths.manifest,
                None,
                f"{len(below)} list(s) of {entry.year} below {doc_id} are compared with it: "
                f"{', '.join(e.id for e in below)}; without it they lose their comparisons (item take-up, aligned "
                "figures, shares). Remove it anyway with --force",
            )
        text = paths.manifest.read_text(encoding="utf-8")
        lines = text.splitlines()
        start, end = _entry_blocks(text)[index]
        kept = lines[:start] + lines[end:]
        try:
            _atomic_write(paths.manifest, ("\n".join(kept).rstrip("\n") + "\n").encode("utf-8"))
        except OSError as exc:  # nothing was replaced: the manifest and the file are as they were
            raise StorageError.of(exc, paths.manifest) from exc
        load_manifest(paths.manifest)
        target = (paths.raw / entry.file).resolve()
        still_listed = any(e.file == entry.file for e in manifest.documents if e.id != doc_id)
        if target.parent == paths.raw.resolve() and not still_listed:
            target.unlink(missing_ok=True)
        return target
