"""The reports in a real browser, offline: no failed request, no console error, every chart drawn.

Needs Debian's chromium (`apt-get install chromium`; .ci/run installs it). Skips with its reason on a machine
without one, never in CI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DEEP, require_chromium
from conftest import REPORT_SUBSET as SUBSET

# the session's rendered reports (conftest.rendered, conftest.site): rendered once, on one pytest-xdist worker

require_chromium("the browser test")

WIDTHS = [360, 800, 1280, 1920]
# After the window is resized: every chart laid out again for the new width before anything is measured.
RELAYOUT_JS = "() => Promise.all([...document.querySelectorAll('.js-plotly-plot')].map(d => Plotly.Plots.resize(d)))"


@pytest.mark.parametrize("name", ["index", *SUBSET])
def test_report_opens_offline_and_draws_its_charts(rendered, browser, name):
    paths, _ = rendered
    context = browser.new_context(offline=True)
    page = context.new_page()
    failed, errors, outside = [], [], []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def only_local(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto((paths.reports / f"{name}.html").as_uri(), wait_until="load")
    charts = page.locator(".js-plotly-plot").count()
    if name != "index":  # a report draws its charts, or says why it has none
        assert charts >= 1 or "No district publishes a figure" in page.content()
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot svg.main-svg').length >= n", arg=charts, timeout=15000
    )
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(d => !!d.querySelector('svg.main-svg'))"
    )
    context.close()
    assert all(drawn) and len(drawn) == charts
    assert outside == [] and failed == [] and errors == []


# Per chart: the rows of its CSV, and the set of row positions its marks carry (customdata).
CHARTS_JS = """() => [...document.querySelectorAll('figure.chart')].map(f => {
  const plot = f.querySelector('.js-plotly-plot');
  const marks = new Set();
  (plot ? plot.data : []).forEach(t => (t.customdata || []).flat().forEach(v => { if (v !== null) marks.add(v); }));
  return {id: f.id, drawn: !!(plot && plot.querySelector('svg.main-svg')), marks: [...marks].sort((a, b) => a - b),
          source: (f.querySelector('footer .source') || {}).textContent || '',
          title: (f.querySelector('h3') || {}).textContent || '',
          csv: (f.querySelector('a.csv') || {}).getAttribute ? f.querySelector('a.csv').getAttribute('href') : null};
})"""

WIDTHS_JS = """() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,
  tables: [...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 1)
          .map(w => (w.querySelector('caption') || w).textContent.slice(0, 60))})"""


def _frame_problems(site, path, page) -> list[str]:
    """One page as loaded at 1280 px: sideways scrolling, its charts (drawn, titled, sourced, a CSV of exactly the
    rows drawn), its internal links and anchors, and nan / NaT / None in its text."""
    import csv
    import io
    import re
    from urllib.parse import unquote, urlsplit

    problems: list[str] = []
    widths = page.evaluate(WIDTHS_JS)
    if widths["page"] > widths["view"]:
        problems.append(f"{path.name}: page {widths['page']} px wide at {widths['view']} px")
    problems += [f"{path.name}: table scrolls sideways: {t}" for t in widths["tables"]]
    plots = page.locator(".js-plotly-plot").count()
    charts = page.evaluate(CHARTS_JS)
    if len(charts) != plots:
        problems.append(f"{path.name}: {plots} plots but {len(charts)} framed charts")
    for chart in charts:
        where = f"{path.name}#{chart['id']}"
        if not chart["drawn"] or not chart["title"].strip() or "Source" not in chart["source"]:
            problems.append(f"{where}: not drawn, or without title or source line")
            continue
        rows = list(csv.DictReader(io.StringIO((site.reports / chart["csv"]).read_text(encoding="utf-8-sig"))))
        if chart["marks"] != list(range(len(rows))):
            problems.append(f"{where}: CSV has {len(rows)} rows, the chart draws rows {chart['marks'][:10]}…")
    for href in page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"):
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto", "data"):
            continue
        target = site.reports / unquote(parts.path) if parts.path else path
        if not target.exists():
            problems.append(f"{path.name}: link to missing {href}")
        elif parts.fragment and target.suffix == ".html":
            anchors = re.findall(r'id="([^"]+)"', target.read_text(encoding="utf-8"))
            if parts.fragment not in anchors and target != path:
                problems.append(f"{path.name}: link to missing anchor {href}")
            elif target == path and not page.evaluate(
                "f => !!(document.getElementById(f) || document.getElementById(decodeURIComponent(f)))",
                parts.fragment,
            ):
                problems.append(f"{path.name}: link to missing anchor {href}")
    text = page.evaluate("() => document.body.innerText")
    for word in re.findall(r"\b(?:nan|NaN|NaT|None)\b", text):
        problems.append(f"{path.name}: {word!r} in the page text")
    return problems


def test_every_page_fits_frames_its_charts_and_links_within_the_site(survey):
    """Every page at 1280 px, offline: no sideways scrolling (page or table), every chart drawn with a source
    line and a CSV that holds exactly the rows it draws, every internal link and anchor resolving, and no
    nan / NaT / None left in the text."""
    assert len(survey.pages) >= 20  # the landing page and every report of the corpus
    assert survey.frames == []


def test_a_long_tables_header_stays_in_view(site, browser):
    """Researchers scroll long tables: the header row stays at the top of the window (no scroll container of the
    table's own holds it back)."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto((site.reports / "district-500114-2026.html").as_uri(), wait_until="load")
    page.evaluate(
        """() => { const t = [...document.querySelectorAll('table.report')]
          .sort((a, b) => b.offsetHeight - a.offsetHeight)[0];
        window.scrollTo(0, t.getBoundingClientRect().top + window.scrollY + t.offsetHeight / 2); }"""
    )
    top = page.evaluate(
        """() => [...document.querySelectorAll('table.report th')].some(th => {
             const r = th.getBoundingClientRect(); return r.top >= 0 && r.top < 5; })"""
    )
    page.close()
    assert top


# Any screen (issue 27.3): the page no wider than the window, the table of contents inside it with no two entries
# on top of each other, every axis title of a chart inside its drawing (not cut).
SCREEN_JS = """() => {
  const view = window.innerWidth, out = [];
  if (document.documentElement.scrollWidth > view) out.push(`page ${document.documentElement.scrollWidth} px wide`);
  // only a wide table scrolls in its own box (a header's box overflowing by its padding showed a scrollbar)
  document.querySelectorAll('.jp-OutputArea-output, header, nav, section').forEach(e => {
    if (e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
      out.push(`a box scrolls sideways: ${e.tagName} ${(e.firstElementChild || e).className}`.slice(0, 90));
  });
  const toc = document.querySelector('nav.toc');
  if (toc) {
    const r = toc.getBoundingClientRect();
    if (r.right > view + 1 || r.left < -1) out.push('table of contents outside the window');
    const items = [...toc.querySelectorAll('li')].map(li => li.getBoundingClientRect());
    items.forEach((a, i) => items.slice(i + 1).forEach(b => {
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
        out.push('table of contents entries overlap');
    }));
  }
  document.querySelectorAll('.js-plotly-plot').forEach(plot => {
    const svg = plot.querySelector('svg.main-svg');
    if (!svg) return;
    const box = svg.getBoundingClientRect();
    plot.querySelectorAll('.g-xtitle text, .g-ytitle text').forEach(t => {
      const r = t.getBoundingClientRect();
      const outside = r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
        || r.bottom > box.bottom + 1;
      if (r.width && outside)
        out.push(`axis title cut: ${t.textContent.slice(0, 30)}`);
    });
  });
  return [...new Set(out)];
}"""


def _loaded(context, path):
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every(d => d.querySelector('svg.main-svg'))",
        timeout=20000,
    )
    return page


@dataclass
class Survey:
    pages: list[Path]
    frames: list[str]  # what _frame_problems found, every page at 1280 px
    screens: dict[int, list[str]]  # what SCREEN_JS found, per width


@pytest.fixture(scope="module")
def survey(site, browser) -> Survey:
    """Every page of the site opened once, offline, at 1280 px: its charts and links checked, then the window set
    to each width in turn, the charts laid out again (plotly's resize, awaited) and SCREEN_JS asked. Loading a
    page (plotly.js) is what costs; a page resized measures the same as one opened at that width (every page,
    width, scroll width, table of contents entry and axis title compared when this was changed). The deep run
    (DEEP=1, or ORACLE_SCALE above 1) opens every page afresh at each width as well."""
    pages = sorted(site.reports.glob("*.html"))
    frames: list[str] = []
    screens: dict[int, list[str]] = {w: [] for w in WIDTHS}
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    for path in pages:
        page = _loaded(context, path)
        frames += _frame_problems(site, path, page)
        for width in sorted(WIDTHS, key=lambda w: w != 1280):  # 1280 first: the page as loaded
            if width != 1280:
                page.set_viewport_size({"width": width, "height": 900})
                page.evaluate(RELAYOUT_JS)
            screens[width] += [f"{path.name} at {width} px: {p}" for p in page.evaluate(SCREEN_JS)]
        page.close()
    context.close()
    if DEEP:
        for width in WIDTHS:
            context = browser.new_context(offline=True, viewport={"width": width, "height": 900})
            for path in pages:
                page = _loaded(context, path)
                screens[width] += [f"{path.name} opened at {width} px: {p}" for p in page.evaluate(SCREEN_JS)]
                page.close()
            context.close()
    return Survey(pages, frames, screens)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_any_screen(survey, width):
    """At a phone's, a small laptop's and a desktop's width: no page scrolls sideways (a wide table scrolls inside
    its own box), the table of contents fits, no axis title is cut."""
    assert survey.screens[width] == []


# Any machine (issue 27.4): Chinese drawn in the page's own font, not as boxes (tofu). A missing glyph is drawn as
# the same box whatever the character, so two different characters drawn alike means no CJK font was found.
TOFU_JS = """() => {
  const font = getComputedStyle(document.body).fontFamily;
  const draw = ch => {
    const c = document.createElement('canvas'); c.width = 40; c.height = 40;
    const g = c.getContext('2d'); g.font = `32px ${font}`; g.fillText(ch, 2, 32);
    return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
  };
  return {font, same: draw('重') === draw('庆'), blank: draw('重') === draw(' ')};
}"""


def test_chinese_is_drawn_not_as_boxes(rendered, browser):
    """The reports' Chinese is legible on this machine: needs a CJK font (Debian's fonts-noto-cjk; .ci/run
    installs it beside chromium)."""
    paths, _ = rendered
    page = browser.new_page()
    page.goto((paths.reports / "index.html").as_uri(), wait_until="load")
    drawn = page.evaluate(TOFU_JS)
    page.close()
    assert not drawn["same"] and not drawn["blank"], (
        f"重 and 庆 draw alike in {drawn['font']}: no CJK font (apt-get install fonts-noto-cjk)"
    )
