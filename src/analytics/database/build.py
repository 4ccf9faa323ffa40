"""The build: every stage in turn, then one write of the database and its Parquet copies.

documents → items → targets → comparisons, one document at a time (`stage_documents`), each stage's rows
streamed into a staged Parquet file per table (`stage_tables`), then loaded into DuckDB. Nothing is published
until every document was read and checked and every table written, so bad input stops the build with the
previous database untouched.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .. import __version__
from ..compare.counted import CountedWords
from ..compare.population import PopulationFigure, load_figures, select
from ..compare.quota import DistrictList, QuotaGrid
from ..compare.views import statements as view_statements
from ..documents.formats.document import Document
from ..documents.manifest import DocumentEntry, entry_line, load_manifest
from ..documents.rows import document_row, jurisdiction_rows
from ..documents.vocabulary import Vocabulary
from ..errors import InputError, StorageError, Warnings
from ..items.municipal_match import align_to_municipal_list
from ..items.read import LIST_KIND, ParsedDocument, parse_document
from ..items.rows import item_tables
from ..paths import Paths
from ..reference import ancestors, load_divisions, load_settings, read_csv
from ..targets.alignment import Target, document_targets
from ..targets.catalogue import Catalogue, load_catalogues
from ..targets.quantities import QuantityParser
from ..targets.rows import metric_rows, target_row
from .freshness import data_version, input_version, remove_stale_temporaries
from .schema import TABLES
from .storage import (
    StagedTables,
    build_lock,
    parquet_staging,
    publish_parquet,
    release_freed_memory,
    write_database,
    write_parquet,
)

Progress = Callable[[str], None]


@dataclass
class Reference:
    """Everything the build reads from data/reference/, loaded once."""

    vocab: Vocabulary
    divisions: dict[str, dict[str, str]]
    settings: dict
    catalogues: dict[tuple[str | None, int], Catalogue]
    parser: QuantityParser
    counted: CountedWords

    @classmethod
    def load(cls, paths: Paths) -> Reference:
        return cls(
            vocab=Vocabulary.load(paths.reference / "layout_vocabulary.yaml"),
            divisions=load_divisions(paths.reference / "divisions.csv"),
            settings=load_settings(paths.reference),
            catalogues=load_catalogues(paths.reference),
            parser=QuantityParser.load(paths.reference),
            counted=CountedWords.load(paths.reference),
        )


@dataclass(frozen=True)
class DocumentSummary:
    """What `analytics build` prints about a document: counts only, so the parsed objects can be let go before
    the database is written."""

    id: str
    jurisdiction: str
    kind: str
    encoding: str
    items: int
    municipal_tier: int
    local_tier: int
    milestones: int
    indicators: int
    characters: int  # of the decoded text, which DuckDB holds whole as one value of documents.text

    @classmethod
    def of(cls, p: ParsedDocument) -> DocumentSummary:
        tiers = [pr.tier for pr in p.projects]
        return cls(
            id=p.entry.id,
            jurisdiction=f"{p.entry.jurisdiction_name_zh} {p.entry.jurisdiction_code}",
            kind=p.entry.kind,
            encoding=p.document.encoding,
            items=len(p.projects),
            municipal_tier=tiers.count("municipal"),
            local_tier=tiers.count("local"),
            milestones=len(p.milestones),
            indicators=len(p.indicators),
            characters=len(p.document.text),
        )


@dataclass
class BuildResult:
    documents: list[DocumentSummary]
    warnings: Warnings
    tables: dict[str, int]  # rows written per table
    data_version: str


def corpus_entries(paths: Paths, reference: Reference) -> list[DocumentEntry]:
    """The manifest's entries, each with a known code whose level (divisions.csv) is the level it states."""
    manifest = load_manifest(paths.manifest)
    if not manifest.documents:  # an empty database would publish nothing, and `reports` would remove every report
        line = next(
            (
                no
                for no, text in enumerate(paths.manifest.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("documents:")
            ),
            None,
        )
        raise InputError(paths.manifest, line, "the manifest lists no document: nothing to build (add one first)")
    for index, entry in enumerate(manifest.documents):
        division = reference.divisions.get(entry.jurisdiction_code)
        if division is None:
            raise InputError(
                paths.manifest,
                entry_line(paths.manifest, index, "jurisdiction_code"),
                f"document {entry.id}: unknown jurisdiction code {entry.jurisdiction_code}",
            )
        if entry.level != division["level"]:
            raise InputError(
                paths.manifest,
                entry_line(paths.manifest, index, "level"),
                f"document {entry.id}: level {entry.level} contradicts its code: {entry.jurisdiction_code} "
                f"{division['name_zh']} is a {division['level']} (data/reference/divisions.csv)",
            )
    return manifest.documents


def lists_above(entries: list[DocumentEntry], divisions: dict[str, dict[str, str]]) -> dict[str, DocumentEntry]:
    """Each list's parent list: the list of the same year and kind of its nearest ancestor division that has one
    (500103 → 500000; 330327 → 330300, else 330000). Lists with none are left out."""
    lists = {(e.jurisdiction_code, e.year): e for e in entries if e.kind == LIST_KIND}
    out = {}
    for entry in lists.values():
        above = ancestors(divisions, entry.jurisdiction_code)
        found = next((lists[code, entry.year] for code in above if (code, entry.year) in lists), None)
        if found is not None:
            out[entry.id] = found
    return out


def stage_documents(
    paths: Paths,
    reference: Reference,
    entries: list[DocumentEntry],
    tables: StagedTables,
    grid: QuotaGrid,
    warnings: Warnings,
    progress: Progress | None,
    parents: dict[str, DocumentEntry],
) -> tuple[list[tuple[DocumentSummary, Document]], list[Catalogue]]:
    """Documents → items (aligned to the list right above them) → targets, one document at a time; returns what
    was read and the catalogues the lists were measured with.

    The lists that others take up (parent lists: Chongqing's municipal list, a province's, a prefecture's) are
    read first, top down, and kept: each list is read against its parent (`parents`, from `lists_above`: its
    nearest ancestor's list of the year), never another's; a list with no list above it is read and stored, its
    figures left unaligned and compared with nothing. A parent list's figures are measured with its own catalogue (the
    catalogue file for its jurisdiction and year; without one, its figures and those below stay unaligned). Any
    other document's items and figures go to the staged tables as they are made, and are let go before the next
    document is read; of them only what the quota grid needs stays. Rows keep the manifest's order."""

    def parse(entry: DocumentEntry) -> ParsedDocument:
        if progress:
            progress(entry.id)
        return parse_document(entry, paths, reference.vocab, warnings)

    words = reference.settings["beneficiaries"]["words"]
    thresholds = reference.settings["municipal_matching"]
    depth = {e.id: len(ancestors(reference.divisions, e.jurisdiction_code)) for e in entries}
    parent_ids = {p.id for p in parents.values()}
    catalogues: dict[str, Catalogue] = {}  # parent list's doc id → the catalogue it is measured with
    kept: dict[str, tuple[ParsedDocument, list[Target]]] = {}

    def divisions_above(entry: DocumentEntry) -> str:
        above = ancestors(reference.divisions, entry.jurisdiction_code)
        names = ", ".join(f"{reference.divisions[code]['name_zh']} {code}" for code in above)
        return names or f"none: {entry.jurisdiction_name_zh} {entry.jurisdiction_code} is at the top"

    def read_list(entry: DocumentEntry) -> tuple[ParsedDocument, Iterator[Target]]:
        """A document aligned to its parent list; its figures (for `targets`) measured with the parent's catalogue,
        or, for a list at the top, with its own."""
        doc = parse(entry)
        parent = parents.get(entry.id)
        above = kept[parent.id][0] if parent is not None else None
        top = parent is None and (entry.id in parent_ids or not depth[entry.id])
        if doc.is_list:
            align_to_municipal_list(doc, above, warnings, thresholds, divisions_above(entry), top=top)
        if parent is not None:
            figures = document_targets(doc, reference.parser, catalogues.get(parent.id), words)
        elif top:
            figures = document_targets(doc, reference.parser, own_catalogue(doc), words, own_items=True)
        else:
            figures = document_targets(doc, reference.parser, None, words)
        return doc, figures

    def own_catalogue(doc: ParsedDocument) -> Catalogue | None:
        """The catalogue of a list's own items (data/reference/metric_catalogue*.yaml for its jurisdiction and
        year); a list others take up that none describes is said, with the command that drafts one."""
        entry = doc.entry
        found = reference.catalogues.get((entry.jurisdiction_code, entry.year))
        if found is None and (entry.id in parent_ids or not depth[entry.id]):
            below = sum(p.id == entry.id for p in parents.values())
            described = ", ".join(f"{c} {y}" for c, y in sorted(reference.catalogues, key=str)) or "none"
            warnings.add(
                doc.document.path,
                None,
                f"no metric catalogue describes the {entry.year} list of {entry.jurisdiction_name_zh} "
                f"{entry.jurisdiction_code} (catalogues: {described}), which {below} list(s) below take up: its "
                f"figures and theirs are not aligned; `analytics catalogue draft {entry.year} --jurisdiction "
                f"{entry.jurisdiction_code}` writes one to review",
            )
        if found is not None:
            catalogues[entry.id] = found
        return found

    for entry in sorted((e for e in entries if e.id in parent_ids), key=lambda e: depth[e.id]):
        doc, figures = read_list(entry)
        figures = list(figures)
        catalogue = own_catalogue(doc) if entry.id in parents else catalogues.get(entry.id)  # a top list's: read
        if catalogue is not None:
            own = figures if entry.id not in parents else list(
                document_targets(doc, reference.parser, catalogue, words, own_items=True)
            )
            for figure, as_parent in zip(figures, own, strict=True):  # the same figures, read the same way
                figure.own_metric = as_parent.metric
            grid.add_parent(doc, own, catalogue)
        kept[entry.id] = doc, figures

    def stage(entry: DocumentEntry) -> tuple[DocumentSummary, Document]:
        """One document's rows staged; its parsed objects die on return, before the next document is read."""
        if entry.id in kept:
            doc, figures = kept[entry.id]
        else:
            doc, figures = read_list(entry)
        parent = parents.get(entry.id)
        figures = _folded_into(grid.district(doc, parent.id if parent else None), figures)
        for name, rows in item_tables(doc).items():
            tables.add(name, rows)
        tables.add("targets", (target_row(t) for t in figures))
        return DocumentSummary.of(doc), doc.document

    return [stage(entry) for entry in entries], list(reference.catalogues.values())


def _folded_into(district: DistrictList, targets: Iterable[Target]) -> Iterator[Target]:
    for target in targets:
        district.add(target)
        yield target


def choose_population(
    reference_dir: Path, settings: dict, codes: set[str], warnings: Warnings
) -> tuple[list[PopulationFigure], dict[str, PopulationFigure]]:
    figures = load_figures(reference_dir, settings["trust_order"])
    chosen = select(figures, settings)
    for code in sorted(codes - set(chosen)):
        warnings.add(reference_dir / "population.csv", None, f"no population figure for {code}")
    return figures, chosen


def build(paths: Paths, progress: Progress | None = None) -> BuildResult:
    """Parse every document, then write the Parquet files and the database; raises InputError on bad input.

    Builds run one at a time (a lock beside the database). Tables go to a staging folder first; only when all
    are written do the Parquet folder and then the database replace the previous ones.

    The inputs' fingerprint (`input_version`) is taken before anything is read: a document added or removed, or
    a reference file edited, while the build reads leaves a fingerprint that differs from the inputs', so the
    next `analytics build` rebuilds instead of calling the database up to date."""
    fingerprint = input_version(paths)
    reference = Reference.load(paths)
    with build_lock(paths.database):
        stale = remove_stale_temporaries(paths.processed)
        try:
            with parquet_staging(paths.parquet) as staging:
                result, build_id = stage_tables(paths, reference, staging, stale, progress, fingerprint)
                release_freed_memory()
                publish_parquet(staging, paths.parquet, build_id)
            # Parquet first, database last: a build killed between the two leaves build ids that differ, which
            # `analytics build` and `analytics info` notice (storage.parquet_matches).
            longest = max((d.characters for d in result.documents), default=0)
            write_database(paths.parquet, result.tables, paths.database, view_statements(), longest_text=longest)
        except (OSError, duckdb.IOException) as exc:  # a disk full: the staging folder and temporaries are gone
            raise StorageError.of(exc, paths.processed) from exc
    return result


def stage_tables(
    paths: Paths,
    reference: Reference,
    staging: Path,
    stale: list[Path],
    progress: Progress | None,
    fingerprint: str | None = None,
) -> tuple[BuildResult, str]:
    """Every table written to `staging` as its rows are made. The documents' texts are written last, once the
    parsed items and targets are let go: writing a long text costs a few times its size, which must not come
    on top of everything parsed from it."""
    fingerprint = fingerprint if fingerprint is not None else input_version(paths)
    documents, result, build_id = _stage_parsed_tables(paths, reference, staging, stale, progress, fingerprint)
    release_freed_memory()
    rows = (document_row(entry, document, parent) for entry, document, parent in documents)
    written = write_parquet(TABLES["documents"], rows, staging / "documents.parquet")
    result.tables = {"documents": written, **result.tables}
    return result, build_id


def _stage_parsed_tables(
    paths: Paths, reference: Reference, staging: Path, stale: list[Path], progress: Progress | None, fingerprint: str
) -> tuple[list[tuple[DocumentEntry, Document, str | None]], BuildResult, str]:
    """Every table but `documents` (for which it returns each entry, its text and its parent list's id); the parsed
    objects live only in this function."""
    entries = corpus_entries(paths, reference)
    warnings = Warnings()
    tables = StagedTables(staging)
    try:
        grid = QuotaGrid(reference.parser.units, reference.counted)
        parents = lists_above(entries, reference.divisions)
        read, catalogues = stage_documents(paths, reference, entries, tables, grid, warnings, progress, parents)
        for path in stale:
            warnings.add(path, None, "removed a temporary file of a build that did not finish")
        population = reference.settings["population"]
        figures, chosen = choose_population(
            paths.reference, population, {e.jurisdiction_code for e in entries}, warnings
        )
        plausible = reference.settings.get("shares", {}).get("plausible_share_above")
        quota, takeup = grid.rows(chosen, population.get("trust_words", {}), plausible)
        files = {e.id: paths.raw / e.file for e in entries}
        for doc_id, message in grid.problems:
            warnings.add(files.get(doc_id, paths.manifest), None, f"{doc_id} {message}")
        version = data_version([(e.id, e.sha256) for e in entries])
        info = {
            "project_version": __version__,
            "data_version": version,
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "documents": str(len(entries)),
            "input_version": fingerprint,  # taken before the inputs were read
            "build_id": uuid.uuid4().hex[:16],
        }
        rows: dict[str, Iterable[dict]] = {
            "jurisdictions": jurisdiction_rows(reference.divisions, entries),
            "metrics": metric_rows(catalogues),
            "quota_shares": quota,
            "item_takeup": takeup,
            "population": [vars(f) for f in figures],
            "fyp_metric_links": read_csv(paths.reference / "fyp_metric_map.csv", whole_numbers=("list_year",)),
            "build_warnings": ({"file": w.file, "line": w.line, "message": w.message} for w in warnings),
            "build_info": [{"key": k, "value": v} for k, v in info.items()],
        }
        for name, made in rows.items():
            tables.add(name, made)
        counts = tables.close([name for name in TABLES if name != "documents"])
    except BaseException:
        tables.abandon()
        raise
    documents = [
        (entry, document, parents[entry.id].id if entry.id in parents else None)
        for entry, (_, document) in zip(entries, read)
    ]
    return documents, BuildResult([summary for summary, _ in read], warnings, counts, version), info["build_id"]
