"""The build: raw documents → parsed items → tables in DuckDB and Parquet.

Everything is read and checked before anything is written, so bad input stops the build with the previous
database untouched.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import yaml

from . import __version__
from .catalogue import Catalogue, load_catalogue
from .document import Document, read_document
from .errors import InputError, Warnings
from .fyp import Indicator, extract_indicators
from .manifest import DocumentEntry, load_manifest, verify_file
from .milestones import Milestone, extract_milestones
from .municipal_match import assign_municipal_items
from .paths import Paths
from .population import load_figures, select
from .projects import Project, extract_projects
from .quantities import QuantityParser
from .quota import DistrictList, add_proportionality, quota_rows
from .schema import TABLES
from .storage import build_lock, write_database, write_parquet
from .tables import read_tables
from .targets import Target, extract_targets
from .views import statements as view_statements
from .vocabulary import Vocabulary


@dataclass
class ParsedDocument:
    entry: DocumentEntry
    document: Document
    projects: list[Project] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass
class BuildResult:
    documents: list[ParsedDocument]
    warnings: Warnings
    tables: dict[str, pa.Table]
    data_version: str


Progress = Callable[[str], None]


def load_settings(reference: Path) -> dict:
    return yaml.safe_load((reference / "analysis_settings.yaml").read_text(encoding="utf-8"))


def load_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_divisions(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def parse_document(entry: DocumentEntry, paths: Paths, vocab: Vocabulary, warnings: Warnings) -> ParsedDocument:
    path = verify_file(paths.raw, entry, paths.manifest)
    document = read_document(path)
    if document.encoding == "gb18030":
        warnings.add(path, None, f"decoded as {document.encoding}, not UTF-8")
    tables = read_tables(document, vocab)
    parsed = ParsedDocument(entry, document)
    if entry.kind == "annual_livelihood_list":
        parsed.projects = extract_projects(document, tables, vocab, warnings)
        if not parsed.projects:
            raise InputError(path, None, "no table with item titles and tasks (项目名称 / 工作任务) was found")
        parsed.milestones = extract_milestones(document, tables, entry.year, parsed.projects, vocab, warnings)
    elif entry.kind == "five_year_plan":
        parsed.indicators = extract_indicators(document, tables, vocab)
        if not parsed.indicators:
            warnings.add(path, None, "no indicator table (指标 / 基期年 / 目标年) was found")
    return parsed


def align_to_municipal_lists(parsed: list[ParsedDocument], warnings: Warnings, thresholds: dict) -> None:
    lists = [p for p in parsed if p.entry.kind == "annual_livelihood_list"]
    municipal = {p.entry.year: p for p in lists if p.entry.level == "municipality"}
    for doc in lists:
        if doc.entry.level == "municipality":
            for project in doc.projects:
                project.tier, project.tier_source = "municipal", "municipal_list"
                project.municipal_item_no, project.municipal_match_score = project.item_no, 1.0
            continue
        reference = municipal.get(doc.entry.year)
        if reference is None:
            warnings.add(
                doc.document.path, None, f"no municipal list for {doc.entry.year} in the corpus: items are not aligned"
            )
            for project in doc.projects:
                project.tier = project.tier or "local"
            continue
        assign_municipal_items(
            doc.projects,
            reference.projects,
            doc.document.name,
            warnings,
            thresholds["stated_tier_similarity"],
            thresholds["unstated_tier_similarity"],
        )


def extract_all_targets(
    parsed: list[ParsedDocument],
    parser: QuantityParser,
    catalogue: Catalogue,
    warnings: Warnings,
    beneficiary_words: list[str],
) -> None:
    for doc in parsed:
        if doc.entry.kind != "annual_livelihood_list":
            continue
        usable = catalogue if doc.entry.year == catalogue.list_year else None
        if usable is None:
            warnings.add(
                doc.document.path,
                None,
                f"the metric catalogue describes the {catalogue.list_year} list: "
                f"{doc.entry.year} figures are not aligned",
            )
        doc.targets = extract_targets(
            doc.entry.id,
            doc.entry.jurisdiction_code,
            doc.projects,
            doc.entry.level == "municipality",
            parser,
            usable,
            beneficiary_words,
        )


def quota_share_rows(
    parsed: list[ParsedDocument], catalogue: Catalogue, parser: QuantityParser, population: dict
) -> list[dict]:
    lists = [p for p in parsed if p.entry.kind == "annual_livelihood_list" and p.entry.year == catalogue.list_year]
    municipal = [t for p in lists if p.entry.level == "municipality" for t in p.targets]
    districts = [
        DistrictList(
            p.entry.id,
            p.entry.jurisdiction_code,
            {pr.municipal_item_no for pr in p.projects if pr.tier == "municipal" and pr.municipal_item_no},
            p.targets,
        )
        for p in lists
        if p.entry.level != "municipality"
    ]
    rows = quota_rows(districts, municipal, catalogue, parser.units)
    municipal_codes = [p.entry.jurisdiction_code for p in lists if p.entry.level == "municipality"]
    if municipal_codes:
        add_proportionality(rows, population, municipal_codes[0])
    return rows


def _spans(span: tuple[int, int] | None, line: int) -> dict[str, int | None]:
    return {"span_start": span[0] if span else None, "span_end": span[1] if span else None, "line": line}


def target_row(t: Target) -> dict:
    q, p, m = t.quantity, t.project, t.metric
    return {
        "target_id": t.target_id,
        "doc_id": t.doc_id,
        "jurisdiction_code": t.jurisdiction_code,
        "section": p.section,
        "item_no": p.item_no,
        "item_title": p.title.text,
        "item_tier": p.tier,
        "value": q.value,
        "value_high": q.value_high,
        "unit": q.unit.unit,
        "canonical_unit": q.unit.canonical,
        "qualifier": q.qualifier,
        "cumulative": q.cumulative,
        "per_unit": q.per_unit,
        "beneficiary": t.beneficiary,
        "stage": q.stage,
        "metric": m.metric if m else None,
        "metric_zh": m.metric_zh if m else None,
        "metric_en": m.metric_en if m else None,
        "metric_kind": m.kind if m else None,
        "alignment": t.alignment,
        "expression": q.expression.strip(),
        "source_text": t.source_text,
        "sentence_start": t.sentence_span[0],
        "sentence_end": t.sentence_span[1],
        **_spans(t.span, p.line),
    }


def assemble(
    parsed: list[ParsedDocument],
    divisions: dict[str, dict[str, str]],
    warnings: Warnings,
    catalogue: Catalogue,
    quota: list[dict],
) -> dict[str, pa.Table]:
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    rows["metrics"] = [
        {**m.model_dump(exclude={"patterns", "anywhere_patterns"}), "list_year": catalogue.list_year}
        for m in catalogue.metrics
    ]
    rows["quota_shares"] = quota
    for p in parsed:
        e = p.entry
        base = {"doc_id": e.id, "jurisdiction_code": e.jurisdiction_code}
        rows["documents"].append(
            {
                **e.model_dump(),
                "doc_id": e.id,
                "encoding": p.document.encoding,
                "char_count": len(p.document.text),
                "text": p.document.text,
            }
        )
        for pr in p.projects:
            rows["projects"].append(
                {
                    **base,
                    "section": pr.section,
                    "item_no": pr.item_no,
                    "item_order": pr.item_order,
                    "title": pr.title.text,
                    "lead_units": pr.lead_units,
                    "partner_units": pr.partner_units,
                    "task_text": pr.task.text,
                    "remark": pr.remark,
                    "tier": pr.tier,
                    "tier_source": pr.tier_source,
                    "municipal_item_no": pr.municipal_item_no,
                    "municipal_match_score": pr.municipal_match_score,
                    "investment_wan_yuan": pr.investment_wan_yuan,
                    "investment_source": pr.investment_source,
                    **_spans(pr.span, pr.line),
                }
            )
        rows["targets"].extend(target_row(t) for t in p.targets)
        for m in p.milestones:
            rows["milestones"].append(
                {
                    **base,
                    "section": m.section,
                    "item_no": m.item_no,
                    "checkpoint": m.checkpoint,
                    "checkpoint_label": m.checkpoint_label,
                    "milestone_text": m.text.text if m.text else None,
                    "has_checkpoint": m.text is not None,
                    "planned_progress_pct": m.planned_progress_pct,
                    "progress_values": m.progress_values,
                    **_spans(m.span, m.line),
                }
            )
        for ind in p.indicators:
            row = {
                **base,
                "category": ind.category,
                "indicator_no": ind.indicator_no,
                "name": ind.name.text,
                "unit": ind.unit,
                "attribute": ind.attribute,
                "attribute_en": ind.attribute_en,
                "baseline_year": ind.baseline_year,
                "target_year": ind.target_year,
                **_spans(ind.span, ind.line),
            }
            for prefix, value in (("baseline", ind.baseline), ("target", ind.target)):
                row[f"{prefix}_text"] = value.text
                row[f"{prefix}_value"] = value.value
                row[f"{prefix}_direction"] = value.direction
                row[f"{prefix}_cumulative"] = value.cumulative
            rows["fyp_indicators"].append(row)
    counts: dict[str, int] = {}
    for p in parsed:
        counts[p.entry.jurisdiction_code] = counts.get(p.entry.jurisdiction_code, 0) + 1
    for code, division in divisions.items():
        rows["jurisdictions"].append(
            {
                "jurisdiction_code": code,
                "name_zh": division["name_zh"],
                "name_en": division["name_en"],
                "level": division["level"],
                "parent_code": None if division["level"] == "municipality" else code[:2] + "0000",
                "document_count": counts.get(code, 0),
            }
        )
    rows["build_warnings"] = [{"file": w.file, "line": w.line, "message": w.message} for w in warnings]
    return {name: TABLES[name].arrow(r) for name, r in rows.items() if name != "build_info"}


def data_version(entries: list[DocumentEntry]) -> str:
    digest = hashlib.sha256()
    for entry in sorted(entries, key=lambda e: e.id):
        digest.update(f"{entry.id}:{entry.sha256}\n".encode())
    return digest.hexdigest()[:12]


@dataclass
class Reference:
    """Everything the build reads from data/reference/, loaded once."""

    vocab: Vocabulary
    divisions: dict[str, dict[str, str]]
    settings: dict
    catalogue: Catalogue
    parser: QuantityParser

    @classmethod
    def load(cls, paths: Paths) -> Reference:
        return cls(
            vocab=Vocabulary.load(paths.reference / "layout_vocabulary.yaml"),
            divisions=load_divisions(paths.reference / "divisions.csv"),
            settings=load_settings(paths.reference),
            catalogue=load_catalogue(paths.reference),
            parser=QuantityParser.load(paths.reference),
        )


def parse_corpus(
    paths: Paths, reference: Reference, progress: Progress | None = None
) -> tuple[list[ParsedDocument], Warnings]:
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
    extract_all_targets(
        parsed, reference.parser, reference.catalogue, warnings, reference.settings["beneficiaries"]["words"]
    )
    return parsed, warnings


def build(paths: Paths, progress: Progress | None = None) -> BuildResult:
    """Parse every document, then write the database and Parquet copies; raises InputError on bad input."""
    reference = Reference.load(paths)
    parsed, warnings = parse_corpus(paths, reference, progress)
    settings = reference.settings["population"]
    figures = load_figures(paths.reference, settings["trust_order"])
    chosen = select(figures, settings)
    for code in {p.entry.jurisdiction_code for p in parsed} - set(chosen):
        warnings.add(paths.reference / "population.csv", None, f"no population figure for {code}")
    quota = quota_share_rows(parsed, reference.catalogue, reference.parser, chosen)
    tables = assemble(parsed, reference.divisions, warnings, reference.catalogue, quota)
    tables["population"] = TABLES["population"].arrow([vars(f) for f in figures])
    tables["fyp_metric_links"] = TABLES["fyp_metric_links"].arrow(load_csv(paths.reference / "fyp_metric_map.csv"))
    version = data_version([p.entry for p in parsed])
    info = {
        "project_version": __version__,
        "data_version": version,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "documents": str(len(parsed)),
    }
    tables["build_info"] = TABLES["build_info"].arrow([{"key": k, "value": v} for k, v in info.items()])
    with build_lock(paths.database):
        write_database(tables, paths.database, views=view_statements())
        write_parquet(tables, paths.parquet)
    return BuildResult(parsed, warnings, tables, version)
