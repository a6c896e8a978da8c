"""`dipx extract`: one or more articles to tables, JSON, JSON Lines or CSV, written as each is done."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .. import safe
from ..errors import DipxError, ExitCode, ExtractionError, InputError
from ..limits import MAX_BYTES, TIMEOUT
from . import Command, app, error_line, reports_errors, warning_line
from .helptext import ENVIRONMENT, EXIT_CODES, INPUTS, epilog


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"  # the report page (needs dipx[report]), with the sentences behind each meeting


class Section(str, Enum):
    meetings = "meetings"
    countries = "countries"
    dates = "dates"
    people = "people"
    quotes = "quotes"


EXAMPLES = """\
[bold]Examples[/bold]
  dipx extract article.html              tables, at a terminal
  dipx extract -v seeds/*.txt            also timing and the rules used
  cat a.txt | dipx extract - | jq '.meetings[].parties'
  dipx extract -f jsonl crawl.jsonl | jq -c '.countries[] | {code, count}'
  dipx extract --section meetings --excel *.html > meetings.csv
  cron:  0 * * * * cd /data && dipx extract -q -f jsonl new/* >> facts.jsonl"""

FORMATS = """\
[bold]Formats[/bold]
  table  tables fitted to the terminal (the default on a terminal)
  json   one object for one article, an array for several (when piped)
  jsonl  one object a line, written as each article is done: for pipelines
  csv    one row a fact; --section for one section with its own columns
  html   an offline report page with the sentences behind each meeting (dipx[report])"""


@app.command(cls=Command, epilog=epilog(EXAMPLES, FORMATS, INPUTS, ENVIRONMENT, EXIT_CODES))
@reports_errors
def extract(
    inputs: Annotated[list[str], typer.Argument(
        help="Article files (seed, HTML, text or JSON Lines), or - for standard input.", metavar="INPUT")],
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="table, json, jsonl, csv or html. Default: table on a terminal, json otherwise.")] = None,
    section: Annotated[Section | None, typer.Option(
        "--section", metavar="SECTION", help="A CSV of one section with its own columns: meetings, countries, "
        "dates, people or quotes (implies --format csv). Without it the CSV holds every section.")] = None,
    excel: Annotated[bool, typer.Option(
        "--excel", help="Start the CSV with a UTF-8 BOM so that Excel shows the Chinese (implies --format csv).")
    ] = False,
    published: Annotated[str | None, typer.Option(
        "--published", metavar="DATE",
        help="The articles' publication date (YYYY-MM-DD), overriding what they say.")] = None,
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", metavar="DIR", help="A folder of extra rules (*.yaml) layered over the built-in ones; repeatable.")
    ] = None,
    no_default_rules: Annotated[bool, typer.Option(
        "--no-default-rules", help="Leave the shipped rules out: only $DIPX_RULES and --rules.")] = False,
    include_text: Annotated[bool, typer.Option(
        "--include-text", help="Add the cleaned article text to the JSON.")] = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Say why: the rules that fired (file:line), the slots filled, who set each field, "
                          "and the near misses.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No warnings; errors still show.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Also show the rules in force and each article's time and counts.")] = False,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", metavar="BYTES", min=1,
        help="Refuse an input (file or stdin) larger than this.")] = MAX_BYTES,
    timeout: Annotated[float, typer.Option(
        "--timeout", metavar="SECONDS", min=0,
        help="Skip an article that takes longer than this; 0: no limit.")] = TIMEOUT,
    tokenizer: Annotated[str | None, typer.Option(
        "--tokenizer", metavar="NAME", help="jieba or rjieba (the same cuts, faster; pip install 'dipx[fast]'). "
        "Default: $DIPX_TOKENIZER, else rjieba when installed.")] = None,
) -> None:
    """Extract meetings, countries, dates and quoted people from articles.

    Data goes to standard output; warnings, errors and progress to standard error.
    """
    from .rules import rules_in_force

    if quiet and verbose:
        raise typer.BadParameter("choose one of --quiet and --verbose", param_hint="-q/-v")
    _tokenizer_option(tokenizer)
    when = _published_option(published)
    fmt = _format(fmt, section, excel)
    _prepare_stdout(fmt)
    ruleset = rules_in_force(rules, no_default_rules)
    if verbose:
        sys.stderr.write(f"dipx: rules: {' + '.join(ruleset.sources)} (fingerprint {ruleset.fingerprint})\n")
    if "-" in inputs and sys.stdin is not None and sys.stdin.isatty():
        sys.stderr.write("dipx: reading an article from standard input; end it with Ctrl-D\n")

    opts = _Options(fmt, section, excel, include_text, explain, quiet, verbose, max_bytes, timeout or None)
    _run(inputs, opts, when, ruleset)  # a closed pipe or a full disk: the error boundary says what it means


@dataclass(frozen=True)
class _Options:
    fmt: Format
    section: Section | None
    excel: bool
    include_text: bool
    explain: bool
    quiet: bool
    verbose: bool
    max_bytes: int = MAX_BYTES
    timeout: float | None = TIMEOUT


def _tokenizer_option(name: str | None) -> None:
    from ..pipeline import use_tokenizer

    try:
        use_tokenizer(name)
    except LookupError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="--tokenizer") from None


def _published_option(published: str | None):
    from ..clean import parse_published

    if not published:
        return None
    when = parse_published(published)
    if when is None:
        raise typer.BadParameter(f"cannot read the date {published!r}; use YYYY-MM-DD", param_hint="--published")
    return when


def _format(fmt: Format | None, section: Section | None, excel: bool) -> Format:
    if section is not None or excel:
        if fmt not in (None, Format.csv):
            raise typer.BadParameter("--section and --excel are for --format csv", param_hint="--format")
        return Format.csv
    return fmt or (Format.table if sys.stdout.isatty() else Format.json)


def _prepare_stdout(fmt: Format) -> None:
    """JSON, CSV and HTML are UTF-8 whatever the locale; a table shows what the terminal's encoding can."""
    try:
        if fmt is Format.table:
            sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]  # a TextIOWrapper
        elif (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
            sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    except (AttributeError, ValueError):  # not a reconfigurable stream (a test runner's capture)
        pass


def _run(inputs: list[str], opts: _Options, when, ruleset) -> None:
    from .. import render
    from ..pipeline import extract_all

    if opts.fmt is Format.html:  # a missing extra fails before the work, not after it
        from ..report import require_plotting

        require_plotting()
    writer = _HtmlWriter(ruleset.fingerprint) if opts.fmt is Format.html else render.open_writer(
        opts.fmt.value, sys.stdout, include_text=opts.include_text, explain=opts.explain,
        section=opts.section.value if opts.section else None, excel=opts.excel)
    # Progress only where nobody reads the data on the same screen: stdout redirected, stderr a terminal.
    progress = render.Progress(len(inputs), sys.stderr.isatty() and not sys.stdout.isatty() and not opts.quiet)
    failures: list[DipxError] = []
    successes = 0
    try:
        for source in inputs:
            for item, seconds in _timed(_results(source, when, ruleset, extract_all, opts)):
                if isinstance(item, DipxError):
                    failures.append(item)
                    error_line(str(item))
                    continue
                successes += 1
                _report(item, seconds, opts)
                writer.add(item)
                progress.article_done()
            progress.input_done()
    finally:
        progress.close()
    writer.close()
    if failures:  # the good articles were printed; the exit code still tells a script something failed
        raise typer.Exit(int(_failure_code(failures, successes)))


def _failure_code(failures: list[DipxError], successes: int) -> ExitCode:
    if successes:
        return ExitCode.PARTIAL
    if any(isinstance(f, ExtractionError) for f in failures):
        return ExitCode.INTERNAL
    return ExitCode.INPUT


def _report(result, seconds: float, opts: _Options) -> None:
    source = result.document.source
    if not opts.quiet:
        for warning in result.warnings:
            warning_line(source, warning)
    if opts.verbose:
        quotes = sum(len(p.quotes) for p in result.people) + len(result.anonymous_quotes)
        sys.stderr.write(f"dipx: {safe.name(source)}: {seconds * 1000:.0f} ms, {len(result.document.text)} characters, "
                         f"{len(result.meetings)} meetings, {len(result.countries)} countries, "
                         f"{len(result.people)} people, {quotes} quotes\n")


def _timed(items):
    """Each item with the seconds it took to make (reading and analysing one article)."""
    started = time.perf_counter()
    for item in items:
        yield item, time.perf_counter() - started
        started = time.perf_counter()


def _results(source, when, ruleset, extract_all, opts: _Options):
    try:
        yield from extract_all(Path(source) if source != "-" else "-", published=when, rules=ruleset,
                               max_bytes=opts.max_bytes, timeout=opts.timeout)
    except InputError as exc:
        yield exc


class _HtmlWriter:
    """The report page needs every article before it can draw: it collects, then writes once."""

    def __init__(self, fingerprint: str):
        self.fingerprint = fingerprint
        self.results: list = []

    def add(self, result) -> None:
        self.results.append(result)

    def close(self) -> None:
        from ..report import build_report, report_data_from_results

        if self.results:
            sys.stdout.write(build_report(report_data_from_results(self.results, fingerprint=self.fingerprint)))
