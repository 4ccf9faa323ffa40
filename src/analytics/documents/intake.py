"""`analytics add`: bring a new document into data/raw/ and the manifest, refusing what would break the corpus."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..paths import Paths
from ..reference import load_divisions
from .convert import CONVERTED
from .manifest import load_manifest, sha256_of

ACCEPTED = {".txt", ".text", *CONVERTED}
LEVELS = {"municipality": "municipality", "district": "district", "county": "county", "autonomous_county": "county"}


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


def add_document(paths: Paths, new: NewDocument) -> str:
    """Copy, hash and record the document; returns its manifest id. Raises InputError with the reason."""
    source = new.source
    if not source.is_file():
        raise InputError(source, None, "file not found")
    suffix = source.suffix.lower()
    if suffix not in ACCEPTED:
        raise InputError(source, None, f"unsupported file type {suffix!r}: give plain text, .docx or a text-layer PDF")
    divisions = load_divisions(paths.reference / "divisions.csv")
    division = divisions.get(new.jurisdiction_code)
    if division is None:
        raise InputError(
            source, None, f"unknown jurisdiction code {new.jurisdiction_code!r}: not in data/reference/divisions.csv"
        )
    if not 1990 <= new.year <= 2100:
        raise InputError(source, None, f"year {new.year} is out of range")
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
    level = new.level or LEVELS.get(division["level"], "county")
    target = paths.raw / f"{doc_id}{suffix}"
    name_zh = new.name_zh or division["name_zh"]
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
    before = paths.manifest.read_text(encoding="utf-8")
    shutil.copyfile(source, target)
    try:
        paths.manifest.write_text(before.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
        load_manifest(paths.manifest)
    except Exception:
        paths.manifest.write_text(before, encoding="utf-8")
        target.unlink(missing_ok=True)
        raise
    return doc_id
