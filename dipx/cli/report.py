"""`dipx report`: the events of a batch store as one offline HTML page of charts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from . import app, reports_errors


@app.command()
@reports_errors
def report(
    db: Annotated[Path, typer.Option("--db", help="The store `dipx batch` filled.", metavar="FILE")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write; - for stdout.",
                                         metavar="FILE")],
    country: Annotated[list[str] | None, typer.Option(
        "--country", help="Only events with this country (ISO alpha-3); repeat for a pair.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Events from this date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Events up to this date (YYYY[-MM[-DD]]).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only events of this kind (talks, phone_call …).")] = None,
) -> None:
    """Write a self-contained HTML page: timeline, network, top partners, events by month, analysts."""
    from ..report import build_report, report_data_from_store, require_plotting

    require_plotting()  # before reading anything: a missing extra is one line, not a traceback
    data = report_data_from_store(db, country=country or (), since=since, until=until, kind=kind)
    page = build_report(data)
    if str(output) == "-":
        sys.stdout.write(page)
        return
    output.write_text(page, encoding="utf-8")
    size = len(page.encode("utf-8")) / 1e6
    sys.stderr.write(f"dipx: wrote {output}: {data.header.events} events from {data.header.articles} articles,"
                     f" {size:.1f} MB\n")
