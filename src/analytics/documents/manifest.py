"""The raw-document manifest: what each file is, where it came from, and the hash that pins it."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..errors import InputError

# The levels of data/reference/divisions.csv (analytics.reference.LEVELS); the build checks an entry's level
# against its code's.
Level = Literal["province", "municipality", "special_administrative_region", "prefecture", "district", "county"]
Kind = Literal["annual_livelihood_list", "five_year_plan"]
YEARS = (1990, 2100)  # the years a list may be for (analytics add checks the same)


class DocumentEntry(BaseModel):
    """One manifest entry; the origin that follows the document's data into every table."""

    model_config = ConfigDict(extra="forbid")

    id: str
    file: str
    sha256: str
    jurisdiction_code: str
    jurisdiction_name_zh: str
    jurisdiction_name_en: str
    level: Level
    year: int
    period_end: int | None = None
    kind: Kind
    doc_number: str | None = None
    issuer: str
    issuer_en: str | None = None
    issued: dt.date | None = None
    title: str
    release_note: str | None = None
    original_name: str | None = None
    source_url: str | None = None

    @field_validator("file")
    @classmethod
    def _in_raw(cls, value: str) -> str:
        if not value or "/" in value or "\\" in value or value in (".", "..") or value.startswith("."):
            raise ValueError("must be the name of a file in data/raw/ (no folder, no .., not hidden)")
        return value

    @field_validator("year", "period_end")
    @classmethod
    def _plausible_year(cls, value: int | None) -> int | None:
        if value is not None and not YEARS[0] <= value <= YEARS[1]:
            raise ValueError(f"must be a year from {YEARS[0]} to {YEARS[1]}")
        return value

    @field_validator("jurisdiction_code")
    @classmethod
    def _six_digits(cls, value: str) -> str:
        if not (len(value) == 6 and value.isdigit()):
            raise ValueError("must be a six-digit GB/T 2260 code such as '500237'")
        return value


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[DocumentEntry]


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:  # a block at a time, not the whole file in memory
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sha256_of_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _line_of_entry(lines: list[str], index: int, field: str | None = None) -> int | None:
    """Line of the index-th entry, or of its `field:` line when the entry has one."""
    seen, start = -1, None
    for no, line in enumerate(lines, start=1):
        if line.lstrip().startswith("- id:"):
            seen += 1
            if start is not None:
                break
            if seen == index:
                start = no
                if field in (None, "id"):
                    return no
        elif start is not None and line.strip().startswith(f"{field}:"):
            return no
    return start


def entry_line(path: Path, index: int, field: str | None = None) -> int | None:
    """Line of the manifest at `path` where its index-th entry (or that entry's `field:`) stands."""
    return _line_of_entry(path.read_text(encoding="utf-8").splitlines(), index, field)


class _TextDates(yaml.SafeLoader):
    """YAML without implicit timestamps: `issued: 2026-02-30` reaches validation as text, so the error can name
    the entry and line instead of escaping as a traceback from the YAML constructor."""

    def construct_mapping(self, node, deep=False):
        """A key given twice in one mapping is an error at its second line, not a silent last-one-wins."""
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node.start_mark.line + 1)
            except TypeError:  # an unhashable key: the default constructor names it
                continue
            if first != key_node.start_mark.line + 1:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"duplicate key {key!r} (first given at line {first})",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


_TextDates.add_constructor("tag:yaml.org,2002:map", _TextDates.construct_yaml_map)
_TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_manifest(path: Path) -> Manifest:
    """Parse and validate; errors name the manifest line of the offending entry."""
    if not path.exists():
        raise InputError(path, None, "manifest not found")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    try:
        raw = yaml.load(text, Loader=_TextDates) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, mark.line + 1 if mark else None, f"not valid YAML: {exc}") from None
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        entry_field = str(loc[2]) if len(loc) > 2 else None
        line = _line_of_entry(lines, loc[1], entry_field) if len(loc) > 1 and isinstance(loc[1], int) else None
        field = ".".join(str(p) for p in loc)
        got = f" (got {err['input']!r})" if isinstance(err.get("input"), (str, int, float)) else ""
        raise InputError(path, line, f"{field}: {err['msg']}{got}") from None
    ids = [d.id for d in manifest.documents]
    for i, doc_id in enumerate(ids):
        if doc_id in ids[:i]:
            raise InputError(path, _line_of_entry(lines, i), f"duplicate document id {doc_id!r}")
    seen: dict[tuple[str, int, str], DocumentEntry] = {}
    for i, doc in enumerate(manifest.documents):
        key = (doc.jurisdiction_code, doc.year, doc.kind)
        if key in seen:  # two lists for one jurisdiction and year: every comparison would be ambiguous
            first = seen[key]
            raise InputError(
                path,
                _line_of_entry(lines, i),
                f"two {doc.kind} documents for {doc.jurisdiction_code} {doc.year}: {first.file} ({first.id}) and "
                f"{doc.file} ({doc.id}); keep one (`analytics remove ID`)",
            )
        seen[key] = doc
    return manifest


def verify_file(raw_dir: Path, entry: DocumentEntry, manifest_path: Path) -> Path:
    """The file's path, after checking it exists and still has the hash the manifest pinned."""
    path = raw_dir / entry.file
    if not path.resolve().is_relative_to(raw_dir.resolve()):  # a link out of data/raw/: never read
        raise InputError(
            manifest_path, None, f"document {entry.id}: {entry.file} leads outside {raw_dir.name}/: not read"
        )
    if not path.exists():
        raise InputError(path, None, f"file listed in {manifest_path.name} (id {entry.id}) is missing")
    actual = sha256_of(path)
    if actual != entry.sha256:
        raise InputError(
            path,
            None,
            f"sha256 is {actual} but {manifest_path.name} pins {entry.sha256}: the raw file changed "
            "(raw data is immutable; add a new document instead, or re-pin the hash after review)",
        )
    return path
