"""What the explore notebook teaches: tracing a figure to its sentence, and tables that read the same in
JupyterLab as in the reports."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import analytics
from analytics.report.blocks import REPORT_MODE_ENV, table

REPO = Path(__file__).resolve().parents[1]


def test_source_traces_a_figure_to_its_sentence(con):
    target_id, doc_id, start, end, s_start, s_end = con.execute(
        """SELECT target_id, doc_id, span_start, span_end, sentence_start, sentence_end FROM targets
           WHERE jurisdiction_code = '500237' AND metric IS NOT NULL ORDER BY span_start LIMIT 1"""
    ).fetchall()[0]
    [(text,)] = con.execute("SELECT text FROM documents WHERE doc_id = ?", [doc_id]).fetchall()
    src = analytics.source(target_id, con)
    assert src.doc_id == doc_id and src.span == (start, end)
    assert src.figure == text[start:end] and src.figure in src.sentence
    assert src.sentence == text[s_start:s_end].strip()
    assert "巫山府办发〔2026〕11号" in src.citation() and src.item_no in src.citation()
    con.sql("SELECT 1").fetchall()  # the connection is still usable afterwards


def test_source_accepts_a_comparison_row_and_refuses_a_sum(con):
    row = (
        con.sql("SELECT * FROM quota_shares WHERE status = 'aligned' AND len(district_target_ids) = 1 LIMIT 1")
        .df()
        .iloc[0]
    )
    assert analytics.source(row, con).target_id == row["district_target_ids"][0]
    summed = con.sql("SELECT * FROM quota_shares WHERE len(district_target_ids) > 1 LIMIT 1").df()
    if not summed.empty:
        with pytest.raises(ValueError, match="sums"):
            analytics.source(summed.iloc[0], con)
    with pytest.raises(KeyError):
        analytics.source("no-such-target", con)


def test_tables_carry_their_alignment_in_a_notebook_and_not_in_the_report(monkeypatch):
    df = pd.DataFrame({"name_zh": ["石柱土家族自治县"], "share": [0.0123], "caveat": ["说明"]})
    monkeypatch.delenv(REPORT_MODE_ENV, raising=False)
    notebook = table(df, ["name_zh", "share", "caveat"], {"share": lambda v: f"{v:.2%}"}).data
    assert 'style="text-align: left; vertical-align: top; white-space: nowrap"' in notebook  # name unbroken
    assert 'style="text-align: right' in notebook  # the number
    assert "<th style=" in notebook
    monkeypatch.setenv(REPORT_MODE_ENV, "html")
    report = table(df, ["name_zh", "share", "caveat"], {"share": lambda v: f"{v:.2%}"}).data
    assert "style=" not in report and 'class="nowrap"' in report and 'class="num"' in report


@pytest.mark.parametrize("notebook", sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb")))
def test_notebooks_name_the_project_kernel_and_leave_no_empty_output(notebook):
    nb = json.loads((REPO / "notebooks" / notebook).read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "livelihood-analytics"
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html is not None:
                assert "".join(html).strip(), f"an empty HTML output in {notebook}: {''.join(cell['source'])[:80]}"


def test_sources_and_citation_say_missing_fields_in_words_and_escape_bibtex():
    from analytics.report.blocks import citation, sources

    docs = pd.DataFrame(
        [
            {
                "doc_id": "500103-2026-livelihood",
                "issuer": "渝中区} @misc{forged,",
                "issuer_en": None,
                "title": "渝中区2026年重点民生实事",
                "doc_number": None,
                "issued": pd.NaT,
                "release_note": float("nan"),
                "sha256": "ab" * 32,
            }
        ]
    )
    html = sources(docs).data
    assert "nan" not in html and "NaT" not in html and "None" not in html
    assert "date not recorded" in html and "none printed" in html
    cite = citation(
        "District profile 500103", "district_500103", {"data_version": "abc", "project_version": "0.1"}, docs
    )
    text = cite.data
    assert "NaT" not in text and "n.d." in text
    assert text.count("@misc{") == 1  # the issuer's } cannot close the field and forge a second entry
    assert r"\}" in text


def test_whole_numbers_print_without_a_decimal_and_trust_in_plain_words():
    from analytics.report.blocks import fmt_number
    from analytics.report.glossary import trust_words

    assert fmt_number(1)(7277.0) == "7,277" and fmt_number(1)(81655.5) == "81,655.5"
    assert trust_words("mirror") == "copy on an unofficial site"
    assert "mirror" not in trust_words("mirror") and trust_words("official") == "official source"
