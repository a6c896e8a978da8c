"""`dipx eval` scores in-process and must give the team scorer's figures on the same gold."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dipx.cli import app
from dipx.cli import evaluate as _eval_command  # noqa: F401  registers the command
from dipx.errors import ExitCode
from dipx.evaluate import _pairing, evaluate, span, time_key

from .conftest import ROOT
from .test_eval import SHARED, needs_scorer, score

SETS = {
    "shared": (SHARED / "gold", ROOT.parent / "shared" / "seeds"),
    "heldout": (ROOT / "tests" / "heldout" / "gold", ROOT / "tests" / "heldout" / "docs"),
}
COUNTS = ("meetings_matched", "meeting_date_ok", "meeting_kind_ok", "meeting_status_ok", "analyst_affiliation_ok",
          "errors", "documents")


@needs_scorer
@pytest.mark.parametrize("name", sorted(SETS))
def test_the_same_figures_as_the_shared_scorer(name, rules):
    gold, docs = SETS[name]
    theirs = score(gold, docs)
    mine = evaluate(gold, docs, rules).as_dict()
    assert mine["figures"] == theirs["figures"]
    assert {k: mine[k] for k in COUNTS} == {k: theirs[k] for k in COUNTS}
    per_doc = {row["doc"]: {k: {n: row[k][n] for n in ("tp", "fp", "fn")} for k in mine["figures"]}
               for row in mine["per_document"]}
    assert per_doc == {row["doc"]: {k: {n: row[k][n] for n in ("tp", "fp", "fn")} for k in mine["figures"]}
                       for row in theirs["per_document"]}


def test_every_miss_and_false_hit_is_listed_with_a_sentence(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("中日外长会晤\n2023-04-02 10:00\n日本外相与中国外长2日在北京举行会谈。\n"
                                "韩国总统同日访问越南。\n", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.yaml").write_text("doc: a.txt\npublished: 2023-04-02\nmeetings:\n"
                                 "  - {parties: [CHN, JPN], date: 2023-04-02, kind: talks, status: held}\n"
                                 "  - {parties: [FRA, JPN], date: 2023-04-02, kind: talks}\n"
                                 "countries: [CHN, JPN, KOR, VNM, FRA]\ndates: [2023-04-02]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--docs", str(docs), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    found = {(f["kind"], f["what"], f["item"]): f["sentence"] for f in data["findings"]}
    assert found[("meetings", "false", "KOR-VNM 2023-04-02")] == "韩国总统同日访问越南。"
    assert ("meetings", "missed", "FRA-JPN 2023-04-02") in found
    assert ("countries", "missed", "FRA") in found
    assert data["figures"]["meetings"] == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert data["meeting_kind_ok"] == 1
    table = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--docs", str(docs)]).stdout
    assert "a.txt: meetings false: KOR-VNM 2023-04-02  | 韩国总统同日访问越南。" in table
    assert "matched meetings 1: date 1.00, kind 1.00, status 1.00" in table


def test_dates_and_pairing():
    assert span("2024-02") == (span("2024-02-01")[0], span("2024-02-29")[0])
    assert time_key("2022-11-14T08:00") == "2022-11-14" and time_key("nonsense") is None
    assert time_key("2022-11-14/2022-11-16") == "2022-11-14/2022-11-16"
    gold = [{"span": span("2022-11"), "optional": False}, {"span": span("2022-11-14"), "optional": False}]
    got = [{"span": span("2022-11-14")}, {"span": span("2022-11-20")}]
    assert sorted(_pairing(got, gold)) == [(0, 1), (1, 0)]  # the exact day to the exact gold, the other to the month


def test_a_gold_folder_without_gold_is_an_input_error(tmp_path):
    result = CliRunner().invoke(app, ["eval", "--gold", str(tmp_path), "--docs", str(tmp_path)])
    assert result.exit_code == ExitCode.INPUT and "holds no gold files" in result.stderr
