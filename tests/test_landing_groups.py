"""The landing page groups lists by province and by the list they take up (issue 24, items 5 and 7): the seeds'
Chongqing group, a generated province → prefectures → counties hierarchy with its medians computed here
independently, and a page for a few thousand lists that stays small and fast."""

from __future__ import annotations

import html
import re
import statistics
import time

import duckdb
import pytest

from analytics.report.landing import CHART_MAX_MARKS, landing_page
from analytics.report.render import Job, jobs


def _province(page: str, code: str) -> str:
    """The <details> group of one province (by its code in the summary)."""
    for group in re.findall(r'<details class="prov".*?</details>', page, re.S):
        if re.search(rf"<summary>.*?<small>{code}</small>.*?</summary>", group, re.S):
            return group
    raise AssertionError(f"no province group {code}")


def _block(group: str, code: str) -> str:
    """The block of one list above in a province group (by its code in the heading)."""
    for block in re.findall(r'<div class="above">.*?</table></div></div>', group, re.S):
        if re.search(rf"<h4>.*?<small>{code} ", block):
            return block
    raise AssertionError(f"no block of the list above {code}")


def _rows(block: str) -> list[str]:
    return re.findall(r"<tr><td>.*?</tr>", block, re.S)


def test_the_seeds_chongqing_group_lists_its_districts_with_links(rendered, con):
    paths, _ = rendered
    page = (paths.reports / "index.html").read_text(encoding="utf-8")
    group = _province(page, "500000")
    assert "<strong>重庆市</strong> Chongqing Municipality" in group and "4 lists" in group
    block = _block(group, "500000")
    assert '<a href="overview-500000-2026.html">重庆市 Chongqing Municipality</a>' in block
    assert '<a href="item-500000-09-2026.html">9</a>' in block  # the item pages rendered
    assert '<a href="district-500237-2026.html">巫山县 Wushan County</a>' in block
    rows = _rows(block)
    assert len(rows) == 3
    for code, name in (("500237", "巫山县 Wushan County"), ("500114", "黔江区 Qianjiang District"),
                       ("500240", "石柱土家族自治县 Shizhu Tujia Autonomous County")):  # fmt: skip
        [row] = [r for r in rows if f"<small>{code}</small>" in r]
        linked = f'<a href="district-{code}-2026.html">{name}</a>' in row
        assert linked == (paths.reports / f"district-{code}-2026.html").exists() and name in row  # unrendered: no link
        taken = con.execute(
            """SELECT count(*) FILTER (WHERE takeup <> 'not_taken_up'), count(*) FROM item_takeup
               WHERE jurisdiction_code = ?""",
            [code],
        ).fetchone()
        assert f"<td>{taken[0]} / {taken[1]}</td>" in row
        per_head = con.execute("SELECT yuan_per_resident FROM budget_summary WHERE jurisdiction_code = ?", [code])
        per_head = per_head.fetchone()[0]
        assert ("未公布 not published" in row) == (per_head is None) and "<td>0" not in row
    # one search box filtering groups and rows, no data in the script, nothing fetched from elsewhere
    assert page.count('id="report-filter"') == 1 and "details.prov" in page
    assert re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", page) == ["assets/plotly.min.js"]
    # the dot plot of the largest group is still there (the seeds' three lists)
    assert 'id="shares-2026-figure"' in page


def test_a_generated_hierarchy_is_grouped_under_its_province_and_prefectures(project, tmp_path, monkeypatch):
    """Zhejiang's lists in one group 浙江省, Wenzhou's counties under 温州市 (not Hangzhou's), with the medians of
    each block as computed here from item_takeup and quota_shares, and Chongqing's seeds in a group of their own."""
    from hierarchy_generator import YEAR, generate
    from test_hierarchy import _built

    h = generate(1)
    monkeypatch.setenv("ANALYTICS_ROOT", str(project.root))
    with _built(project, tmp_path, h) as con:
        all_jobs = jobs(project.database)
        page = landing_page(con, all_jobs, {j.name for j in all_jobs})
        docs = dict(
            con.execute(
                "SELECT jurisdiction_code, doc_id FROM documents WHERE kind = 'annual_livelihood_list' AND year = ?",
                [YEAR],
            ).fetchall()
        )
        expected = {}
        for above in ("330300", "330100", "330000"):
            fractions = [
                taken / items
                for taken, items in con.execute(
                    """SELECT count(*) FILTER (WHERE takeup <> 'not_taken_up'), count(*) FROM item_takeup
                       WHERE parent_doc_id = ? GROUP BY doc_id""",
                    [docs[above]],
                ).fetchall()
            ]
            ratios = [
                r
                for (r,) in con.execute(
                    "SELECT proportionality FROM quota_shares WHERE parent_doc_id = ? AND share IS NOT NULL",
                    [docs[above]],
                ).fetchall()
            ]
            expected[above] = (statistics.median(fractions), statistics.median(ratios) if ratios else None)
    section = page[page.index(f'id="year-{YEAR}"') :]
    section = section[: section.index("</section>")]
    zhejiang = _province(section, "330000")
    assert "<strong>浙江省</strong>" in zhejiang and f"{len(h.lists)} lists" in zhejiang
    assert "lists above, in 1 province:" in section  # the year's sentence counts as people write
    assert "巫山县" not in zhejiang
    for above, (takeup, ratio) in expected.items():
        block = _block(zhejiang, above)
        below = h.children(above)
        rows = _rows(block)
        assert sorted(re.findall(r"<small>(\d{6})</small>", "".join(rows))) == sorted(t.code for t in below)
        for t in below:
            assert f'href="district-{t.code}-{YEAR}.html">{t.name}' in block
        figs = html.unescape(re.search(r'<p class="figs">(.*?)</p>', block).group(1))
        assert f"median {takeup * 100:.0f}% of its" in figs, figs
        assert f"×{ratio:.2f} over" in figs if ratio is not None else "none comparable" in figs, figs
        assert f'href="overview-{above}-{YEAR}.html"' in block
    wenzhou = _block(zhejiang, "330300")
    assert "温州市" in wenzhou and "苍南县" in wenzhou and "瑞安市" in wenzhou and "桐庐县" not in wenzhou
    assert "区县 counties and districts" in wenzhou  # the level words of a prefecture's list (glossary.csv)
    assert "市州 prefectures" in _block(zhejiang, "330000")
    chongqing = page[page.index('id="year-2026"') :]
    assert "巫山县" in _province(chongqing, "500000")


def _synthetic(path, provinces: int = 30, prefectures: int = 10, counties: int = 9) -> int:
    """A database with only what the landing page reads: a province list, its prefectures' and their counties',
    with take-up, shares, populations and money (some not published). Returns the number of lists."""
    con = duckdb.connect(str(path))
    con.execute(
        """CREATE TABLE divisions AS
           WITH p AS (SELECT 110000 + 10000 * i AS code FROM range(?) r(i)),
                f AS (SELECT p.code AS province, p.code + 100 * (j + 1) AS code FROM p, range(?) r(j)),
                c AS (SELECT f.province, f.code AS prefecture, f.code + k + 1 AS code FROM f, range(?) r(k))
           SELECT code::VARCHAR AS code, NULL AS parent, 'province' AS level FROM p
           UNION ALL SELECT code::VARCHAR, province::VARCHAR, 'prefecture' FROM f
           UNION ALL SELECT code::VARCHAR, prefecture::VARCHAR, 'county' FROM c""",
        [provinces, prefectures, counties],
    )
    con.execute(
        """CREATE TABLE jurisdictions AS SELECT code AS jurisdiction_code, '地<b>' || code AS name_zh,
           'Place ' || code AS name_en, level, NULL AS type_zh, parent AS parent_code, 1 AS document_count
           FROM divisions"""
    )
    con.execute(
        """CREATE TABLE documents AS SELECT code || '-2025' AS doc_id, code AS jurisdiction_code,
           '地<b>' || code AS jurisdiction_name_zh, 'Place ' || code AS jurisdiction_name_en, level, 2025 AS year,
           'annual_livelihood_list' AS kind, CASE WHEN parent IS NOT NULL THEN parent || '-2025' END AS parent_doc_id,
           '政府办公室' AS issuer, NULL AS doc_number, NULL AS issued, 'list ' || code AS title FROM divisions"""
    )
    con.execute(
        """CREATE TABLE projects AS SELECT doc_id, (i + 1)::VARCHAR AS item_no FROM documents, range(15) r(i)"""
    )
    con.execute(
        """CREATE TABLE item_takeup AS SELECT doc_id, parent_doc_id, (i + 1)::VARCHAR AS municipal_item_no,
           CASE WHEN (hash(doc_id) % 1000 + i) % 5 = 0 THEN 'not_taken_up' ELSE 'taken_up' END AS takeup
           FROM documents, range(15) r(i) WHERE parent_doc_id IS NOT NULL"""
    )
    con.execute(
        """CREATE TABLE quota_shares AS
           WITH m AS (SELECT d.*, i, (hash(d.doc_id) % 1000 + i) AS h
                      FROM documents d, range(10) r(i) WHERE d.parent_doc_id IS NOT NULL)
           SELECT doc_id, parent_doc_id, jurisdiction_code, (i + 1)::VARCHAR AS municipal_item_no, 'm' || i AS metric,
           '指标' AS metric_zh, 'measure' AS metric_en, 'aligned' AS status, 10.0 AS district_value,
           100.0 AS municipal_value, '个' AS unit, CASE WHEN h % 3 <> 0 THEN 0.01 + (h % 97) / 1000 END AS share,
           0.1 AS population_share, CASE WHEN h % 3 <> 0 THEN 0.1 + (h % 97) / 100 END AS proportionality,
           true AS comparable, NULL AS caveat, '句子' AS district_source_text, '句子' AS municipal_source_text FROM m"""
    )
    con.execute(
        """CREATE TABLE population_used AS SELECT jurisdiction_code, 1000 + hash(jurisdiction_code) % 100000
           AS resident_population FROM jurisdictions"""
    )
    con.execute(
        """CREATE TABLE budget_summary AS SELECT doc_id, hash(doc_id) % 4 = 0 AS published,
           CASE WHEN hash(doc_id) % 4 = 0 THEN 10 + hash(doc_id) % 900 END AS yuan_per_resident,
           CASE WHEN hash(doc_id) % 4 = 0 THEN 'annual' END AS investment_kind, 5 AS items_with_figure, 15 AS items
           FROM documents"""
    )
    con.execute(
        """CREATE TABLE build_info AS SELECT * FROM (VALUES ('project_version', '0.1.0'),
           ('data_version', 'synthetic'), ('built_at', 'now')) v(key, value)"""
    )
    count = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    return count


def test_a_landing_page_of_thousands_of_lists_is_small_and_fast(tmp_path):
    """3,030 lists: the page is built from a few queries in seconds, is not one long table (a group per province,
    a table per list above), stays well under 2 MB, draws no chart of thousands of marks, and escapes the names it
    shows."""
    path = tmp_path / "synthetic.duckdb"
    count = _synthetic(path)
    assert count == 30 + 300 + 2700
    with duckdb.connect(str(path), read_only=True) as con:
        codes = con.execute("SELECT jurisdiction_code, parent_doc_id IS NULL FROM documents").fetchall()
        all_jobs = [
            Job("district_profile", {}, f"district-{code}-2025", code, "district", 2025, jurisdiction_code=code)
            for code, _ in codes
        ]
        parents = {p for (p,) in con.execute("SELECT DISTINCT parent_doc_id FROM documents").fetchall() if p}
        for code, _ in codes:
            if f"{code}-2025" in parents:
                all_jobs.append(
                    Job("overview", {}, f"overview-{code}-2025", code, "overview", 2025, jurisdiction_code=code)
                )
                all_jobs += [
                    Job("metric_comparison", {"municipal_item_no": str(n)}, f"item-{code}-{n:02d}-2025", "", "item",
                        2025, jurisdiction_code=code)
                    for n in range(1, 16)
                ]  # fmt: skip
        start = time.perf_counter()
        page = landing_page(con, all_jobs, {j.name for j in all_jobs})
        seconds = time.perf_counter() - start
        block = con.execute(
            """SELECT count(*) FILTER (WHERE takeup <> 'not_taken_up') / count(*) FROM item_takeup
               WHERE parent_doc_id = '120100-2025' GROUP BY doc_id"""
        ).fetchall()
    size = len(page.encode("utf-8"))
    assert seconds < 20, f"{seconds:.1f} s"  # about 2 s on the project's 2-core machine
    assert size < 1_500_000, f"{size:,} bytes"
    assert page.count('<details class="prov"') == 30 and page.count('<div class="above">') == 330
    assert len(re.findall(r"<tr><td>", page)) == 3000  # every list below its list above, once
    # at most the largest group's chart, and only while it is small: never a chart of thousands of marks
    assert page.count('<figure class="chart"') <= 1
    assert all(int(n) <= CHART_MAX_MARKS for n in re.findall(r"Download the data \(CSV, (\d+) rows\)", page))
    assert "地<b>" not in page and "地&lt;b&gt;120101" in page  # names escaped
    assert f"{count:,} documents, listed" in page  # the citation does not list 3,030 documents
    tianjin = _block(_province(page, "120000"), "120100")
    median = statistics.median(f for (f,) in block)
    assert f"median {median * 100:.0f}% of its 15 items" in html.unescape(tianjin)
    assert 'href="item-120100-15-2025.html"' in tianjin


@pytest.mark.parametrize("width", [360, 1280])
def test_the_search_box_filters_groups_and_rows(rendered, width):
    """Typing a county's name shows its row (its province opened) and hides the other rows; clearing restores."""
    from conftest import CHROMIUM, CHROMIUM_FLAGS, require_chromium

    require_chromium("the landing page's search")
    from playwright.sync_api import sync_playwright

    paths, _ = rendered
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto((paths.reports / "index.html").as_uri(), wait_until="load")
        visible = "() => [...document.querySelectorAll('table.below tbody tr')].filter(r => !r.hidden).length"
        assert page.evaluate(visible) == 3
        page.fill("#report-filter", "wushan")
        assert page.evaluate(visible) == 1
        assert page.locator("tr:not([hidden]) >> text=Wushan County").count() == 1
        assert page.evaluate("() => document.querySelector('details.prov').open")
        assert "1 lists" in page.inner_text("#filter-count")
        page.fill("#report-filter", "no such place")
        assert page.evaluate("() => document.querySelector('details.prov').hidden")
        page.fill("#report-filter", "")
        assert page.evaluate(visible) == 3
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1]
        browser.close()
