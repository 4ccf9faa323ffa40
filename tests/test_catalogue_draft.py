"""`analytics catalogue draft YEAR`: a municipal list of a year no catalogue describes gets a draft catalogue
that aligns that year's district lists at once, every comparison on it flagged as unreviewed.

The lists are generated from a known truth (items, the words naming each figure, municipal and district values)
and written in other wording than the seeds; what the database holds after the draft and a build is compared
with that truth figure by figure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import duckdb
import pytest
import yaml
from district_fixture import cli

from analytics.database.build import build

YEAR = 2027
TITLES = ["城市更新行动", "农村供水提升", "养老服务扩面", "青少年心理关爱", "社区便民服务", "残疾人就业帮扶"]
NAMES = [  # (words naming the figure, unit)
    ("老旧小区改造", "个"),
    ("农村供水管网", "公里"),
    ("社区老年食堂", "家"),
    ("心理健康讲座", "场次"),
    ("持证养老护理员", "名"),
    ("无障碍设施改造", "处"),
    ("口袋公园建设", "个"),
    ("便民服务驿站", "个"),
]
VERBS = ["完成", "新增", "推进", "实施"]


@dataclass
class Figure:
    item_no: str
    name: str
    unit: str
    municipal: int
    district: int | None  # None: the district list does not publish this figure


def generate(seed: int) -> tuple[list[tuple[str, list[Figure]]], random.Random]:
    rng = random.Random(seed)
    names = rng.sample(NAMES, len(NAMES))
    items = []
    for n, title in enumerate(rng.sample(TITLES, rng.randint(3, 5)), 1):
        figures = []
        for _ in range(rng.randint(1, 2)):
            if not names:
                break
            name, unit = names.pop()
            municipal = rng.randint(50, 5000)
            district = rng.randint(1, municipal // 10) if rng.random() < 0.8 else None
            figures.append(Figure(str(n), name, unit, municipal, district))
        items.append((title, figures))
    return items, rng


def cell_list(title: str, rows: list[list[str]], sections: list[str | None]) -> str:
    out = [title, "", "\t序号", "\t项目名称", "\t牵头单位", "\t工作任务", ""]
    for section, row in zip(sections, rows):
        if section:
            out += ["\t" + section, ""]
        out += ["\t" + c for c in row] + [""]
    return "\n".join(out) + "\n"


def municipal_text(items) -> str:
    rows = [
        [str(n), title, "市级部门", "；".join(f"全年{f.name}{f.municipal}{f.unit}" for f in figures) + "。"]
        for n, (title, figures) in enumerate(items, 1)
    ]
    return cell_list(f"重庆市{YEAR}年重点民生实事", rows, [None] * len(rows))


def district_text(items, rng: random.Random) -> str:
    rows = []
    for n, (title, figures) in enumerate(items, 1):
        published = [f for f in figures if f.district is not None]
        task = "，".join(f"{rng.choice(VERBS)}{f.name}{f.district}{f.unit}" for f in published) or "按市级要求推进"
        rows.append([str(n), title, "区有关部门", task + "。"])
    sections = ["一、市级重点民生实事"] + [None] * (len(rows) - 1)
    return cell_list(f"渝中区{YEAR}年重点民生实事", rows, sections)


GRID_2026 = """SELECT q.* EXCLUDE (district_target_ids, municipal_target_ids) FROM quota_shares q
               JOIN documents d USING (doc_id) WHERE d.year = 2026 ORDER BY q.doc_id, q.metric"""


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_draft_catalogue_aligns_a_district_list_of_its_year(project, tmp_path, seed):
    items, rng = generate(seed)
    municipal, district = tmp_path / "cq.txt", tmp_path / "yz.txt"
    municipal.write_text(municipal_text(items), encoding="utf-8")
    district.write_text(district_text(items, rng), encoding="utf-8")
    for path, code in ((municipal, "500000"), (district, "500103")):
        result = cli(project, "add", str(path), "--jurisdiction", code, "--year", str(YEAR))
        assert result.exit_code == 0, result.output

    build(project)  # before the draft: 2027 figures are found, none aligned, and the build says why
    with duckdb.connect(str(project.database), read_only=True) as con:
        assert con.execute(
            "SELECT count(*) FROM targets t JOIN documents d USING (doc_id) WHERE d.year = ? AND metric IS NOT NULL",
            [YEAR],
        ).fetchone() == (0,)
        warned = con.execute("SELECT message FROM build_warnings WHERE message LIKE '%catalogue draft 2027%'")
        assert warned.fetchall()
        grid_2026 = con.execute(GRID_2026).fetchall()

    result = cli(project, "catalogue", "draft", str(YEAR))
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load((project.reference / f"metric_catalogue_500000_{YEAR}.yaml").read_text(encoding="utf-8"))
    truth = [f for _, figures in items for f in figures]
    assert len(draft["metrics"]) == len(truth) and not any(m["reviewed"] for m in draft["metrics"])
    assert [m["metric_zh"] for m in draft["metrics"]] == [f.name for f in truth]  # 全年 is not part of a name
    assert cli(project, "catalogue", "draft", str(YEAR)).exit_code == 1  # no silent overwrite

    build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        shares = {
            (r[0], r[1]): r[2:]
            for r in con.execute(
                """SELECT q.municipal_item_no, m.metric_zh, q.status, q.district_value, q.municipal_value,
                          q.share, q.caveat
                   FROM quota_shares q JOIN metrics m ON m.metric = q.metric AND m.list_year = ?
                   JOIN documents d ON d.doc_id = q.doc_id AND d.year = ?""",
                [YEAR, YEAR],
            ).fetchall()
        }
        assert con.execute(GRID_2026).fetchall() == grid_2026  # another year's catalogue changes nothing of 2026
    for f in truth:
        [(key, row)] = [(k, v) for k, v in shares.items() if k[0] == f.item_no and f.name.endswith(k[1][-4:])]
        status, district_value, municipal_value, share, caveat = row
        assert municipal_value == f.municipal, key
        if f.district is None:
            assert status == "not_published" and district_value is None and share is None
        else:
            assert status == "aligned" and district_value == f.district
            assert share == pytest.approx(f.district / f.municipal)
            assert "draft catalogue" in caveat
    qa = cli(project, "qa").output
    assert f"{len(truth)} unreviewed metric(s)" in qa
