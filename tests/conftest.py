"""Shared fixtures: a private copy of the project's data, built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from analytics.build import build
from analytics.paths import Paths

REPO = Path(__file__).resolve().parents[1]


def copy_project(target: Path) -> Paths:
    """A throw-away project root with the repository's raw and reference data."""
    for sub in ("data/raw", "data/reference"):
        shutil.copytree(REPO / sub, target / sub)
    (target / "data" / "processed").mkdir(parents=True, exist_ok=True)
    return Paths(target)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):
    paths = copy_project(tmp_path_factory.mktemp("project"))
    result = build(paths)
    return paths, result


@pytest.fixture(scope="session")
def con(built) -> duckdb.DuckDBPyConnection:
    paths, _ = built
    connection = duckdb.connect(str(paths.database), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def project(tmp_path: Path) -> Paths:
    return copy_project(tmp_path)
