"""Constructions: every example in the rules, the compile-time checks, and rules added from a user folder."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

import dipx
from dipx.errors import RuleError
from dipx.ruleset import load_rules
from dipx.ruleset.compile import builtin_rules_dir, compile_layers

RULES = load_rules()


def _extract(text: str, published: str | None = "2024-06-01", rules=None):
    when = dt.datetime.fromisoformat(str(published)) if published else None
    return dipx.extract("测试\n" + text, published=when, rules=rules or RULES)


def _fired(result, construction_id: str) -> bool:
    items = [*result.meetings, *result.people]
    return any(rule == construction_id for item in items for rule, _ in item.explain.rules)


# Each construction's own examples run in `dipx rules test` (dipx/selftest.py, called by
# tests/test_rule_examples.py); these tests cover the engine around them.


def test_meeting_from_a_construction_explains_itself():
    result = _extract("法国总统马克龙、西班牙首相桑切斯和巴西总统卢拉相继访问中国。")
    meeting = next(m for m in result.meetings if {p.code for p in m.parties} == {"ESP", "CHN"})
    rules = dict(meeting.explain.rules)
    assert rules["meeting.visitors_in_turn"].startswith("rules/constructions.yaml:")
    slots = {f.slot: f.text for f in meeting.explain.slots}
    assert "西班牙首相桑切斯" in slots["visitors"] and slots["visit"] == "访问"
    assert any(d.field == "parties" and d.rule == "meeting.visitors_in_turn" for d in meeting.explain.decisions)


def test_default_reading_records_its_decisions_and_near_misses():
    result = _extract("两国外长将于下周通话。会谈结束后他离开了。")
    assert not result.meetings
    assert any(n.reason == "a meeting word with no second party" and n.text == "会谈" for n in result.near_misses)
    call = _extract("王毅5日同布林肯通电话。").meetings[0]
    fields = {d.field: d for d in call.explain.decisions}
    assert fields["kind"].rule == "meeting.phone_call" and fields["kind"].where.startswith("rules/meetings.yaml:")
    assert "5日" in fields["date"].step


def _user_folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "extra.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def test_a_user_construction_makes_a_meeting_where_none_came_out(tmp_path):
    sentence = "拜登与习近平在旧金山晤谈四个小时。"
    assert not _extract(sentence).meetings
    folder = _user_folder(tmp_path, """\
        version: 1
        constructions:
          - id: mine.witan
            pattern:
              - {actor: person, as: a}
              - {class: comitative}
              - {actor: person, as: b}
              - {gap: 3}
              - {word: 晤谈}
            yields:
              meeting: {parties: [a, b], kind: talks}
            examples:
              match:
                - text: 拜登与习近平在旧金山晤谈四个小时。
                  expect: [{parties: [USA, CHN], kind: talks}]
        """)
    rules = load_rules((str(folder),))
    meetings = _extract(sentence, rules=rules).meetings
    assert [{p.code for p in m.parties} for m in meetings] == [{"USA", "CHN"}]
    assert dict(meetings[0].explain.rules)["mine.witan"] == f"{folder / 'extra.yaml'}:3"


def test_a_user_leader_makes_a_meeting(tmp_path):
    sentence = "阿尔巴尼亚总理与贝拉米·雷诺兹举行会谈。"
    before = _extract(sentence)
    assert not any("NRU" in {p.code for p in m.parties} for m in before.meetings)
    folder = _user_folder(tmp_path, """\
        version: 1
        people:
          - name: 贝拉米·雷诺兹
            country: NRU
            roles: [{title: 总统, kind: head_of_state, from: 2020-01-01}]
        """)
    meetings = _extract(sentence, rules=load_rules((str(folder),))).meetings
    assert [{p.code for p in m.parties} for m in meetings] == [{"ALB", "NRU"}]


BAD = """\
    version: 1
    constructions:
      - id: bad.one
        pattern:
          - {actor: any, as: a}
          - {gap: 20}
        yields:
          meeting: {parties: [a, nobody]}
      - id: bad.two
        pattern:
          - {class: no_such_class}
          - {trigger: any, actor: any}
        yields:
          suppress: missing
"""


def test_construction_mistakes_are_all_reported_with_file_and_line(tmp_path):
    folder = _user_folder(tmp_path, BAD)
    with pytest.raises(RuleError) as caught:
        compile_layers([builtin_rules_dir(), folder])
    problems = caught.value.problems
    assert any(":6: bad.one: a gap spans 1 to 8 tokens, not 20" in p for p in problems)
    assert any(":8: bad.one: party 'nobody' is no actor slot" in p for p in problems)
    assert any("bad.one: can never be tried" in p for p in problems)
    assert any(":11: bad.two: no word class 'no_such_class'" in p for p in problems)
    assert any(":12: bad.two: a slot takes exactly one of" in p for p in problems)
    assert any("bad.two: 'suppress' names 'missing'" in p for p in problems)
    assert all("has no matching example" not in p or "bad." in p for p in problems)


def test_a_user_word_class_replaces_the_shipped_one_and_a_missing_one_fails(tmp_path):
    folder = _user_folder(tmp_path, """\
        version: 1
        word_classes:
          - id: in_turn
            words: [相继]
        """)
    rules = compile_layers([builtin_rules_dir(), folder])
    assert rules.words("in_turn") == frozenset({"相继"})
    with pytest.raises(RuleError) as caught:
        compile_layers([folder])
    assert any("missing word class 'coordinator'" in p for p in caught.value.problems)


def test_one_bad_entry_does_not_hide_the_problems_of_the_others(tmp_path):
    from dipx.ruleset.check import check_layers

    folder = _user_folder(tmp_path, """\
        version: 1
        triggers:
          - id: mine.chat
            kind: chat
            words: [闲聊]
        people:
          - name: 某某某
            country: USA
            roles: [{title: 总统, kind: head_of_state, from: 2030-01-01, to: 2020-01-01}]
        """)
    problems = check_layers([builtin_rules_dir(), folder])
    assert any(":4: mine.chat: 'kind'" in p for p in problems)
    assert any(":9: 某某某: term of 某某某 ends before it starts" in p for p in problems)


def test_a_visit_to_a_region_of_the_same_state_is_a_near_miss():
    result = _extract("中国国家主席今年7月访问香港。")
    assert not result.meetings
    assert any(n.reason.startswith("HKG is a region of CHN") and n.text == "访问" for n in result.near_misses)
