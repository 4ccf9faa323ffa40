"""The package's folders are its stages, and a lower stage never imports a higher one.

The contract lives in pyproject.toml ([tool.importlinter]); import-linter checks it. The second test copies
the package, adds one upward import and expects the contract to break, so the check cannot pass vacuously.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")
STAGES = ["documents", "items", "targets", "compare", "database", "report"]


def _lint(root: Path, package_parent: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_stages_import_only_downwards():
    run = _lint(REPO, REPO / "src")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 kept, 0 broken" in run.stdout


def test_contract_names_every_stage_folder_in_flow_order():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
    layers = [layer.removeprefix("analytics.") for layer in config["layers"]]
    assert layers[1 : 1 + len(STAGES)] == list(reversed(STAGES))
    base = [m.removeprefix("analytics.") for layer in layers[1 + len(STAGES) :] for m in layer.split(" | ")]
    assert base and all((REPO / "src/analytics" / f"{m}.py").exists() for m in base)
    folders = {p.name for p in (REPO / "src/analytics").iterdir() if (p / "__init__.py").exists()}
    assert folders == set(STAGES)
    for stage in STAGES:
        doc = (REPO / "src/analytics" / stage / "__init__.py").read_text()
        assert doc.startswith('"""Stage') and " in, " in doc, f"{stage}/__init__.py should say what it takes and gives"


@pytest.mark.parametrize(
    ("module", "upward_import"),
    [
        ("documents/manifest.py", "from ..database import build as _upward\n"),
        ("targets/catalogue.py", "from ..compare import quota as _upward\n"),
        ("compare/qa.py", "from ..report import charts as _upward\n"),
        # inside the documents stage: a format reader never reads a layout, the base never a format
        ("documents/formats/html_page.py", "from ..layouts import tables as _upward\n"),
        ("documents/sourcetext.py", "from .formats import document as _upward\n"),
        # a circle between two modules of one folder
        ("documents/formats/encoding.py", "from . import document as _circle\n"),
        ("documents/layouts/cells.py", "from . import tables as _circle\n"),
    ],
)
def test_an_upward_import_breaks_the_contract(tmp_path, module, upward_import):
    shutil.copytree(REPO / "src/analytics", tmp_path / "src/analytics", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "src/analytics" / module
    target.write_text(target.read_text(encoding="utf-8") + upward_import, encoding="utf-8")
    run = _lint(tmp_path, tmp_path / "src")
    assert run.returncode != 0
    assert "BROKEN" in run.stdout
    name = module.replace("/", ".").removesuffix(".py")
    # a layers contract names the module; an acyclic one a dependency of the circle to remove, from or to it
    # (".encoding -> .document", ".tables -> .cells")
    leaf = name.rsplit(".", 1)[1]
    assert name in run.stdout or f"- .{leaf} -> " in run.stdout or f"-> .{leaf} (" in run.stdout


def _layout_sections(readme: str) -> dict[str, str]:
    """The README's layout block cut at each package folder line ('  documents/ …'): folder → its lines."""
    layout = readme.split("## Layout", 1)[1].split("```", 2)[1]
    sections: dict[str, str] = {"": ""}
    current = ""
    for line in layout.splitlines():
        head = line[2:].split(" ", 1)[0]
        if line.startswith("  ") and not line.startswith("   ") and head.endswith("/"):
            current = head.rstrip("/")
            sections[current] = ""
        elif not line.startswith("   "):
            current = ""
        sections[current] += line + "\n"
    return sections


def test_readme_layout_lists_every_module():
    """The README's map is how a newcomer walks the folders: every module is on it, under its own folder."""
    sections = _layout_sections((REPO / "README.md").read_text(encoding="utf-8"))
    package = REPO / "src/analytics"
    for path in sorted(package.rglob("*.py")):
        if path.name == "__init__.py":
            continue
        rel = path.relative_to(package)
        folder = rel.parts[0] if len(rel.parts) > 1 else ""
        assert folder in sections, f"{folder}/ is not on the README's layout"
        assert path.name in sections[folder], f"{rel} is not listed under {folder or 'src/analytics'}/ in the README"
