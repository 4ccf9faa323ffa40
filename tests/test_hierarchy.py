"""Each list compared with the list above it (issue 24): a generated province → prefectures → counties hierarchy
(tests/hierarchy_generator.py) added through `analytics add`, its parent lists' catalogues drafted with
`analytics catalogue draft YEAR --jurisdiction CODE`, built, and every share, take-up and chain compared field
by field with the truth it was generated from."""

from __future__ import annotations

import duckdb
import pytest
from conftest import SCALE
from hierarchy_generator import YEAR, Hierarchy, generate, render
from typer.testing import CliRunner

from analytics.cli import app
from analytics.database.build import build


def _add_population(project, h: Hierarchy) -> None:
    """Each figure recorded as a researcher would: `analytics population add CODE YEAR N --source …`."""
    env = {"ANALYTICS_ROOT": str(project.root)}
    for code, people in h.population.items():
        source = f"{h.lists[code].name}第七次全国人口普查公报 (generated for the test)"
        added = CliRunner().invoke(
            app,
            ["population", "add", code, "2020", str(people), "--source", source, "--basis", "第七次全国人口普查"],
            env=env,
        )
        assert added.exit_code == 0 and f"{people:,} residents" in added.output, added.output


def _built(project, tmp_path, h: Hierarchy) -> duckdb.DuckDBPyConnection:
    runner, env = CliRunner(), {"ANALYTICS_ROOT": str(project.root)}
    _add_population(project, h)
    for code, truth in h.lists.items():
        name, content = render(truth)
        source = tmp_path / name
        source.write_text(content, encoding="utf-8")
        added = runner.invoke(app, ["add", str(source), "--jurisdiction", code, "--year", str(YEAR)], env=env)
        assert added.exit_code == 0, added.output
    for code in [c for c in h.lists if h.children(c)]:
        drafted = runner.invoke(app, ["catalogue", "draft", str(YEAR), "--jurisdiction", code], env=env)
        assert drafted.exit_code == 0, drafted.output
    build(project)
    return duckdb.connect(str(project.database), read_only=True)


# three hierarchies a run, the same each run; ORACLE_SCALE=20 tries sixty (the scheduled deep run)
@pytest.mark.parametrize("seed", range(1, 1 + 3 * SCALE))
def test_a_generated_hierarchy_compares_every_list_with_the_one_above(project, tmp_path, seed):
    h = generate(seed)
    with _built(project, tmp_path, h) as con:
        shares = {
            (r[0], r[1]): r[2:]
            for r in con.execute(
                """SELECT q.jurisdiction_code, q.municipal_item_no, q.parent_code, q.status, q.district_value,
                          q.municipal_value, q.share, q.population_share, q.proportionality
                   FROM quota_shares q JOIN documents d USING (doc_id) WHERE d.year = ?""",
                [YEAR],
            ).fetchall()
        }
        takeup = {
            (r[0], r[1]): r[2:]
            for r in con.execute(
                "SELECT t.jurisdiction_code, municipal_item_no, parent_code, takeup FROM item_takeup t "
                "JOIN documents d USING (doc_id) WHERE d.year = ?",
                [YEAR],
            ).fetchall()
        }
        chains = {
            (r[0], r[1]): r[2:]
            for r in con.execute(
                """SELECT bottom_code, middle_metric, top_code, middle_code, top_value, middle_value, bottom_value,
                          bottom_share_of_top, middle_proportionality, bottom_proportionality
                   FROM target_chains"""
            ).fetchall()
        }
        metric_of = {
            (r[0], r[1]): r[2]
            for r in con.execute("SELECT jurisdiction_code, municipal_item_no, metric FROM metrics").fetchall()
        }
        parents = dict(con.execute("SELECT jurisdiction_code, parent_doc_id FROM documents").fetchall())

    expected_shares, expected_takeup, expected_chains = {}, {}, {}
    for code, truth in h.lists.items():
        if truth.parent is None:
            assert parents[code] is None
            continue
        assert parents[code] == f"{truth.parent}-{YEAR}-livelihood"
        above = h.lists[truth.parent]
        population_share = h.population[code] / h.population[truth.parent]
        for item in above.items:
            mine = next((i for i in truth.items if i.taken_from == item.number), None)
            key = (code, str(item.number))
            expected_takeup[key] = (truth.parent, "taken_up" if mine else "not_taken_up")
            if mine is None:
                expected_shares[key] = (truth.parent, "not_taken_up", None, float(item.value), None, population_share,
                                        None)
                continue
            share = mine.value / item.value
            expected_shares[key] = (truth.parent, "aligned", float(mine.value), float(item.value),
                                    pytest.approx(share), pytest.approx(population_share),
                                    pytest.approx(share / population_share))
            top = h.lists[above.parent] if above.parent else None
            source = next((i for i in top.items if i.number == item.taken_from), None) if top else None
            if source is not None:
                middle_share = item.value / source.value
                middle_population_share = h.population[above.code] / h.population[top.code]
                expected_chains[code, metric_of[above.code, str(item.number)]] = (
                    top.code, above.code, float(source.value), float(item.value), float(mine.value),
                    pytest.approx(mine.value / source.value),
                    pytest.approx(middle_share / middle_population_share),
                    pytest.approx(share / population_share),
                )
    assert shares == expected_shares
    assert takeup == expected_takeup
    assert chains == expected_chains and expected_chains  # every generated hierarchy passes a figure down twice


def test_a_population_figure_is_refused_with_its_reason_and_nothing_written(project):
    env = {"ANALYTICS_ROOT": str(project.root)}
    path = project.reference / "population_additions.csv"
    before = path.read_text(encoding="utf-8")
    for args, reason in [
        (["999999", "2020", "5", "--source", "x"], "unknown division code"),
        (["330327", "2020", "0", "--source", "x"], "must be positive"),
        (["330327", "2020", "5", "--source", ""], "needs its source"),
        (["330327", "2020", "5", "--source", "x", "--trust", "rumour"], "is not one of"),
    ]:
        refused = CliRunner().invoke(app, ["population", "add", *args], env=env)
        assert refused.exit_code == 1 and reason in refused.output, refused.output
    assert path.read_text(encoding="utf-8") == before


def test_a_profile_names_the_list_above_or_shows_its_own_figures_when_there_is_none(project, tmp_path):
    """A county compared with its prefecture's list says so (not Chongqing's); a list with no list above it shows
    every figure with its sentence, and its population as unknown."""
    from test_numbered_lists import NPC_ANNOUNCEMENT

    from analytics.report import district
    from analytics.report.data import ReportContext

    h = generate(1)
    lone = tmp_path / "lone.txt"
    lone.write_text(NPC_ANNOUNCEMENT, encoding="utf-8")
    env = {"ANALYTICS_ROOT": str(project.root)}
    added = CliRunner().invoke(app, ["add", str(lone), "--jurisdiction", "341122", "--year", str(YEAR)], env=env)
    assert added.exit_code == 0, added.output  # 来安县, Anhui: no list above it in the corpus
    with _built(project, tmp_path, h) as con:
        county = "330327"
        prefecture = h.lists[county].parent
        zh, en = district.heading(ReportContext(con), county)
        assert en == f"Cangnan County ({county}): its share of Wenzhou's {YEAR} key livelihood targets", en
        assert zh.endswith("承接全市任务的份额")
        shown = district.key_figures(ReportContext(con), county).data
        share = h.population[county] / h.population[prefecture]
        assert f"{share:.2%} of Wenzhou" in shown and "Chongqing" not in shown
        assert "本级指标" not in district.items_table(ReportContext(con), county).data

        zh, en = district.heading(ReportContext(con), "341122")
        assert en == f"Lai'an County (341122): its {YEAR} key livelihood list (no list of the level above for {YEAR})"
        own = district.items_table(ReportContext(con), "341122").data
        assert "本级指标 The list&#x27;s figures (16;" in own and "新增公共停车位800个" in own
        assert "Chongqing" not in own and "承接上级项目" not in own
        figures = district.key_figures(ReportContext(con), "341122").data
        assert "population unknown" in figures and f"no {YEAR} list of the level above" in figures


def test_reports_follow_the_hierarchy(project, tmp_path):
    """Every list others take up gets its comparison page and item pages; a county's profile links to its
    prefecture's item pages; a prefecture's item page shows the county figures it was taken up with, and the
    province's shows the figure passed down two levels (the chain)."""
    import re

    from analytics.report.inputs import Scopes, documents_read
    from analytics.report.render import jobs, render_all, select_jobs

    h = generate(1)
    with _built(project, tmp_path, h) as con:
        chains = con.execute(
            """SELECT top_item_no, middle_code, middle_item_no, bottom_code, bottom_value FROM target_chains
               WHERE top_doc_id IS NOT NULL ORDER BY top_item_no, bottom_code"""
        ).fetchall()
    all_jobs = jobs(project.database)
    names = {j.name for j in all_jobs}
    with duckdb.connect(str(project.database), read_only=True) as con:  # a batch finds each report's documents
        scopes = Scopes(con)  # as the report itself does, at every level
        for job in all_jobs:
            assert scopes.documents_read(job.notebook, job.parameters) == documents_read(
                con, job.notebook, job.parameters
            ), job.name
    for above in ("330000", "330300", "330100"):  # every list others take up
        assert f"overview-{above}-{YEAR}" in names
        assert any(n.startswith(f"item-{above}-") for n in names), above
    county, prefecture = "330327", "330300"
    taken = next(i for i in h.lists[county].items if i.taken_from)  # an item of Wenzhou's the county takes up
    wenzhou_item = f"item-{prefecture}-{taken.taken_from:02d}-{YEAR}"
    top_item = next(r for r in chains if r[1] == prefecture and r[3] == county)
    province_item = f"item-330000-{int(top_item[0]):02d}-{YEAR}"
    # a name without the code of the list above is ambiguous here: three lists above have an item 1
    with pytest.raises(ValueError, match="ambiguous"):
        select_jobs(all_jobs, [f"item-1-{YEAR}"])
    todo = select_jobs(all_jobs, [f"overview-{prefecture}", wenzhou_item, province_item, f"district-{county}"])
    result = render_all(project, todo)
    assert not result.failed, [(o.job.name, o.error) for o in result.failed]

    def page(name: str) -> str:
        return (project.reports / f"{name}.html").read_text(encoding="utf-8")

    overview = page(f"overview-{prefecture}-{YEAR}")
    assert "温州市" in overview and "苍南县" in overview and "瑞安市" in overview
    assert "桐庐县" not in overview and "Chongqing" not in overview  # Hangzhou's counties are on Hangzhou's page

    item = page(wenzhou_item)
    assert f"新建{taken.thing}{taken.value}个" in item  # the county's sentence, beside Wenzhou's
    assert f'href="overview-{prefecture}-{YEAR}.html"' in item and "Chongqing" not in item

    province = page(province_item)
    assert "逐级分解" in province  # the chain: province → prefecture → county
    bottom = [r for r in chains if r[0] == top_item[0]]
    assert all(f"{int(r[4]):,}" in province for r in bottom)

    profile = page(f"district-{county}-{YEAR}")
    assert re.search(rf'href="item-{prefecture}-\d\d-{YEAR}\.html', profile), "no link to Wenzhou's item pages"
