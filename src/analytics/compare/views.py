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
        "Rates and levels (26%, 80%, 920 ㎡ per 10,000 people) beside the municipal level of the same metric; "
        "compared as levels, never as shares.",
        """SELECT d.jurisdiction_code, d.doc_id, d.item_no, d.metric, d.metric_zh, d.metric_en,
                  d.value AS district_value, d.qualifier AS district_qualifier, d.unit AS district_unit,
                  m.value AS municipal_value, m.qualifier AS municipal_qualifier, m.unit AS municipal_unit,
                  d.value - m.value AS difference, d.source_text AS district_source_text,
                  m.source_text AS municipal_source_text, d.target_id AS district_target_id,
                  m.target_id AS municipal_target_id
           FROM targets d
           JOIN documents dd ON dd.doc_id = d.doc_id AND dd.level <> 'municipality'
           JOIN jurisdictions j ON j.jurisdiction_code = dd.jurisdiction_code
           LEFT JOIN jurisdictions jp ON jp.jurisdiction_code = j.parent_code
           LEFT JOIN (SELECT t.*, md.year FROM targets t JOIN documents md ON md.doc_id = t.doc_id
                      WHERE md.level = 'municipality') m
                  ON m.metric = d.metric AND m.year = dd.year
                     AND m.jurisdiction_code IN (j.parent_code, jp.parent_code)  -- the municipality above it
           WHERE d.metric_kind = 'level'""",
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
        "Five-year-plan indicators beside the municipal and district targets of the same measure in the "
        "list year the link names (2026 for the seeds; links in data/reference/fyp_metric_map.csv).",
        """SELECT f.doc_id AS plan_doc_id, f.jurisdiction_code, f.indicator_no, f.name AS indicator,
                  f.unit AS plan_unit,
                  f.baseline_year, f.baseline_text, f.baseline_value, f.target_year, f.target_text, f.target_value,
                  f.target_cumulative, l.metric, l.note AS link_note, m.metric_zh, m.metric_en,
                  mt.value AS municipal_2026_value, mt.unit AS municipal_2026_unit,
                  dt.value AS district_2026_value, dt.unit AS district_2026_unit,
                  dt.source_text AS district_2026_source_text
           FROM fyp_indicators f
           JOIN fyp_metric_links l ON l.indicator_name = f.name
           JOIN jurisdictions fj ON fj.jurisdiction_code = f.jurisdiction_code
           LEFT JOIN jurisdictions fjp ON fjp.jurisdiction_code = fj.parent_code
           LEFT JOIN metrics m ON m.metric = l.metric AND m.list_year = l.list_year
           LEFT JOIN (SELECT t.*, d.year FROM targets t JOIN documents d USING (doc_id)
                      WHERE d.level = 'municipality') mt
                  ON mt.metric = l.metric AND mt.year = l.list_year
                     AND mt.jurisdiction_code IN (fj.jurisdiction_code, fj.parent_code, fjp.parent_code)
           LEFT JOIN (SELECT t.metric, t.jurisdiction_code, d.year, sum(t.value) AS value,
                             any_value(t.unit) AS unit,
                             string_agg(t.source_text, ' | ' ORDER BY t.span_start) AS source_text
                      FROM targets t JOIN documents d USING (doc_id)
                      WHERE d.level <> 'municipality'
                      GROUP BY ALL) dt
                  ON dt.metric = l.metric AND dt.jurisdiction_code = f.jurisdiction_code AND dt.year = l.list_year""",
    ),
}


def statements() -> list[str]:
    out = []
    for name, (comment, sql) in VIEWS.items():
        out.append(f"CREATE VIEW {name} AS {sql}")
        out.append(f"COMMENT ON VIEW {name} IS '{comment.replace(chr(39), chr(39) * 2)}'")
    return out
