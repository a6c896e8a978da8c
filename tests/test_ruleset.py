"""Rules load, validate with file:line, report every problem at once, and layer user folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dipx.errors import RuleError
from dipx.ruleset import builtin_rules_dir, load_rules
from dipx.ruleset.compile import compile_layers


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_rules_compile(rules):
    assert len(rules.countries) >= 249
    assert rules.abbr["美"] == "USA"
    assert any(p.name == "习近平" for p in rules.people)
    assert rules.date_patterns and rules.meeting_cases and rules.people_cases


def test_every_problem_is_reported_with_file_and_line(tmp_path):
    write(tmp_path, "bad.yaml", "\n".join([
        "version: 1",
        "triggers:",
        "  - id: meeting.extra",
        "    kind: party",            # line 4: not a meeting kind
        "    wrods: [聚会]",           # line 5: misspelt key
        "speech_verbs:",
        "  - id: speech.extra",
        "    words: not-a-list",      # line 8: wrong type
    ]))
    with pytest.raises(RuleError) as err:
        compile_layers([builtin_rules_dir(), tmp_path])
    problems = err.value.problems
    assert any("bad.yaml:4" in p and "party" in p for p in problems), problems
    assert any("bad.yaml:5" in p and "unknown key 'wrods'" in p for p in problems), problems
    assert any("bad.yaml:8" in p and "must be a list" in p for p in problems), problems
    assert any("lacks required key 'words'" in p for p in problems), problems


def test_duplicate_id_in_one_folder_names_both_places(tmp_path):
    rule = "version: 1\ncues:\n  - id: cue.mine\n    effect: planned\n    words: [或将]\n"
    write(tmp_path, "a.yaml", rule)
    write(tmp_path, "b.yaml", rule)
    with pytest.raises(RuleError) as err:
        compile_layers([builtin_rules_dir(), tmp_path])
    assert any("duplicate rule id 'cue.mine'" in p and "a.yaml:3" in p for p in err.value.problems)


def test_broken_yaml_names_the_line(tmp_path):
    write(tmp_path, "broken.yaml", "version: 1\ncues: [\n  - id: x\n")
    with pytest.raises(RuleError) as err:
        compile_layers([builtin_rules_dir(), tmp_path])
    assert "broken.yaml:" in err.value.problems[0]


def test_yes_and_no_stay_words(tmp_path):
    write(tmp_path, "words.yaml", "version: 1\nblocked: [yes, no, on]\n")
    rules = compile_layers([builtin_rules_dir(), tmp_path])
    assert {"yes", "no", "on"} <= rules.blocked


def test_a_user_folder_adds_and_replaces(tmp_path):
    write(tmp_path, "mine.yaml", "\n".join([
        "version: 1",
        "triggers:",
        "  - id: meeting.meal",  # replaces the built-in meal rule
        "    kind: meal",
        "    words: [共进晚餐, 野餐]",
        "people:",
        "  - name: 林远山",
        "    country: SGP",
        "    roles: [{title: 总理, kind: head_of_government, from: 2030-01-01}]",
    ]))
    rules = load_rules((str(tmp_path),))
    meal = next(r for r in rules.word_rules if r.id == "meeting.meal")
    assert "野餐" in meal.words and "宴请" not in meal.words
    assert rules.lookup("林远山")[0].value.country == "SGP"


def test_traditional_names_in_rules_match_simplified_text(tmp_path):
    write(tmp_path, "tw.yaml", "version: 1\npeople:\n  - name: 陳大文\n    country: TWN\n"
          "    roles: [{title: 部長, kind: minister}]\n")
    rules = load_rules((str(tmp_path),))
    assert rules.lookup("陈大文"), "names are normalised to simplified when compiled"


def test_missing_user_folder_is_a_rule_error(tmp_path):
    with pytest.raises(RuleError, match="no such rules folder"):
        compile_layers([builtin_rules_dir(), tmp_path / "nope"])


def test_rules_ship_inside_the_package():
    folder = builtin_rules_dir()
    repo_rules = Path(__file__).resolve().parents[1] / "rules"
    assert {p.name for p in folder.glob("*.yaml")} == {p.name for p in repo_rules.glob("*.yaml")}
    assert shutil.which("dipx") is None or folder.is_dir()


@pytest.mark.parametrize("text,message", [
    ("version: 1\npeople:\n  - name: 甲\n    country: SGP\n"
     "    roles: [{title: 总理, kind: minister, from: 2030-02-30}]\n", "expected a date"),
    ("version: 1\nnumerals: {1: 1}\n", "keys must be text"),
    ("version: 7\n", "version 7"),
    ("version: 1\ncues:\n  - id: cue.x\n    effect: planned\n    words: [拟]\n    words: [将]\n",
     "duplicate key 'words'"),
])
def test_bad_values_are_rule_errors_not_tracebacks(tmp_path, text, message):
    write(tmp_path, "bad.yaml", text)
    with pytest.raises(RuleError) as err:
        compile_layers([builtin_rules_dir(), tmp_path])
    assert any(message in p and "bad.yaml:" in p for p in err.value.problems), err.value.problems


def test_a_missing_word_class_fails_naming_it(tmp_path):
    shutil.copytree(builtin_rules_dir(), tmp_path / "rules")
    (tmp_path / "rules" / "words_speech_dates.yaml").unlink()
    with pytest.raises(RuleError) as err:
        compile_layers([tmp_path / "rules"])
    assert any("missing word class 'arrival'" in p and "resolve/dates.py" in p for p in err.value.problems)


def test_a_user_word_class_changes_what_the_engine_does(tmp_path):
    import datetime as dt

    import dipx

    text, day = "测试\n代表团4日迄9日在当地访问。", dt.datetime(2022, 11, 18)
    before = dipx.extract(text, published=day, rules=load_rules())
    write(tmp_path, "joiners.yaml", "version: 1\nword_classes:\n  - id: range_joiner\n"
          "    words: [至, 到, 迄]\n    examples: {match: [4日迄9日], no_match: [4日和9日]}\n")
    after = dipx.extract(text, published=day, rules=load_rules((str(tmp_path),)))
    assert "range" not in {d.date.precision for d in before.dates}
    assert "range" in {d.date.precision for d in after.dates}
