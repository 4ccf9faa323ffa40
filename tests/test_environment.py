"""environment.yml (conda users) must list the same dependencies as pyproject.toml (pip users)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names
CONDA_NAMES = {"duckdb": "python-duckdb"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].lower()


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pip = project["dependencies"] + project["optional-dependencies"]["dev"]
    wanted = {CONDA_NAMES.get(_name(r), _name(r)): r.replace(_name(r), "", 1) for r in pip}
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = {
        _name(d): d.replace(_name(d), "", 1)
        for d in env["dependencies"]
        if isinstance(d, str) and _name(d) not in ("python", "pip")
    }
    assert conda == wanted
