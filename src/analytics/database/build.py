"""The build: every stage in turn, then one write of the database and its Parquet copies.

documents → items → targets → comparisons, each stage handing its rows to `assemble`. Everything is read
and checked before anything is written, so bad input stops the build with the previous database untouched.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from .. import __version__
from ..compare.counted import CountedWords
from ..compare.population import PopulationFigure, load_figures, select
from ..compare.quota import quota_share_rows
from ..compare.views import statements as view_statements
from ..documents.manifest import load_manifest
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
from .storage import build_lock, remove_stale_temporaries, write_database, write_parquet

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


@dataclass
class BuildResult:
    documents: list[ParsedDocument]
    targets: dict[str, list[Target]]
    warnings: Warnings
    tables: dict[str, pa.Table]
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


def assemble(rows: dict[str, Iterable[dict]]) -> dict[str, pa.Table]:
    """Each stage's rows as Arrow tables with the schema's types and column order."""
    missing = set(TABLES) - set(rows)
    if missing:
        raise ValueError(f"no rows given for tables {sorted(missing)}")
    return {name: TABLES[name].arrow(rows[name]) for name in TABLES}


def build(paths: Paths, progress: Progress | None = None) -> BuildResult:
    """Parse every document, then write the database and Parquet copies; raises InputError on bad input."""
    reference = Reference.load(paths)
    parsed, targets, warnings = parse_corpus(paths, reference, progress)
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
    tables = assemble(
        {
            "documents": [document_row(p.entry, p.document) for p in parsed],
            "jurisdictions": jurisdiction_rows(reference.divisions, entries),
            **item_tables(parsed),
            "targets": (target_row(t) for p in parsed for t in targets.get(p.entry.id, [])),
            "metrics": metric_rows(reference.catalogues),
            "quota_shares": quota,
            "item_takeup": takeup,
            "population": [vars(f) for f in figures],
            "fyp_metric_links": read_csv(paths.reference / "fyp_metric_map.csv", whole_numbers=("list_year",)),
            "build_warnings": [{"file": w.file, "line": w.line, "message": w.message} for w in warnings],
            "build_info": [{"key": k, "value": v} for k, v in info.items()],
        }
    )
    with build_lock(paths.database):
        for stale in remove_stale_temporaries(paths.processed):
            warnings.add(stale, None, "removed a temporary file of a build that did not finish")
        # Parquet first, database last: a build killed between the two leaves build ids that differ, which
        # `analytics build` and `analytics info` notice (storage.parquet_matches).
        write_parquet(tables, paths.parquet, info["build_id"])
        write_database(tables, paths.database, views=view_statements())
    return BuildResult(parsed, targets, warnings, tables, version)
