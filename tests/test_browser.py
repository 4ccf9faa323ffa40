"""The reports in a real browser, offline: no failed request, no console error, every chart drawn.

Needs Debian's chromium (`apt-get install chromium`; .ci/run installs it). Skips with its reason on a machine
without one, never in CI.
"""

from __future__ import annotations

import pytest
from conftest import REPORT_SUBSET as SUBSET
from conftest import require_chromium

require_chromium("the browser test")


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


@pytest.fixture(scope="module")
def site(rendered):
    """Every report of the session's database (the subset is already rendered; the rest are added)."""
    from analytics.report.render import render_all

    paths, _ = rendered
    result = render_all(paths)
    assert not result.failed, [(o.job.name, o.error) for o in result.failed]
    return paths


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


def test_every_page_fits_frames_its_charts_and_links_within_the_site(site, browser):
    """Every page at 1280 px, offline: no sideways scrolling (page or table), every chart drawn with a source
    line and a CSV that holds exactly the rows it draws, every internal link and anchor resolving, and no
    nan / NaT / None left in the text."""
    import csv
    import io
    import re
    from urllib.parse import unquote, urlsplit

    pages = sorted(site.reports.glob("*.html"))
    assert len(pages) >= 20  # the landing page and every report of the corpus
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    for path in pages:
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')].every(d => d.querySelector('svg.main-svg'))",
            timeout=20000,
        )
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
        page.close()
    context.close()
    assert problems == []


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


@pytest.mark.parametrize("width", [360, 800, 1280, 1920])
def test_every_page_fits_any_screen(site, browser, width):
    """At a phone's, a small laptop's and a desktop's width: no page scrolls sideways (a wide table scrolls inside
    its own box), the table of contents fits, no axis title is cut."""
    context = browser.new_context(offline=True, viewport={"width": width, "height": 900})
    problems = []
    for path in sorted(site.reports.glob("*.html")):
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')].every(d => d.querySelector('svg.main-svg'))",
            timeout=20000,
        )
        problems += [f"{path.name} at {width} px: {p}" for p in page.evaluate(SCREEN_JS)]
        page.close()
    context.close()
    assert problems == []


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
