"""`dipx extract`: one or more articles to tables, JSON, JSON Lines or CSV."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import DipxError, ExitCode, InputError
from . import app, error_line, reports_errors


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"  # the report page (needs dipx[report]), with the sentences behind each meeting


@app.command()
@reports_errors
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Article files, or - for standard input.", metavar="INPUT...")],
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", help="Output format. Default: table on a terminal, json otherwise.")] = None,
    published: Annotated[str | None, typer.Option(
        "--published", help="The articles' publication date (YYYY-MM-DD), overriding what they say.")] = None,
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", help="A folder of extra rules (*.yaml) layered over the built-in ones; repeatable.")] = None,
    include_text: Annotated[bool, typer.Option(
        "--include-text", help="Add the cleaned article text to the JSON.")] = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Say why: the rules that fired (file:line), the slots filled, who set each field, "
                          "and the near misses.")] = False,
) -> None:
    """Extract meetings, countries, dates and quoted people from articles."""
    from ..clean import parse_published
    from ..ruleset import load_rules

    when = None
    if published:
        when = parse_published(published)
        if when is None:
            raise typer.BadParameter(f"cannot read the date {published!r}; use YYYY-MM-DD", param_hint="--published")
    ruleset = load_rules(tuple(str(p) for p in rules or ()))
    fmt = fmt or (Format.table if sys.stdout.isatty() else Format.json)

    try:
        _run(inputs, fmt, when, ruleset, include_text, explain)
    except BrokenPipeError:  # `dipx … | head` closed the pipe early: not a failure
        sys.stderr.close()
        raise typer.Exit(int(ExitCode.OK)) from None


def _run(inputs, fmt, when, ruleset, include_text, explain=False) -> None:
    from .. import render
    from ..pipeline import extract_all

    if fmt is Format.html:  # a missing extra fails before the work, not after it
        from ..report import require_plotting

        require_plotting()

    results, failures, successes = [], 0, 0
    for source in inputs:
        for item in _results(source, when, ruleset, extract_all):  # errors come back as items
            if isinstance(item, DipxError):
                failures += 1
                error_line(str(item))
                continue
            successes += 1
            for warning in item.warnings:
                sys.stderr.write(f"dipx: warning: {item.document.source}: {warning}\n")
            if fmt is Format.jsonl:
                render.write_jsonl(item, sys.stdout, include_text, explain)
                sys.stdout.flush()
            elif fmt is Format.table:
                render.render_table(item)
                if explain:
                    render.render_explain(item)
            else:
                results.append(item)
    if fmt is Format.json and results:
        render.write_json(results, sys.stdout, include_text, explain)
    elif fmt is Format.html and results:
        from ..report import build_report, report_data_from_results

        sys.stdout.write(build_report(report_data_from_results(results, fingerprint=ruleset.fingerprint)))
    elif fmt is Format.csv:
        render.write_csv(results, sys.stdout)
    if failures:  # the good articles were printed; the exit code still tells a script something failed
        raise typer.Exit(int(ExitCode.PARTIAL if successes else ExitCode.INPUT))


def _results(source, when, ruleset, extract_all):
    try:
        yield from extract_all(Path(source) if source != "-" else "-", published=when, rules=ruleset)
    except InputError as exc:
        yield exc
