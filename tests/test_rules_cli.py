"""`dipx rules check | test | list`, user rule folders (--rules, DIPX_RULES, --no-default-rules), the JSON Schema."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from dipx.cli import app
from dipx.cli import evaluate as _eval_command  # noqa: F401  registers the commands
from dipx.cli import extract as _extract_command  # noqa: F401
from dipx.cli import rules as _rules_command  # noqa: F401
from dipx.errors import ExitCode
from dipx.ruleset import builtin_rules_dir
from dipx.ruleset.jsonschema import schema_text
from dipx.ruleset.yamlfile import load_yaml

from .conftest import ROOT

runner = CliRunner()


def invoke(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env={"DIPX_RULES": "", **(env or {})})


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


THREE_MISTAKES = {
    "people.yaml": "\n".join([
        "version: 1",
        "people:",
        "  - name: 林远山",
        "    country: SGP",
        "    roles:",
        "      - {title: 总理, kind: head_of_government, from: 2031-05-01, to: 2030-01-01}",  # line 6: ends first
    ]) + "\n",
    "dates.yaml": "\n".join([
        "version: 1",
        "patterns:",
        "  - id: date.mine",                      # line 3: can match only the empty string
        "    kind: absolute",
        "    regex: '(?P<day>\\d*)'",
        "    examples:",
        "      - {text: 3日, expect: 2024-06-03}",
        "triggers:",
        "  - id: meeting.mine",                   # line 9: no examples
        "    kind: talks",
        "    words: [茶叙]",
    ]) + "\n",
}


def test_three_mistakes_give_three_sorted_lines_and_the_rules_exit_code(tmp_path):
    for name, text in THREE_MISTAKES.items():
        write(tmp_path, name, text)
    result = invoke("rules", "check", str(tmp_path))
    assert result.exit_code == ExitCode.RULES, result.output
    lines = result.stdout.splitlines()
    assert [line.split(": ")[0:2] for line in lines] == [
        [f"{tmp_path / 'dates.yaml'}:3", "date.mine"],
        [f"{tmp_path / 'dates.yaml'}:9", "meeting.mine"],
        [f"{tmp_path / 'people.yaml'}:6", "林远山"],
    ], lines
    assert "empty string" in lines[0] and "no examples" in lines[1] and "ends before it starts" in lines[2]
    assert "3 problems in 2 files" in result.stderr


def test_the_shipped_rules_pass_the_check():
    result = invoke("rules", "check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_a_date_pattern_missing_all_its_examples_is_caught(tmp_path):
    write(tmp_path, "d.yaml", "version: 1\npatterns:\n  - id: date.x\n    kind: absolute\n"
          "    regex: 'Q(?P<day>\\d)'\n    examples:\n      - {text: 3日, expect: 2024-06-03}\n")
    result = invoke("rules", "check", str(tmp_path))
    assert result.exit_code == ExitCode.RULES
    assert "date.x: the regex matches none of its own examples" in result.stdout


def test_a_user_name_shadowed_by_a_longer_one_is_caught_unless_blocked(tmp_path):
    person = ("version: 1\npeople:\n  - name: 南山\n    country: SGP\n"
              "    roles: [{title: 总理, kind: head_of_government}]\n")
    write(tmp_path, "p.yaml", person + "countries:\n  - {code: XSA, name: 南山岛}\n")
    result = invoke("rules", "check", str(tmp_path))
    assert "'南山' is never found inside the longer '南山岛'" in result.stdout, result.stdout
    write(tmp_path, "p.yaml", person + "countries:\n  - {code: XSA, name: 南山岛}\nblocked: [南山岛]\n")
    assert "南山" not in invoke("rules", "check", str(tmp_path)).stdout


@pytest.mark.parametrize("text,message", [
    ("version: 1\nblocked: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
     + "".join(f"x{i}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
     + "compounds: {lol: *i}\n", "bomb.yaml"),
    ("version: 1\nblocked: !!python/object/apply:os.system [echo pwned]\n", "bomb.yaml:2"),
])
def test_hostile_yaml_fails_cleanly(tmp_path, text, message):
    write(tmp_path, "bomb.yaml", text)
    started = time.monotonic()
    for args in (("rules", "check", str(tmp_path)), ("extract", "--rules", str(tmp_path), "-", "-f", "json")):
        result = runner.invoke(app, list(args), input="中美两国元首在巴厘岛举行会晤。")
        assert result.exit_code == ExitCode.RULES, result.output
        assert message in result.output and "Traceback" not in result.output
    assert time.monotonic() - started < 10


def test_rules_test_passes_on_the_shipped_rules_and_fails_on_a_broken_example(tmp_path):
    result = invoke("rules", "test")
    assert result.exit_code == 0, result.stdout
    assert "0 failing" in result.stderr
    write(tmp_path, "t.yaml", "version: 1\ntriggers:\n  - id: meeting.meal\n    kind: meal\n    words: [野餐]\n"
          "    examples:\n      match: [两国领导人共进晚餐]\n")
    result = invoke("rules", "test", str(tmp_path))
    assert result.exit_code == ExitCode.RULES
    assert result.stdout.startswith(f"{tmp_path / 't.yaml'}:3: meeting.meal: should fire and does not")


def test_rules_list_counts_by_layer_and_names_what_a_user_word_class_replaces(tmp_path):
    write(tmp_path, "w.yaml", "version: 1\nword_classes:\n  - id: coordinator\n    words: [和, 与, 暨]\n"
          "    examples: {match: [中国暨美国]}\n")
    result = invoke("rules", "list", "--rules", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    shipped, mine = data["layers"]
    assert shipped["name"] == "shipped" and shipped["counts"]["countries"] >= 249
    assert mine["replaces"] == {"word_classes": ["coordinator"]}
    assert {"id": "coordinator", "layer": str(tmp_path)} in data["rules"]["word_classes"]
    text = invoke("rules", "list", "--rules", str(tmp_path)).stdout
    assert text.splitlines()[0] == f"kind\tshipped\t{tmp_path}\tin force"
    assert f"{tmp_path} replaces 1 word_classes: coordinator" in text


def test_a_user_word_class_replaces_the_shipped_one(tmp_path):
    from dipx.ruleset import load_rules

    write(tmp_path, "w.yaml", "version: 1\nword_classes:\n  - id: coordinator\n    words: [暨]\n")
    assert load_rules((str(tmp_path),)).words("coordinator") == frozenset({"暨"})


def test_dipx_rules_and_no_default_rules(tmp_path):
    write(tmp_path / "env", "m.yaml", "version: 1\nmeeting_cases:\n  - text: 法国总统与德国总理举行会谈。\n"
          "    expect: [{parties: [FRA, DEU], kind: talks}]\n")
    listed = json.loads(invoke("rules", "list", "--json", env={"DIPX_RULES": str(tmp_path / "env")}).stdout)
    assert [layer["name"] for layer in listed["layers"]] == ["shipped", str(tmp_path / "env")]
    alone = invoke("rules", "list", "--json", "--no-default-rules", env={"DIPX_RULES": str(tmp_path / "env")})
    assert [layer["name"] for layer in json.loads(alone.stdout)["layers"]] == [str(tmp_path / "env")]
    nothing = invoke("rules", "check", "--no-default-rules")
    assert nothing.exit_code == ExitCode.RULES and "no rules in force" in nothing.stdout
    # with the shipped rules left out there is no country to find, or (once the engine requires word
    # classes) the rules are incomplete, which is a rules error naming the class
    result = runner.invoke(app, ["extract", "--no-default-rules", "--rules", str(tmp_path / "env"), "-"],
                           input="法国总统与德国总理举行会谈。", env={"DIPX_RULES": ""})
    if result.exit_code == 0:
        assert json.loads(result.stdout)["countries"] == []
    else:
        assert result.exit_code == ExitCode.RULES and "missing word class" in result.stderr, result.output


def test_the_published_json_schema_is_in_sync_and_validates_every_shipped_file():
    published = ROOT / "rules" / "rules.schema.json"
    assert published.read_text(encoding="utf-8") == schema_text(), (
        "regenerate it: python -m dipx.ruleset.jsonschema > rules/rules.schema.json")
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(builtin_rules_dir().glob("*.yaml")):
        data = json.loads(json.dumps(load_yaml(path)))
        assert not [e.message for e in validator.iter_errors(data)], path
    bad = {"version": 1, "triggers": [{"id": "x", "kind": "party", "wrods": ["a"]}]}
    assert len(list(validator.iter_errors(bad))) == 3  # kind, the unknown key, the missing words


def test_the_worked_examples_in_the_rules_readme_pass_check_and_test(tmp_path):
    readme = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(# file: (\S+)\n.*?)```", readme, re.S)
    assert {name for _, name in blocks} == {"leaders.yaml", "summits.yaml", "meetings.yaml", "speech.yaml",
                                            "dates.yaml", "words.yaml"}
    for body, name in blocks:
        write(tmp_path, name, body)
    checked = invoke("rules", "check", str(tmp_path))
    assert checked.exit_code == 0, checked.stdout
    tested = invoke("rules", "test", str(tmp_path))
    assert tested.exit_code == 0, tested.stdout
    listed = json.loads(invoke("rules", "list", str(tmp_path), "--json").stdout)
    assert listed["layers"][1]["replaces"] == {"word_classes": ["coordinator"]}
    assert "## Constructions" in readme
