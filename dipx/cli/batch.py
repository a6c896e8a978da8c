"""`dipx batch`: take files and folders into a store, for cron. Thin over dipx.batch."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import DipxError, ExitCode
from . import Command, app, reports_errors
from .helptext import ENVIRONMENT, EXIT_CODES, epilog

EXAMPLES = """\
[bold]Examples[/bold]
  dipx batch /data/news               new or changed files, recursively
  dipx batch /data/news --glob '*.html' --workers 2
  find /data/news -newer last-run -type f | dipx batch --files-from -
  dipx batch /data/news --engine dask --workers 2         a LocalCluster here
  dipx batch /data/news --engine dask --scheduler tcp://10.0.0.5:8786
  dipx batch /data/news --output-dir lake --format parquet   also Parquet, by month
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
    engine: Annotated[str, typer.Option(
        "--engine", metavar="local|dask", help="local: forked processes here; dask: a Dask cluster "
        "(pip install 'dipx\\[dask]').")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS", help="With --engine dask: an existing scheduler, e.g. tcp://host:8786 "
        "(default: a LocalCluster of --workers processes).")] = None,
    output_dir: Annotated[Path | None, typer.Option(
        "--output-dir", metavar="DIR", help="Also write what this run takes in under DIR, by publication month.")
    ] = None,
    fmt: Annotated[str, typer.Option(
        "--format", metavar="jsonl|parquet", help="With --output-dir: the files' format (parquet: "
        "pip install 'dipx\\[lake]').")] = "parquet",
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", metavar="DIR", help="A folder of extra rules (*.yaml) layered over the built-in ones; repeatable.")
    ] = None,
    no_default_rules: Annotated[bool, typer.Option(
        "--no-default-rules", help="Leave the shipped rules out: only $DIPX_RULES and --rules.")] = False,
) -> None:
    """Take articles into the store: new and changed ones only; failures kept; events consolidated."""
    from .. import batch as batching
    from ..render import Progress
    from ..store import Store, default_path
    from .rules import rules_in_force

    if not paths and files_from is None and not (retry_failed or reextract_outdated):
        raise typer.BadParameter("give files, folders or --files-from", param_hint="PATH")
    if files_from not in (None, "-") and not Path(files_from).is_file():
        raise typer.BadParameter(f"no such file: {files_from}", param_hint="--files-from")
    engine_name = engine.lower()
    if engine_name not in ("local", "dask"):
        raise typer.BadParameter("local or dask", param_hint="--engine")
    if scheduler and engine_name != "dask":
        raise typer.BadParameter("only with --engine dask", param_hint="--scheduler")
    sink = _sink(output_dir, fmt)
    make_run = _dask_run(scheduler, workers) if engine_name == "dask" else batching.Batch
    ruleset = rules_in_force(rules, no_default_rules)
    options = batching.Options(retry_failed, reextract_outdated, 1 if engine_name == "dask" else workers)
    with Store(db or default_path()) as store:
        store.lock(wait)  # before listing: a run that waited sees the files that came meanwhile
        files = list(batching.iter_inputs(paths or [], glob))
        if files_from is not None:
            files.extend(batching.iter_inputs(batching.read_list(_lines(files_from)), glob))
        progress = Progress(len(files), enabled=sys.stderr.isatty())
        try:
            run = make_run(store, ruleset, options, log=progress.log, advance=lambda n: progress.input_done(),
                           sink=sink)
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


def _sink(output_dir: Path | None, fmt: str):
    if output_dir is None:
        return None
    from ..lake import LakeSink

    return LakeSink(output_dir, fmt.lower())


def _dask_run(scheduler: str | None, workers: int):
    """DaskBatch with its options bound; a missing dask is one line naming the extra."""
    try:
        from .. import dask_engine
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("dask", "distributed"):
            raise
        raise MissingExtra("--engine dask needs dask.distributed: pip install 'dipx[dask]'") from None
    options = dask_engine.DaskOptions(scheduler=scheduler, workers=workers)
    return functools.partial(dask_engine.DaskBatch, dask_options=options)


class MissingExtra(DipxError):
    exit_code = ExitCode.USAGE
