"""The word classes assemble.py and resolve/actors.py read are data: a user's change reaches the output."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dipx
from dipx.ruleset import load_rules

RULES = load_rules()


def _meetings(text: str, rules_dirs: tuple[str, ...] = (), published: str = "2024-06-08"):
    result = dipx.extract("测试\n" + text, published=dt.datetime.fromisoformat(published), rules_dirs=rules_dirs)
    return [(frozenset(p.code for p in m.parties), m.date.value if m.date else None, m.evidence[0].rule)
            for m in result.meetings]


def _user_folder(tmp_path: Path, text: str) -> tuple[str, ...]:
    (tmp_path / "mine.yaml").write_text("version: 1\n" + text, encoding="utf-8")
    return (str(tmp_path),)


def test_the_previous_meeting_words_are_the_reference_rule(tmp_path):
    text = "中国国家主席4日在北京同印度总理会晤，前一回是2019年在印度金奈。"
    assert _meetings(text) == [(frozenset({"CHN", "IND"}), "2024-06-04", "meeting.talks")]
    mine = _user_folder(tmp_path, "references:\n  - id: ref.previous_meeting\n    refers: previous_meeting\n"
                                  "    words: [上一次, 前一回]\n")
    assert _meetings(text, mine)[1] == (frozenset({"CHN", "IND"}), "2019", "ref.previous_meeting")


def test_a_word_added_to_the_coordinator_class_joins_hosts(tmp_path):
    text = "韩国总统将于下月访问印尼暨马来西亚。"
    hosts = {p for parties, _, _ in _meetings(text) for p in parties} - {"KOR"}
    assert hosts == {"IDN"}
    words = ", ".join(RULES.word_list("coordinator"))
    mine = _user_folder(tmp_path, "word_classes:\n  - id: coordinator\n"
                                  f"    words: [{words}, 暨]\n")
    assert {p for parties, _, _ in _meetings(text, mine) for p in parties} - {"KOR"} == {"IDN", "MYS"}
