"""Tables for people at a terminal, and writers that stream: what a reader sees at 80 and 140 columns."""

from __future__ import annotations

import io
import json

import pytest

import dipx
from dipx.render import CsvWriter, JsonWriter, best_evidence, render_table, short_date

from .conftest import ROOT

TRADITIONAL = ROOT / "tests" / "heldout" / "docs" / "08_jpn_kor_trad.txt"


def table(result, width: int) -> str:
    out = io.StringIO()
    render_table(result, out, width=width)
    return out.getvalue()


@pytest.mark.parametrize("width", [80, 140])
def test_meeting_rows_name_parties_people_and_dates_and_fit(seed_result, width):
    text = table(seed_result, width)
    assert max(len(line) for line in text.splitlines()) <= width
    meetings = text[text.index("Meetings"):text.index("Countries")]
    for m in seed_result.meetings:
        for party in m.parties:
            assert f"{party.code} {party.name}" in meetings
        if m.date and m.date.value:
            assert short_date(m.date.value) in meetings
    assert "总统拜登" in meetings and "国家主席习近平" in meetings
    assert "meeting.talks" not in text  # rule ids belong to --explain, not to the table


@pytest.mark.parametrize("width,lines", [(18, 4), (40, 1), (60, 2)])
def test_the_snippet_holds_the_meeting_word_and_fits_its_cell(seed_result, width, lines):
    from rich.cells import cell_len

    from dipx.render import _snippet

    for m in seed_result.meetings:
        ev = best_evidence(m, seed_result)
        shown = _snippet(ev, seed_result.document.text)(width, lines).plain
        assert ev.text in shown
        assert cell_len(shown) <= max(width * lines, cell_len(ev.text) + 2)


def test_the_best_sentence_names_both_parties_not_the_headline(seed_result):
    headline = seed_result.document.blocks[0]
    chn_usa = next(m for m in seed_result.meetings if [p.code for p in m.parties] == ["CHN", "USA"])
    ev = best_evidence(chn_usa, seed_result)
    assert ev.start >= headline.end and "拜登" in ev.sentence and "习近平" in ev.sentence


def test_at_a_narrow_width_snippets_shrink_before_names(seed_result):
    text = table(seed_result, 60)
    assert "CHN 中国" in text and "国家主席习近平" in text and "印度尼西亚" in text


def test_a_traditional_article_shows_names_in_its_script():
    result = dipx.extract(TRADITIONAL)
    text = table(result, 100)
    assert "JPN 日本" in text and "KOR 韓國" in text and "韩国" not in text
    assert text.splitlines()[1].startswith("2019-11-05 00:00 +08:00 (date line)")


def test_short_date_drops_what_both_ends_share():
    assert short_date("2022-11-15/2022-11-16") == "2022-11-15/16"
    assert short_date("2022-11-15/2022-12-02") == "2022-11-15/12-02"
    assert short_date("2021/2022") == "2021/2022"
    assert short_date("2022-11-15") == "2022-11-15"


def test_a_json_array_is_written_item_by_item(seed_result):
    out = io.StringIO()
    writer = JsonWriter(out)
    writer.add(seed_result)
    assert out.getvalue() == ""  # one result so far: it may yet be a lone object
    writer.add(seed_result)
    first_two = out.getvalue()
    assert first_two.startswith("[\n") and first_two.count('"schema"') == 2
    writer.add(seed_result)
    assert out.getvalue().count('"schema"') == 3  # written before the end
    writer.close()
    assert len(json.loads(out.getvalue())) == 3


def test_a_lone_result_is_one_object(seed_result):
    out = io.StringIO()
    writer = JsonWriter(out)
    writer.add(seed_result)
    writer.close()
    assert json.loads(out.getvalue())["schema"] == "dipx.extract/2"


def test_csv_rows_are_written_as_each_article_is_done(seed_result):
    out = io.StringIO()
    writer = CsvWriter(out, "countries")
    header = out.getvalue()
    assert header.startswith("source,id,url,title,published,code,name,count")
    writer.add(seed_result)
    assert out.getvalue().count("\n") == 1 + len(seed_result.countries)


def test_traditional_names_take_the_regional_form_the_article_uses():
    result = dipx.extract(ROOT / "tests" / "heldout" / "docs" / "03_video_summit_trad.html")
    text = table(result, 100)
    assert "ITA    義大利" in text and "USA    美國" in text and "意大利" not in text
