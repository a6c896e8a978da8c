"""Quoted people: speakers, descriptions, roles, links between mentions, quotes and anonymous sources."""

from __future__ import annotations

import pytest

from .conftest import run_text


def people(text: str, published: str = "2023-06-08"):
    return {p.name: p for p in run_text(text, published).people}


@pytest.mark.parametrize("text,name,role,affiliation", [
    ("南方大学国际关系学院教授陈晓东表示，两国关系正在改善。", "陈晓东", "analyst", "南方大学"),
    ("“这是一次务实的访问。”东湖研究所研究员周明远说。", "周明远", "analyst", "东湖研究所"),
    ("外交部发言人毛宁表示，中方欢迎各方参与。", "毛宁", "official", None),
    ("前驻美大使李文华形容，这是一次破冰之旅。", "李文华", "analyst", "前驻美大使"),
    ("法国总统马克龙在记者会上称，他相信对话。", "马克龙", "official", None),
    ("時任官房長官菅義偉稱，這是一件大事。", "菅义伟", "official", None),
    ("某时报记者王刚写道，会场气氛轻松。", "王刚", "journalist", "某时报"),
    # 在…前 is a place phrase (class place_close) for the character-level reading too
    ("东湖大学教授田中健一在会谈前指出，双方分歧仍大。", "田中健一", "analyst", "东湖大学"),
])
def test_speaker_role_and_affiliation(text, name, role, affiliation):
    found = {alias: p for p in people(text).values() for alias in (p.name, *p.aliases)}
    assert name in found, list(found)
    person = found[name]
    assert person.role == role
    if affiliation:
        assert person.affiliation and affiliation in person.affiliation


def test_latin_alias_and_later_short_mentions_link_to_one_person():
    text = ("海洋政策研究中心（Ocean Policy Centre）主任安德鲁·怀特（Andrew White）认为，对话本身就是成果。"
            "怀特还说，下一步要看行动。")
    found = people(text)
    assert list(found) == ["安德鲁·怀特"]
    person = found["安德鲁·怀特"]
    assert {"Andrew White", "怀特"} <= set(person.aliases)
    assert len(person.quotes) == 2 and person.affiliation == "海洋政策研究中心"


def test_quote_before_the_speaker_is_attributed():
    text = "“我们看到了积极的信号。”北方大学学者林海峰说。"
    person = people(text)["林海峰"]
    assert person.quotes[0].text == "我们看到了积极的信号。"
    assert run_text(text).document.text[person.quotes[0].start:person.quotes[0].end] == person.quotes[0].text


def test_unnamed_sources_are_anonymous_quotes_not_people():
    result = run_text("一位不愿具名的外交官透露，会谈气氛紧张。一个记者打趣说，这是外交派对。")
    assert result.people == ()
    assert len(result.anonymous_quotes) == 2


def test_a_verb_after_de_is_a_noun():
    assert people("那是一段美好的回忆。") == {}


@pytest.mark.parametrize("text,name", [
    # 日前 and the 在 that opens 在接受…专访时 are not part of the name
    ("西湖大学教授马丁·霍夫曼日前在接受本报记者专访时表示，峰会的意义在于重启对话。", "马丁·霍夫曼"),
    # the tail of a dotted name is not the known person of that surname (布朗)
    ("东湖大学教授大卫·布朗对《华盛顿邮报》说，双方都需要这次会面。", "大卫·布朗"),
    # Latin words after the first inside brackets are the alias, never a second speaker
    ("南洋大学东亚研究所研究员林德华（Lim Teck Wah）则说，新加坡选择低调提供场地。", "林德华"),
    # the 的 after a post is not the name's
    ("曾任南韩外交部次官的朴正浩认为，这次会谈是一个转折点。", "朴正浩"),
])
def test_the_speaker_is_named_exactly_once(text, name):
    found = people(text)
    assert list(found) == [name]
    assert all("Gordon" not in alias for alias in found[name].aliases)


def test_a_pronoun_opening_the_next_sentence_goes_on_with_the_speaker():
    text = "北方大学教授林海峰表示，两国关系正在回暖。他认为，下一步要看行动。"
    person = people(text)["林海峰"]
    assert [q.text for q in person.quotes] == ["两国关系正在回暖。", "下一步要看行动。"]


def test_a_pronoun_two_sentences_on_is_nobody_known():
    text = "北方大学教授林海峰表示，两国关系正在回暖。会谈在北京举行。他认为，下一步要看行动。"
    result = run_text(text)
    assert [len(p.quotes) for p in result.people] == [1]
    assert any(m.kind == "speaker" and m.text == "认为" for m in result.near_misses)


def test_a_speaker_named_after_a_shared_view_takes_the_next_sentences_words():
    text = "持相同观点的还有东湖研究所高级研究员彼得·怀特。他表示：“对话本身就是成果。”"
    person = people(text)["彼得·怀特"]
    assert person.affiliation == "东湖研究所"
    assert len(person.quotes) == 1 and "对话本身就是成果" in person.quotes[0].text


def test_two_speakers_joined_by_yu_each_keep_their_own_description():
    found = people("海洋研究所所长王建国与山地大学教授李明华都认为双方会达成协议。")
    assert {n: p.affiliation for n, p in found.items()} == {"王建国": "海洋研究所", "李明华": "山地大学"}


def test_a_country_before_yu_is_no_second_speaker():
    assert list(people("中国与美国专家李华认为，会谈意义重大。")) == ["李华"]


def test_a_name_introduced_with_a_post_keeps_it_when_quoted_bare():
    text = ("记者采访了东湖大学日本研究中心主任廉明远、西湖研究院研究员沙立群。"
            "沙立群表示，首相任期不会太久。廉明远说，中日关系是关键。")
    found = people(text)
    assert (found["沙立群"].role, found["廉明远"].role) == ("analyst", "analyst")
    assert "东湖大学" in (found["廉明远"].affiliation or "")


def test_a_name_only_near_a_post_takes_no_role_from_it():
    # the post (记者) is the subject's, not a description of 沙立群: no role is borrowed
    assert people("记者见到了沙立群。沙立群表示，首相任期不会太久。")["沙立群"].role == "other"


def test_a_name_met_before_is_found_again_however_jieba_cuts_it():
    text = ("南方战略研究中心高级研究员车维德在研讨会上表示，存在多种可能性。"
            "车维德分析称，普京要让外界看到这一点。")
    person = people(text)["车维德"]
    assert len(person.quotes) == 2


@pytest.mark.parametrize("text", [
    "三名学者在受访时齐声认为，首相的任期不会太久。",  # how many spoke at once is no name
    "专家和舆论分析，两国意在扩展各自的外交空间。",  # a noun joined to the post is no name
    "多位学者分析，峰会后美国的小多边合作会加速。",  # how many, not who
    "该名官员表示，总统以为这是出于好意。",  # which one, not who
    "马国交通部长日前透露，政府将在月底前作出决定。",  # a ministry before the post, not a name
    "美国总统说，两国关系正在改善。",  # a country before a post opening the clause is no name
    "会上，两岸学者谈及智库交流时普遍表示，交流至关重要。",
    "南方大学教授接受东方社记者专访时表示，两国关系会继续改善。",  # the interview's end is no name
    "南方大学教授星期六在东方时报上撰文称，两国关系会继续改善。",  # a weekday before the verb
    "南方大学教授本周三在东方时报撰文说，两国关系会继续改善。",  # a date word, then a posting word
    "南方大学教授在推特说，两国关系会继续改善。",  # an open 在 phrase: a place, not a name
    "南方大学教授在脸书发帖称，两国关系会继续改善。",
])
def test_a_date_or_an_open_place_phrase_is_never_a_name(text):
    assert people(text) == {}


@pytest.mark.parametrize("text,name,role", [
    ("国际时事评论员陈志远接受东方通讯社采访时表示，会谈意义重大。", "陈志远", "analyst"),
    ("政治评论员陈志远在节目中表示，会谈意义重大。", "陈志远", "analyst"),
    ("本报评论员陈志远指出，会谈意义重大。", "陈志远", "journalist"),  # a paper's own commentator
])
def test_a_pundit_is_an_analyst_and_a_papers_commentator_a_journalist(text, name, role):
    assert people(text)[name].role == role


@pytest.mark.parametrize("text", [
    "美国总统大选也备受关注。他认为，局势十分复杂。",  # 总统大选 is one word: no name after the post
    "高级官员表示，局势复杂。",  # 高级官员 is one word: a post's modifier, no name
])
def test_words_glued_to_a_post_are_no_names(text):
    assert people(text) == {}


@pytest.mark.parametrize("text,quotes", [
    # words a verb quotes, glued to it, before the speaker's description: a quotation
    ("总统称其为「红线」，东湖大学教授王明说。", ["红线"]),
    # an institution's name in marks inside the description: no quotation
    ("任职于智库「东湖近东研究所」的教授王明说。", []),
])
def test_marked_words_before_a_speaker_are_a_quotation_unless_they_name_an_institution(text, quotes):
    person = people(text)["王明"]
    assert [q.text for q in person.quotes] == quotes
