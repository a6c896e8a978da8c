"""Meetings: parties, kind, status, date and merging, on short texts written for these tests."""

from __future__ import annotations

import pytest

from .conftest import run_text


def meetings(text: str, published: str = "2023-06-08"):
    return [(frozenset(p.code for p in m.parties), m.kind, m.status, m.date.value if m.date else None)
            for m in run_text(text, published).meetings]


@pytest.mark.parametrize("text,expect", [
    ("法国总统马克龙6日在北京与中国国家主席举行会谈。",
     [({"FRA", "CHN"}, "talks", "held", "2023-06-06")]),
    ("俄罗斯总统普京当天与土耳其总统埃尔多安通电话。", [({"RUS", "TUR"}, "phone_call", "held", None)]),
    ("日本首相将于下月访问澳大利亚。", [({"JPN", "AUS"}, "visit", "planned", "2023-07")]),
    ("习近平5月18日在西安会见哈萨克斯坦总统托卡耶夫。", [({"CHN", "KAZ"}, "talks", "held", "2023-05-18")]),
    ("韩国总统原定本月访问越南，但因故推迟。", [({"KOR", "VNM"}, "visit", "cancelled", "2023-06")]),
    ("巴西总统与南非总统举行视频会晤。", [({"BRA", "ZAF"}, "video_call", "held", None)]),
    ("中美两国元首在旧金山举行会晤。", [({"CHN", "USA"}, "talks", "held", None)]),
    ("德国总理访华期间，与中国国家主席共进晚餐。", [({"DEU", "CHN"}, "meal", "held", None)]),
])
def test_one_meeting(text, expect):
    assert [(set(p), k, s, d) for p, k, s, d in meetings(text)] == expect


def test_a_list_gives_one_bilateral_meeting_each():
    got = meetings("印尼总统佐科当天分别会见了泰国、越南和老挝三国领导人。", "2022-06-01")
    assert {tuple(sorted(p)) for p, *_ in got} == {("IDN", "THA"), ("IDN", "VNM"), ("IDN", "LAO")}


def test_a_count_is_filled_by_the_list_that_follows():
    text = "峰会期间，中国领导人与3个国家领导人举行双边会谈。3国包括法国、荷兰和南非。"
    got = meetings(text)
    assert {tuple(sorted(p)) for p, *_ in got} == {("CHN", "FRA"), ("CHN", "NLD"), ("CHN", "ZAF")}


def test_pronouns_and_pairs_refer_back():
    text = "印度总理莫迪随后抵达会场。习近平笑着上前跟他握手，两人站着聊了好一会儿。"
    got = meetings(text)
    assert [(set(p), k) for p, k, *_ in got] == [({"CHN", "IND"}, "conversation")]
    assert len(run_text(text).meetings[0].evidence) == 2  # 握手 and 聊: one meeting, two pieces of evidence


def test_mentions_of_one_meeting_merge_and_keep_all_evidence():
    text = "拜登与习近平14日在巴厘岛举行会晤。两人三个小时的会谈突破了计划的时间。习拜会的意义正在于此。"
    result = run_text(text, "2022-11-18")
    assert len(result.meetings) == 1
    m = result.meetings[0]
    assert {p.code for p in m.parties} == {"USA", "CHN"} and m.date.value == "2022-11-14"
    assert len(m.evidence) == 3
    assert m.place == "巴厘岛" or m.place is None


def test_same_parties_on_different_dates_stay_two():
    text = "2019年，两国外长在东京会晤。2023年3月，日本外相与中国外长再次会晤。"
    got = meetings(text)
    assert len(got) >= 1
    text = "2019年5月日本首相与澳大利亚总理会晤。2023年3月日本首相与澳大利亚总理再次会晤。"
    assert sorted(d for *_, d in meetings(text)) == ["2019-05", "2023-03"]


@pytest.mark.parametrize("text", [
    "两国领导人每年都会举行会晤，这类会晤大多是例行公事。",   # generic
    "外长在会后会见记者，回答了提问。",                          # meeting the press
    "据传两国领导人曾秘密会面。",                                # rumour
    "总统当天还分别会见了泰国、越南和老挝三国领导人。",          # whose president?
    "美国总统并未与俄罗斯总统会面。",                            # denied
    "阿里巴巴和腾讯的老板时常在公开场合谈笑风生。",              # business people
])
def test_not_meetings(text):
    assert meetings(text) == []


def test_traditional_chinese_meeting():
    got = meetings("美國總統拜登與中國國家主席習近平在峇里島舉行會晤。", "2022-11-18")
    assert [(set(p), k) for p, k, *_ in got] == [({"USA", "CHN"}, "talks")]


def test_organisation_head_is_a_party():
    got = meetings("中国国家主席会见了联合国秘书长古特雷斯。")
    assert [set(p) for p, *_ in got] == [{"CHN", "UN"}]


def test_people_and_roles_travel_with_the_parties():
    m = run_text("法国总统马克龙与中国国家主席习近平举行会谈。").meetings[0]
    people = {p.code: dict(p.people) for p in m.parties}
    assert people["FRA"] == {"马克龙": "总统"} and people["CHN"] == {"习近平": "国家主席"}


def test_a_leader_named_alone_gets_the_title_of_the_meetings_time():
    m = run_text("2011年，拜登与习近平在成都共进晚餐。", "2022-11-18").meetings[0]
    people = {p.code: dict(p.people) for p in m.parties}
    assert people["USA"] == {"拜登": "副总统"} and people["CHN"] == {"习近平": "国家副主席"}


def test_a_message_sent_is_not_a_call():
    assert meetings("国家主席3月4日致电祝贺马克龙当选法国总统。") == []


def test_hopes_after_the_meeting_word_do_not_cancel_it():
    got = meetings("习近平在会见法国总统马克龙时希望两国加强合作。")
    assert [set(p) for p, *_ in got] == [{"CHN", "FRA"}]


def test_in_the_talks_refers_to_the_meeting_already_told():
    text = "韩国总统30日会见北约秘书长。北约秘书长在会谈中呼吁韩方向乌克兰提供援助。"
    result = run_text(text, "2023-01-31")
    assert [{p.code for p in m.parties} for m in result.meetings] == [{"KOR", "NATO"}]
    assert len(result.meetings[0].evidence) == 2


def test_a_banquet_host_and_the_guest_named_before():
    got = meetings("北约秘书长29日晚抵达首尔，韩国外长当晚设宴款待。", "2023-01-31")
    assert [(set(p), k, d) for p, k, _, d in got] == [({"NATO", "KOR"}, "meal", "2023-01-29")]


def test_a_summit_attended_is_the_frame_not_a_meeting():
    got = meetings("习近平23日在喀山出席金砖国家领导人第十六次会晤期间会见印度总理莫迪。", "2024-10-25")
    assert [(set(p), d) for p, _, _, d in got] == [({"CHN", "IND"}, "2024-10-23")]


def test_a_plan_takes_no_past_story_date():
    text = ("沙特与伊朗代表团3月6日起在北京举行会谈。这是2016年1月两国断交以来的最高级别接触。"
            "声明说，沙特外交大臣将与伊朗外长举行会晤。")
    got = meetings(text, "2023-03-13")
    assert ({"SAU", "IRN"}, "talks", "planned", None) in [(set(p), k, s, d) for p, k, s, d in got]
    assert not any(d == "2016-01" for *_, d in got)


def test_a_plan_word_after_the_meeting_word_only_if_it_stands_right_after():
    assert meetings("美国总统与中国国家主席的会谈突破了计划的时间。")[0][2] == "held"
    assert meetings("法国总统访华计划已经公布。")[0][2] == "planned"


def test_a_handshake_on_the_day_of_the_talks_is_the_talks():
    text = "中日两国领导人6日在曼谷举行会谈。\n\n日本首相6日与中国国家主席握手寒暄。"
    assert [(set(p), k) for p, k, _, _ in meetings(text)] == [({"CHN", "JPN"}, "talks")]


def test_a_handshake_on_another_day_stays_its_own_meeting():
    text = "中日两国领导人6日在曼谷举行会谈。\n\n日本首相4日与中国国家主席握手寒暄。"
    assert sorted(k for _, k, _, _ in meetings(text)) == ["conversation", "talks"]


def test_a_summit_named_by_its_members_has_only_them_as_sides():
    got = meetings("这是自2022年俄罗斯入侵乌克兰以来的第4次中俄峰会。", "2024-05-17")
    assert [set(p) for p, *_ in got] == [{"CHN", "RUS"}]


def test_talks_on_one_day_of_a_dated_trip_stay_apart_from_the_visit():
    got = meetings("法国总统5日至7日对中国进行国事访问。6日，两国元首在北京举行会谈。")
    assert sorted((k, d) for _, k, _, d in got) == [("talks", "2023-06-06"), ("visit", "2023-06-05/2023-06-07")]


def test_talks_without_a_day_of_their_own_fold_into_the_trip():
    got = meetings("法国总统5日至7日对中国进行国事访问，并与中国国家主席举行会谈。")
    assert len(got) == 1


def test_a_country_right_before_the_meeting_word_is_the_venue_when_two_sides_are_named():
    got = meetings("特朗普与朝鲜领导人金正恩去年六月的新加坡会谈带来了关注。", "2019-02-25")
    assert [set(p) for p, *_ in got] == [{"USA", "PRK"}]


def test_a_lunch_with_no_day_of_its_own_is_part_of_the_talks_told():
    got = meetings("中美两国元首6日在北京举行会谈。会谈后，两人共进午餐。")
    assert [(k, d) for _, k, _, d in got] == [("talks", "2023-06-06")]


def test_a_year_a_span_runs_from_is_no_story_date_for_later_meetings():
    got = meetings("中美两国元首6日举行会谈，这是1979年建交以来两国元首的第10次会晤。两人握手超过一分钟。")
    assert [(k, d) for _, k, _, d in got] == [("talks", "2023-06-06")]
