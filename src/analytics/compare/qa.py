"""Coverage of the target parser and the catalogue: what was found, what was aligned, what was left over.

Every quantity should be explained: aligned to a municipal metric, or listed here as a district-only figure
with its sentence, so that a parser gap shows up as an odd line in this report.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass
class DocumentCoverage:
    doc_id: str
    jurisdiction: str
    found: int
    aligned: int
    unaligned: list[tuple[str, str, str]]  # (item_no, expression, sentence)
    context: list[tuple[str, str, str]]  # figures that describe, not targets: explained, never compared


@dataclass
class QaReport:
    documents: list[DocumentCoverage]
    metrics_not_taken_up: list[tuple[str, str, str, str]]  # (item, metric, zh, en)
    warnings: list[tuple[str, int | None, str]]
    extremes: list[tuple[str, str, float, float, float]]  # (jurisdiction, metric, share, population share, ratio)
    # (jurisdiction, metric, share or NULL, ratio_not_a_share, comparable, scope, caveat) above the review threshold
    for_review: list[tuple[str, str, float | None, float, bool, str, str | None]]
    takeup: list[tuple[str, str, int, int, int]]  # (doc, jurisdiction, taken up, carried, not taken up)
    unreviewed: list[tuple[int, str, str, int]]  # (list year, metric, label, district figures aligned to it)


def coverage(
    con: duckdb.DuckDBPyConnection, flag_above: float = 5.0, flag_below: float = 0.2, review_above: float = 0.25
) -> QaReport:
    docs = []
    for doc_id, name, code in con.execute(
        """SELECT d.doc_id, d.jurisdiction_name_zh, d.jurisdiction_code FROM documents d
           WHERE d.kind = 'annual_livelihood_list' ORDER BY d.level <> 'municipality', d.jurisdiction_code"""
    ).fetchall():
        found, aligned = con.execute(
            "SELECT count(*), count(metric) FROM targets WHERE doc_id = ?", [doc_id]
        ).fetchone()
        unaligned, context = (
            con.execute(
                f"""SELECT item_no, expression, source_text FROM targets
                    WHERE doc_id = ? AND metric IS NULL AND {condition} ORDER BY span_start""",
                [doc_id],
            ).fetchall()
            for condition in ("NOT context", "context")
        )
        docs.append(DocumentCoverage(doc_id, f"{name} {code}", found, aligned, unaligned, context))
    not_taken = con.execute(
        """SELECT municipal_item_no, metric, any_value(metric_zh), any_value(metric_en) FROM quota_shares
           GROUP BY municipal_item_no, metric HAVING bool_and(status <> 'aligned')
           ORDER BY try_cast(municipal_item_no AS INTEGER), metric"""
    ).fetchall()
    warnings = con.execute("SELECT file, line, message FROM build_warnings").fetchall()
    extremes = con.execute(
        """SELECT jurisdiction_code, metric, share, population_share, proportionality FROM quota_shares
           WHERE proportionality > ? OR proportionality < ? ORDER BY proportionality DESC""",
        [flag_above, flag_below],
    ).fetchall()
    for_review = con.execute(
        """SELECT jurisdiction_code, metric, share, ratio_not_a_share, comparable, scope, caveat FROM quota_shares
           WHERE ratio_not_a_share > ? ORDER BY ratio_not_a_share DESC""",
        [review_above],
    ).fetchall()
    takeup = con.execute(
        """SELECT t.doc_id, any_value(j.name_zh) || ' ' || t.jurisdiction_code,
                  count(*) FILTER (WHERE takeup = 'taken_up'),
                  count(*) FILTER (WHERE takeup = 'carried_in_other_items'),
                  count(*) FILTER (WHERE takeup = 'not_taken_up')
           FROM item_takeup t JOIN jurisdictions j USING (jurisdiction_code)
           GROUP BY t.doc_id, t.jurisdiction_code ORDER BY t.jurisdiction_code"""
    ).fetchall()
    unreviewed = con.execute(
        """SELECT m.list_year, m.metric, m.metric_zh,
                  count(t.target_id) AS district_figures
           FROM metrics m
           LEFT JOIN documents pd ON pd.jurisdiction_code = m.jurisdiction_code AND pd.year = m.list_year
                                  AND pd.kind = 'annual_livelihood_list'
           LEFT JOIN documents d ON d.parent_doc_id = pd.doc_id
           LEFT JOIN targets t ON t.metric = m.metric AND t.doc_id = d.doc_id
           WHERE NOT m.reviewed GROUP BY ALL ORDER BY m.list_year, m.metric"""
    ).fetchall()
    return QaReport(docs, not_taken, warnings, extremes, for_review, takeup, unreviewed)
