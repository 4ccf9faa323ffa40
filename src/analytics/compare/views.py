"""Views over the tables: levels, budgets per resident and beneficiary, and the five-year plan beside 2026.

Views hold no data of their own, so they always agree with the tables they read. Money is NULL where a
document publishes none and `published` says so; nothing here turns a missing figure into 0.
"""

from __future__ import annotations

VIEWS: dict[str, tuple[str, str]] = {
    "population_used": (
        "The population figure each comparison uses, one row per jurisdiction.",
        """SELECT jurisdiction_code, name_zh, year, resident_population, basis, trust, source_title, source_url,
                  selection_reason
           FROM population WHERE selected""",
    ),
    "level_targets": (
        "Rates and levels (26%, 80%, 920 ㎡ per 10,000 people) beside the level of the same metric in the list "
        "above (its parent list); compared as levels, never as shares.",
        """SELECT d.jurisdiction_code, d.doc_id, dd.parent_doc_id, d.item_no, d.metric, d.metric_zh, d.metric_en,
                  d.value AS district_value, d.qualifier AS district_qualifier, d.unit AS district_unit,
                  m.value AS municipal_value, m.qualifier AS municipal_qualifier, m.unit AS municipal_unit,
                  d.value - m.value AS difference, d.source_text AS district_source_text,
                  m.source_text AS municipal_source_text, d.target_id AS district_target_id,
                  m.target_id AS municipal_target_id
           FROM targets d
           JOIN documents dd ON dd.doc_id = d.doc_id AND dd.parent_doc_id IS NOT NULL
           LEFT JOIN targets m ON m.doc_id = dd.parent_doc_id AND m.own_metric = d.metric
           WHERE d.metric_kind = 'level'""",
    ),
    "target_chains": (
        "A figure passed down two levels (province → prefecture → county): each level's figure of the same "
        "measure, each level's share of the one above and its proportionality (share ÷ share of population), "
        "so that a target raised or cut on the way down shows. One row per county figure whose prefecture figure "
        "is itself aligned to a province figure.",
        """SELECT q2.parent_code AS top_code, q2.parent_doc_id AS top_doc_id,
                  q1.parent_code AS middle_code, q1.parent_doc_id AS middle_doc_id,
                  q1.jurisdiction_code AS bottom_code, q1.doc_id AS bottom_doc_id,
                  q2.municipal_item_no AS top_item_no, q1.municipal_item_no AS middle_item_no,
                  q2.metric AS top_metric, q2.metric_zh AS top_metric_zh, q2.unit AS top_unit,
                  q1.metric AS middle_metric, q1.metric_zh AS middle_metric_zh, q1.unit AS middle_unit,
                  q2.municipal_value AS top_value, q2.district_value AS middle_value,
                  q1.municipal_value AS middle_value_as_parent, q1.district_value AS bottom_value,
                  q2.share AS middle_share_of_top, q1.share AS bottom_share_of_middle,
                  CASE WHEN q1.share IS NOT NULL AND q2.share IS NOT NULL THEN q1.share * q2.share
                       END AS bottom_share_of_top,
                  q2.population_share AS middle_population_share, q1.population_share AS bottom_population_share,
                  q2.proportionality AS middle_proportionality, q1.proportionality AS bottom_proportionality,
                  coalesce(q1.comparable AND q2.comparable, false) AS comparable,
                  nullif(concat_ws('; ', q2.caveat, CASE WHEN q1.caveat IS DISTINCT FROM q2.caveat THEN q1.caveat END),
                         '') AS caveat,
                  q2.municipal_source_text AS top_source_text, q2.district_source_text AS middle_source_text,
                  q1.district_source_text AS bottom_source_text,
                  q2.municipal_target_ids AS top_target_ids, q1.municipal_target_ids AS middle_target_ids,
                  q1.district_target_ids AS bottom_target_ids
           FROM quota_shares q1
           JOIN quota_shares q2 ON q2.doc_id = q1.parent_doc_id
                               AND list_has_any(q2.district_target_ids, q1.municipal_target_ids)
           WHERE q1.status = 'aligned' AND q2.status = 'aligned'""",
    ),
    "budgets": (
        "One row per item of an annual list: its published investment per resident and per beneficiary, and "
        "what the money is (investment_kind: annual = the list year's, total = the whole project's cost, "
        "NULL = unstated; both figures kept where the list gives both; multi_year for 续建 or a later completion "
        "year); published = false and NULL money where the document publishes no figure. Cost per "
        "beneficiary only where the item counts people in one figure and that figure counts people served; "
        "beneficiary_note says why not elsewhere.",
        """WITH people AS (  -- every figure of the item that counts people, and whether one names people served
               SELECT doc_id, item_no, section, count(*) AS people_figures,
                      count(*) FILTER (WHERE beneficiary) AS served_figures,
                      string_agg(expression, '; ' ORDER BY span_start) AS people_expressions,
                      any_value(value) FILTER (WHERE beneficiary) AS served,
                      any_value(unit) FILTER (WHERE beneficiary) AS served_unit,
                      any_value(source_text) FILTER (WHERE beneficiary) AS served_text
               FROM targets WHERE counts_people GROUP BY doc_id, item_no, section)
           SELECT p.doc_id, p.jurisdiction_code, p.section, p.item_no, p.item_order, p.title, p.tier,
                  p.investment_wan_yuan IS NOT NULL AS published,
                  p.investment_wan_yuan, p.investment_kind, p.annual_investment_wan_yuan,
                  p.total_investment_wan_yuan, p.multi_year, p.multi_year_reason,
                  u.resident_population, u.year AS population_year, u.trust AS population_trust,
                  p.investment_wan_yuan * 10000 / u.resident_population AS yuan_per_resident,
                  p.annual_investment_wan_yuan * 10000 / u.resident_population AS annual_yuan_per_resident,
                  p.total_investment_wan_yuan * 10000 / u.resident_population AS whole_project_yuan_per_resident,
                  CASE WHEN b.people_figures = 1 AND b.served_figures = 1 THEN b.served END AS beneficiaries,
                  CASE WHEN b.people_figures = 1 AND b.served_figures = 1 THEN b.served_unit END AS beneficiary_unit,
                  b.served_text AS beneficiary_text,
                  CASE WHEN b.people_figures = 1 AND b.served_figures = 1
                       THEN p.investment_wan_yuan * 10000 / b.served END AS yuan_per_beneficiary,
                  CASE WHEN p.investment_wan_yuan IS NULL THEN 'no investment published'
                       WHEN b.people_figures IS NULL THEN 'no count of people served'
                       WHEN b.served_figures = 0 THEN 'no count of people served (the item counts people in '
                            || b.people_figures || ' figure(s): ' || b.people_expressions || ', none as people served)'
                       WHEN b.people_figures > 1 THEN 'the item counts people in ' || b.people_figures
                            || ' figures (' || b.people_expressions || '): no single beneficiary count'
                  END AS beneficiary_note,
                  p.span_start, p.span_end
           FROM projects p
           LEFT JOIN population_used u USING (jurisdiction_code)
           LEFT JOIN people b ON b.doc_id = p.doc_id AND b.item_no = p.item_no
                              AND b.section IS NOT DISTINCT FROM p.section""",
    ),
    "budget_summary": (
        "Per annual list: total published investment, items with and without a figure, yuan per resident "
        "in total and for municipal-tier and local items; NULL (not 0) where nothing is published. "
        "investment_kind says what the money is (annual, total = whole-project cost, unstated, or mixed when "
        "the items differ); compare lists kind by kind: annual_yuan_per_resident with annual, "
        "whole_project_yuan_per_resident with whole-project; multi_year_items counts 续建 and later-completing "
        "items.",
        """SELECT b.doc_id, b.jurisdiction_code, d.jurisdiction_name_zh, d.jurisdiction_name_en,
                  bool_or(b.published) AS published,
                  count(*) AS items,
                  count(*) FILTER (WHERE b.published) AS items_with_figure,
                  count(*) FILTER (WHERE NOT b.published) AS items_without_figure,
                  sum(b.investment_wan_yuan) AS total_investment_wan_yuan,
                  CASE count(DISTINCT coalesce(b.investment_kind, 'unstated')) FILTER (WHERE b.published)
                       WHEN 0 THEN NULL
                       WHEN 1 THEN any_value(coalesce(b.investment_kind, 'unstated')) FILTER (WHERE b.published)
                       ELSE 'mixed' END AS investment_kind,
                  sum(b.annual_investment_wan_yuan) AS annual_wan_yuan,
                  count(b.annual_investment_wan_yuan) AS items_with_annual,
                  sum(b.total_investment_wan_yuan) AS whole_project_wan_yuan,
                  count(b.total_investment_wan_yuan) AS items_with_whole_project,
                  sum(b.investment_wan_yuan) FILTER (WHERE b.investment_kind IS NULL) AS unstated_wan_yuan,
                  count(*) FILTER (WHERE b.multi_year) AS multi_year_items,
                  sum(b.annual_investment_wan_yuan) * 10000 / any_value(b.resident_population)
                      AS annual_yuan_per_resident,
                  sum(b.total_investment_wan_yuan) * 10000 / any_value(b.resident_population)
                      AS whole_project_yuan_per_resident,
                  sum(b.investment_wan_yuan) FILTER (WHERE b.tier = 'municipal') AS municipal_tier_wan_yuan,
                  sum(b.investment_wan_yuan) FILTER (WHERE b.tier = 'local') AS local_tier_wan_yuan,
                  any_value(b.resident_population) AS resident_population,
                  any_value(b.population_year) AS population_year,
                  any_value(b.population_trust) AS population_trust,
                  sum(b.investment_wan_yuan) * 10000 / any_value(b.resident_population) AS yuan_per_resident,
                  sum(b.investment_wan_yuan) FILTER (WHERE b.tier = 'municipal') * 10000
                      / any_value(b.resident_population) AS municipal_tier_yuan_per_resident,
                  sum(b.investment_wan_yuan) FILTER (WHERE b.tier = 'local') * 10000
                      / any_value(b.resident_population) AS local_tier_yuan_per_resident
           FROM budgets b JOIN documents d USING (doc_id)
           GROUP BY b.doc_id, b.jurisdiction_code, d.jurisdiction_name_zh, d.jurisdiction_name_en""",
    ),
    "fyp_vs_2026": (
        "Five-year-plan indicators beside the targets of the same measure in the plan's jurisdiction's list of the "
        "year the link names and in the list that list is compared with (documents.parent_doc_id: Chongqing's "
        "municipal list for the seeds' 2026; links in data/reference/fyp_metric_map.csv).",
        """SELECT f.doc_id AS plan_doc_id, f.jurisdiction_code, f.indicator_no, f.name AS indicator,
                  f.unit AS plan_unit,
                  f.baseline_year, f.baseline_text, f.baseline_value, f.target_year, f.target_text, f.target_value,
                  f.target_cumulative, l.metric, l.note AS link_note, m.metric_zh, m.metric_en,
                  mt.value AS municipal_2026_value, mt.unit AS municipal_2026_unit,
                  dt.value AS district_2026_value, dt.unit AS district_2026_unit,
                  dt.source_text AS district_2026_source_text
           FROM fyp_indicators f
           JOIN fyp_metric_links l ON l.indicator_name = f.name
           -- the plan's jurisdiction's list of the linked year, and the list it is compared with (its parent)
           LEFT JOIN documents own ON own.jurisdiction_code = f.jurisdiction_code
                                  AND own.kind = 'annual_livelihood_list' AND own.year = l.list_year
           LEFT JOIN documents pd ON pd.doc_id = own.parent_doc_id
           LEFT JOIN metrics m ON m.metric = l.metric AND m.list_year = l.list_year
                              AND m.jurisdiction_code = pd.jurisdiction_code
           LEFT JOIN targets mt ON mt.doc_id = pd.doc_id AND mt.metric = l.metric
           LEFT JOIN (SELECT t.doc_id, t.metric, sum(t.value) AS value, any_value(t.unit) AS unit,
                             string_agg(t.source_text, ' | ' ORDER BY t.span_start) AS source_text
                      FROM targets t GROUP BY ALL) dt
                  ON dt.doc_id = own.doc_id AND dt.metric = l.metric""",
    ),
}


# A view's columns are described here once: a column passed through from a table (same name, same meaning)
# takes that table's description (VIEW_SOURCES, first table that has it); the others are written out in
# VIEW_COLUMNS. `column_description` resolves both; the database comments and the data release use it.
VIEW_SOURCES: dict[str, tuple[str, ...]] = {
    "population_used": ("population",),
    "level_targets": ("targets", "documents"),
    "target_chains": (),
    "budgets": ("projects",),
    "budget_summary": ("budgets", "documents"),
    "fyp_vs_2026": ("fyp_indicators", "metrics"),
}

VIEW_COLUMNS: dict[str, dict[str, str]] = {
    "population_used": {},
    "level_targets": {
        "district_value": "the district's level (targets.value), in district_unit",
        "district_qualifier": "qualifier of the district figure (exact, at_least, at_most, about, range)",
        "district_unit": "unit of the district figure as printed",
        "municipal_value": "the municipal level of the same metric and year; NULL when the municipal list has none",
        "municipal_qualifier": "qualifier of the municipal figure",
        "municipal_unit": "unit of the municipal figure as printed",
        "difference": "district_value - municipal_value (a difference of levels, never a share)",
        "district_source_text": "sentence of the district figure",
        "municipal_source_text": "sentence of the municipal figure",
        "district_target_id": "targets.target_id of the district figure",
        "municipal_target_id": "targets.target_id of the municipal figure",
    },
    "target_chains": {
        "top_code": "GB/T 2260 code of the top list's jurisdiction (a province, or a prefecture without one above)",
        "top_doc_id": "the top list (documents.doc_id)",
        "middle_code": "code of the middle list's jurisdiction (a prefecture)",
        "middle_doc_id": "the middle list, which takes up the top list and is taken up by the bottom one",
        "bottom_code": "code of the bottom list's jurisdiction (a county)",
        "bottom_doc_id": "the bottom list",
        "top_item_no": "the item of the top list the figure comes down from (projects.item_no of top_doc_id)",
        "middle_item_no": "the item of the middle list the bottom figure is compared with",
        "top_metric": "metric of the top list's catalogue the middle figure is aligned to",
        "top_metric_zh": "its label (Chinese)",
        "top_unit": "its unit",
        "middle_metric": "metric of the middle list's catalogue the bottom figure is aligned to",
        "middle_metric_zh": "its label (Chinese)",
        "middle_unit": "its unit",
        "top_value": "the top list's figure, in top_unit",
        "middle_value": "the middle list's figure, in top_unit (as aligned to the top list)",
        "middle_value_as_parent": "the middle list's figure in middle_unit (what the bottom figure is compared with)",
        "bottom_value": "the bottom list's figure, in middle_unit",
        "middle_share_of_top": "middle_value / top_value where comparable (quota_shares.share); NULL elsewhere",
        "bottom_share_of_middle": "bottom_value / middle_value_as_parent where comparable; NULL elsewhere",
        "bottom_share_of_top": "bottom_share_of_middle × middle_share_of_top: the county's part of the province's "
        "figure; NULL unless both are comparable",
        "middle_population_share": "middle jurisdiction's residents ÷ top jurisdiction's",
        "bottom_population_share": "bottom jurisdiction's residents ÷ middle jurisdiction's",
        "middle_proportionality": "middle_share_of_top ÷ middle_population_share: above 1 the target grew on its "
        "way down to the middle level, below 1 it was cut",
        "bottom_proportionality": "bottom_share_of_middle ÷ bottom_population_share, the same one level down",
        "comparable": "true when both shares can be read as shares",
        "caveat": "the caveats of both steps",
        "top_source_text": "sentence of the top figure",
        "middle_source_text": "sentence of the middle figure",
        "bottom_source_text": "sentence(s) of the bottom figure(s)",
        "top_target_ids": "targets.target_id of the top figure(s)",
        "middle_target_ids": "targets.target_id of the middle figure(s)",
        "bottom_target_ids": "targets.target_id of the bottom figure(s)",
    },
    "budgets": {
        "published": "whether the document publishes the item's investment (false: investment_wan_yuan is NULL, not 0)",
        "resident_population": "resident population used for the jurisdiction (view population_used)",
        "population_year": "year of that population figure",
        "population_trust": "trust level of that population figure (official, secondary, mirror)",
        "yuan_per_resident": "investment_wan_yuan × 10,000 ÷ resident_population, in 元; NULL when either is missing",
        "beneficiaries": "the item's one count of people served (惠及/服务/覆盖 … 人); NULL unless the item counts "
        "people in exactly one figure and that figure counts people served",
        "beneficiary_unit": "unit of beneficiaries as printed",
        "beneficiary_text": "sentence of the figure counting people served",
        "yuan_per_beneficiary": "investment ÷ beneficiaries, in 元; NULL where beneficiaries is NULL",
        "annual_yuan_per_resident": "this year's investment (年度投资) × 10,000 ÷ resident_population, in 元; NULL "
        "unless the item's money is this year's",
        "whole_project_yuan_per_resident": "the whole project's investment (项目总投资) × 10,000 ÷ "
        "resident_population, in 元: a multi-year cost, not this year's spending; NULL unless the item gives it",
        "beneficiary_note": "why yuan_per_beneficiary is NULL (no investment, no count of people served, several "
        "counts); NULL where it is given",
    },
    "budget_summary": {
        "published": "whether any item of the list publishes its investment",
        "items": "items of the list",
        "items_with_figure": "items whose investment is published",
        "items_without_figure": "items whose investment is not published",
        "total_investment_wan_yuan": "sum of the published investment in 万元; NULL (not 0) when none is published",
        "municipal_tier_wan_yuan": "sum over the items of tier municipal, 万元",
        "local_tier_wan_yuan": "sum over the items of tier local, 万元",
        "yuan_per_resident": "total investment × 10,000 ÷ resident population, in 元",
        "municipal_tier_yuan_per_resident": "municipal-tier investment per resident, in 元",
        "local_tier_yuan_per_resident": "local-tier investment per resident, in 元",
        "annual_wan_yuan": "sum of this year's investment (年度投资) over the items that give it, 万元; NULL when none",
        "items_with_annual": "items that give this year's investment",
        "whole_project_wan_yuan": "sum of whole-project investment (项目总投资) over the items that give it, 万元: "
        "multi-year costs, never added to this year's",
        "items_with_whole_project": "items that give the whole project's investment",
        "unstated_wan_yuan": "sum of investment whose kind the list does not say (a bare 计划投资), 万元",
        "multi_year_items": "items flagged as multi-year projects (续建, or completed after the list's year)",
        "annual_yuan_per_resident": "annual_wan_yuan × 10,000 ÷ resident population, in 元",
        "whole_project_yuan_per_resident": "whole_project_wan_yuan × 10,000 ÷ resident population, in 元 (a "
        "multi-year cost per resident, not this year's spending)",
    },
    "fyp_vs_2026": {
        "plan_doc_id": "the five-year plan's document (documents.doc_id)",
        "indicator": "indicator name as printed in the plan",
        "plan_unit": "unit of the indicator as printed in the plan",
        "metric": "catalogue metric the indicator is linked to (fyp_metric_links)",
        "link_note": "how closely the indicator and the metric measure the same thing",
        "municipal_2026_value": "the figure for the metric in the list the jurisdiction's list of the link's year "
        "is compared with (its parent list: Chongqing's municipal list for the seeds)",
        "municipal_2026_unit": "its unit",
        "district_2026_value": "sum of the district's figures for the metric in the link's list year",
        "district_2026_unit": "their unit",
        "district_2026_source_text": "sentences of the district figures, | -joined",
    },
}


def column_description(view: str, column: str, tables: dict[str, dict[str, str]]) -> str | None:
    """The description of a view's column: its own, else that of the same column in its source tables (or views)
    `tables` maps a table or view name to {column: description}."""
    own = VIEW_COLUMNS[view].get(column)
    if own is not None:
        return own
    for source in VIEW_SOURCES[view]:
        found = tables.get(source, {}).get(column)
        if found is not None:
            return found
    return None


def statements() -> list[str]:
    out = []
    for name, (comment, sql) in VIEWS.items():
        out.append(f"CREATE VIEW {name} AS {sql}")
        out.append(f"COMMENT ON VIEW {name} IS '{comment.replace(chr(39), chr(39) * 2)}'")
    return out
