"""Queries behind the reports. Parameters are bound, never interpolated into SQL."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from ..database.connect import connect
from .inputs import (
    catalogue_years,
    data_version,
    documents_read,
    lists_above,
    report_list_above,
    report_name,
    report_year,
)


class UnknownParameter(ValueError):
    """A report parameter that names nothing in the database."""


@dataclass
class ReportContext:
    con: duckdb.DuckDBPyConnection
    # The notebook and parameters this context serves; they decide which documents the report reads
    # (report.inputs), and so its data version and its list of sources.
    notebook: str | None = None
    parameters: dict[str, object] = field(default_factory=dict)
    _lists: dict[str, dict] = field(default_factory=dict)  # resolved once per report, used by every section
    _frames: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict, repr=False)  # see df()

    def df(self, sql: str, *params: object) -> pd.DataFrame:
        """The query's rows. A report asks some queries from several sections (the shares from the chart, the
        table and the flags); the database is read-only while it renders, so each is run once per report."""
        key = (sql, repr(params))
        if key not in self._frames:
            self._frames[key] = self.con.execute(sql, list(params)).df()
        return self._frames[key].copy()

    def one(self, sql: str, *params: object) -> tuple | None:
        return self.con.execute(sql, list(params)).fetchone()

    def build_info(self) -> dict[str, str]:
        """Build details, with the data version of the documents this report reads (all of them by default).
        Asked once per report (header, every chart's source line, the citation) and answered once."""
        if "info" not in self._lists:
            info = dict(self.con.execute("SELECT key, value FROM build_info").fetchall())
            if self.notebook is not None:
                info["data_version"] = data_version(self.con, self.documents_read())
            self._lists["info"] = info
        return dict(self._lists["info"])

    def report_file(self) -> str:
        """The HTML file this report is rendered to (its locator in a citation)."""
        parameters = dict(self.parameters)
        if (self.notebook or "overview") != "district_profile":
            parameters["parent_code"] = self.list_above()["jurisdiction_code"]
        return f"{report_name(self.notebook or 'overview', parameters, self.year)}.html"

    def catalogue_years(self) -> list[int]:
        """The list years the metric catalogues describe: shares exist for those years' lists only."""
        return catalogue_years(self.con)

    def documents_read(self) -> list[str]:
        if "read" not in self._lists:
            self._lists["read"] = documents_read(self.con, self.notebook or "overview", self.parameters)
        return list(self._lists["read"])

    @property
    def year(self) -> int | None:
        """The list year this report is about (its `year` parameter, else see report.inputs.report_year)."""
        if "year" not in self._lists:
            self._lists["year"] = report_year(self.con, self.notebook or "overview", self.parameters)
        return self._lists["year"]

    # -- jurisdictions ---------------------------------------------------------------------------
    def districts(self) -> pd.DataFrame:
        return self.df(
            """SELECT DISTINCT d.jurisdiction_code, d.jurisdiction_name_zh, d.jurisdiction_name_en, d.level
               FROM documents d WHERE d.kind = 'annual_livelihood_list' AND d.level <> 'municipality'
               ORDER BY d.jurisdiction_code"""
        )

    def jurisdiction(self, code: str) -> dict:
        row = self.df(
            """SELECT jurisdiction_code, name_zh, name_en, level FROM jurisdictions WHERE jurisdiction_code = ?""",
            str(code),
        )
        lists = self.df(
            """SELECT doc_id FROM documents WHERE jurisdiction_code = ? AND kind = 'annual_livelihood_list'
               AND level <> 'municipality'""",
            str(code),
        )
        if row.empty or lists.empty:
            known = ", ".join(self.districts()["jurisdiction_code"])
            raise UnknownParameter(
                f"unknown jurisdiction code {code!r}: no district or county list in the database (known: {known})"
            )
        return row.iloc[0].to_dict()

    def district_list(self, code: str) -> dict:
        """The district's list of the report's year (its latest when no year is given): every district section
        reads this one document."""
        key = str(code)
        if key not in self._lists:
            self.jurisdiction(code)
            explicit = self.parameters.get("year")
            year = report_year(self.con, "district_profile", {"jurisdiction_code": key, "year": explicit})
            found = self.df(
                """SELECT doc_id, year FROM documents WHERE jurisdiction_code = ? AND year = ?
                   AND kind = 'annual_livelihood_list' AND level <> 'municipality'""",
                key,
                year,
            )
            if found.empty:
                years = self.df(
                    """SELECT DISTINCT year FROM documents WHERE jurisdiction_code = ?
                       AND kind = 'annual_livelihood_list' ORDER BY year""",
                    key,
                )["year"]
                raise UnknownParameter(
                    f"no {year} list of jurisdiction {key} in the database (its lists: {', '.join(map(str, years))})"
                )
            self._lists[key] = found.iloc[0].to_dict()
        return self._lists[key]

    def list_above(self) -> dict:
        """The list a comparison page (overview, item page) compares with: doc_id, jurisdiction_code, name_zh,
        name_en, level, year, title. Its `parent_code` parameter names it; without one, the list of the year that
        most lists take up (Chongqing's municipal list for the seeds). doc_id and title are None when the corpus
        has no such list of that year."""
        if "" not in self._lists:
            year = self.year
            code = report_list_above(self.con, self.parameters, year)
            found = self.df(
                """SELECT d.doc_id, d.jurisdiction_code, j.name_zh, j.name_en, j.level, d.year, d.title
                   FROM documents d JOIN jurisdictions j USING (jurisdiction_code)
                   WHERE d.jurisdiction_code = ? AND d.kind = 'annual_livelihood_list' AND d.year = ?""",
                code,
                year,
            )
            if (
                found.empty
                and self.notebook in ("overview", "metric_comparison")
                and self.parameters.get("parent_code") not in (None, "")
            ):
                known = ", ".join(f"{c} ({y})" for c, y, _ in lists_above(self.con))
                raise UnknownParameter(f"no {year} list of jurisdiction {code} that others take up (known: {known})")
            self._lists[""] = (
                found.iloc[0].to_dict()
                if not found.empty
                else {"doc_id": None, "jurisdiction_code": code, "name_zh": None, "name_en": None, "level": None,
                      "year": year, "title": None}
            )  # fmt: skip
        return self._lists[""]

    def above_words(self) -> dict[str, str]:
        """How a comparison page names its list above and the lists below it: name_zh / name_en (重庆市,
        Chongqing), level_zh / level_en (市级, municipal), below_zh / below_en (区县, districts and counties)."""
        from .glossary import list_level, lists_below, short_name_en

        above = self.list_above()
        level_zh, level_en = list_level(above["level"])
        below_zh, below_en = lists_below(above["level"])
        return {
            "name_zh": above["name_zh"] or "",
            "name_en": short_name_en(above["name_en"] or ""),
            "level_zh": level_zh,
            "level_en": level_en,
            "below_zh": below_zh,
            "below_en": below_en,
        }

    # The name of earlier versions, when every comparison was with Chongqing's municipal list.
    municipal_list = list_above

    def lists_below(self) -> list[str]:
        """doc_ids of the lists compared with this page's list above (documents.parent_doc_id)."""
        above = self.list_above()["doc_id"]
        return [d for (d,) in self.con.execute(
            "SELECT doc_id FROM documents WHERE parent_doc_id = ? ORDER BY jurisdiction_code", [above]
        ).fetchall()]  # fmt: skip

    def parent_list(self, code: str) -> dict | None:
        """The list the district's list is compared with (documents.parent_doc_id: Chongqing's municipal list for a
        district, a prefecture's or a province's elsewhere), with its jurisdiction's names; None when the corpus
        has no list above it."""
        key = f"parent:{code}"
        if key not in self._lists:
            found = self.df(
                """SELECT p.doc_id, p.jurisdiction_code, j.name_zh, j.name_en, j.level, p.year, p.title
                   FROM documents d JOIN documents p ON p.doc_id = d.parent_doc_id
                   JOIN jurisdictions j ON j.jurisdiction_code = p.jurisdiction_code
                   WHERE d.doc_id = ?""",
                self._doc(code),
            )
            self._lists[key] = None if found.empty else found.iloc[0].to_dict()
        return self._lists[key]

    def population_share(self, code: str) -> float | None:
        """District residents ÷ the residents of the jurisdiction whose list it is compared with."""
        parent = self.parent_list(code)
        district = self.population(code)
        above = self.population(parent["jurisdiction_code"]) if parent else None
        if not district or not above:
            return None
        return district["resident_population"] / above["resident_population"]

    def _doc(self, code: str) -> str:
        return self.district_list(code)["doc_id"]

    def population(self, code: str) -> dict | None:
        df = self.df("SELECT * FROM population_used WHERE jurisdiction_code = ?", str(code))
        return None if df.empty else df.iloc[0].to_dict()

    # -- district profile --------------------------------------------------------------------------
    def items(self, code: str) -> pd.DataFrame:
        return self.df(
            """SELECT p.item_no, p.section, p.title, p.tier, p.municipal_item_no, m.title AS municipal_title,
                      p.investment_wan_yuan, p.lead_units, p.task_text
               FROM projects p
               JOIN documents d ON d.doc_id = p.doc_id
               LEFT JOIN projects m ON m.doc_id = d.parent_doc_id AND m.item_no = p.municipal_item_no
               WHERE p.doc_id = ? ORDER BY p.item_order""",
            self._doc(code),
        )

    def figures(self, code: str) -> pd.DataFrame:
        """Every figure of the district's list with its sentence (what a list with no list above it shows)."""
        return self.df(
            """SELECT item_no, item_title, expression, value, unit, qualifier, context, source_text
               FROM targets WHERE doc_id = ? ORDER BY span_start""",
            self._doc(code),
        )

    def shares(self, code: str) -> pd.DataFrame:
        return self.df(
            """SELECT municipal_item_no, metric, metric_zh, metric_en, scope, item_takeup, status, district_value,
                      municipal_value, unit, share, ratio_not_a_share, meets_minimum, population_share,
                      proportionality, comparable, caveat, population_note, district_source_text,
                      municipal_source_text
               FROM quota_shares WHERE doc_id = ?
               ORDER BY try_cast(municipal_item_no AS INTEGER), metric""",
            self._doc(code),
        )

    def levels(self, code: str) -> pd.DataFrame:
        return self.df(
            """SELECT metric, metric_zh, metric_en, district_value, district_unit, municipal_value, difference,
                      district_source_text FROM level_targets WHERE doc_id = ? ORDER BY metric, district_target_id""",
            self._doc(code),
        )

    def budgets(self, code: str) -> pd.DataFrame:
        return self.df(
            """SELECT item_no, title, tier, published, investment_wan_yuan, investment_kind,
                      annual_investment_wan_yuan, total_investment_wan_yuan, multi_year_reason,
                      yuan_per_resident, beneficiaries,
                      beneficiary_unit, yuan_per_beneficiary, beneficiary_note, beneficiary_text
               FROM budgets WHERE doc_id = ? ORDER BY item_order""",
            self._doc(code),
        )

    def budget_summary(self, code: str) -> dict | None:
        df = self.df(
            """SELECT * FROM budget_summary WHERE doc_id = ?""",
            self._doc(code),
        )
        return None if df.empty else df.iloc[0].to_dict()

    def milestones(self, code: str) -> pd.DataFrame:
        return self.df(
            """SELECT m.section, m.item_no, p.title, m.checkpoint, m.checkpoint_label, m.milestone_text,
                      m.has_checkpoint, m.planned_progress_pct
               FROM milestones m JOIN projects p ON p.doc_id = m.doc_id AND p.item_no = m.item_no
                    AND p.section IS NOT DISTINCT FROM m.section
               WHERE m.doc_id = ? ORDER BY p.item_order, m.checkpoint""",
            self._doc(code),
        )

    def progress(self, code: str) -> pd.DataFrame:
        """Reported progress per item (table `progress`) and, beside it, what the list's quarterly plan
        (`milestones`) planned by then: the last checkpoint on or before the as-of date (NULL without a plan)."""
        return self.df(
            """SELECT g.section, g.item_no, p.title, g.column_header, g.percent, g.percent_source, g.words,
                      g.as_of, g.as_of_source, g.progress_text, m.checkpoint_label AS planned_checkpoint,
                      m.planned_progress_pct AS planned_pct
               FROM progress g
               JOIN projects p ON p.doc_id = g.doc_id AND p.item_no = g.item_no
                    AND p.section IS NOT DISTINCT FROM g.section
               LEFT JOIN LATERAL (
                   SELECT checkpoint_label, planned_progress_pct FROM milestones m
                   WHERE m.doc_id = g.doc_id AND m.item_no = g.item_no AND m.section IS NOT DISTINCT FROM g.section
                         AND m.checkpoint <= g.as_of
                   ORDER BY m.checkpoint DESC LIMIT 1) m ON true
               WHERE g.doc_id = ? ORDER BY p.item_order, g.column_header""",
            self._doc(code),
        )

    def five_year_plan(self, code: str) -> pd.DataFrame:
        return self.df(
            """SELECT category, indicator_no, name, unit, baseline_text, target_text, attribute, attribute_en,
                      baseline_cumulative, target_cumulative
               FROM fyp_indicators WHERE jurisdiction_code = ? ORDER BY try_cast(indicator_no AS INTEGER)""",
            str(code),
        )

    def fyp_vs_2026(self, code: str) -> pd.DataFrame:
        return self.df(
            "SELECT * FROM fyp_vs_2026 WHERE jurisdiction_code = ? ORDER BY try_cast(indicator_no AS INTEGER)",
            str(code),
        )

    # -- metric comparison -----------------------------------------------------------------------------
    def municipal_items(self, doc_id: str | None = None) -> pd.DataFrame:
        """The items of the list above (this page's, or the list `doc_id`), with how many measures its metric
        catalogue gives each."""
        return self.df(
            """SELECT p.item_no, p.title, p.task_text, p.lead_units, count(m.metric) AS metrics
               FROM projects p JOIN documents d ON d.doc_id = p.doc_id AND d.doc_id = ?
               LEFT JOIN metrics m ON m.municipal_item_no = p.item_no AND m.list_year = d.year
                                  AND m.jurisdiction_code = d.jurisdiction_code
               GROUP BY p.item_no, p.title, p.task_text, p.lead_units, p.item_order ORDER BY p.item_order""",
            doc_id or self.list_above()["doc_id"],
        )

    def items_with_pages(self, doc_id: str | None = None) -> set[str]:
        """Items of the list above (this page's, or the list `doc_id`) that have an item page: those with measures
        in its catalogue."""
        key = f"pages:{doc_id}"
        if key not in self._lists:
            items = self.municipal_items(doc_id)
            self._lists[key] = set(items.loc[items["metrics"] > 0, "item_no"].astype(str))
        return self._lists[key]

    def municipal_item(self, item_no: str) -> dict:
        items = self.municipal_items()
        match = items[items["item_no"] == str(item_no)]
        if match.empty:
            known = ", ".join(items["item_no"])
            raise UnknownParameter(f"unknown municipal item number {item_no!r} (known: {known})")
        return match.iloc[0].to_dict()

    def item_shares(self, item_no: str) -> pd.DataFrame:
        return self.df(
            """SELECT q.*, j.name_zh, j.name_en FROM quota_shares q JOIN jurisdictions j USING (jurisdiction_code)
               WHERE q.municipal_item_no = ? AND q.status <> 'not_taken_up' AND q.parent_doc_id = ?
               ORDER BY q.metric, q.jurisdiction_code""",
            str(item_no),
            self.list_above()["doc_id"],
        )

    def item_levels(self, item_no: str) -> pd.DataFrame:
        return self.df(
            """SELECT l.*, j.name_zh FROM level_targets l
               JOIN documents pd ON pd.doc_id = l.parent_doc_id
               JOIN metrics m ON m.metric = l.metric AND m.list_year = pd.year
                              AND m.jurisdiction_code = pd.jurisdiction_code
               JOIN jurisdictions j ON j.jurisdiction_code = l.jurisdiction_code
               WHERE m.municipal_item_no = ? AND l.parent_doc_id = ?
               ORDER BY l.metric, l.jurisdiction_code, l.district_target_id""",
            str(item_no),
            self.list_above()["doc_id"],
        )

    def item_chain(self, item_no: str) -> pd.DataFrame:
        """The figures of this item passed down two levels (view target_chains): from this page's list, when it
        is the top of the chain, or through it, when it is the middle one; with each level's jurisdiction name."""
        return self.df(
            """SELECT c.*, t.name_zh AS top_name_zh, m.name_zh AS middle_name_zh, b.name_zh AS bottom_name_zh
               FROM (SELECT * FROM target_chains WHERE top_doc_id = ? AND top_item_no = ?
                     UNION ALL  -- two equalities, not one OR: each is pushed into the view's join
                     SELECT * FROM target_chains WHERE middle_doc_id = ? AND middle_item_no = ?) c
               JOIN jurisdictions t ON t.jurisdiction_code = c.top_code
               JOIN jurisdictions m ON m.jurisdiction_code = c.middle_code
               JOIN jurisdictions b ON b.jurisdiction_code = c.bottom_code
               ORDER BY c.top_metric, c.middle_code, c.bottom_code""",
            self.list_above()["doc_id"],
            str(item_no),
            self.list_above()["doc_id"],
            str(item_no),
        )

    def item_takeup(self, item_no: str) -> pd.DataFrame:
        """District lists that take the item up (or carry one of its measures) or publish one of its measures
        (the others: see the overview), with the list's items that do (table item_takeup)."""
        return self.df(
            """SELECT d.jurisdiction_code, d.jurisdiction_name_zh, d.jurisdiction_name_en,
                      coalesce(t.takeup, 'not_taken_up') AS takeup,
                      array_to_string(t.taking_up_items, '; ') AS taking_up_items,
                      array_to_string(t.carrying_items, '; ') AS carrying_items
               FROM documents d LEFT JOIN item_takeup t ON t.doc_id = d.doc_id AND t.municipal_item_no = ?
               WHERE d.kind = 'annual_livelihood_list' AND d.parent_doc_id IS NOT NULL
                 AND list_contains(?, d.doc_id)
               ORDER BY d.jurisdiction_code""",
            str(item_no),
            documents_read(
                self.con,
                "metric_comparison",
                {
                    "municipal_item_no": item_no,
                    "year": self.year,
                    "parent_code": self.list_above()["jurisdiction_code"],
                },
            ),
        )

    def takeup_summary(self, code: str) -> dict[str, int]:
        """How many municipal items the district's list takes up, by how (table item_takeup)."""
        rows = self.con.execute(
            "SELECT takeup, count(*) FROM item_takeup WHERE doc_id = ? GROUP BY takeup", [self._doc(code)]
        ).fetchall()
        return {"taken_up": 0, "carried_in_other_items": 0, "not_taken_up": 0, **dict(rows)}

    # -- overview ----------------------------------------------------------------------------------------
    def proportionality_matrix(self) -> pd.DataFrame:
        return self.df(
            """SELECT q.jurisdiction_code, j.name_zh, j.name_en, q.municipal_item_no, q.metric, q.metric_zh,
                      q.metric_en, q.status, q.district_value, q.municipal_value, q.unit, q.share,
                      q.population_share, q.proportionality, q.comparable,
                      q.caveat, q.district_source_text
               FROM quota_shares q JOIN jurisdictions j USING (jurisdiction_code)
               WHERE q.parent_doc_id = ?
               ORDER BY try_cast(q.municipal_item_no AS INTEGER), q.metric, q.jurisdiction_code""",
            self.list_above()["doc_id"],
        )

    def coverage(self) -> pd.DataFrame:
        return self.df(
            """WITH items AS (
                   SELECT jurisdiction_code, doc_id,
                          count(*) FILTER (WHERE takeup <> 'not_taken_up') AS items_taken_up,
                          count(*) FILTER (WHERE takeup = 'carried_in_other_items') AS items_carried
                   FROM item_takeup GROUP BY ALL)
               SELECT q.jurisdiction_code, j.name_zh, j.name_en,
                      any_value(i.items_taken_up) AS items_taken_up,
                      any_value(i.items_carried) AS items_carried,
                      count(*) FILTER (WHERE q.status = 'aligned') AS aligned,
                      count(*) FILTER (WHERE q.status = 'not_published') AS not_published,
                      count(*) FILTER (WHERE q.status = 'not_taken_up') AS not_taken_up,
                      count(*) FILTER (WHERE q.comparable) AS comparable
               FROM quota_shares q JOIN jurisdictions j USING (jurisdiction_code)
               LEFT JOIN items i ON i.doc_id = q.doc_id
               WHERE q.parent_doc_id = ?
               GROUP BY q.jurisdiction_code, j.name_zh, j.name_en ORDER BY q.jurisdiction_code""",
            self.list_above()["doc_id"],
        )

    def budget_comparison(self) -> pd.DataFrame:
        """Every district list of the year, investment side by side (NULL where not published)."""
        return self.df(
            """SELECT b.jurisdiction_code, b.jurisdiction_name_zh AS name_zh, b.jurisdiction_name_en AS name_en,
                      b.published, b.items, b.items_with_figure, b.total_investment_wan_yuan,
                      b.municipal_tier_wan_yuan, b.local_tier_wan_yuan, b.resident_population, b.population_year,
                      b.population_trust, b.yuan_per_resident, b.municipal_tier_yuan_per_resident,
                      b.local_tier_yuan_per_resident, b.investment_kind, b.annual_wan_yuan, b.items_with_annual,
                      b.annual_yuan_per_resident, b.whole_project_wan_yuan, b.items_with_whole_project,
                      b.whole_project_yuan_per_resident, b.multi_year_items
               FROM budget_summary b JOIN documents d USING (doc_id)
               WHERE d.parent_doc_id = ? ORDER BY b.jurisdiction_code""",
            self.list_above()["doc_id"],
        )

    def quality(self) -> pd.DataFrame:
        return self.df(
            """SELECT d.doc_id, d.jurisdiction_code, d.jurisdiction_name_zh, count(t.target_id) AS figures,
                      count(t.metric) AS aligned, count(t.target_id) - count(t.metric) AS district_only
               FROM documents d LEFT JOIN targets t USING (doc_id)
               WHERE d.kind = 'annual_livelihood_list' AND (d.doc_id = ? OR d.parent_doc_id = ?)
               GROUP BY ALL ORDER BY d.jurisdiction_code""",
            self.list_above()["doc_id"],
            self.list_above()["doc_id"],
        )

    def warnings(self) -> pd.DataFrame:
        """Warnings about the documents this report reads, and those about no document (reference files)."""
        return self.df(
            """SELECT * FROM build_warnings
               WHERE file NOT IN (SELECT file FROM documents)
                  OR file IN (SELECT file FROM documents WHERE list_contains(?, doc_id))
               ORDER BY file, line, message""",
            self.documents_read(),
        )

    def documents(self, codes: list[str] | None = None) -> pd.DataFrame:
        """The documents this report reads (or those of the given jurisdictions), by code: a list above before the
        lists below it (an ancestor's GB/T 2260 code is the smaller)."""
        columns = """doc_id, jurisdiction_code, jurisdiction_name_zh, jurisdiction_name_en, kind, year, doc_number,
                     issuer, issuer_en, issued, title, release_note, sha256, source_url"""
        order = "ORDER BY jurisdiction_code, year, kind"
        if codes is not None:
            return self.df(f"SELECT {columns} FROM documents WHERE list_contains(?, jurisdiction_code) {order}", codes)
        if self.notebook is None:
            return self.df(f"SELECT {columns} FROM documents {order}")
        # asked by every chart's source line and the list of sources: df() runs it once per report
        return self.df(f"SELECT {columns} FROM documents WHERE list_contains(?, doc_id) {order}", self.documents_read())


def open_report(notebook: str | None = None, db_path: str | None = None, **parameters: object) -> ReportContext:
    """The database opened read-only for one report: `open_report("district_profile", jurisdiction_code=…)`."""
    return ReportContext(connect(db_path), notebook, parameters)
