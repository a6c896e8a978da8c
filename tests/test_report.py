"""`dipx report` and `--format html` without a browser: the data, the escaping, the size, the CLI."""

from __future__ import annotations

import dataclasses
import html
import html.parser
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dipx.cli import app
from dipx.cli import extract as _extract_command  # noqa: F401  registers the command
from dipx.cli import report as _report_command  # noqa: F401
from dipx.report import (
    ReportData,
    ReportError,
    Selection,
    build_report,
    day_bounds,
    event_hover,
    meeting_graph,
    month_counts,
    partner_counts,
    report_data_from_results,
    report_data_from_store,
    row_label,
    safe_url,
    x_date,
)
from dipx.version import __version__

from .conftest import ROOT, SEED
from .report_fixtures import HOSTILE, HOSTILE_URL, SNEAKY_URLS, generated, make_store, with_text

runner = CliRunner()
CHARTS = ("chart-timeline", "chart-network", "chart-partners", "chart-months", "chart-analysts")


class Skeleton(html.parser.HTMLParser):
    """The page's elements and attributes, without text: what markup in an article could change."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.hrefs: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src", "action", "formaction")]
        self.handlers += [name for name, _ in attrs if name.startswith("on")]


def skeleton(page: str) -> Skeleton:
    parser = Skeleton()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return make_store(tmp_path_factory.mktemp("store") / "dipx.db")


# ---------------------------------------------------------------- escaping and links
@pytest.mark.parametrize("url, linked", [
    ("https://news.example.com/a?b=1#c", True), ("http://example.com", True), ("HTTPS://EXAMPLE.COM/x", True),
    (None, False), ("", False), ("ftp://example.com/x", False), ("mailto:a@b.c", False), ("https://", False),
    *[(u, False) for u in SNEAKY_URLS], (HOSTILE_URL, False),
])
def test_only_plain_http_urls_are_linked(url, linked):
    assert (safe_url(url) is not None) is linked


def test_hostile_markup_in_an_article_changes_nothing_in_the_page():
    plain, hostile = build_report(with_text("plain", None)), build_report(with_text(HOSTILE, HOSTILE_URL))
    a, b = skeleton(plain), skeleton(hostile)
    assert b.tags == a.tags  # the same elements with the same attributes: no element came from the article
    assert b.handlers == [] and not any(h.lower().lstrip().startswith(("javascript", "data")) for h in b.hrefs)
    assert "<script>window.__pwned" not in hostile and "<img src=x" not in hostile
    assert hostile.lower().count("javascript:") == plain.lower().count("javascript:")  # plotly.js's own only
    assert hostile.count("<script") == plain.count("<script")


def test_hover_text_escapes_and_links_only_http():
    event = with_text(HOSTILE, HOSTILE_URL).events[0]
    hover = event_hover(event)
    assert "<script" not in hover and "&lt;script&gt;" in hover and "href" not in hover
    linked = event_hover(with_text("x", "https://news.example.com/1").events[0])
    assert 'href="https://news.example.com/1"' in linked


def test_every_script_on_the_page_is_allowed_by_hash_and_nothing_may_load():
    page = build_report(with_text("plain", "https://news.example.com/1"))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy and "unsafe-inline" not in \
        policy.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script(?:\s[^>]*)?>(.*?)</script>", page, flags=re.DOTALL)
    assert len(re.findall(r"'sha256-", policy)) == len(scripts) >= 6  # plotly.js, our helper, five charts
    assert not re.search(r"<script[^>]+src=", page) and "cdn.plot.ly" not in page.replace("cdn.plot.ly/", "")


# ---------------------------------------------------------------- the page
def test_the_page_holds_every_part_and_the_header_says_what_it_covers():
    page = build_report(generated(60))
    for chart in CHARTS:
        assert f'id="{chart}"' in page
    assert "Selection: generated" in page and "<b>120</b> articles" in page and "<b>60</b> events" in page
    assert f"dipx {__version__}" in page and "rules ffffffffffffffff" in page
    assert "3 undated" in page  # every 25th event has no date: said, and listed in the table


def test_a_thousand_events_stay_under_ten_megabytes():
    page = build_report(generated(1000, articles_each=4))
    size = len(page.encode("utf-8"))
    assert size < 10_000_000, f"{size / 1e6:.1f} MB"
    assert page.count('<tr id="ev-') == 1000


def test_the_network_layout_is_the_same_on_every_run():
    data = generated(80)
    assert build_report(data) == build_report(data)


def test_an_empty_selection_is_a_page_that_says_so():
    page = build_report(ReportData(header=with_text("x", None).header))
    assert page.count("Nothing to draw in this selection.") == 5


@pytest.mark.parametrize("value, expected", [
    ("2022-11-14", "2022-11-14"), ("2022-11", "2022-11-01"), ("2022", "2022-01-01"),
    ("2022-11-14/2022-11-16", "2022-11-14"), (None, None), ("soon", None), ("2022-13", None),
])
def test_dates_sit_on_the_time_axis_at_their_first_day(value, expected):
    assert x_date(value) == expected


def test_a_crowded_timeline_shows_its_busiest_rows_and_says_so():
    data = generated(100)
    crowded = tuple(dataclasses.replace(e, parties=(f"X{i:02d}", "CHN")) for i, e in enumerate(data.events))
    page = build_report(dataclasses.replace(data, events=crowded))
    assert "the 40 rows with most events, of 96" in page  # 4 of the 100 are undated
    assert page.count('<tr id="ev-') == 100


def test_counts_behind_the_network_and_the_bars():
    import networkx as nx

    events = with_text("x", None).events  # CHN-USA talks, CHN-JPN call, CHN-USA visit, CHN-FRA meal (undated)
    graph = meeting_graph(nx, events)
    assert graph.nodes["CHN"]["events"] == 4 and graph.nodes["USA"]["events"] == 2
    assert graph["CHN"]["USA"]["weight"] == 2 and graph["CHN"]["FRA"]["weight"] == 1
    assert not graph.has_edge("USA", "JPN")
    assert partner_counts(events, ("CHN",)) == {"USA": 2, "JPN": 1, "FRA": 1}
    assert partner_counts(events, ())["CHN"] == 4
    assert month_counts(events) == {"2022-11": {"held": 1}, "2022-12": {"planned": 1}, "2023-01": {"cancelled": 1}}


def test_timeline_rows_are_pairs_or_the_partners_of_the_chosen_country():
    event = with_text("x", None).events[0]
    assert row_label(event, ()) == "CHN–USA"
    assert row_label(event, ("CHN",)) == "USA"


# ---------------------------------------------------------------- from extraction results
def test_one_article_gives_its_meetings_as_events_with_their_sentences(seed_result):
    data = report_data_from_results([seed_result], fingerprint="abc")
    assert len(data.events) == len(seed_result.meetings) and data.header.articles == 1
    first = data.events[0]
    assert first.articles == ((seed_result.document.title, seed_result.document.url),)
    assert first.sentences and all(s in seed_result.document.text for s in first.sentences)
    assert {a.name for a in data.analysts} == {p.name for p in seed_result.people if p.role == "analyst"}
    assert data.header.fingerprint == "abc" and data.header.selection.startswith("one article")


def test_extract_format_html_is_the_page_for_that_article(seed_result):
    result = runner.invoke(app, ["extract", str(SEED), "--format", "html"])
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and all(f'id="{c}"' in page for c in CHARTS)
    for meeting in seed_result.meetings:  # the sentences behind each meeting, escaped
        assert f"<li>{html.escape(meeting.evidence[0].sentence)}</li>" in page
    assert result.stderr == ""


# ---------------------------------------------------------------- from a store
def test_store_events_come_with_their_articles_people_and_names(store):
    data = report_data_from_store(store)
    assert data.header.events == 6 and data.header.articles == 4
    call = next(e for e in data.events if e.kind == "conversation")
    assert call.parties == ("CAN", "CHN") and call.party_names == ("Canada", "China")
    assert set(call.participants) == {("Xi", "president"), ("Trudeau", None)}
    assert [url for _, url in call.articles] == ["https://news.example.com/1", HOSTILE_URL]
    assert data.header.fingerprint == "rules-abc" and data.header.selection == "all countries"
    assert {(a.name, a.affiliation): a.quotes for a in data.analysts} == {("Analyst One", "Institute A"): 3,
                                                                           ("Analyst Two", None): 1}


@pytest.mark.parametrize("kwargs, expected", [
    ({"country": ["chn"]}, ["CAN-CHN conversation", "CHN-FRA visit", "CHN-JPN-KOR talks", "CHN-USA phone_call",
                            "CHN-USA talks"]),
    ({"country": ["CHN", "USA"]}, ["CHN-USA phone_call", "CHN-USA talks"]),
    ({"since": "2022-11-15"}, ["CAN-CHN conversation", "CHN-USA phone_call"]),
    ({"since": "2022", "until": "2022-11"}, ["CAN-CHN conversation", "CHN-USA talks"]),
    ({"until": "2021"}, ["CHN-JPN-KOR talks", "JPN-KOR talks"]),
    ({"kind": "talks", "country": ["KOR"]}, ["CHN-JPN-KOR talks", "JPN-KOR talks"]),
    ({"kind": "meal"}, []),
])
def test_store_selection(store, kwargs, expected):
    data = report_data_from_store(store, **kwargs)
    assert sorted(f"{'-'.join(sorted(e.parties))} {e.kind}" for e in data.events) == expected
    if kwargs.get("country"):
        assert data.header.focus == tuple(c.upper() for c in kwargs["country"])


def test_store_articles_count_only_the_selected_events(store):
    data = report_data_from_store(store, country=["JPN"])
    assert data.header.articles == 1 and [a.name for a in data.analysts] == ["Analyst Two"]


def test_selection_in_words_and_date_bounds():
    assert Selection(("CHN", "USA"), "2022", None, "talks").describe() == "CHN and USA, since 2022, kind talks"
    assert day_bounds("2022-02", last=True) == "2022-02-28" and day_bounds("2024", last=True) == "2024-12-31"
    assert day_bounds("2022-12", last=False) == "2022-12-01"
    with pytest.raises(ReportError, match="YYYY-MM-DD"):
        day_bounds("next week", last=False)


def test_a_missing_or_foreign_file_is_one_error(tmp_path):
    with pytest.raises(ReportError, match="no such store"):
        report_data_from_store(tmp_path / "none.db")
    (tmp_path / "notes.db").write_text("hello")
    with pytest.raises(ReportError, match="not a dipx store"):
        report_data_from_store(tmp_path / "notes.db")


# ---------------------------------------------------------------- the command
def test_report_command_writes_the_page(store, tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", str(store), "--country", "CHN", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "5 events from 4 articles" in result.stderr and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert "Selection: CHN" in page and all(f'id="{c}"' in page for c in CHARTS)


def test_report_command_writes_to_stdout_on_request(store):
    result = runner.invoke(app, ["report", "--db", str(store), "--kind", "talks", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>") and "kind talks" in result.stdout and result.stderr == ""


def test_report_command_bad_date_is_one_line(store, tmp_path):
    result = runner.invoke(app, ["report", "--db", str(store), "--since", "soon", "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "dipx: error:" in result.stderr
    assert not (tmp_path / "r.html").exists()


BLOCK_PLOTLY = """
import sys
sys.modules["plotly"] = None  # as if the extra were not installed
from dipx.cli import main
sys.argv = ["dipx"] + sys.argv[1:]
main()
"""


@pytest.mark.parametrize("args", [["report", "--db", "{db}", "-o", "{out}"],
                                  ["extract", str(SEED), "--format", "html"]])
def test_without_plotly_one_line_names_the_extra(store, tmp_path, args):
    args = [a.format(db=store, out=tmp_path / "r.html") for a in args]
    done = subprocess.run([sys.executable, "-c", BLOCK_PLOTLY, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "pip install 'dipx[report]'" in done.stderr
    assert "needs plotly:" in done.stderr
    assert done.stdout == "" and not (tmp_path / "r.html").exists()


def test_report_of_a_store_that_dipx_batch_filled(tmp_path):
    # the fixture store copies the batch schema's columns; this reads one the real `dipx batch` wrote
    pytest.importorskip("dipx.store", reason="dipx batch (issue 10) is not merged into this branch yet")
    db = tmp_path / "dipx.db"
    done = subprocess.run([sys.executable, "-m", "dipx", "batch", str(SEED), str(ROOT / "tests" / "heldout" / "docs"),
                           "--db", str(db)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    data = report_data_from_store(db)
    assert data.header.articles == 9 and data.header.events == len(data.events) > 20
    assert any(len(e.articles) > 1 for e in data.events)  # consolidated: one event, several articles
    assert all(len(e.party_names) == len(e.parties) for e in data.events) and data.analysts
    assert len(report_data_from_store(db, country=["CHN"]).events) < len(data.events)
