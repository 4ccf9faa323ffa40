"""A generated corpus for benchmarks: 38 districts × 3 years of lists in the real layouts.

Each district list is one of the three real district lists (Wushan: one cell per line with 备注 and budgets;
Qianjiang: sections and a quarterly plan; Shizhu: sections restarting their numbering), with the jurisdiction
renamed, some items dropped and every figure in the task texts varied; each year has a municipal list in the
PDF row-per-line layout with varied figures. Deterministic for a given seed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = {
    "500237": "500237-2026-livelihood.txt",
    "500114": "500114-2026-livelihood.txt",
    "500240": "500240-2026-livelihood.txt",
}
MUNICIPAL = "500000-2026-livelihood.txt"
YEARS = (2024, 2025, 2026)
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _vary_numbers(line: str, rng: random.Random) -> str:
    def repl(m: re.Match[str]) -> str:
        text = m.group(0)
        if len(text) == 4 and text.startswith("20"):
            return text  # a year
        value = float(text) * rng.uniform(0.5, 2.0)
        return f"{value:.1f}" if "." in text else str(max(1, round(value)))

    return NUMBER.sub(repl, line)


def _vary_task_lines(text: str, rng: random.Random) -> str:
    """Vary figures in long lines (task cells and rows), never in short cells (item numbers, headers)."""
    out = []
    for line in text.split("\n"):
        head, sep, last = line.rpartition("\t")  # in a row-per-line table only the task cell varies
        out.append(head + sep + _vary_numbers(last, rng) if len(last) > 24 else line)
    return "\n".join(out)


def _drop_items(text: str, rng: random.Random, at_most: int) -> str:
    """Drop whole item rows: from an item-number cell line to the next one, when nothing else lies between."""
    lines = text.split("\n")
    starts = [i for i, ln in enumerate(lines) if re.fullmatch(r"\t\d+", ln) and i > 0 and not lines[i - 1].strip()]
    spans = [
        (a, b)
        for a, b in zip(starts, starts[1:])
        if not any(w in "\n".join(lines[a:b]) for w in ("序号", "附件", "、区", "（一）", "（二）", "、承接"))
    ]
    drop = set()
    for a, b in rng.sample(spans, k=min(at_most, max(0, len(spans) - 5))):
        drop.update(range(a, b))
    return "\n".join(ln for i, ln in enumerate(lines) if i not in drop)


def _empty_project(root: Path) -> Path:
    """A project root with the reference data and notebooks and no document yet; returns its data/raw."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    raw = root / "data" / "raw"
    raw.mkdir(parents=True)
    (root / "data" / "processed").mkdir()
    return raw


def generate(root: Path, seed: int = 7) -> int:
    """Write a project root (data/raw, data/reference, notebooks) with the generated corpus; returns its size."""
    rng = random.Random(seed)
    raw = _empty_project(root)
    with (REPO / "data" / "reference" / "divisions.csv").open(encoding="utf-8") as handle:
        # Chongqing's 38 districts and counties (divisions.csv holds every division of China)
        divisions = [r for r in csv.DictReader(handle) if r["parent_code"] == "500000"]
    templates = {code: (REPO / "data" / "raw" / name).read_text(encoding="utf-8") for code, name in TEMPLATES.items()}
    names = {"500237": "巫山县", "500114": "黔江区", "500240": "石柱县"}
    entries = []
    municipal = (REPO / "data" / "raw" / MUNICIPAL).read_text(encoding="utf-8")
    for year in YEARS:
        text = _vary_task_lines(municipal.replace("2026", str(year)), rng)
        entries.append(_write(raw, "500000", "重庆市", "Chongqing Municipality", "municipality", year, text))
        for division in divisions:
            template_code = rng.choice(list(TEMPLATES))
            text = templates[template_code].replace(names[template_code], division["name_zh"])
            text = text.replace("2026", str(year))
            text = _vary_task_lines(_drop_items(text, rng, 3), rng)
            level = "district" if division["level"] == "district" else "county"
            entries.append(_write(raw, division["code"], division["name_zh"], division["name_en"], level, year, text))
    _write_manifest(raw, entries)
    return len(entries)


def _write(raw: Path, code: str, zh: str, en: str, level: str, year: int, text: str) -> dict:
    doc_id = f"{code}-{year}-livelihood"
    path = raw / f"{doc_id}.txt"
    path.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {
        "id": doc_id,
        "file": path.name,
        "sha256": digest,
        "code": code,
        "zh": zh,
        "en": en,
        "level": level,
        "year": year,
    }


PARENT_LEVELS = ("province", "municipality", "prefecture")


def national(root: Path, year: int = 2025, seed: int = 13) -> int:
    """Every province, prefecture and county of divisions.csv with a list for `year` (issue 24's national corpus):
    a list of a division with divisions below it is the municipal template renamed (figures varied), a county's
    one of the three district templates renamed; each list that others take up gets a catalogue (the reviewed
    2026 one, for its jurisdiction and year: the templates share its wording). Returns the number of lists."""
    rng = random.Random(seed)
    raw = _empty_project(root)
    with (REPO / "data" / "reference" / "divisions.csv").open(encoding="utf-8") as handle:
        divisions = [r for r in csv.DictReader(handle) if r["level"] != "special_administrative_region"]
    has_children = {r["parent_code"] for r in divisions if r["parent_code"]}
    divisions = [r for r in divisions if r["level"] not in PARENT_LEVELS or r["code"] in has_children]
    templates = {code: (REPO / "data" / "raw" / name).read_text(encoding="utf-8") for code, name in TEMPLATES.items()}
    names = {"500237": "巫山县", "500114": "黔江区", "500240": "石柱县"}
    municipal = (REPO / "data" / "raw" / MUNICIPAL).read_text(encoding="utf-8").replace("2026", str(year))
    catalogue = (REPO / "data" / "reference" / "metric_catalogue.yaml").read_text(encoding="utf-8")
    entries = []
    for division in divisions:
        code, zh = division["code"], division["name_zh"]
        if division["level"] in PARENT_LEVELS:
            text = _vary_task_lines(municipal.replace("重庆市", zh), rng)
            (root / "data" / "reference" / f"metric_catalogue_{code}_{year}.yaml").write_text(
                catalogue.replace('jurisdiction_code: "500000"', f'jurisdiction_code: "{code}"').replace(
                    "list_year: 2026", f"list_year: {year}"
                ),
                encoding="utf-8",
            )
        else:
            template_code = rng.choice(list(TEMPLATES))
            text = templates[template_code].replace(names[template_code], zh).replace("2026", str(year))
            text = _vary_task_lines(_drop_items(text, rng, 3), rng)
        entries.append(_write(raw, code, zh, division["name_en"], division["level"], year, text))
    (root / "data" / "reference" / "metric_catalogue.yaml").unlink()  # Chongqing's 2026 list is not in this corpus
    _write_manifest(raw, entries)
    return len(entries)


def _write_manifest(raw: Path, entries: list[dict]) -> None:
    lines = ["documents:"]
    for e in entries:
        lines += [
            f'  - id: "{e["id"]}"',
            f"    file: {e['file']}",
            f"    sha256: {e['sha256']}",
            f'    jurisdiction_code: "{e["code"]}"',
            f"    jurisdiction_name_zh: {e['zh']}",
            f"    jurisdiction_name_en: {json.dumps(e['en'], ensure_ascii=False)}",
            f"    level: {e['level']}",
            f"    year: {e['year']}",
            "    kind: annual_livelihood_list",
            "    doc_number: null",
            f"    issuer: {e['zh']}人民政府办公室",
            f"    title: {e['zh']}{e['year']}年重点民生实事工作目标任务（生成的基准文件 generated for benchmarks）",
        ]
    (raw / "manifest.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/analytics-bench-corpus")
    print(generate(target), "documents written to", target)


def large_list(items: int, seed: int = 11) -> str:
    """Wushan's list with its item rows repeated (renumbered, figures varied) up to `items` rows: the shape of a
    very long list, for measuring how time and memory grow with the input."""
    rng = random.Random(seed)
    lines = (REPO / "data" / "raw" / TEMPLATES["500237"]).read_text(encoding="utf-8").split("\n")
    starts = [i for i, ln in enumerate(lines) if re.fullmatch(r"\t\d+", ln) and i > 0 and not lines[i - 1].strip()]
    end = next(i for i in range(starts[-1] + 1, len(lines)) if not lines[i].strip())  # the last row's end
    head, rows, tail = lines[: starts[0]], [], lines[end:]
    blocks = [lines[a:b] for a, b in zip([*starts], [*starts[1:], end + 1])]
    for n in range(1, items + 1):
        block = blocks[(n - 1) % len(blocks)]
        rows += [f"\t{n}", *(_vary_numbers(ln, rng) if len(ln) > 24 else ln for ln in block[1:])]
    return "\n".join([*head, *rows, *tail[1:]])
