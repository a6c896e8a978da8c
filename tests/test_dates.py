"""Dates resolve against publication, the story's own timeline, summits and arrivals."""

from __future__ import annotations

import pytest

from .conftest import run_text


def values(text: str, published: str | None = "2022-11-18") -> list[str | None]:
    return [d.date.value for d in run_text(text, published).dates if d.kind != "event"]


@pytest.mark.parametrize("text,published,expect", [
    ("双方于2022年11月18日签署协议。", "2022-11-18", ["2022-11-18"]),
    ("二〇二二年十一月十五日两国会晤。", "2022-11-18", ["2022-11-15"]),
    ("２０２０年４月原定访问。", "2022-11-18", ["2020-04"]),
    ("峰会于14日至16日举行。", "2022-11-18", ["2022-11-14/2022-11-16"]),
    ("两人星期二（15日）交谈。", "2022-11-18", ["2022-11-15"]),
    ("今年8月众议长访问台湾。", "2022-11-18", ["2022-08"]),
    ("去年以来各国陆续开放。", "2022-11-18", ["2021"]),
    ("上月20日双方通话。", "2024-03-01", ["2024-02-20"]),
    ("两年半前边境发生冲突。", "2022-11-18", ["2020-05"]),
    ("两国外长昨天通话。", "2024-03-01", ["2024-02-29"]),
    ("12月双方曾会晤。", "2024-01-10", ["2023-12"]),  # a month well after publication: last year
    ("28日两国元首通话。", "2024-03-05", ["2024-02-28"]),  # a day after publication: last month
])
def test_single_expressions(text, published, expect):
    assert values(text, published) == expect


def test_story_timeline_carries_the_year():
    text = "甚至在2020年疫情来袭后，双方仍未放弃。当年2月，双方通话；到了2月底，准备工作仍在推进。"
    assert values(text) == ["2020", "2020-02", "2020-02"]


def test_modifiers_are_kept_apart_from_the_value():
    dates = [d for d in run_text("2月底双方通话，14日下午抵达。", "2022-11-18").dates]
    # 14日 follows 2月底 in the same paragraph, so it is read as February 14th
    assert [(d.date.value, d.date.modifier) for d in dates] == [("2022-02", "late"), ("2022-02-14", "afternoon")]


def test_relative_day_without_a_story_day_is_unresolved():
    assert values("他次日离开。") == [None]


def test_no_publication_date_never_resolves_against_today():
    result = run_text("两国外长昨天通话，今年8月再次会晤。", published=None)
    assert [d.date.value for d in result.dates] == [None, None]
    assert all(d.date.precision == "unresolved" for d in result.dates)


def test_summit_days_resolve_from_the_rules():
    text = "G20峰会第一天各国领导人合影。G20结束第二天他飞抵曼谷。"
    assert values(text) == ["2022-11-15", "2022-11-17"]


def test_arrival_anchors_hours_after_landing():
    text = "中国领导人14日下午抵达。下飞机仅仅几个小时，他就与美国总统会面。"
    assert values(text) == ["2022-11-14", "2022-11-14"]


def test_evidence_points_into_the_original_text():
    result = run_text("兩國外長於２０２２年１１月１５日通話。", "2022-11-18")
    date = result.dates[0]
    assert date.date.value == "2022-11-15"
    assert result.document.text[date.evidence.start:date.evidence.end] == "２０２２年１１月１５日"
    assert date.date.text == "２０２２年１１月１５日"


def test_durations_are_not_dates():
    assert values("一晃过去两年多，每十年才有一次，三个小时的会谈。") == []


@pytest.mark.parametrize("text,published,expect", [
    ("文在寅20日将与金正恩一同登上白头山。", "2018-09-19", ["2018-09-20"]),  # a future word right after the day
    ("文在寅18日抵达平壤。", "2018-09-19", ["2018-09-18"]),
    ("马克龙星期五将前往广州。", "2023-04-06", ["2023-04-07"]),  # a Thursday article: the coming Friday
    ("拜登星期二在纽约会见莫里森。", "2021-09-25", ["2021-09-21"]),  # no future word: the last Tuesday
])
def test_a_future_word_after_a_day_or_weekday_looks_forward(text, published, expect):
    assert values(text, published) == expect


def test_a_bare_weekday_is_the_day_the_article_pairs_it_with():
    text = "特习会周四登场\n他将于本周四（30日）在釜山与习近平会晤。"
    assert values(text, "2025-10-29") == ["2025-10-30", "2025-10-30"]


def test_a_bare_weekday_is_the_day_the_article_pairs_with_its_month_and_day():
    text = "习近平周三访俄出席红场阅兵\n中俄昨天宣布，习近平将于5月7日(周三)至10日(周六)对俄罗斯进行国事访问。"
    assert values(text, "2025-05-05")[0] == "2025-05-07"  # a Monday's headline: not the Wednesday before
    text = "外长周三访问日本。\n2014年5月7日（周三）双方签署协定。"  # a pairing of another year is none this week
    assert values(text, "2025-05-05")[0] == "2025-04-30"


def test_a_day_told_as_past_takes_no_story_month_after_publication():
    text = "今年可能有两场会晤，包括12月的峰会。总统8日曾说，日期可能接近年底。"
    assert values(text, "2026-02-10") == ["2026", "2026-12", "2026-02-08"]
    text = "主席将于12月访问法国，6日抵达巴黎。"  # no past word: the story's month still to come
    assert values(text, "2026-02-10") == ["2026-12", "2026-12-06"]


def test_today_and_yesterday_count_from_a_dateline_just_before_publication():
    text = "（法新社华盛顿21日电）美国总统今天表示，他已搁置峰会计划。\n两国外长昨天通话。"
    assert values(text, "2025-10-22") == ["2025-10-21", "2025-10-21", "2025-10-20"]
    text = "新华社北京10月21日电 外长今天会见大使。"
    assert values(text, "2025-10-22") == ["2025-10-21", "2025-10-21"]
    text = "新华社北京10月12日电 外长今天会见大使。"  # a dateline ten days before: publication counts
    assert values(text, "2025-10-22") == ["2025-10-12", "2025-10-22"]
    text = "外长今天会见大使。"
    assert values(text, "2025-10-22") == ["2025-10-22"]


def test_a_day_the_month_lacks_is_last_month_s():
    assert values("总统卅一日离开。", "2022-11-30") == ["2022-10-31"]


def test_year_end_is_december():
    assert values("新马将于2026年底通车，去年底双方签约。", "2023-10-26") == ["2026-12", "2022-12"]


def test_a_date_inside_title_marks_is_a_name():
    assert values("双方签署《9月平壤共同宣言》。", "2018-09-19") == []


def test_a_relative_month_range_may_end_inside_a_word():
    # jieba cuts 21日才 as 21/日才: a date ending in a digit and its unit may end inside a word
    assert values("国家主席本月20日至21日才对朝鲜进行国事访问。", "2019-06-30") == ["2019-06-20/2019-06-21"]


@pytest.mark.parametrize("text,published,expect", [
    ("两国外长将于月中在日内瓦会晤。", "2023-09-08", ["2023-09"]),  # 月中 alone: this month
    ("他在3月中访问，本月底再访。", "2023-09-08", ["2023-03", "2023-09"]),  # a month word's tail is not 月中
    ("总统接受邀请在上半年访问北京。", "2026-02-05", ["2026-01/2026-06"]),
    ("去年下半年双方恢复对话。", "2026-02-05", ["2025-07/2025-12"]),
    ("去岁两国元首在北京会晤。", "2015-09-25", ["2014"]),
    ("北京时间今早五点半，主席抵达华盛顿。", "2015-09-25", ["2015-09-25"]),
    ("双方已敲定11月在深圳会晤。", "2026-02-05", ["2026-11"]),  # a settled plan looks forward
])
def test_date_words_of_real_pages(text, published, expect):
    assert values(text, published) == expect


def test_a_run_of_days_from_a_weekday_is_a_span_and_its_count_is_no_day():
    text = "主席周三（9月4日）晚设宴。论坛峰会周三起一连三日在北京举行。"
    assert values(text, "2024-09-04") == ["2024-09-04", "2024-09-04/2024-09-06"]


def test_a_weekday_beside_a_day_picks_the_month():
    # published on the 1st: a Monday the 30th is this month's, not last month's (a Friday)
    assert values("两国外长周一（30日）在北京会谈。", "2024-09-01") == ["2024-09-30"]
    assert values("两国外长30日在北京会谈。", "2024-09-01") == ["2024-08-30"]


@pytest.mark.parametrize("text,expect", [
    ("外长本周四、周五访问日本。", ["2024-05-09", "2024-05-10"]),  # published on a Tuesday
    ("外长下周三和周四访问日本。", ["2024-05-15", "2024-05-16"]),
    ("外长本周四至周五访问日本。", ["2024-05-09/2024-05-10"]),
    ("外长周三、周四访问了日本。", ["2024-05-01", "2024-05-02"]),  # no week word: the last such days
])
def test_a_weekday_listed_after_one_with_its_week_is_of_that_week(text, expect):
    assert values(text, "2024-05-07") == expect


# A page that shows no publication date: a dateline's (or lead's) day in the one year a named summit was held then.
def _undated(text: str):
    from dipx.model import RawDocument
    from dipx.pipeline import process
    from dipx.ruleset import load_rules

    raw = RawDocument(source="a", format="text", encoding="utf-8", body=text, body_is_html=False, title="标题")
    return process(raw, load_rules())


def test_a_dateline_takes_its_year_from_the_summit_the_article_names():
    result = _undated("某某社汉堡7月9日电 两国元首8日在G20汉堡峰会闭幕后举行会晤。")
    doc = result.document
    assert (doc.published.date().isoformat(), doc.published_source) == ("2017-07-09", "body_date_inferred")
    assert "2017-07-08" in [d.date.value for d in result.dates]
    assert any("inferred from the body" in w for w in result.warnings)


def test_a_lead_weekday_day_takes_its_year_from_the_summit_when_the_weekday_agrees():
    # FOCAC met in Beijing in September of 2018 and of 2024: only 2024's 4 September was a Wednesday
    doc = _undated("国家主席周三(9月4日)晚设宴欢迎出席中非合作论坛北京峰会的非洲领导人。").document
    assert (doc.published.date().isoformat(), doc.published_source) == ("2024-09-04", "body_date_inferred")


@pytest.mark.parametrize("text", [
    "某某社北京7月9日电 两国外长8日举行会谈。",  # no summit: no year
    "某某社北京9月4日电 非洲领导人出席中非合作论坛北京峰会。",  # two editions fit (2018, 2024): no year
    "国家主席9月4日晚设宴欢迎出席中非合作论坛北京峰会的非洲领导人。",  # no weekday to choose between them
])
def test_no_body_date_where_the_year_is_not_certain(text):
    result = _undated(text)
    assert (result.document.published, result.document.published_source) == (None, None)
    assert any("left unresolved" in w for w in result.warnings)


def test_an_ordinal_before_a_summit_s_name_picks_its_edition():
    # the General Assembly meets every September: only 第78届 says which year the dateline's day is in
    doc = _undated("某某社纽约9月18日电 副主席18日在纽约出席第78届联合国大会期间会见美国国务卿。").document
    assert (doc.published.date().isoformat(), doc.published_source) == ("2023-09-18", "body_date_inferred")
    assert _undated("某某社纽约9月18日电 副主席18日在纽约出席联合国大会期间会见美国国务卿。").document.published is None
    # an ordinal the rules list no edition for names none: the page is not dated by some other session
    unlisted = "某某社纽约10月6日电 副主席6日在纽约出席第99届联合国大会期间会见美国国务卿。"
    assert _undated(unlisted).document.published is None


def test_a_week_named_alone_is_monday_to_sunday_and_anchors_no_bare_day():
    # published Saturday 2023-02-04: 本周 is 30 Jan to 5 Feb; the 3日 after it is still February's
    text = "有媒体本周报道称，官员本周初曾秘密会面。发言人3日否认双方曾经会面。"
    assert values(text, "2023-02-04") == ["2023-01-30/2023-02-05", "2023-02-03"]


def test_a_year_that_opens_a_span_up_to_now_is_not_the_story_s():
    # 自2022年…以来: 5月7日 is this year's, not 2022's
    assert values("这是自2022年冲突爆发以来的第4次峰会，也是总统在5月7日就职后的首次出访。", "2024-05-17") == [
        "2022", "2024-05-07"]
