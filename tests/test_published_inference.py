"""A page that shows no date: what its text implies of it (resolve/published.py), and where it must imply nothing."""

from __future__ import annotations

import pytest

from dipx.model import RawDocument
from dipx.pipeline import process
from dipx.render import to_dict
from dipx.ruleset import load_rules


def _undated(text: str):
    raw = RawDocument(source="a", format="text", encoding="utf-8", body=text, body_is_html=False, title="标题")
    result = process(raw, load_rules())
    assert not isinstance(result, Exception)
    return result


def _values(result) -> list[str | None]:
    return [d.date.value for d in result.dates if d.kind != "event"]


# ---------------------------------------------------------------- a lead weekday within the leaders' terms
def test_a_weekday_fits_one_year_of_the_named_leader_s_term():
    # Prabowo has been president since 2024-10-20: 8 November was a Friday in 2024 (and in 2019, when he was not)
    result = _undated("印度尼西亚总统普拉博沃星期五（11月8日）动身前往北京。")
    doc = result.document
    assert (doc.published.date().isoformat(), doc.published_source) == ("2024-11-08", "inferred")
    assert doc.published_estimate is not None and doc.published_estimate.precision == "day"
    assert "普拉博沃" in doc.published_estimate.evidence[0]
    assert any("inferred from the text" in w for w in result.warnings)
    data = to_dict(result)["document"]
    assert data["published_source"] == "inferred"
    assert data["published_inferred"]["value"] == "2024-11-08"


def test_every_titled_leader_of_the_sentence_narrows_the_year():
    # 16 June was a Thursday in 2011, 2016, 2022 and 2027: only 2022 falls within Draghi's term
    result = _undated("德国总理朔尔茨、法国总统马克龙和意大利总理德拉吉计划于周四（当地时间6月16日）访问乌克兰。")
    assert result.document.published.date().isoformat() == "2022-06-16"


def test_an_inferred_event_day_reads_bare_days_and_weekdays_as_the_nearest_ones():
    # the page's own day is unknown: 星期天 and 10日 are the days after the lead's Friday, not the ones before
    result = _undated("印度尼西亚总统普拉博沃星期五（11月8日）动身前往北京。他星期天续程前往华盛顿，10日抵达。")
    assert _values(result) == ["2024-11-08", "2024-11-10", "2024-11-10"]


def test_the_title_a_leader_gets_earlier_in_the_lead_counts_in_the_dated_sentence():
    result = _undated("印度尼西亚总统普拉博沃展开上任后的首次出访。\n\n普拉博沃星期五（11月8日）动身前往北京。")
    assert result.document.published.date().isoformat() == "2024-11-08"


@pytest.mark.parametrize("text", [
    "总统星期五（11月8日）动身前往北京。",  # no known leader: nothing bounds the year
    "国家主席习近平星期五（11月8日）会见来访的总统。",  # 2013, 2019 and 2024 all fit his term: no year
    "当选总统特朗普星期五（11月8日）会见来访的总统。",  # a post not yet held dates nothing (2019 fits his term)
    "即将上任的总统的特朗普星期五（11月8日）会见来访者。",  # a title that does not stand right before the name
    "前总统特朗普星期五（11月8日）发表演讲。",  # a former post dates nothing
    "印度尼西亚总统普拉博沃11月8日动身前往北京。",  # no weekday
])
def test_no_inference_where_the_weekday_and_the_terms_do_not_agree_on_one_year(text):
    result = _undated(text)
    doc = result.document
    assert (doc.published, doc.published_source, doc.published_estimate) == (None, None, None)
    assert any("left unresolved" in w for w in result.warnings)


# ---------------------------------------------------------------- a summit's day without its year
def test_a_summit_s_day_gives_the_year_alone():
    # the G7 met in Hiroshima from 19 May 2023: the year only; the page's day stays unknown
    result = _undated("日本是七国集团轮值主席国，5月19日将在广岛举行G7峰会。\n\n"
                      "此前，韩国总统4月26日在华府与美国总统会谈，今年3月访问日本。\n\n两国外长2日通话，今天再次通话。")
    doc = result.document
    assert (doc.published, doc.published_source) == (None, None)
    assert doc.published_estimate is not None
    assert (doc.published_estimate.value, doc.published_estimate.precision) == ("2023", "year")
    assert to_dict(result)["document"]["published_inferred"]["precision"] == "year"
    # months resolve against the year; a bare day and 今天 need the day, and stay unresolved
    assert _values(result) == ["2023-05-19", "2023-04-26", "2023-03", None, None]


def test_an_ordinal_inside_a_summit_s_name_picks_its_edition():
    result = _undated("金砖国家领导人第十六次会晤将于10月22日至24日在俄罗斯喀山举行。")
    assert result.document.published_estimate.value == "2024"
    assert "2024-10-22/2024-10-24" in _values(result)


def test_an_inner_ordinal_dates_a_dateline_too():
    doc = _undated("某某社北京9月12日电 主席将出席上海合作组织成员国元首理事会第二十二次会议。").document
    assert (doc.published.date().isoformat(), doc.published_source) == ("2022-09-12", "body_date_inferred")


@pytest.mark.parametrize("text", [
    "亚太经合组织领导人非正式会议11月15日开幕。",  # mid-November fits several years' meetings
    "两国领导人3月2日在东京会谈，并谈及G7峰会。",  # a day within no edition's dates
    "金砖国家领导人第三十次会晤将于10月22日举行。",  # an edition the rules do not list dates nothing
    "5月19日将举行G7峰会。\n\n6月13日还将举行另一场G7峰会。",  # two readings that disagree (2023, 2024)
])
def test_no_year_where_the_summit_s_day_does_not_name_one_year(text):
    doc = _undated(text).document
    assert (doc.published, doc.published_estimate) == (None, None)


def test_an_inferred_day_says_nothing_of_what_is_still_ahead():
    # the lead's day (8 November) is inferred; the talks of the 12th are told as held (举行了)
    result = _undated("印度尼西亚总统普拉博沃星期五（11月8日）抵达北京。普拉博沃12日与美国总统拜登在白宫举行了会谈。")
    assert result.document.published_source == "inferred"
    assert [(m.date.value if m.date else None, m.status) for m in result.meetings
            if {p.code for p in m.parties} == {"IDN", "USA"}] == [("2024-11-12", "held")]


def test_a_summit_pinned_by_its_place_dates_a_day_of_its_sentence():
    # the day opens the sentence, before the comma; the summit is pinned by its place (Kazan: BRICS 2024)
    result = _undated("当地时间10月23日，国家主席在喀山出席金砖国家领导人会晤期间会见总理。")
    assert (result.document.published_estimate.value, result.document.published_estimate.precision) == ("2024", "year")
    assert _values(result) == ["2024-10-23"]


def test_years_ago_count_back_from_an_inferred_year():
    result = _undated("当地时间10月23日，国家主席在喀山出席金砖国家领导人会晤期间会见总理。"
                      "五年前两人在金奈会晤，三天前两国通话。")
    assert _values(result) == ["2024-10-23", "2019", None]  # days ago need the day itself


def test_a_bare_day_in_a_sentence_pinning_a_summit_gives_its_month():
    # APEC met in Bangkok on 18-19 November 2022; the 17th is its eve
    result = _undated("两国领导人抵达曼谷参加APEC会议时，于17日举行峰会。\n\n双方15日已通话。")
    estimate = result.document.published_estimate
    assert (estimate.value, estimate.precision) == ("2022-11", "month")
    assert _values(result) == ["2022-11-17", "2022-11-15"]


@pytest.mark.parametrize("text", [
    "当地时间10月23日，国家主席在莫斯科出席金砖国家领导人会晤期间会见总理。",  # a place no edition was held in
    "两国领导人抵达曼谷参加APEC会议时，于3日举行峰会。",  # a day far from the Bangkok meeting's
    "8月20日，主席出席在约翰内斯堡举行的金砖国家峰会。",  # Johannesburg twice (2018, 2023): 8-20 fits 2023 only
])
def test_a_place_pins_an_edition_only_where_the_day_fits(text):
    estimate = _undated(text).document.published_estimate
    assert (estimate.value if estimate else None) == ("2023" if "约翰内斯堡" in text else None)


def test_a_day_outside_the_summit_s_clause_gives_no_year():
    result = _undated("5月20日，外交部发言人就七国集团峰会答记者问。今年3月，中美两国外长举行会谈。")
    assert result.document.published_estimate is None and {d.date.value for d in result.dates} == {None}


# ---------------------------------------------------------------- a lead weekday in a year the text names
def test_a_weekday_fits_one_of_the_years_the_full_dates_name():
    # 17 March was a Friday in 2017 and 2023: of the years the text names (2023, and 2024 after it) only 2023
    result = _undated("据外交部3月17日周五宣布，某国总统定于3月下旬访华。\n\n图为两国元首2023年1月1日会面。")
    doc = result.document
    assert (doc.published.date().isoformat(), doc.published_source) == ("2023-03-17", "inferred")
    assert "2023年1月1日" in doc.published_estimate.evidence[0]


def test_a_weekday_fits_the_year_of_the_summit_it_names():
    # the 15th BRICS summit opened on 22 August 2023, a Tuesday; the Friday before is 18 August 2023
    result = _undated("第15届金砖国家峰会8月22日至24日将在约翰内斯堡举行，外交部周五（8月18日）宣布主席将出席。")
    assert result.document.published.date().isoformat() == "2023-08-18"


def test_a_bracketed_weekday_day_takes_the_month_of_the_same_day_in_the_lead():
    result = _undated("当地时间周三（14日），两国外长在利雅得会面。\n\n双方5月14日发表联合声明，回顾2024年12月的会谈。")
    assert result.document.published.date().isoformat() == "2025-05-14"


@pytest.mark.parametrize("text", [
    "据外交部3月17日周五宣布，某国总统定于3月下旬访华。",  # no year named
    # 17 March was a Friday in 2017 and in 2023: both years named, two fit
    "据外交部3月17日周五宣布，总统访华。\n\n两国元首2017年5月会面，2023年1月再次会面。",
    "据外交部3月18日周五宣布，总统访华。\n\n两国元首2023年1月1日会面。",  # the weekday fits neither year
])
def test_no_weekday_inference_where_the_named_years_do_not_give_one(text):
    assert _undated(text).document.published is None


# ---------------------------------------------------------------- a stamp of the month alone
def test_a_stamp_of_the_month_alone_resolves_days_and_months_but_not_today():
    result = _undated("date 2021-02 【本台报道】两人12月曾通话。\n\n两国元首16日会晤，双方下月再谈，今天再次通话。")
    doc = result.document
    assert (doc.published, doc.published_source) == (None, None)
    assert (doc.published_estimate.value, doc.published_estimate.precision) == ("2021-02", "month")
    assert to_dict(result)["document"]["published_inferred"]["precision"] == "month"
    assert any("resolved against the month 2021-02" in w for w in result.warnings)
    assert _values(result) == ["2020-12", "2021-02-16", "2021-03", None]


def test_a_body_s_year_does_not_override_the_stamp_s_month():
    # the G7's Hiroshima day gives 2023; the page stamps 2024-05: the stamp stands, nothing else is inferred
    result = _undated("date 2024-05 【本台报道】去年5月19日在广岛举行G7峰会。")
    assert (result.document.published, result.document.published_estimate.value) == (None, "2024-05")


# ---------------------------------------------------------------- a year-less day beside a day written in full
def test_a_year_less_day_near_a_day_written_in_full_takes_its_year():
    result = _undated("图为2024年10月11日会场一景。\n\n首相10月10日出席会议，并将于11月出席峰会。")
    estimate = result.document.published_estimate
    assert result.document.published is None
    assert estimate is not None and (estimate.value, estimate.precision) == ("2024", "year")
    assert "2024年10月11日" in estimate.evidence[0]
    assert _values(result) == ["2024-10-11", "2024-10-10", "2024-11"]


@pytest.mark.parametrize("text", [
    "2019年6月30日两国领导人会面。首相10月10日出席会议。",  # months apart: another story, no year
    "2019年10月1日两人会面。2020年10月3日再次会面。首相10月2日出席会议。",  # two years fit: none
])
def test_no_year_from_a_full_day_that_is_no_neighbour(text: str):
    assert _undated(text).document.published_estimate is None


def test_a_known_leader_s_first_day_in_office_gives_the_year():
    # Ishiba took office as 首相 on 2024-10-01 (people.yaml)
    result = _undated("石破茂9月27日当选自民党总裁，并将于10月1日接任日本首相。")
    estimate = result.document.published_estimate
    assert estimate is not None and (estimate.value, estimate.precision) == ("2024", "year")
    assert "石破茂" in estimate.evidence[0]
    assert _values(result) == ["2024-09-27", "2024-10-01"]


def test_a_day_beside_taking_office_that_is_no_term_s_start_dates_nothing():
    assert _undated("石破茂将于3月5日接任日本首相。").document.published_estimate is None


def test_a_neighbour_across_new_year_takes_the_next_year():
    estimate = _undated("图为2023年12月28日会场一景。\n\n总统1月3日会见了外长。").document.published_estimate
    assert estimate is not None and estimate.value == "2024"


def test_an_anniversary_s_day_gives_no_year():
    text = "2014年3月18日，双方签署条约。十年后，总统3月18日在莫斯科会见了外长。"
    assert _undated(text).document.published_estimate is None
