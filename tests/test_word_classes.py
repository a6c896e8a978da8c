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
