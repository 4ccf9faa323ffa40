"""Bad input: a clear message naming file, line and problem, and the previous database left intact."""

from __future__ import annotations

import hashlib

import duckdb
import pytest
from typer.testing import CliRunner

from analytics.cli import app
from analytics.database.build import build
from analytics.errors import InputError

WUSHAN = "500237-2026-livelihood.txt"


def repin(paths, name: str) -> None:
    """Rewrite a raw file's hash in the manifest, as a reviewer would after accepting a change."""
    manifest = paths.manifest.read_text(encoding="utf-8")
    entry = manifest[manifest.index(f"file: {name}") :]
    old = entry.split("sha256: ", 1)[1].split("\n", 1)[0]
    new = hashlib.sha256((paths.raw / name).read_bytes()).hexdigest()
    paths.manifest.write_text(manifest.replace(old, new), encoding="utf-8")


def edit(paths, name: str, old: str, new: str, count: int = 1) -> int:
    """Replace text in a raw file, re-pin its hash, and return the 1-based line of the edit."""
    path = paths.raw / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    repin(paths, name)
    return line


def fingerprint(paths) -> tuple[bytes, int]:
    data = paths.database.read_bytes()
    with duckdb.connect(str(paths.database), read_only=True) as con:
        return hashlib.sha256(data).digest(), con.execute("SELECT count(*) FROM projects").fetchone()[0]


@pytest.fixture
def previous(project):
    build(project)
    return project, fingerprint(project)


def assert_fails_and_keeps(paths, before, *needles):
    with pytest.raises(InputError) as caught:
        build(paths)
    message = str(caught.value)
    for needle in needles:
        assert needle in message, message
    assert fingerprint(paths) == before
    return message


def test_missing_file(previous):
    paths, before = previous
    (paths.raw / WUSHAN).unlink()
    assert_fails_and_keeps(paths, before, WUSHAN, "missing")


def test_changed_hash(previous):
    paths, before = previous
    path = paths.raw / WUSHAN
    path.write_bytes(path.read_bytes() + b"\n")
    assert_fails_and_keeps(paths, before, WUSHAN, "sha256")


def test_missing_cell_names_the_line(previous):
    paths, before = previous
    # item 2's lead unit cell is dropped: the row has 5 cells instead of 6
    line = edit(paths, WUSHAN, "\t关爱青少年心理健康\n\t县教委\n", "\t关爱青少年心理健康\n")
    message = assert_fails_and_keeps(paths, before, WUSHAN, "5 cells", "has 6")
    assert f"{WUSHAN}:{line - 1}:" in message  # the row starts at the item number, one line up


def test_duplicated_item_number(previous):
    paths, before = previous
    line = edit(paths, WUSHAN, "\t2\n\t关爱青少年心理健康", "\t1\n\t关爱青少年心理健康")
    assert_fails_and_keeps(paths, before, f"{WUSHAN}:{line}:", "duplicate item number 1", "first at line")


def test_gb18030_file_is_decoded_and_recorded(project):
    path = project.raw / WUSHAN
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    repin(project, WUSHAN)
    result = build(project)
    with duckdb.connect(str(project.database), read_only=True) as con:
        encoding = con.execute("SELECT encoding FROM documents WHERE file = ?", [WUSHAN]).fetchone()[0]
        count = con.execute("SELECT count(*) FROM projects WHERE jurisdiction_code = '500237'").fetchone()[0]
        title = con.execute(
            "SELECT title FROM projects WHERE jurisdiction_code = '500237' AND item_no = '1'"
        ).fetchone()[0]
    assert (encoding, count, title) == ("gb18030", 22, "城市居住品质提升")
    assert any(WUSHAN in str(w) and "gb18030" in str(w) for w in result.warnings)


def test_undecodable_bytes_name_the_line(previous):
    paths, before = previous
    path = paths.raw / WUSHAN
    path.write_bytes(b"line one\nline two\n\xff\xfe\xfa broken\n")
    repin(paths, WUSHAN)
    assert_fails_and_keeps(paths, before, f"{WUSHAN}:3:", "cannot decode")


def test_cli_reports_the_error_and_keeps_the_database(previous, monkeypatch):
    paths, before = previous
    (paths.raw / WUSHAN).unlink()
    monkeypatch.setenv("ANALYTICS_ROOT", str(paths.root))
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 1
    assert WUSHAN in result.output and "left as it was" in result.output
    assert fingerprint(paths) == before


def test_cli_build_and_info(project, monkeypatch):
    monkeypatch.setenv("ANALYTICS_ROOT", str(project.root))
    built = CliRunner().invoke(app, ["build"])
    assert built.exit_code == 0, built.output
    assert "500114-2026-livelihood" in built.output and "no warnings" in built.output
    info = CliRunner().invoke(app, ["info"])
    assert info.exit_code == 0, info.output
    assert "projects" in info.output and "巫山府办发〔2026〕11号" in info.output
