"""One set of versions for everyone: requirements.lock (what `make` installs), environment.yml (conda users)
and pyproject.toml (the ranges the lock was resolved from) must agree, and the README's examples must run on
the locked versions."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names
CONDA_NAMES = {"duckdb": "python-duckdb"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _direct() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]


def _lock() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.lock").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if m:
            pins[_norm(m[1])] = m[2]
    return pins


def test_lock_pins_every_dependency_within_pyproject_ranges():
    lock = _lock()
    for req in _direct():
        name = _norm(req.name)
        assert name in lock, f"{req.name} is not in requirements.lock: run `make lock`"
        assert req.specifier.contains(lock[name]), f"{req.name}=={lock[name]} is outside {req}: run `make lock`"


def test_environment_yml_pins_the_locked_versions():
    lock = _lock()
    wanted = {CONDA_NAMES.get(_norm(r.name), _norm(r.name)): lock[_norm(r.name)] for r in _direct()}
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and not dep.startswith(("python=", "pip")):
            name, _, pinned = dep.partition("==")
            conda[name] = pinned
    assert conda == wanted


def test_installed_versions_are_the_locked_ones():
    """What `make` installed is what the lock says (a stale .venv would test other versions than CI's)."""
    lock = _lock()
    for req in _direct():
        assert version(req.name) == lock[_norm(req.name)], f"{req.name}: installed {version(req.name)}"


def _readme_python_blocks() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", readme, flags=re.S)


def test_readme_has_python_examples():
    assert len(_readme_python_blocks()) >= 2


@pytest.mark.parametrize("index", range(len(_readme_python_blocks())))
def test_readme_python_example_runs(built, monkeypatch, index):
    paths, _ = built
    """Each ```python block of the README runs as written against a built database, on the locked versions."""
    monkeypatch.setenv("ANALYTICS_ROOT", str(paths.root))
    code = _readme_python_blocks()[index]
    namespace: dict = {}
    exec(compile(code, f"README.md python block {index + 1}", "exec"), namespace)  # noqa: S102
    assert "con" in namespace
