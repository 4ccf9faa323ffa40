"""Hostile, concurrent and repeated use: nothing lost, nothing silently wrong, only named errors.

Each test here failed on the code before it was written (issue: "Nothing lost or silently wrong under
concurrent, repeated or hostile use").
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import district_fixture as fixture
import pytest
import yaml
from conftest import SCALE
from district_fixture import cli, list_for
from test_bad_input import repin

from analytics.database.build import build
from analytics.documents.formats.document import read_document
from analytics.documents.manifest import load_manifest
from analytics.documents.vocabulary import Vocabulary
from analytics.errors import InputError

VOCAB = Vocabulary.load(Path(__file__).resolve().parents[1] / "data/reference/layout_vocabulary.yaml")

ANALYTICS = str(Path(sys.executable).with_name("analytics"))
TRADITIONAL = (  # a list as a Big5 site would publish it (traditional characters)
    "某縣2026年重點民生實事工作目標任務\n\t序號\n\t項目名稱\n\t牽頭單位\n\t工作任務\n\n"
    "\t1\n\t城市居住品質提升\n\t縣住房城鄉建委\n\t完成老舊小區改造12個，新增山城步道3公里。\n\n"
    "\t2\n\t提升農村飲水安全和質量\n\t縣水利局\n\t新建改建農村輸配水管道25公里，惠及群眾3萬人。\n"
)
CODES = ["500101", "500102", "500103", "500104", "500105", "500106", "500107", "500108"]


# one trial a run (eight processes racing for the manifest lock); the deep run repeats it three times per SCALE
@pytest.mark.parametrize("trial", range(1 if SCALE == 1 else 3 * SCALE))
def test_eight_adds_at_once_lose_no_entry(project, tmp_path, trial):
    sources = [list_for(code, tmp_path) for code in CODES]
    env = {**os.environ, "ANALYTICS_ROOT": str(project.root)}
    procs = [
        subprocess.Popen(
            [ANALYTICS, "add", str(src), "--jurisdiction", code, "--year", "2026"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for src, code in zip(sources, CODES)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    manifest = load_manifest(project.manifest)
    ids = {d.id for d in manifest.documents}
    assert {f"{code}-2026-livelihood" for code in CODES} <= ids
    assert len(manifest.documents) == 5 + len(CODES)
    assert not [p for p in project.raw.iterdir() if p.name.startswith(".") and p.suffix == ".tmp"]


def test_rich_markup_in_names_and_titles_is_printed_as_text(project, tmp_path):
    source = list_for("500101", tmp_path)
    source.write_text(source.read_text(encoding="utf-8").replace("社区食堂建设", "社区食堂[/i]建设"), encoding="utf-8")
    # a name that is not the code's is refused, and the refusal prints the markup as text
    refused = cli(project, "add", str(source), "--jurisdiction", "500101", "--year", "2026", "--name-zh", "万州[/bold]")
    assert refused.exit_code == 1 and "万州[/bold]" in refused.output and "Traceback" not in refused.output
    added = cli(project, "add", str(source), "--jurisdiction", "500101", "--year", "2026", "--title", "清单[/bold]")
    assert added.exit_code == 0, added.output
    assert "社区食堂[/i]建设" in added.output  # what add read, printed as text
    built = cli(project, "build")
    assert built.exit_code == 0, built.output
    info = cli(project, "info")
    assert info.exit_code == 0, info.output
    qa = cli(project, "qa")
    assert qa.exit_code == 0, qa.output


def test_an_impossible_date_in_the_manifest_names_file_and_line(project):
    text = project.manifest.read_text(encoding="utf-8")
    first_issued = next(line for line in text.splitlines() if line.strip().startswith("issued:"))
    project.manifest.write_text(text.replace(first_issued, "    issued: 2026-02-30", 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_manifest(project.manifest)
    line = text.splitlines().index(first_issued) + 1
    assert caught.value.problem.line == line and "2026-02-30" in str(caught.value)
    result = cli(project, "build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"manifest.yaml:{line}" in result.output


@pytest.mark.parametrize(("encoding", "named"), [("big5", "Big5"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16")])
def test_big5_and_utf16_are_named_not_misread(tmp_path, encoding, named):
    path = tmp_path / "list.txt"
    path.write_bytes(TRADITIONAL.encode(encoding))
    with pytest.raises(InputError) as caught:
        read_document(path, VOCAB)
    assert named in str(caught.value) and "list.txt" in str(caught.value)


def test_plain_gb18030_and_utf8_still_read(tmp_path):
    for encoding in ("utf-8", "gb18030"):
        path = tmp_path / f"list-{encoding}.txt"
        path.write_bytes(fixture.cell_per_line_text().encode(encoding))
        assert read_document(path, VOCAB).text.startswith(fixture.cell_per_line_text()[:20])


def _unreadable(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    fake_docx = tmp_path / "fake.docx"
    with zipfile.ZipFile(fake_docx, "w") as z:
        z.writestr("hello.txt", "not a word document")
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_bytes(b"%PDF-1.4 this is not really a pdf")
    no_table = tmp_path / "notice.txt"
    no_table.write_text(
        "关于印发某区2026年重点民生实事的通知\n各街道：现印发给你们，请认真贯彻执行。\n", encoding="utf-8"
    )
    return {"empty": empty, "zip named .docx": fake_docx, "fake PDF": fake_pdf, "no table": no_table}


@pytest.mark.parametrize("case", ["empty", "zip named .docx", "fake PDF", "no table"])
def test_add_refuses_what_the_build_could_not_read(project, tmp_path, case):
    before = project.manifest.read_text(encoding="utf-8")
    raw_before = sorted(p.name for p in project.raw.iterdir())
    result = cli(project, "add", str(_unreadable(tmp_path)[case]), "--jurisdiction", "500101", "--year", "2026")
    assert result.exit_code == 1, result.output
    assert "error" in result.output and "Traceback" not in result.output
    assert project.manifest.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in project.raw.iterdir()) == raw_before


def test_add_refuses_a_symlink(project, tmp_path):
    link = tmp_path / "passwd.txt"
    link.symlink_to("/etc/passwd")
    result = cli(project, "add", str(link), "--jurisdiction", "500101", "--year", "2026")
    assert result.exit_code == 1 and "symbolic link" in result.output
    assert not (project.raw / "500101-2026-livelihood.txt").exists()


def test_remove_undoes_an_add(project, tmp_path):
    before = project.manifest.read_text(encoding="utf-8")
    source = list_for("500101", tmp_path)
    assert cli(project, "add", str(source), "--jurisdiction", "500101", "--year", "2026").exit_code == 0
    assert (project.raw / "500101-2026-livelihood.txt").exists()
    removed = cli(project, "remove", "500101-2026-livelihood")
    assert removed.exit_code == 0, removed.output
    assert project.manifest.read_text(encoding="utf-8") == before
    assert not (project.raw / "500101-2026-livelihood.txt").exists()
    missing = cli(project, "remove", "500101-2026-livelihood")
    assert missing.exit_code == 1 and "500000-2026-livelihood" in missing.output  # lists the valid ids


def test_manifest_stays_valid_yaml_after_adds_and_removes(project, tmp_path):
    for code in CODES[:3]:
        assert (
            cli(project, "add", str(list_for(code, tmp_path)), "--jurisdiction", code, "--year", "2026").exit_code == 0
        )
    assert cli(project, "remove", f"{CODES[1]}-2026-livelihood").exit_code == 0
    data = yaml.safe_load(project.manifest.read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]][-2:] == [f"{CODES[0]}-2026-livelihood", f"{CODES[2]}-2026-livelihood"]
    build(project)


def _kernels_of(pid: int) -> list:
    import psutil

    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []
    out = []
    for child in children:
        try:
            if any("ipykernel" in part for part in child.cmdline()):
                out.append(child)
        except psutil.Error:
            continue
    return out


def test_a_killed_kernel_is_noticed_and_its_report_rendered_again(project, tmp_path, monkeypatch):
    import threading
    import time

    from analytics.report.render import jobs, render_all

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    build(project)
    todo = [
        j
        for j in jobs(project.database)
        if j.name in ("item-500000-01-2026", "item-500000-02-2026", "item-500000-03-2026", "item-500000-04-2026")
    ]
    killed: list[int] = []

    def killer() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            kernels = _kernels_of(os.getpid())
            if kernels and list(project.reports.glob("item-*.html")):
                kernels[0].kill()  # kill -9, between or during reports
                killed.append(kernels[0].pid)
            time.sleep(0.2)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    start = time.monotonic()
    result = render_all(project, todo, workers=1)
    elapsed = time.monotonic() - start
    thread.join(timeout=5)
    assert killed, "the test did not manage to kill a kernel"
    assert not result.failed, [o.error for o in result.failed]
    assert elapsed < 120  # noticed within seconds, not after the 600-second cell timeout
    assert sorted(p.stem for p in project.reports.glob("item-*.html")) == [j.name for j in todo]
    assert not list(tmp.glob("analytics-kernel-*"))


def test_sigterm_stops_reports_cleanly_and_leaves_no_kernel_files(project, tmp_path):
    import signal
    import tempfile
    import time

    tmp = Path(tempfile.mkdtemp(prefix="ak", dir="/tmp"))  # a short TMPDIR: the kernels use IPC sockets there
    build(project)
    env = {**os.environ, "ANALYTICS_ROOT": str(project.root), "TMPDIR": str(tmp)}
    only = [
        a for n in ("item-500000-01-2026", "item-2", "item-03", "item-500000-05-2026", "item-06") for a in ("--only", n)
    ]
    proc = subprocess.Popen(
        [ANALYTICS, "reports", "--force", *only], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not _kernels_of(proc.pid):
        time.sleep(0.2)
    assert _kernels_of(proc.pid), "no kernel started"
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and list(tmp.glob("analytics-kernel-*")):
        time.sleep(0.2)
    assert not list(tmp.glob("analytics-kernel-*"))


def test_database_and_parquet_are_one_unit(project):
    from analytics.database.freshness import is_current, parquet_build_id, parquet_matches

    build(project)
    assert parquet_matches(project.database, project.parquet) and is_current(project)
    # a build killed between the Parquet swap and the database rename leaves the two from different builds
    (project.parquet / "BUILD_ID").write_text("another-build\n", encoding="utf-8")
    assert not parquet_matches(project.database, project.parquet) and not is_current(project)
    info = cli(project, "info")
    assert info.exit_code == 0 and "not from this build" in info.output
    rebuilt = cli(project, "build")  # not "up to date": it writes both again
    assert rebuilt.exit_code == 0 and "up to date" not in rebuilt.output
    assert parquet_matches(project.database, project.parquet) and parquet_build_id(project.parquet) != "another-build"
    assert "up to date" in cli(project, "build").output


def test_temporary_files_of_dead_builds_are_removed(project):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)  # a process that has exited
    project.processed.mkdir(parents=True, exist_ok=True)
    stale = [
        project.processed / f".livelihood.duckdb.{pid}.tmp",
        project.processed / f".livelihood.duckdb.{pid}.tmp.wal",
    ]
    for path in stale:
        path.write_bytes(b"half a database")
    stale_dir = project.processed / f".parquet.{pid}.tmp"
    stale_dir.mkdir()
    live = project.processed / f".livelihood.duckdb.{os.getppid()}.tmp"  # a build still running elsewhere
    live.write_bytes(b"in progress")
    build(project)
    assert not any(p.exists() for p in [*stale, stale_dir])
    assert live.exists()


def test_two_lists_for_one_jurisdiction_and_year_are_refused_naming_both(project):
    text = project.manifest.read_text(encoding="utf-8")
    entries = yaml.safe_load(text)["documents"]
    wushan = next(e for e in entries if e["id"] == "500237-2026-livelihood")
    copy = dict(wushan, id="500237-2026-livelihood-b", file="500237-2026-livelihood-copy.txt")
    (project.raw / copy["file"]).write_bytes((project.raw / wushan["file"]).read_bytes())
    extra = "\n".join(
        [f"  - id: {copy['id']}"]
        + [
            f"    {k}: {yaml.safe_dump(v, allow_unicode=True).splitlines()[0]}"
            for k, v in copy.items()
            if k != "id" and v is not None
        ]
    )
    project.manifest.write_text(text.rstrip("\n") + "\n" + extra + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(project)
    message = str(caught.value)
    assert wushan["file"] in message and copy["file"] in message and "500237 2026" in message


QIANJIANG = "500114-2026-livelihood.txt"


@pytest.mark.parametrize("stated", ["（10件）", "（十件）", "（共10项）"])
def test_items_lost_from_a_section_are_warned_about(project, stated):
    path = project.raw / QIANJIANG
    text = path.read_text(encoding="utf-8").replace("（10件）", stated)
    start = text.index("\t3\n")  # drop items 3 and 4 of the first section, at a row boundary
    end = text.index("\t5\n", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    repin(project, QIANJIANG)
    result = build(project)
    assert any("states 10 items but 8 were read" in str(w) for w in result.warnings), [str(w) for w in result.warnings]


def test_a_tier_word_in_the_item_number_column_is_an_error(project):
    path = project.raw / QIANJIANG
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("\t2\n\t廉租房提档升级改造")].count("\n") + 1
    path.write_text(text.replace("\t2\n\t廉租房提档升级改造", "\t市级\n\t廉租房提档升级改造", 1), encoding="utf-8")
    repin(project, QIANJIANG)
    with pytest.raises(InputError) as caught:
        build(project)
    assert QIANJIANG in str(caught.value) and "市级" in str(caught.value)
    assert caught.value.problem.line == line


def test_a_new_year_adds_reports_and_changes_no_report_of_another_year(project, tmp_path):
    """Adding the 2027 municipal list and a county's 2027 list adds that year's reports; every 2026 report reads
    the same documents and shows the same rows as before (issue 14, case 2)."""
    from analytics.report.data import open_report
    from analytics.report.render import jobs, render_all, select_jobs, with_inputs

    def snapshot() -> dict[str, object]:
        ctx = open_report("district_profile", str(project.database), jurisdiction_code="500237", year="2026")
        item = open_report("metric_comparison", str(project.database), municipal_item_no="9", year="2026")
        overview = open_report("overview", str(project.database), year="2026")
        frames = {
            "items": ctx.items("500237"),
            "shares": ctx.shares("500237"),
            "budgets": ctx.budgets("500237"),
            "municipal_items": item.municipal_items(),
            "item_shares": item.item_shares("9"),
            "takeup": item.item_takeup("9"),
            "coverage": overview.coverage(),
            "matrix": overview.proportionality_matrix(),
        }
        return {k: v.to_json(orient="records", force_ascii=False) for k, v in frames.items()}

    build(project)
    before = {j.name: j.inputs for j in with_inputs(project, jobs(project.database))}
    rows_before = snapshot()
    for code, file in (("500000", "500000-2026-livelihood.txt"), ("500237", "500237-2026-livelihood.txt")):
        path = tmp_path / f"{code}-2027.txt"
        path.write_text((project.raw / file).read_text(encoding="utf-8").replace("2026", "2027"), encoding="utf-8")
        result = cli(project, "add", str(path), "--jurisdiction", code, "--year", "2027")
        assert result.exit_code == 0, result.output
    build(project)
    after_jobs = jobs(project.database)
    after = {j.name: j.inputs for j in with_inputs(project, after_jobs)}
    assert {n: after[n] for n in before} == before  # same documents, data version and parameters
    assert snapshot() == rows_before
    assert "district-500237-2027" in after and "district-500237-2026" in after
    assert [j.name for j in select_jobs(after_jobs, ["district-500237"])] == ["district-500237-2027"]

    outcome = render_all(project, select_jobs(after_jobs, ["district-500237-2027"]))
    assert not outcome.failed, [o.error for o in outcome.failed]
    page = (project.reports / "district-500237-2027.html").read_text(encoding="utf-8")
    assert "2027年重点民生实事" in page and "not compared" in page and "no metric catalogue" in page
    assert "analytics catalogue draft 2027" in page
    index = (project.reports / "index.html").read_text(encoding="utf-8")
    assert 'href="district-500237-2027.html"' in index and "\x1b[" not in index
