"""The rendered report site: offline, citable, every report present, failures reported not fatal."""

from __future__ import annotations

import os
import re

import papermill
import pytest
from conftest import REPORT_SUBSET as SUBSET
from conftest import normalised_outputs

from analytics.report.blocks import REPORT_MODE_ENV, table
from analytics.report.render import Job, jobs, render_all

# the session's rendered reports (conftest.rendered, conftest.site): rendered once, on one pytest-xdist worker


def test_jobs_come_from_the_database(built):
    paths, _ = built
    names = [j.name for j in jobs(paths.database)]
    assert names[0] == "overview-500000-2026"
    assert {"district-500237-2026", "district-500114-2026", "district-500240-2026"} <= set(names)
    assert {f"item-500000-{i:02d}-2026" for i in range(1, 16)} <= set(names)
    assert len(names) == 1 + 3 + 15


def test_every_report_is_written_and_linked(rendered):
    paths, result = rendered
    assert not result.failed, [o.error for o in result.failed]
    index = (paths.reports / "index.html").read_text(encoding="utf-8")
    for name in SUBSET:
        assert (paths.reports / f"{name}.html").exists()
        assert (paths.reports / "notebooks" / f"{name}.ipynb").exists()
        assert f'href="{name}.html"' in index


@pytest.mark.parametrize("name", SUBSET)
def test_reports_carry_provenance_and_citation(rendered, name):
    paths, _ = rendered
    page = (paths.reports / f"{name}.html").read_text(encoding="utf-8")
    assert "数据版本 Data version" in page and "生成日期 Generated" in page and "参数 Parameters" in page
    assert "来源 Sources" in page and "渝府办发〔2026〕12号" in page
    assert "如何引用 How to cite" in page and "@misc{" in page
    assert "open_report()" not in page  # code is hidden
    assert not re.search(r">\s*(nan|NaN|None)\s*<", page)  # missing values are said in words
    assert "['" not in page  # lists (lead units) are written as text, not as an array repr


@pytest.mark.parametrize("name", SUBSET)
def test_reports_work_offline(rendered, name):
    paths, _ = rendered
    page = (paths.reports / f"{name}.html").read_text(encoding="utf-8")
    sources = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", page)
    assert sources == ["assets/plotly.min.js"]
    assert not re.search(r"<link[^>]+href=\"https?://", page)
    assert "cdn" not in " ".join(sources).lower()
    assert len(page) < 1_500_000  # plotly.js (3-4 MB) is shared, not embedded
    assert (paths.reports / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    # one stylesheet for the site: linked, not inlined (the notebook styles alone are ~250 KB a page)
    assert re.findall(r"<link[^>]+href=\"([^\"]+)\"", page) == ["assets/report.css"]
    assert "--jp-ui-font-family" not in page and len(page.encode()) < 200_000  # was 350-410 KB with it inlined
    css = (paths.reports / "assets" / "report.css").read_text(encoding="utf-8")
    assert "--jp-ui-font-family" in css and "table.report" in css


def test_district_reports_say_what_is_not_published(rendered):
    paths, _ = rendered
    qianjiang = (paths.reports / "district-500114-2026.html").read_text(encoding="utf-8")
    assert "未公布 not published" in qianjiang and "publishes no investment figure" in qianjiang
    assert "逐项投资" not in qianjiang  # no table of 24 "not published" rows after the note that says so
    assert "6月底前" in qianjiang and "12月底前" in qianjiang  # Qianjiang's quarterly plan
    wushan = (paths.reports / "district-500237-2026.html").read_text(encoding="utf-8")
    assert "每万人公共文化设施面积" in wushan and "880.59" in wushan  # five-year plan context
    assert "新建改建农村输配水管道1430公里" in wushan  # a figure's source sentence
    assert "逐项投资" in wushan  # Wushan publishes investment: its per-item table is there


def test_unknown_jurisdiction_fails_naming_the_code(built, tmp_path):
    paths, _ = built
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        papermill.execute_notebook(
            str(paths.root / "notebooks" / "district_profile.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"jurisdiction_code": "500999"},
            kernel_name="python3",
            progress_bar=False,
        )
    assert "500999" in str(caught.value) and "unknown jurisdiction code" in str(caught.value)


def test_a_failing_notebook_does_not_stop_the_batch(built, tmp_path):
    paths, _ = built
    from analytics.paths import Paths

    out = Paths(paths.root)
    bad = Job("district_profile", {"jurisdiction_code": "500999"}, "district-500999-2026", "bad", "district", 2026)
    good = [j for j in jobs(paths.database) if j.name == "item-500000-12-2026"]
    result = render_all(out, [bad, *good])
    assert [o.job.name for o in result.failed] == ["district-500999-2026"]
    assert "500999" in result.failed[0].error
    assert (paths.reports / "item-500000-12-2026.html").exists()
    assert "failed" in (paths.reports / "index.html").read_text(encoding="utf-8")


def test_document_text_is_escaped_in_html():
    import pandas as pd

    html = table(pd.DataFrame({"title": ["<script>alert(1)</script>"]}), ["title"]).data
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_parallel_warm_kernels_match_a_sequential_papermill_run(site, tmp_path):
    """The fast path (warm kernels, parallel workers) writes the same notebooks as one papermill run each. The
    parallel side is the session's own render of every report (conftest.site: warm kernels on at least two
    workers, each kernel running several reports in turn); the sequential side renders the same jobs afresh."""
    import shutil

    from analytics.paths import Paths

    root = tmp_path / "sequential"
    shutil.copytree(site.root / "notebooks", root / "notebooks")
    shutil.copytree(site.root / "data", root / "data")
    sequential = Paths(root)
    selected = [
        j
        for j in jobs(site.database)
        if j.name in ("overview-500000-2026", "district-500240-2026", "item-500000-03-2026", "item-500000-15-2026")
    ]
    assert len(selected) == 4
    seq = render_all(sequential, selected, sequential=True)
    assert os.environ.get(REPORT_MODE_ENV) != "html"  # report mode does not leak into later notebook runs
    assert not seq.failed
    for job in selected:
        a = normalised_outputs(sequential.reports / "notebooks" / f"{job.name}.ipynb")
        b = normalised_outputs(site.reports / "notebooks" / f"{job.name}.ipynb")
        assert a == b, job.name


def test_citation_names_the_place_the_page_and_the_repository(tmp_path, monkeypatch):
    """A title with names, the report's file and data version as locator, the repository URL when CITATION.cff
    gives one, and a button that copies the BibTeX (issue 13, case 5)."""
    import pandas as pd

    from analytics.report.blocks import citation

    (tmp_path / "CITATION.cff").write_text("cff-version: 1.2.0\nrepository-code: https://example.org/la\n")
    monkeypatch.setenv("ANALYTICS_ROOT", str(tmp_path))
    docs = pd.DataFrame([{"issuer": "巫山县人民政府办公室", "doc_number": None, "issued": None}])
    block = citation(
        "Wushan County (巫山县, 500237): its share",
        "district_500237_2026",
        {"data_version": "abc"},
        docs,
        "district-500237-2026.html",
    ).data
    assert "howpublished = {HTML report district-500237-2026.html, data version abc}" in block
    assert "url = {https://example.org/la}" in block and "Wushan County (巫山县, 500237)" in block
    assert 'class="copy-cite"' in block and "navigator.clipboard.writeText" in block


def test_rendered_reports_cite_their_own_file(rendered):
    paths, _ = rendered
    for name in ("district-500237-2026", "item-500000-09-2026"):
        page = (paths.reports / f"{name}.html").read_text(encoding="utf-8")
        assert f"HTML report {name}.html, data version" in page
    assert "Wushan County (巫山县, 500237)" in (paths.reports / "district-500237-2026.html").read_text("utf-8")


def test_the_landing_page_answers_the_question_in_figures(rendered, con):
    """The landing page's headline figures are the database's (computed here by SQL, independently): each
    district's take-up, median comparable share and population share; investment per resident where a list
    publishes it and 'not published' where not; data version, citation and a filterable list of the reports."""
    import statistics

    paths, _ = rendered
    page = (paths.reports / "index.html").read_text(encoding="utf-8")
    year = 2026
    districts = con.execute(
        """SELECT d.jurisdiction_code, d.jurisdiction_name_en FROM documents d
           WHERE d.year = ? AND d.kind = 'annual_livelihood_list' AND d.level <> 'municipality'""",
        [year],
    ).fetchall()
    assert len(districts) == 3
    for code, name_en in districts:
        shares = [
            s
            for (s,) in con.execute(
                "SELECT share FROM quota_shares q JOIN documents d USING (doc_id) "
                "WHERE q.jurisdiction_code = ? AND d.year = ? AND share IS NOT NULL",
                [code, year],
            ).fetchall()
        ]
        taken = con.execute(
            "SELECT count(*) FROM item_takeup WHERE jurisdiction_code = ? AND takeup <> 'not_taken_up'", [code]
        ).fetchone()[0]
        assert f"{name_en} {taken}" in page
        assert f"{name_en} {statistics.median(shares) * 100:.2f}%" in page
        per_head = con.execute(
            "SELECT yuan_per_resident FROM budget_summary WHERE jurisdiction_code = ?", [code]
        ).fetchone()[0]
        row = re.search(rf"<tr><td>[^<]*(?:<a [^>]+>)?[^<]*{re.escape(name_en)}.*?</tr>", page, re.S)
        assert row, f"no summary row for {name_en}"
        if (paths.reports / f"district-{code}-{year}.html").exists():
            assert f'href="district-{code}-{year}.html"' in row.group(0)
        if per_head is None:
            assert "未公布 not published" in row.group(0)
        else:
            # one rounding on every page (blocks.yuan_text), and what the money is beside it
            from analytics.report.blocks import yuan_text

            assert f"{yuan_text(per_head)} 元" in row.group(0) and f"{per_head:,.2f}" not in page
            assert "whole-project cost" in row.group(0)
    version = con.execute("SELECT value FROM build_info WHERE key = 'data_version'").fetchone()[0]
    assert version in page and "@misc{" in page and 'id="report-filter"' in page
    assert "Download the data (CSV" in page and (paths.reports / "data" / f"index--shares-{year}.csv").exists()
    for name in SUBSET:
        assert f'href="{name}.html"' in page


def test_the_landing_chart_answers_in_one_sentence_and_opens_item_pages(rendered):
    """Issue 27.5: one sentence in large type answers the question; every measure a dot of its own (spread within
    its district's row), log ticks read 0.1 %, 1 %, 10 %, a click on a dot opens its item page."""
    import json

    from analytics.report.landing import jitter

    paths, _ = rendered
    page = (paths.reports / "index.html").read_text(encoding="utf-8")
    answer = re.search(r'<p class="answer">([^<]+)</p>', page)
    assert answer and "of the 15 municipal items" in answer.group(1)
    offsets = jitter(5)
    assert len(set(offsets)) == 5 and offsets == sorted(offsets) and abs(sum(offsets)) < 1e-9
    assert '"ticktext":["0.1 %","1 %","10 %"' in page or '"ticktext":["1 %","10 %"' in page
    links = json.loads(re.search(r"var links = (\[.*?\]);", page).group(1))
    assert any(link and link.startswith("item-500000-09-2026.html") for link in links)


def test_a_measure_not_published_reads_not_published(rendered):
    """Issue 27.6: a district that publishes no figure for a measure reads 未公布 not published in the share and
    proportionality cells of the item page, never '— (not comparable)'."""
    paths, _ = rendered
    page = (paths.reports / "item-500000-09-2026.html").read_text(encoding="utf-8")
    rows = [r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if "<td>未公布 not published</td>" in r]
    assert rows
    for row in rows:
        assert "— (not comparable)" not in row and row.count("未公布 not published") >= 3
