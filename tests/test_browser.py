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
