"""`dipx query`, `dipx stats`, `dipx export`: questions to the store. Thin over dipx.query."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import Command, app, reports_errors
from .batch import STORE, DbOption
from .helptext import EXIT_CODES, epilog

QUERY_EXAMPLES = """\
[bold]Examples[/bold]
  dipx query --country CAN                 events with Canada
  dipx query -c CHN -c USA --since 2022-11 --until 2022-11 | jq '.[].date'
  dipx query meetings --kind phone_call    each article's own account
  dipx query people --role analyst -f csv
  dipx query countries --limit 10"""

STATS_EXAMPLES = """\
[bold]Examples[/bold]
  dipx stats pairs --top 10                events by country pair
  dipx stats months --country USA -f csv   by pair and month
  dipx stats partners --country CHN        whom China met most"""

EXPORT_EXAMPLES = """\
[bold]Examples[/bold]
  dipx export -f graphml -o meetings.graphml   for Gephi (dipx[graph])
  dipx export -f csv > edges.csv               an edge per pair of parties"""

class What(str, Enum):
    events = "events"
    meetings = "meetings"
    people = "people"
    countries = "countries"


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class Stat(str, Enum):
    pairs = "pairs"
    months = "months"
    partners = "partners"


class GraphFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    jsonl = "jsonl"


FormatOption = Annotated[Format | None, typer.Option(
    "--format", "-f", metavar="FORMAT", help="Output format. Default: table on a terminal, json (an array) otherwise.")]


def _open(db: Path | None):
    from ..store import Store, default_path

    return Store(db or default_path(), readonly=True)


# what a table shows: what a reader scans; JSON, JSON Lines and CSV carry every field
TABLE_COLUMNS = {
    "events": ["date", "parties", "kind", "status", "articles", "people"],
    "meetings": ["date", "parties", "kind", "status", "people", "evidence"],
    "people": ["name", "role", "affiliation", "country", "articles", "quotes"],
}


def _print(rows: list[dict], fmt: Format | None, title: str) -> None:
    from ..render import write_rows

    chosen = fmt or (Format.table if sys.stdout.isatty() else Format.json)
    write_rows(rows, chosen.value, sys.stdout, title, TABLE_COLUMNS.get(title))


@app.command(cls=Command, epilog=epilog(QUERY_EXAMPLES, STORE, EXIT_CODES))
@reports_errors
def query(
    what: Annotated[What, typer.Argument(metavar="WHAT", help="events, meetings, people or countries.")] = What.events,
    country: Annotated[list[str] | None, typer.Option(
        "--country", "-c", metavar="CODE", help="A party (ISO alpha-3 or UN, EU …); twice for a pair.")] = None,
    person: Annotated[str | None, typer.Option(
        "--person", metavar="NAME", help="A participant's name (part of it).")] = None,
    kind: Annotated[str | None, typer.Option(
        metavar="KIND", help="talks, conversation, phone_call, video_call, visit, meal.")] = None,
    status: Annotated[str | None, typer.Option(metavar="STATUS", help="held, planned or cancelled.")] = None,
    since: Annotated[str | None, typer.Option(
        metavar="DATE", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(
        metavar="DATE", help="Up to this date, inclusive (2022-11: to its last day).")] = None,
    article: Annotated[str | None, typer.Option(
        metavar="ARTICLE", help="An article: its url, path, id or hash.")] = None,
    text: Annotated[str | None, typer.Option(
        metavar="WORDS", help="Words in the evidence sentence or the headline.")] = None,
    role: Annotated[str | None, typer.Option(
        metavar="ROLE", help="people: analyst, official, journalist or other.")] = None,
    affiliation: Annotated[str | None, typer.Option(metavar="WORDS", help="people: words of the affiliation.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, metavar="N", help="At most this many rows.")] = None,
    fmt: FormatOption = None,
    db: DbOption = None,
) -> None:
    """List events (consolidated across articles), meetings (as each article tells them), people or countries."""
    from .. import query as q

    filters = q.Filters(tuple(country or ()), person, kind, status, since, until, article, text, limit)
    try:
        filters.bounds()
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--since/--until") from None
    with _open(db) as store:
        if what is What.events:
            rows = q.events(store, filters)
        elif what is What.meetings:
            rows = q.meetings(store, filters)
        elif what is What.people:
            rows = q.people(store, role, affiliation, person, article, limit)
        else:
            rows = q.countries(store, limit)
    _print(rows, fmt, what.value)


@app.command(cls=Command, epilog=epilog(STATS_EXAMPLES, STORE, EXIT_CODES))
@reports_errors
def stats(
    what: Annotated[Stat, typer.Argument(
        metavar="WHAT", help="pairs: events by pair; months: by pair and month; partners: of --country.")] = Stat.pairs,
    country: Annotated[str | None, typer.Option("--country", "-c", help="Only pairs with this party.")] = None,
    top: Annotated[int | None, typer.Option("--top", min=1, help="At most this many rows.")] = None,
    fmt: FormatOption = None,
    db: DbOption = None,
) -> None:
    """Counts: events by country pair, by pair and month, or the top partners of a country."""
    from .. import query as q

    if what is Stat.partners and not country:
        raise typer.BadParameter("partners of which country? give --country", param_hint="--country")
    with _open(db) as store:
        if what is Stat.pairs:
            rows = q.pair_counts(store, country, top)
        elif what is Stat.months:
            rows = q.month_counts(store, country)[: top or None]
        else:
            rows = q.partners(store, country or "", top or 10)
    _print(rows, fmt, what.value)


@app.command(cls=Command, epilog=epilog(EXPORT_EXAMPLES, STORE, EXIT_CODES))
@reports_errors
def export(
    fmt: Annotated[GraphFormat, typer.Option("--format", "-f", help="graphml or gexf (Gephi), csv or jsonl (edges).")]
    = GraphFormat.graphml,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not to standard output.")] = None,
    db: DbOption = None,
) -> None:
    """The meeting network: countries as nodes, events as edges with dates, kinds and article counts."""
    from .. import query as q

    with _open(db) as store:
        nodes, edges = q.network(store)
    if fmt in (GraphFormat.csv, GraphFormat.jsonl):
        from ..render import write_rows

        if output:
            with output.open("w", encoding="utf-8", newline="") as fh:
                write_rows(edges, fmt.value, fh)
        else:
            write_rows(edges, fmt.value, sys.stdout)
        return
    from ..export import write_graph

    if output:
        with output.open("wb") as fh:
            write_graph(nodes, edges, fmt.value, fh)
    else:
        write_graph(nodes, edges, fmt.value, sys.stdout.buffer)
