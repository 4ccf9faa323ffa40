"""The `analytics` command: build the database, and say what it holds."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from .database.connect import connect
from .errors import InputError
from .paths import default_paths

app = typer.Typer(
    add_completion=False,
    help="Livelihood-project lists (民生实事) of Chongqing and any division of China: add, build, inspect, report.",
)
# Piped output (CI logs, tests) is not cut at 80 columns: a file name in an error must stay whole. Emoji codes are
# off: a file name or title holding :100: is printed as written, not as 💯 (Rich's escape() leaves them).
console = Console(emoji=False) if sys.stdout.isatty() else Console(width=160, emoji=False)
errors = Console(stderr=True, soft_wrap=True, emoji=False)
# Text direction overrides and isolates: they reorder what follows them on the terminal.
_BIDI_CONTROLS = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def visible(text: str) -> str:
    """Control characters (ESC sequences, CR, BEL, C1 controls, direction overrides) shown as escapes (\\x1b)
    instead of reaching the terminal; line breaks kept."""

    def show(ch: str) -> str:
        if ch == "\n" or not (unicodedata.category(ch) == "Cc" or ord(ch) in _BIDI_CONTROLS):
            return ch
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    return "".join(map(show, text))


def shown(text: object) -> str:
    """Untrusted text (a file name, a title, a document's words, an error naming them) for console.print: Rich
    markup escaped, control characters made visible (emoji codes are off on both consoles)."""
    return escape(visible(str(text)))


def _unreadable_database(paths, exc: BaseException) -> typer.Exit:
    """The message for a database that exists but cannot be read (a damaged or foreign file), and the exit."""
    errors.print(
        f"[red]error[/] {shown(paths.database)}: cannot be read as the project's database ({shown(exc)}); "
        "run `analytics build --force` to write it again",
        highlight=False,
    )
    return typer.Exit(1)


def _open_database(paths):
    """The built database, read-only; a clear message and exit 1 when it has not been built or cannot be read."""
    import duckdb

    try:
        con = connect(paths.database)
        con.execute("SELECT count(*) FROM build_info").fetchall()
    except FileNotFoundError as exc:
        errors.print(f"[red]error[/] {shown(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    except duckdb.Error as exc:
        raise _unreadable_database(paths, exc) from None
    return con


@app.command()
def build(
    force: Annotated[bool, typer.Option("--force", help="rebuild even when no input changed")] = False,
) -> None:
    """Parse the raw documents in data/raw/ and (re)build data/processed/livelihood.duckdb."""
    from .database.freshness import is_current, remove_stale_temporaries

    paths = default_paths()
    if not force and is_current(paths):
        remove_stale_temporaries(paths.processed)  # of builds killed meanwhile (a live build's are kept)
        console.print(
            f"{paths.database.relative_to(paths.root)} is up to date (no document, reference file or code changed)"
        )
        return
    from .database.build import build as run_build

    try:
        # Redrawn at each document, not by Rich's refresh thread: its allocations, interleaved with the parse's,
        # kept ~70 MB of a 50 MB list's freed cells resident.
        # the description is a manifest id, text: not markup, no emoji codes
        columns = TextColumn("[bold]parsing[/]"), TextColumn("{task.description}", markup=False), BarColumn()
        with Progress(*columns, console=console, auto_refresh=False) as bar:
            from .documents.manifest import load_manifest

            total = len(load_manifest(paths.manifest).documents)
            task = bar.add_task("", total=total)

            def step(doc_id: str) -> None:
                bar.update(task, description=visible(doc_id), advance=1)
                bar.refresh()

            result = run_build(paths, progress=step)
    except InputError as exc:
        errors.print(f"[red]error[/] {shown(str(exc))}", highlight=False)
        errors.print("The previous database was left as it was.")
        raise typer.Exit(1) from None
    summary = Table(title=f"Built {shown(paths.database.relative_to(paths.root))} (data version {result.data_version})")
    for column in ("document", "jurisdiction", "kind", "encoding", "items", "municipal tier", "local", "other rows"):
        summary.add_column(column)
    for d in result.documents:
        other = d.milestones or d.indicators
        kind = "milestones" if d.milestones else "indicators" if d.indicators else ""
        summary.add_row(
            shown(d.id),
            shown(d.jurisdiction),
            d.kind,
            shown(d.encoding),
            str(d.items),
            str(d.municipal_tier),
            str(d.local_tier),
            f"{other} {kind}".strip(),
        )
    console.print(summary)
    if len(result.warnings):
        console.print(f"[yellow]{len(result.warnings)} warning(s)[/] (also in table build_warnings):")
        for w in result.warnings:
            console.print(f"  [yellow]warning[/] {shown(str(w))}", highlight=False)
    else:
        console.print("no warnings")


@app.command()
def add(
    file: Annotated[
        Path,
        typer.Argument(
            help="the document: plain text (UTF-8 or GB18030), a saved web page (.html), .docx, text-layer PDF, "
            ".xlsx or .xls; a list table or a numbered list the page announces",
        ),
    ],
    jurisdiction: Annotated[
        str, typer.Option("--jurisdiction", help="GB/T 2260 code of any division of China, e.g. 500101 or 330381")
    ],
    year: Annotated[int, typer.Option("--year", help="the year the targets are for")],
    name_zh: Annotated[
        str | None,
        typer.Option("--name-zh", help="jurisdiction name as printed, checked against the code's (official one kept)"),
    ] = None,
    doc_number: Annotated[str | None, typer.Option("--doc-number", help="document number (文号)")] = None,
    issued: Annotated[str | None, typer.Option("--issued", help="date of issue, YYYY-MM-DD")] = None,
    level: Annotated[
        str | None, typer.Option("--level", help="not needed: the level follows from the code (checked if given)")
    ] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="issuing office")] = None,
    title: Annotated[str | None, typer.Option("--title", help="document title")] = None,
) -> None:
    """Copy a district's document into data/raw/, hash it and record it in the manifest."""
    import datetime as dt

    from .documents.intake import NewDocument, add_document
    from .reference import LEVELS

    paths = default_paths()
    try:
        date = dt.date.fromisoformat(issued) if issued else None
    except ValueError:
        errors.print(f"[red]error[/] --issued {shown(issued)}: not a date (YYYY-MM-DD)")
        raise typer.Exit(2) from None
    if level and level not in LEVELS:
        errors.print(f"[red]error[/] --level {shown(level)}: choose one of {', '.join(LEVELS)} (or leave it out)")
        raise typer.Exit(2)
    read: list = []  # what the check read, for the summary below
    warned: list = []  # what the read warned about (a section or list total the items read do not reach …)
    notes: list[str] = []  # what the user should know about the code (a renamed division)
    try:
        doc_id = add_document(
            paths,
            NewDocument(file, jurisdiction, year, name_zh, doc_number, date, level, issuer, title),
            check=_readable(paths, read, warned),
            notes=notes,
        )
    except InputError as exc:
        errors.print(f"[red]error[/] {shown(str(exc))}", highlight=False)
        errors.print("Nothing was added.")
        raise typer.Exit(1) from None
    if read:
        _print_what_was_read(read[0], paths)
    for warning in warned:
        console.print(f"[yellow]warning[/] {shown(warning)}", highlight=False)
    for note in notes:
        console.print(f"[yellow]note[/] {shown(note)}", highlight=False)
    console.print(
        f"added [bold]{shown(doc_id)}[/] to {paths.manifest.relative_to(paths.root)}; run `make reports` next "
        f"(`analytics remove {shown(doc_id)}` undoes it)"
    )


def _print_what_was_read(parsed, paths) -> None:
    """Items per section, their stated tiers and the figures in their tasks: a user sees at once whether the
    document was read right (a section with no items, a list read as one item, figures missing)."""
    from .targets.quantities import QuantityParser

    parser = QuantityParser.load(paths.reference)
    table = Table(title=f"Read from {shown(parsed.document.name)}: {len(parsed.projects)} item(s)")
    for column in ("section", "items", "from the list above", "local tier", "tier not stated", "figures", "first item"):
        table.add_column(column)
    sections: dict[str, list] = {}
    for project in parsed.projects:
        sections.setdefault(project.section or "(no section)", []).append(project)
    for section, projects in sections.items():
        tiers = [p.tier for p in projects]
        figures = sum(len(parser.parse(p.task.text)) for p in projects)
        first = projects[0]
        table.add_row(
            shown(section),
            str(len(projects)),
            str(sum(t not in (None, "local") for t in tiers)),  # 市级, 省级: taken up from a list above
            str(tiers.count("local")),
            str(sum(t is None for t in tiers)),
            str(figures),
            shown(f"{first.item_no} {first.title.text}"[:40]),
        )
    if parsed.milestones or parsed.indicators:
        other = f"{len(parsed.milestones)} checkpoints" if parsed.milestones else f"{len(parsed.indicators)} indicators"
        table.caption = f"also {other}"
    if parsed.progress:
        dated = {f"{p.as_of} ({p.as_of_source})" for p in parsed.progress if p.as_of}
        as_of = f", as of {', '.join(sorted(dated))}" if dated else ", no as-of date"
        table.caption = ((table.caption or "") + f"; {len(parsed.progress)} progress cells{as_of}").lstrip("; ")
    console.print(table)
    for note in parsed.column_notes:  # columns read by their content, or kept as text
        console.print(f"[yellow]note[/] {shown(note)}", highlight=False)
    if parsed.numbered_list is not None:
        _print_numbered_list(parsed, parser)


def _print_numbered_list(parsed, parser) -> None:
    """A list read from numbered sentences: how it was found (announcing words, numbering, stated count) and
    each item's title and figures, so a misread (a missed item, the wrong enumeration) shows at once."""
    listed = parsed.numbered_list
    layout = "one a line" if listed.one_per_line else "run together in a paragraph"
    stated = (
        f"the page states {listed.stated_count} (line {listed.stated_line})"
        if listed.stated_count is not None
        else "the page states no count"
    )
    first = listed.items[0].label if listed.items else ""
    console.print(
        shown(
            f"Read as a numbered list: announced by {listed.announce!r} at line {listed.announce_line}, "
            f"numbered {first}…, {layout}; {len(listed.items)} item(s) read, {stated}"
        ),
        highlight=False,
    )
    table = Table()
    for column in ("no.", "line", "title (first clause)", "figures"):
        table.add_column(column)
    for project in parsed.projects:
        figures = "、".join(q.expression for q in parser.parse(project.task.text)) or "—"
        table.add_row(project.item_no, str(project.line), shown(project.title.text[:40]), shown(figures[:60]))
    console.print(table)


def _readable(paths, read: list | None = None, warned: list | None = None):
    """The check `add` runs before it accepts a file: read it as the build would (errors name file and line)."""

    def check(path: Path, new) -> None:
        from .documents.manifest import DocumentEntry
        from .documents.vocabulary import Vocabulary
        from .errors import Warnings
        from .items.read import read_items

        provisional = DocumentEntry(
            id="(being added)",
            file=path.name,
            sha256="",
            jurisdiction_code=new.jurisdiction_code,
            jurisdiction_name_zh="",
            jurisdiction_name_en="",
            level="county",
            year=new.year,
            kind=new.kind,
            issuer="",
            title="",
        )
        warnings = Warnings()
        parsed = read_items(path, provisional, Vocabulary.load(paths.reference / "layout_vocabulary.yaml"), warnings)
        if read is not None:
            read.append(parsed)
        if warned is not None:
            warned.extend(warnings)

    return check


@app.command()
def remove(
    doc_id: Annotated[str, typer.Argument(help="the manifest id, e.g. 500103-2026-livelihood")],
    force: Annotated[
        bool, typer.Option("--force", help="remove a list others are compared with (the municipal list of their year)")
    ] = False,
) -> None:
    """Undo an add: take the document out of the manifest and data/raw/ (then `make reports`)."""
    from .documents.intake import remove_document

    paths = default_paths()
    try:
        removed = remove_document(paths, doc_id, force=force)
    except InputError as exc:
        errors.print(f"[red]error[/] {shown(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    console.print(f"removed [bold]{shown(doc_id)}[/] ({shown(removed.name)}); run `make reports` next")


@app.command()
def info() -> None:
    """Print what the database holds: tables, row counts, documents and build details."""
    paths = default_paths()
    con = _open_database(paths)
    with con:
        meta = dict(con.execute("SELECT key, value FROM build_info").fetchall())
        console.print(
            f"[bold]{shown(str(paths.database))}[/] — "
            + shown(
                f"project {meta.get('project_version')}, data version {meta.get('data_version')}, "
                f"built {meta.get('built_at')}"
            )
        )
        from .database.freshness import parquet_matches

        if not parquet_matches(paths.database, paths.parquet):
            console.print(
                f"[yellow]warning[/] the Parquet copies in {shown(str(paths.parquet))} are not from this build "
                "(a build was interrupted): run `analytics build` to write both again"
            )
        tables = Table(title="Tables")
        for column in ("table", "rows", "description"):
            tables.add_column(column)
        for name, comment in con.execute(
            "SELECT table_name, comment FROM duckdb_tables() ORDER BY table_name"
        ).fetchall():
            count = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            tables.add_row(shown(name), str(count), shown(comment or ""))
        console.print(tables)
        docs = Table(title="Documents")
        for column in ("doc_id", "jurisdiction", "kind", "doc number", "issued", "items"):
            docs.add_column(column)
        for row in con.execute(
            """SELECT d.doc_id, d.jurisdiction_name_zh || ' ' || d.jurisdiction_code, d.kind,
                      coalesce(d.doc_number, '(none printed)'), CAST(d.issued AS VARCHAR),
                      (SELECT count(*) FROM projects p WHERE p.doc_id = d.doc_id)
               FROM documents d ORDER BY d.jurisdiction_code, d.year"""
        ).fetchall():
            docs.add_row(*[shown(str(v)) for v in row])
        console.print(docs)


@app.command()
def qa() -> None:
    """Coverage report: quantities found and aligned per document, the rest listed with their sentences."""
    from .compare.qa import coverage

    paths = default_paths()
    con = _open_database(paths)
    from .reference import load_settings

    settings = load_settings(paths.reference)
    above, below = settings["proportionality"]["flag_above"], settings["proportionality"]["flag_below"]
    review = settings["proportionality"]["review_share_above"]
    with con:
        report = coverage(con, above, below, review)
    summary = Table(title="Quantities per document")
    for column in ("document", "jurisdiction", "found", "aligned", "district-only / unaligned", "context"):
        summary.add_column(column)
    for d in report.documents:
        summary.add_row(
            shown(d.doc_id),
            shown(d.jurisdiction),
            str(d.found),
            str(d.aligned),
            str(len(d.unaligned)),
            str(len(d.context)),
        )
    console.print(summary)
    for d in report.documents:
        if d.unaligned:
            console.print(f"\n[bold]{shown(d.doc_id)}[/]: figures not aligned to a municipal metric")
            for item_no, expression, sentence in d.unaligned:
                console.print(f"  item {item_no}: [cyan]{shown(expression)}[/] — {shown(sentence)}", highlight=False)
        if d.context:
            console.print(f"\n[bold]{shown(d.doc_id)}[/]: context figures (who or what an item concerns; not targets)")
            for item_no, expression, sentence in d.context:
                console.print(f"  item {item_no}: [cyan]{shown(expression)}[/] — {shown(sentence)}", highlight=False)
    console.print("\n[bold]Municipal quota metrics no district took up with a figure[/]")
    for item, metric, zh, en in report.metrics_not_taken_up:
        console.print(shown(f"  item {item}: {metric} — {zh} / {en}"), highlight=False)
    console.print(f"\n[bold]Proportionality outside {below}–{above}[/] (share ÷ population share)")
    for code, metric, share, pop_share, ratio in report.extremes:
        console.print(
            shown(f"  {code} {metric}: share {share:.2%}, population share {pop_share:.2%}, ×{ratio:.2f}"),
            highlight=False,
        )
    console.print(f"\n[bold]Shares above {review:.0%} of the municipal figure, for review[/] (comparable or not)")
    for code, metric, share, ratio, _comparable, scope, caveat in report.for_review:
        verdict = f"share {share:.2%}" if share is not None else f"not a share ({scope}; {caveat})"
        console.print(shown(f"  {code} {metric}: ratio {ratio:.2%} — {verdict}"), highlight=False)
    if report.unreviewed:
        console.print(f"\n[bold]{len(report.unreviewed)} unreviewed metric(s)[/] (draft catalogues: review them)")
        for year, metric, zh, figures in report.unreviewed:
            console.print(shown(f"  {year} {metric} {zh}: {figures} district figure(s) aligned"), highlight=False)
    console.print("\n[bold]Municipal items taken up[/] (by an item of the list / carried in other items / not)")
    for doc, place, taken, carried, not_taken in report.takeup:
        console.print(shown(f"  {doc} {place}: {taken} taken up, {carried} carried, {not_taken} not"), highlight=False)
    if report.warnings:
        console.print(f"\n[yellow]{len(report.warnings)} build warning(s)[/]")
        for file, line, message in report.warnings:
            console.print(f"  {shown(file)}:{line if line is not None else ''} {shown(message)}", highlight=False)


catalogue_app = typer.Typer(
    add_completion=False, help="Metric catalogues: one per list that others take up, by jurisdiction and year."
)
app.add_typer(catalogue_app, name="catalogue")


@catalogue_app.command("draft")
def catalogue_draft(
    year: Annotated[int, typer.Argument(help="the year of a list in data/raw/ that no catalogue describes")],
    jurisdiction: Annotated[
        str | None,
        typer.Option(
            "--jurisdiction",
            help="GB/T 2260 code of the list to draft from (a province's, a prefecture's); default: the "
            "municipality's list of the year",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="draft an existing draft of this list again: reviewed metrics are kept"),
    ] = False,
) -> None:
    """Write a catalogue of one list that others take up: one unreviewed metric per figure of the list, for a
    reviewer to edit (data/reference/metric_catalogue_CODE_YEAR.yaml). Unreviewed metrics align at once and are
    flagged wherever used.

    With --force over an existing draft: its reviewed metrics are kept as they are, only figures they do not
    cover are drafted, and the old file is first copied to metric_catalogue_CODE_YEAR.yaml.<time>.bak. A catalogue
    under another name (the reviewed metric_catalogue.yaml) is never written over."""
    import datetime as dt
    import shutil

    import yaml

    from .documents.manifest import load_manifest
    from .documents.vocabulary import Vocabulary
    from .errors import Warnings
    from .items.read import parse_document
    from .reference import load_settings
    from .targets.catalogue import catalogue_file_name, load_catalogues
    from .targets.draft import DraftSettings, catalogue_text, draft_metrics, keep_reviewed
    from .targets.quantities import QuantityParser

    paths = default_paths()
    try:
        lists = [
            e
            for e in load_manifest(paths.manifest).documents
            if e.year == year
            and e.kind == "annual_livelihood_list"
            and (e.jurisdiction_code == jurisdiction if jurisdiction else e.level == "municipality")
        ]
        if not lists:
            which = f"of {jurisdiction}" if jurisdiction else "of a municipality"
            raise InputError(
                paths.manifest,
                None,
                f"no list {which} for {year}: add it first (analytics add FILE --jurisdiction CODE --year {year})",
            )
        chosen = lists[0]
        target = paths.reference / catalogue_file_name(chosen.jurisdiction_code, year)
        described = load_catalogues(paths.reference)
        if (chosen.jurisdiction_code, year) in described and not (force and target.exists()):
            raise InputError(
                target,
                None,
                f"a catalogue for {chosen.jurisdiction_code}'s {year} list exists already "
                f"({described[chosen.jurisdiction_code, year].source}; --force rewrites a draft)",
            )
        parsed = parse_document(chosen, paths, Vocabulary.load(paths.reference / "layout_vocabulary.yaml"), Warnings())
        settings = load_settings(paths.reference)["catalogue_draft"]
        draft = draft_metrics(
            parsed,
            QuantityParser.load(paths.reference),
            DraftSettings(
                tuple(settings["minimum_words"]), tuple(settings["qualifier_words"]), tuple(settings["leading_words"])
            ),
        )
    except InputError as exc:
        errors.print(f"[red]error[/] {shown(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    existing, backup = None, None
    if target.exists():
        existing = yaml.safe_load(target.read_text(encoding="utf-8"))
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
        backup = target.with_name(f"{target.name}.{stamp}.bak")  # not *.yaml: never read as a catalogue
        shutil.copy2(target, backup)
    kept, new = keep_reviewed(existing, draft)
    scope = existing.get("default_scope") if isinstance(existing, dict) else None
    text = catalogue_text(year, chosen.file, kept + new, chosen.jurisdiction_code, scope)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    console.print(
        f"wrote {shown(target.relative_to(paths.root))}: {len(new)} unreviewed metric(s) from {shown(chosen.file)} "
        f"({len(parsed.projects)} items); review it, then `analytics build`",
        highlight=False,
    )
    if backup is not None:
        console.print(
            f"kept {len(kept)} reviewed metric(s) as they were; the previous file is in "
            f"{shown(backup.relative_to(paths.root))}",
            highlight=False,
        )


population_app = typer.Typer(add_completion=False, help="Population figures: add one you cite, with its source.")
app.add_typer(population_app, name="population")


@population_app.command("add")
def population_add(
    code: Annotated[str, typer.Argument(help="GB/T 2260 code of any division of China, e.g. 330327")],
    year: Annotated[int, typer.Argument(help="the year the figure is for, e.g. 2020")],
    residents: Annotated[int, typer.Argument(help="resident population (常住人口), a whole number")],
    source: Annotated[str, typer.Option("--source", help="the publication the figure is from (title)")],
    url: Annotated[str, typer.Option("--url", help="where it was published")] = "",
    basis: Annotated[
        str, typer.Option("--basis", help="what it counts, e.g. 第七次全国人口普查 (2020-11-01) or 年末常住人口")
    ] = "",
    trust: Annotated[
        str, typer.Option("--trust", help="official (a government site), secondary or mirror")
    ] = "official",
    prefer: Annotated[
        bool, typer.Option("--prefer/--no-prefer", help="use this figure for the code (default) or only record it")
    ] = True,
    note: Annotated[str, typer.Option("--note", help="anything a reader should know")] = "",
) -> None:
    """Record a sourced population figure in data/reference/population_additions.csv; the next build uses it
    (per-resident figures, shares of population at every level)."""
    from .compare.population import record_figure
    from .reference import load_divisions, load_settings

    paths = default_paths()
    try:
        divisions = load_divisions(paths.reference / "divisions.csv")
        if code not in divisions:
            raise InputError(paths.reference / "divisions.csv", None, f"unknown division code {code!r}")
        if not 1949 <= year <= 2100:
            raise InputError(paths.reference / "population_additions.csv", None, f"year {year} is out of range")
        settings = load_settings(paths.reference)["population"]
        row = {
            "jurisdiction_code": code,
            "name_zh": divisions[code]["name_zh"],
            "year": str(year),
            "resident_population": str(residents),
            "basis": basis,
            "trust": trust,
            "source_title": source,
            "source_url": url,
            "prefer": "true" if prefer else "false",
            "note": note,
        }
        line = record_figure(paths.reference, row, settings["trust_order"])
    except InputError as exc:
        errors.print(f"[red]error[/] {shown(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    console.print(
        shown(
            f"recorded {divisions[code]['name_zh']} {code} {year}: {residents:,} residents ({trust}: {source}) "
            f"at data/reference/population_additions.csv line {line}"
            + ("; it is the figure used for the code" if prefer else "")
            + "; run `make reports` next"
        ),
        highlight=False,
    )


@app.command()
def release() -> None:
    """Write the data release (reports/data/release/<version>/: every table as CSV and Parquet, the DuckDB file,
    datapackage.json) and the data page (reports/data.html); an existing release of the version is verified,
    never rewritten."""
    paths = default_paths()
    if not paths.database.exists():
        errors.print(f"[red]error[/] {shown(str(paths.database))} does not exist: run `analytics build` first")
        raise typer.Exit(1)
    _write_release(paths)


def _write_release(paths) -> None:
    """The release and the data page that every report links to (also written by `analytics reports`)."""
    from .database.release import ReleaseError, write_release
    from .report.data_page import write_data_page

    try:
        result = write_release(paths.database, paths.reports, paths.root)
    except ReleaseError as exc:
        errors.print(f"[red]error[/] {shown(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    where = shown(str(result.folder))
    if result.written:
        console.print(f"wrote data release {shown(result.version)} to {where}/ ({len(result.rows)} tables)")
    else:
        console.print(f"data release {shown(result.version)} exists and its files are intact: nothing written")
    if result.differs:
        console.print(
            f"[yellow]warning[/] the database's rows differ from release {shown(result.version)} in "
            f"{shown(', '.join(result.differs))}: a release never changes; raise the project version for a new one"
        )
    page = write_data_page(paths.database, paths.reports)
    console.print(f"data page: {shown(str(page))}")


@app.command()
def reports(
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help="render only these reports (e.g. district-500237-2026, item-9, overview; without a year: the latest)",
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="parallel workers (default: cores, max 4)")
    ] = None,
    sequential: Annotated[
        bool, typer.Option("--sequential", help="one papermill run per report, one after another (the reference)")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="render every report, even those whose inputs are unchanged")
    ] = False,
) -> None:
    """Render the reports whose inputs changed into reports/ (HTML + executed notebooks) and update the index."""
    import signal

    from .report.render import jobs, render_all, select_jobs

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)  # stop the workers and their kernels, no tracebacks

    paths = default_paths()
    if not paths.database.exists():
        errors.print(f"[red]error[/] {shown(str(paths.database))} does not exist: run `analytics build` first")
        raise typer.Exit(1)
    import duckdb

    try:
        todo = jobs(paths.database)
    except duckdb.Error as exc:
        raise _unreadable_database(paths, exc) from None
    if only:
        try:
            todo = select_jobs(todo, only)
        except ValueError as exc:
            errors.print(f"[red]error[/] {shown(str(exc))}", highlight=False)
            raise typer.Exit(2) from None
    with Progress(
        TextColumn("[bold]rendering[/]"),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=console,
    ) as bar:
        task = bar.add_task("", total=None)

        def step(outcome) -> None:
            mark = "ok" if outcome.ok else "FAILED"
            bar.update(task, advance=1, description=visible(f"{outcome.job.name} {mark}"))

        def planned(count: int) -> None:  # the reports whose inputs changed: the bar's total
            bar.update(task, total=count)

        try:
            result = render_all(
                paths, todo, progress=step, workers=workers, sequential=sequential, force=force, planned=planned
            )
        except KeyboardInterrupt:
            errors.print("[red]interrupted[/]: the reports written so far stay; `analytics reports` renders the rest")
            raise typer.Exit(130) from None
    skipped = result.skipped
    if skipped:
        names = ", ".join(o.job.name for o in skipped)
        console.print(
            f"{len(skipped)} report(s) unchanged, not rendered (inputs as before; --force renders): {shown(names)}"
        )
    console.print(
        f"{len(result.rendered)} report(s) rendered to {shown(str(paths.reports))}/ (index.html), "
        f"{len(result.failed)} failed"
    )
    for outcome in result.failed:
        errors.print(f"[red]failed[/] {shown(outcome.job.name)}: {shown(outcome.error or '')}", highlight=False)
    _write_release(paths)  # every page links to the data page and its rows in the release
    if result.failed:
        raise typer.Exit(1)
