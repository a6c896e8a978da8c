"""`dipx batch`: take files and folders into a store, for cron. Thin over dipx.batch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitCode
from . import Command, app, reports_errors
from .helptext import ENVIRONMENT, EXIT_CODES, epilog

EXAMPLES = """\
[bold]Examples[/bold]
  dipx batch /data/news               new or changed files, recursively
  dipx batch /data/news --glob '*.html' --workers 2
  find /data/news -newer last-run -type f | dipx batch --files-from -
  dipx batch --retry-failed           the failed articles again
  cron: 30 2 * * * dipx batch /data/news --wait 600 >> batch.log 2>&1"""

STORE = """\
[bold]The store[/bold]
  --db FILE or DIPX_DB; default $XDG_DATA_HOME/dipx/dipx.db, that is
  ~/.local/share/dipx/dipx.db. Plain SQLite (schema/dipx-store.sql):
  sqlite-utils and datasette open it as it is."""


DbOption = Annotated[Path | None, typer.Option(
    "--db", envvar="DIPX_DB", metavar="FILE", help="The store (SQLite). Default: $XDG_DATA_HOME/dipx/dipx.db.")]


@app.command(cls=Command, epilog=epilog(EXAMPLES, STORE, ENVIRONMENT, EXIT_CODES))
@reports_errors
def batch(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Article files (seed, HTML, text, JSON Lines) and folders, read recursively.", metavar="PATH")
    ] = None,
    db: DbOption = None,
    glob: Annotated[str | None, typer.Option(
        "--glob", metavar="PATTERN", help="Only files under the folders whose name matches, e.g. '*.html' "
        "(a pattern with / matches the path below the folder).")] = None,
    files_from: Annotated[str | None, typer.Option(
        "--files-from", help="Read paths from FILE, one a line (- for standard input).", metavar="FILE|-")] = None,
    wait: Annotated[float, typer.Option(
        "--wait", help="If another run holds the store, wait up to SECONDS, then exit 6.", metavar="SECONDS")] = 0.0,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Try the failed articles again.")] = False,
    reextract_outdated: Annotated[bool, typer.Option(
        "--reextract-outdated", help="Redo the articles an older dipx or other rules produced.")] = False,
    workers: Annotated[int, typer.Option(
        "--workers", "-j", min=1, metavar="N", help="Processes extracting at once (forked after the rules load).")] = 1,
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", metavar="DIR", help="A folder of extra rules (*.yaml) layered over the built-in ones; repeatable.")
    ] = None,
    no_default_rules: Annotated[bool, typer.Option(
        "--no-default-rules", help="Leave the shipped rules out: only $DIPX_RULES and --rules.")] = False,
) -> None:
    """Take articles into the store: new and changed ones only; failures kept; events consolidated."""
    from .. import batch as engine
    from ..render import Progress
    from ..store import Store, default_path
    from .rules import rules_in_force

    if not paths and files_from is None and not (retry_failed or reextract_outdated):
        raise typer.BadParameter("give files, folders or --files-from", param_hint="PATH")
    if files_from not in (None, "-") and not Path(files_from).is_file():
        raise typer.BadParameter(f"no such file: {files_from}", param_hint="--files-from")
    ruleset = rules_in_force(rules, no_default_rules)
    options = engine.Options(retry_failed, reextract_outdated, workers)
    with Store(db or default_path()) as store:
        store.lock(wait)  # before listing: a run that waited sees the files that came meanwhile
        files = list(engine.iter_inputs(paths or [], glob))
        if files_from is not None:
            files.extend(engine.iter_inputs(engine.read_list(_lines(files_from)), glob))
        progress = Progress(len(files), enabled=sys.stderr.isatty())
        try:
            run = engine.Batch(store, ruleset, options, log=progress.log, advance=lambda n: progress.input_done())
            summary = run.run(files, sys.argv[1:])
        finally:
            progress.close()
    if summary.files or summary.failed:  # an empty folder is a quiet success
        sys.stderr.write(summary.line() + "\n")
    if summary.failed:  # recorded in the store; the run itself went through
        raise typer.Exit(int(ExitCode.PARTIAL))


def _lines(source: str):
    if source == "-":
        yield from sys.stdin
        return
    try:
        with open(source, encoding="utf-8") as fh:
            yield from fh
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {source} ({exc.strerror or exc})", param_hint="--files-from") from None
