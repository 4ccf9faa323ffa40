"""The build: every stage in turn, then one write of the database and its Parquet copies.

documents → items → targets → comparisons, each stage's rows streamed into a staged Parquet file per table
(`stage_tables`), then loaded into DuckDB. Nothing is published until every document was read and checked
and every table written, so bad input stops the build with the previous database untouched.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..compare.counted import CountedWords
from ..compare.population import PopulationFigure, load_figures, select
from ..compare.quota import quota_share_rows
from ..compare.views import statements as view_statements
from ..documents.document import Document
from ..documents.manifest import DocumentEntry, load_manifest
from ..documents.rows import document_row, jurisdiction_rows
from ..documents.vocabulary import Vocabulary
from ..errors import InputError, Warnings
from ..items.municipal_match import align_to_municipal_lists
from ..items.read import ParsedDocument, parse_document
from ..items.rows import item_tables
from ..paths import Paths
from ..reference import load_divisions, load_settings, read_csv
from ..targets.alignment import Target, extract_all_targets
from ..targets.catalogue import Catalogue, load_catalogues
from ..targets.quantities import QuantityParser
from ..targets.rows import metric_rows, target_row
from .freshness import data_version, input_version
from .schema import TABLES
from .storage import (
    build_lock,
    parquet_staging,
    publish_parquet,
    release_freed_memory,
    remove_stale_temporaries,
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
    catalogues: dict[int, Catalogue]
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


def parse_corpus(
    paths: Paths, reference: Reference, progress: Progress | None = None
) -> tuple[list[ParsedDocument], dict[str, list[Target]], Warnings]:
    """Documents → items (aligned to the municipal list) → targets, for every manifest entry."""
    manifest = load_manifest(paths.manifest)
    warnings = Warnings()
    parsed = []
    for entry in manifest.documents:
        if entry.jurisdiction_code not in reference.divisions:
            raise InputError(
                paths.manifest, None, f"document {entry.id}: unknown jurisdiction code {entry.jurisdiction_code}"
            )
        if progress:
            progress(entry.id)
        parsed.append(parse_document(entry, paths, reference.vocab, warnings))
    align_to_municipal_lists(parsed, warnings, reference.settings["municipal_matching"])
    targets = extract_all_targets(
        parsed, reference.parser, reference.catalogues, warnings, reference.settings["beneficiaries"]["words"]
    )
    return parsed, targets, warnings


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
    are written do the Parquet folder and then the database replace the previous ones."""
    reference = Reference.load(paths)
    with build_lock(paths.database):
        stale = remove_stale_temporaries(paths.processed)
        with parquet_staging(paths.parquet) as staging:
            result, build_id = stage_tables(paths, reference, staging, stale, progress)
            release_freed_memory()
            publish_parquet(staging, paths.parquet, build_id)
        # Parquet first, database last: a build killed between the two leaves build ids that differ, which
        # `analytics build` and `analytics info` notice (storage.parquet_matches).
        longest = max((d.characters for d in result.documents), default=0)
        write_database(paths.parquet, result.tables, paths.database, view_statements(), longest_text=longest)
    return result


def stage_tables(
    paths: Paths, reference: Reference, staging: Path, stale: list[Path], progress: Progress | None
) -> tuple[BuildResult, str]:
    """Every table written to `staging` as its rows are made. The documents' texts are written last, once the
    parsed items and targets are let go: writing a long text costs a few times its size, which must not come
    on top of everything parsed from it."""
    documents, result, build_id = _stage_parsed_tables(paths, reference, staging, stale, progress)
    release_freed_memory()
    rows = (document_row(entry, document) for entry, document in documents)
    written = write_parquet(TABLES["documents"], rows, staging / "documents.parquet")
    result.tables = {"documents": written, **result.tables}
    return result, build_id


def _stage_parsed_tables(
    paths: Paths, reference: Reference, staging: Path, stale: list[Path], progress: Progress | None
) -> tuple[list[tuple[DocumentEntry, Document]], BuildResult, str]:
    """Every stage in turn and every table but `documents`; the parsed objects live only in this function."""
    parsed, targets, warnings = parse_corpus(paths, reference, progress)
    for path in stale:
        warnings.add(path, None, "removed a temporary file of a build that did not finish")
    figures, chosen = choose_population(
        paths.reference, reference.settings["population"], {p.entry.jurisdiction_code for p in parsed}, warnings
    )
    quota, takeup = quota_share_rows(
        parsed,
        targets,
        reference.catalogues,
        reference.parser.units,
        chosen,
        reference.settings["population"].get("trust_words", {}),
        reference.counted,
    )
    entries = [p.entry for p in parsed]
    version = data_version([(e.id, e.sha256) for e in entries])
    info = {
        "project_version": __version__,
        "data_version": version,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "documents": str(len(parsed)),
        "input_version": input_version(paths),
        "build_id": uuid.uuid4().hex[:16],
    }
    rows: dict[str, Iterable[dict]] = {
        "jurisdictions": jurisdiction_rows(reference.divisions, entries),
        **item_tables(parsed),
        "targets": (target_row(t) for p in parsed for t in targets.get(p.entry.id, [])),
        "metrics": metric_rows(reference.catalogues),
        "quota_shares": quota,
        "item_takeup": takeup,
        "population": [vars(f) for f in figures],
        "fyp_metric_links": read_csv(paths.reference / "fyp_metric_map.csv", whole_numbers=("list_year",)),
        "build_warnings": ({"file": w.file, "line": w.line, "message": w.message} for w in warnings),  # at write time
        "build_info": [{"key": k, "value": v} for k, v in info.items()],
    }
    missing = set(TABLES) - set(rows) - {"documents"}
    if missing:
        raise ValueError(f"no rows given for tables {sorted(missing)}")
    counts = {}
    for name, made in rows.items():
        counts[name] = write_parquet(TABLES[name], made, staging / f"{name}.parquet")
    summaries = [DocumentSummary.of(p) for p in parsed]
    documents = [(p.entry, p.document) for p in parsed]
    return documents, BuildResult(summaries, warnings, counts, version), info["build_id"]
