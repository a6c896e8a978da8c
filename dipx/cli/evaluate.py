"""`dipx eval`: precision, recall and F1 against gold answers, with every miss and false hit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from . import app, reports_errors
from .rules import NoDefaults, RulesOption, rules_in_force


@app.command("eval")
@reports_errors
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="A folder of gold files (*.yaml, ../shared/eval format).")],
    docs: Annotated[Path, typer.Option("--docs", help="The folder holding the articles the gold files name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures and findings as JSON.")] = False,
    rules: RulesOption = None,
    no_default_rules: NoDefaults = False,
) -> None:
    """Score dipx's answers against hand-made gold: per kind P/R/F1, meeting field accuracy, each miss."""
    from ..evaluate import evaluate

    report = evaluate(gold, docs, rules_in_force(rules, no_default_rules))
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    for finding in report.findings:
        where = f"  | {finding.sentence}" if finding.sentence else ""
        typer.echo(f"{finding.doc}: {finding.kind} {finding.what}: {finding.item}{where}")
    for row in report.documents:
        if row["error"]:
            typer.echo(f"{row['doc']}: error: {row['error']}")
    typer.echo(f"{'kind':<11} {'precision':>9} {'recall':>7} {'f1':>7}  tp/fp/fn")
    for kind, tally in report.tallies.items():
        f = tally.figures()
        typer.echo(f"{kind:<11} {f['precision']:>9.2f} {f['recall']:>7.2f} {f['f1']:>7.2f}  "
                   f"{f['tp']}/{f['fp']}/{f['fn']}")
    counts = report.counts
    matched = counts["meetings_matched"]
    share = (lambda n: f"{n / matched:.2f}") if matched else (lambda n: "-")
    typer.echo(f"matched meetings {matched}: date {share(counts['meeting_date_ok'])}, "
               f"kind {share(counts['meeting_kind_ok'])}, status {share(counts['meeting_status_ok'])}; "
               f"{len(report.documents)} articles, {counts['errors']} errors")
