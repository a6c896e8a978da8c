"""Every example written in the rules runs here (through dipx.selftest, as `dipx rules test` does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipx import selftest
from dipx.ruleset import load_rules
from dipx.selftest import RUNNERS, Outcome, examples_of, run_examples

REPORT = run_examples(load_rules())


@pytest.mark.parametrize("kind", sorted(RUNNERS))
def test_every_example_of_each_kind_holds(kind):
    ran = [o for o in REPORT.outcomes if o.kind == kind]
    assert ran, f"no {kind} examples ran: the registry or the rules lost them"
    failures = [o.line() for o in ran if o.failed]
    assert not failures, "\n".join(failures)


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.yaml").write_text(text, encoding="utf-8")
    return folder


# A user trigger with one sentence it fires on, one it does not yet fire on, and one it wrongly fires on.
USER_TRIGGER = """version: 1
triggers:
  - id: meeting.mine
    kind: talks
    words: [茶叙]
    examples:
      match: [两国外长举行茶叙]
      known_miss: [{known}]
      no_match: [{no_match}]
"""


def test_known_misses_are_listed_and_fail_only_once_they_pass(tmp_path):
    folder = write(tmp_path / "a", USER_TRIGGER.format(known="两国外长喝茶", no_match="两国外长喝茶"))
    rules = load_rules((str(folder),))
    mine = [o for o in run_examples(rules, ["word rules"]).outcomes if o.rule == "meeting.mine"]
    assert [o.status for o in mine] == ["pass", "pass", "known_miss"]
    rules = load_rules((str(write(tmp_path / "b", USER_TRIGGER.format(known="外长茶叙", no_match="外长茶叙"))),))
    report = run_examples(rules, ["word rules"])
    failed = {o.status: o for o in report.failures}
    assert set(failed) == {"fail", "promote"}
    assert failed["promote"].line().startswith(f"{tmp_path / 'b' / 'mine.yaml'}:3: meeting.mine: passes now")


def test_a_new_kind_plugs_in_with_one_function(monkeypatch):
    monkeypatch.setattr(selftest, "RUNNERS", dict(RUNNERS))

    @examples_of("toy kind")
    def toy_examples(rules):
        yield Outcome("toy kind", "toy.one", "rules/x.yaml:1", "text", ok=False, detail="no match")

    report = run_examples(load_rules(), ["toy kind"])
    assert [o.line() for o in report.failures] == ["rules/x.yaml:1: toy.one: no match: 'text'"]
    assert "toy kind" in selftest.RUNNERS and "toy kind" not in RUNNERS
    assert {"word rules", "word classes", "date patterns", "countries", "meeting cases", "people cases",
            "constructions"} <= set(RUNNERS)


@pytest.mark.parametrize("class_id", sorted(load_rules().word_classes))
def test_every_word_class_has_both_kinds_of_example(class_id):
    wc = load_rules().word_classes[class_id]
    assert wc.examples_match and wc.examples_no_match, f"{wc.where}: class {class_id} needs match and no_match examples"
