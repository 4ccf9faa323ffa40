"""What each report is made from, so that a report is re-rendered exactly when one of its inputs changed.

A report's inputs are its notebook (the cells' sources), its parameters, the project's code and reference
files, and the documents whose rows it shows. A report is about one list year; the documents are decided
here, once, by the same rules the report sections query by: a district profile reads the district's list of
that year, its five-year plans and the municipal list of that year; an item page reads the municipal list and
the lists of its year that take the item up or publish one of its measures; the overview reads every list of
its year. The hash of those documents is the report's data version, printed in its
header and citation, so a report that was not re-rendered still states truthfully what it was made from.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import duckdb

from .. import __version__
from ..database.freshness import data_version as documents_version
from ..database.freshness import hash_files

PACKAGE = Path(__file__).resolve().parents[1]

_LISTS = "kind = 'annual_livelihood_list'"
_YEAR_DOCS = "(SELECT doc_id FROM documents WHERE year = ?)"
# The list a comparison page is about (its `parent_code` and `year`: report_list_above decides it).
_ABOVE = f"SELECT doc_id FROM documents WHERE jurisdiction_code = ? AND {_LISTS} AND year = ?"
_BELOW = f"SELECT doc_id FROM documents WHERE parent_doc_id IN ({_ABOVE})"
# Every scope is for one list year: adding another year's lists never changes what this year's reports read.
_SCOPES = {
    "overview": (f"{_ABOVE} UNION {_BELOW}", ("parent_code", "year", "parent_code", "year")),
    "district_profile": (
        f"""SELECT doc_id FROM documents WHERE jurisdiction_code = ? AND ({_LISTS} AND year = ?
                                                                    OR kind = 'five_year_plan')
            UNION SELECT parent_doc_id FROM documents WHERE jurisdiction_code = ? AND {_LISTS} AND year = ?""",
        ("jurisdiction_code", "year", "jurisdiction_code", "year"),
    ),
    "metric_comparison": (
        f"""{_ABOVE}
            UNION SELECT doc_id FROM projects WHERE municipal_item_no = ? AND doc_id IN ({_BELOW})
            UNION SELECT doc_id FROM quota_shares WHERE municipal_item_no = ? AND status <> 'not_taken_up'
                                                    AND doc_id IN ({_BELOW})
            UNION SELECT l.doc_id FROM level_targets l JOIN documents pd ON pd.doc_id = l.parent_doc_id
                  JOIN metrics m ON m.metric = l.metric AND m.jurisdiction_code = pd.jurisdiction_code
                  WHERE m.municipal_item_no = ? AND m.list_year = ? AND l.parent_doc_id IN ({_ABOVE})""",
        (
            "parent_code", "year", "municipal_item_no", "parent_code", "year", "municipal_item_no", "parent_code",
            "year", "municipal_item_no", "year", "parent_code", "year",
        ),
    ),
}  # fmt: skip


def report_name(notebook: str, parameters: dict[str, object], year: int) -> str:
    """The report's file stem: kind, key and list year (district-500237-2026; a comparison page names the list it
    compares with, by its jurisdiction's code: overview-500000-2026, item-500000-09-2026)."""
    if notebook == "district_profile":
        return f"district-{parameters['jurisdiction_code']}-{year}"
    above = parameters.get("parent_code")
    if notebook == "metric_comparison":
        no = str(parameters["municipal_item_no"])
        no = f"{int(no):02d}" if no.isdigit() else no
        return f"item-{above}-{no}-{year}"
    return f"overview-{above}-{year}"


def lists_above(con: duckdb.DuckDBPyConnection, year: int | None = None) -> list[tuple[str, int, int]]:
    """(jurisdiction code, year, lists below it) of every list others take up or a metric catalogue describes:
    the lists comparison pages are made for, most lists below first."""
    rows = con.execute(
        f"""SELECT p.jurisdiction_code, p.year, count(c.doc_id) AS below FROM documents p
            LEFT JOIN documents c ON c.parent_doc_id = p.doc_id
            WHERE p.{_LISTS} AND (? IS NULL OR p.year = ?)
              AND (c.doc_id IS NOT NULL OR (p.jurisdiction_code, p.year) IN
                   (SELECT (jurisdiction_code, list_year) FROM metrics))
            GROUP BY ALL ORDER BY below DESC, p.year DESC, p.jurisdiction_code""",
        [year, year],
    ).fetchall()
    return [(code, y, n) for code, y, n in rows]


def report_list_above(con: duckdb.DuckDBPyConnection, parameters: dict[str, object], year: int | None) -> str | None:
    """The jurisdiction code of the list a comparison page compares with: its `parent_code` parameter, else the
    list of the year that most lists take up (Chongqing's for the seeds)."""
    code = parameters.get("parent_code")
    if code not in (None, ""):
        return str(code)
    found = lists_above(con, year)
    return found[0][0] if found else None


def catalogue_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The list years the metric catalogues describe: the years comparisons exist for."""
    return [r[0] for r in con.execute("SELECT DISTINCT list_year FROM metrics ORDER BY list_year").fetchall()]


def catalogue_year(con: duckdb.DuckDBPyConnection) -> int | None:
    """The latest list year a catalogue describes: item pages and the overview default to it."""
    years = catalogue_years(con)
    return years[-1] if years else None


def report_year(con: duckdb.DuckDBPyConnection, notebook: str, parameters: dict[str, object]) -> int | None:
    """The list year a report is about: its `year` parameter, else the district's latest list (profiles) or the
    catalogue's year (item pages and the overview)."""
    year = parameters.get("year")
    if year not in (None, ""):
        try:
            return int(str(year))
        except ValueError:
            raise ValueError(f"year must be a whole number, not {year!r}") from None
    if notebook == "district_profile":
        found = con.execute(
            f"SELECT max(year) FROM documents WHERE jurisdiction_code = ? AND {_LISTS} AND level <> 'municipality'",
            [str(parameters.get("jurisdiction_code"))],
        ).fetchall()[0][0]
        if found is not None:
            return found
    return catalogue_year(con)


def documents_read(con: duckdb.DuckDBPyConnection, notebook: str, parameters: dict[str, object]) -> list[str]:
    """Ids of the documents whose rows the report shows (the overview's for a notebook not listed above)."""
    sql, names = _SCOPES.get(notebook, _SCOPES["overview"])
    year = report_year(con, notebook, parameters)
    values = {**parameters, "year": year}
    if "parent_code" in names:
        values["parent_code"] = report_list_above(con, parameters, year)
    rows = con.execute(
        f"SELECT DISTINCT doc_id FROM ({sql}) WHERE doc_id IS NOT NULL",
        [values[n] if n == "year" else str(values[n]) for n in names],
    )
    return sorted(r[0] for r in rows.fetchall())


class Scopes:
    """`documents_read` for many reports at once: the documents, lists below and item take-up of the whole
    database read in four queries, then each report's documents picked in Python. A site of 9,000 reports asks
    this once per `analytics reports`; one query per report took 2 minutes on the national corpus. Gives what
    `documents_read` gives, report by report (tests compare them on every job of the seeds and of a hierarchy)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        from collections import defaultdict

        self.con = con
        self.lists: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.plans: dict[str, set[str]] = defaultdict(set)
        self.below: dict[str, set[str]] = defaultdict(set)
        self.parent: dict[str, str] = {}
        self.sha: dict[str, str] = {}
        for doc, code, year, kind, parent, sha in con.execute(
            "SELECT doc_id, jurisdiction_code, year, kind, parent_doc_id, sha256 FROM documents"
        ).fetchall():
            self.sha[doc] = sha
            if kind == "annual_livelihood_list":
                self.lists[(code, year)].add(doc)
            elif kind == "five_year_plan":
                self.plans[code].add(doc)
            if parent is not None:
                self.below[parent].add(doc)
                self.parent[doc] = parent
        # (list above, its item, None) → lists below publishing or taking it up; (…, list year) → level targets
        self.item_docs: dict[tuple[str, str, int | None], set[str]] = defaultdict(set)
        for above, item, doc in con.execute(
            """SELECT d.parent_doc_id, p.municipal_item_no, p.doc_id FROM projects p JOIN documents d USING (doc_id)
               WHERE d.parent_doc_id IS NOT NULL AND p.municipal_item_no IS NOT NULL
               UNION SELECT d.parent_doc_id, q.municipal_item_no, q.doc_id FROM quota_shares q
                     JOIN documents d USING (doc_id)
               WHERE d.parent_doc_id IS NOT NULL AND q.status <> 'not_taken_up'"""
        ).fetchall():
            self.item_docs[(above, str(item), None)].add(doc)
        for above, item, year, doc in con.execute(
            """SELECT l.parent_doc_id, m.municipal_item_no, m.list_year, l.doc_id FROM level_targets l
               JOIN documents pd ON pd.doc_id = l.parent_doc_id
               JOIN metrics m ON m.metric = l.metric AND m.jurisdiction_code = pd.jurisdiction_code"""
        ).fetchall():
            self.item_docs[(above, str(item), year)].add(doc)

    def documents_read(self, notebook: str, parameters: dict[str, object]) -> list[str]:
        year = report_year(self.con, notebook, parameters)
        if notebook == "district_profile":
            code = str(parameters["jurisdiction_code"])
            own = self.lists.get((code, year), set())
            found = own | self.plans.get(code, set()) | {self.parent[d] for d in own if d in self.parent}
        else:
            above = self.lists.get((str(report_list_above(self.con, parameters, year)), year), set())
            found = set(above)
            for doc in above:
                if notebook == "metric_comparison":
                    item = str(parameters["municipal_item_no"])
                    found |= self.item_docs.get((doc, item, None), set()) & self.below.get(doc, set())
                    found |= self.item_docs.get((doc, item, year), set())
                else:
                    found |= self.below.get(doc, set())
        return sorted(found)

    def data_version(self, doc_ids: list[str]) -> str:
        return documents_version([(d, self.sha[d]) for d in doc_ids if d in self.sha])


def data_version(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> str:
    """The data version of these documents (the build's own when every document is read)."""
    found = con.execute("SELECT doc_id, sha256 FROM documents WHERE list_contains(?, doc_id)", [doc_ids]).fetchall()
    return documents_version(found)


def code_version() -> str:
    """Hash of the package's source and templates: a code change re-renders (the version number may lag)."""
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    return hash_files(files, PACKAGE)


def reference_version(reference: Path) -> str:
    """Hash of data/reference/ (glossary, catalogue, population … are read by the reports too)."""
    return hash_files([p for p in reference.iterdir() if p.is_file()], reference)


@functools.lru_cache(maxsize=32)
def _notebook_version(path: Path, mtime_ns: int, size: int) -> str:
    return cells_version(path)


def notebook_version(path: Path) -> str:
    """Hash of the notebook's cells (cells_version), computed once per file and state on disk: a batch asks it
    once per report."""
    stat = path.stat()
    return _notebook_version(path, stat.st_mtime_ns, stat.st_size)


def cells_version(path: Path) -> str:
    """Hash of the notebook's cells (type, source, tags), not of its stored outputs."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    digest = hashlib.sha256()
    for cell in cells:
        tags = cell.get("metadata", {}).get("tags", [])
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        digest.update(json.dumps([cell["cell_type"], source, tags], ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def report_inputs(
    con: duckdb.DuckDBPyConnection,
    notebook: Path,
    parameters: dict[str, object],
    code: str,
    reference: str,
    scopes: Scopes | None = None,
) -> dict[str, object]:
    """The record of what a report is made from; equal records mean the rendered report would be the same.

    `code` and `reference` are `code_version()` and `reference_version(...)`, hashed once per run by the caller;
    `scopes` (one per batch) answers which documents the report reads without a query of its own."""
    if scopes is not None:
        docs, version = (found := scopes.documents_read(notebook.stem, parameters)), scopes.data_version(found)
    else:
        docs = documents_read(con, notebook.stem, parameters)
        version = data_version(con, docs)
    return {
        "notebook": notebook.stem,
        "notebook_version": notebook_version(notebook),
        "parameters": {k: str(v) for k, v in sorted(parameters.items())},
        "project_version": __version__,
        "code_version": code,
        "reference_version": reference,
        "documents": docs,
        "data_version": version,
    }


def fingerprint(inputs: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
