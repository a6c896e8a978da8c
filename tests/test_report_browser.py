"""The report in a real browser: headless Chromium loads the page from disk, offline.

Each page must draw its five charts, log no console error, request nothing but itself, and
leave a screenshot in tests/artifacts/. Without Chromium these tests skip and say which package
is missing; under CI (where .ci/run installs it) its absence is a failure instead.
"""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from dipx.cli import app
from dipx.cli import extract as _extract_command  # noqa: F401  registers the command
from dipx.cli import report as _report_command  # noqa: F401
from dipx.report import build_report

from .browser import Browser, chromium_path
from .conftest import ROOT, SEED
from .report_fixtures import HOSTILE, HOSTILE_URL, make_store, with_text

ARTIFACTS = ROOT / "tests" / "artifacts"
runner = CliRunner()

CHARTS_DRAWN = """Array.from(document.querySelectorAll('.plotly-graph-div')).map(function (d) {
  var box = d.getBoundingClientRect();
  return {id: d.id, svgs: d.querySelectorAll('svg.main-svg').length, width: box.width, height: box.height,
          marks: d.querySelectorAll('.scatterlayer .point, .barlayer .point, .scatterlayer .js-line').length};
})"""
LINKS = "Array.from(document.querySelectorAll('[href], [src], [action]')).map(function (e) {" \
        " return e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'); })"


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        message = "Chromium is absent: install Debian's `chromium` package (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + "; .ci/run should have installed it")
        pytest.skip(message)
    chromium = Browser(executable)
    yield chromium
    chromium.close()


def load_and_check(browser: Browser, page: str, name: str) -> str:
    """Open the page offline and assert it drew everything quietly; its DevTools session id."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    session, log = browser.open(path)
    assert log.errors == [], log.errors
    assert log.requests == [], f"the page asked the network for {log.requests}"
    charts = browser.evaluate(session, CHARTS_DRAWN)
    assert [c["id"] for c in charts] == ["chart-timeline", "chart-network", "chart-partners", "chart-months",
                                         "chart-analysts"]
    for chart in charts:
        assert chart["svgs"] >= 1 and chart["marks"] > 0 and chart["width"] > 100 and chart["height"] > 50, chart
    shot = browser.screenshot(session, ARTIFACTS / f"{name}.png")
    assert shot.stat().st_size > 20_000  # a blank page compresses to almost nothing
    assert browser.evaluate(session, "typeof window.__pwned") == "undefined"
    return session


def test_report_of_a_small_store_draws_offline(browser, tmp_path):
    store = make_store(tmp_path / "dipx.db")  # one article's title and url are hostile
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", str(store), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    session = load_and_check(browser, out.read_text(encoding="utf-8"), "store-report")
    links = browser.evaluate(session, LINKS)
    assert links and all(link.startswith(("http://", "https://")) for link in links), links
    assert browser.evaluate(session, "document.querySelectorAll('tbody tr[id^=\"ev-\"]').length") == 6
    # a click on a timeline mark finds the event's row, where the links are
    picked = browser.evaluate(session, """(function () {
        var div = document.getElementById('chart-timeline');
        div.emit('plotly_click', {points: [{customdata: 2}]});
        return Array.from(document.querySelectorAll('tr.picked')).map(function (r) { return r.id; });
    })()""")
    assert picked == ["ev-2"]


def test_one_article_as_html_draws_offline(browser):
    result = runner.invoke(app, ["extract", str(SEED), "--format", "html"])
    assert result.exit_code == 0, result.stderr
    session = load_and_check(browser, result.stdout, "extract-seed")
    assert browser.evaluate(session, "document.querySelectorAll('tr.evidence li').length") > 0


def test_hostile_markup_cannot_run_even_in_a_hover(browser):
    session = load_and_check(browser, build_report(with_text(HOSTILE, HOSTILE_URL)), "hostile")
    scripts = browser.evaluate(session, "document.querySelectorAll('script').length")
    assert scripts == 8  # plotly's config and plotly.js, ours, one a chart
    assert browser.evaluate(session, "document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert browser.evaluate(session, LINKS) == []
    hover = browser.evaluate(session, """(function () {
        var div = document.getElementById('chart-timeline');
        Plotly.Fx.hover(div, [{curveNumber: 0, pointNumber: 0}]);
        var label = div.querySelector('.hoverlayer');
        return label ? label.textContent : '';
    })()""")
    assert "<script>window.__pwned" in hover  # shown as text
    assert browser.evaluate(session, "typeof window.__pwned") == "undefined"
    assert browser.evaluate(session, "document.querySelectorAll('.hoverlayer a').length") == 0


def test_the_harness_sees_console_errors_and_requests(browser, tmp_path):
    # a check that cannot fail proves nothing: a page that misbehaves must be caught
    page = tmp_path / "noisy.html"
    page.write_text("<!DOCTYPE html><html><body><img src='http://example.invalid/y.png'>"
                    "<script>console.error('boom');</script></body></html>", encoding="utf-8")
    _, log = browser.open(page, settle=0.2)
    assert any("boom" in e for e in log.errors)
    assert "http://example.invalid/y.png" in log.requests
