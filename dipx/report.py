"""Events → one self-contained HTML page of charts. The only module that imports plotly and networkx.

A stage after the store: `build_report` draws what it is handed as `ReportData` and nothing else;
the adapters at the bottom turn extraction results or a batch store into that data. The page
needs no network: plotly.js is inlined once, and a Content-Security-Policy that lists the hashes
of the page's own scripts refuses every other script and every request. Strings that came from an
article are escaped where they enter the page (hover text, tick labels, the tables), and only
http(s) URLs become links.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from .errors import DipxError, ExitCode
from .version import __version__

INSTALL_HINT = "pip install 'dipx[report]'"
LAYOUT_SEED = 7  # the network is laid out the same way on every run
TOP = 15  # bars shown in the partner and analyst charts
MAX_ROWS = 40  # timeline rows; the table below lists every event
MAX_HOVER_LINES = 6  # participants, articles or events listed in one hover before "… and N more"
STATUS_COLOURS = {"held": "#1f6fb4", "planned": "#e68a00", "cancelled": "#8c8c8c"}
KIND_SYMBOLS = {"talks": "circle", "conversation": "diamond", "phone_call": "square", "video_call": "triangle-up",
                "visit": "star", "meal": "hexagon"}
_HTTP_URL = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)


class ReportError(DipxError):
    """The report cannot be made: its extra is not installed, or its data cannot be read."""


class ReportOptionError(ReportError):
    """A selection option the report cannot read (a usage error)."""

    exit_code = ExitCode.USAGE


# ---------------------------------------------------------------- the data a report draws
@dataclass(frozen=True)
class ReportEvent:
    id: str
    parties: tuple[str, ...]  # codes, as the extractor gives them (CHN, USA, UN …)
    party_names: tuple[str, ...]  # one name per code, same order
    kind: str  # talks | conversation | phone_call | video_call | visit | meal
    status: str  # held | planned | cancelled
    date: str | None  # ISO: 2022-11-14, 2022-11, 2022 or START/END; None when undated
    participants: tuple[tuple[str, str | None], ...] = ()  # (name, title)
    articles: tuple[tuple[str, str | None], ...] = ()  # (title, url) of each article that reports it
    sentences: tuple[str, ...] = ()  # the sentences behind the meeting (one-article reports)


@dataclass(frozen=True)
class ReportAnalyst:
    name: str
    affiliation: str | None
    quotes: int


@dataclass(frozen=True)
class ReportHeader:
    selection: str  # what was selected, in words: "CHN, since 2022-01-01"
    articles: int
    events: int
    fingerprint: str  # of the rules that produced the data
    version: str = __version__
    focus: tuple[str, ...] = ()  # the chosen countries: timeline rows are then their partners
    title: str = "dipx report"


@dataclass(frozen=True)
class ReportData:
    header: ReportHeader
    events: tuple[ReportEvent, ...] = ()
    analysts: tuple[ReportAnalyst, ...] = field(default=())


# ---------------------------------------------------------------- escaping
def esc(text: object, limit: int | None = None) -> str:
    """Article text as inert HTML (plotly's hover and tick labels read HTML too)."""
    value = "" if text is None else str(text)
    if limit and len(value) > limit:
        value = value[: limit - 1] + "…"  # cut before escaping so no entity is split
    return html.escape(value, quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) address, else None: nothing else is ever linked."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url.strip()):
        return None
    url = url.strip()
    return url if _HTTP_URL.fullmatch(url) else None


def link(title: str, url: str | None, limit: int = 60) -> str:
    href = safe_url(url)
    label = esc(title or url or "article", limit)
    if href is None:
        return label
    return f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">{label}</a>'


# ---------------------------------------------------------------- plotting libraries
def require_plotting() -> None:
    """Raise ReportError, naming the extra to install, unless plotly and networkx import."""
    _plotting()


def _plotting():
    """plotly and networkx, or one clear error naming the extra that brings them."""
    try:
        import networkx
        import numpy  # noqa: F401  networkx lays graphs out with it
        import plotly.graph_objects as go
        import plotly.io as pio
    except ImportError as exc:
        raise ReportError(f"the report needs {(exc.name or 'plotly').split('.')[0]}: {INSTALL_HINT}") from None
    return go, pio, networkx


# ---------------------------------------------------------------- the page
def build_report(data: ReportData) -> str:
    """The whole page as one HTML string: charts, tables and the scripts they need, inlined."""
    go, pio, nx = _plotting()
    events = sorted(data.events, key=_sort_key)
    figures = [
        ("timeline", "Timeline", _timeline(go, events, data.header.focus)),
        ("network", "Who met whom", _network(go, nx, events)),
        ("partners", "Top partners", _partners(go, events, data.header.focus)),
        ("months", "Events by month", _months(go, events)),
        ("analysts", "Most quoted analysts", _analysts_chart(go, data.analysts)),
    ]
    sections = [_figure_html(pio, key, title, fig, first=i == 0) for i, (key, title, fig) in enumerate(figures)]
    body = "\n".join([_header_html(data.header, events), *sections, _events_table(events),
                      _analysts_table(data.analysts)])
    return _page(data.header.title, body)


def _sort_key(event: ReportEvent) -> tuple[str, str]:
    return (event.date or "9999", event.id)


def _figure_html(pio, key: str, title: str, fig, first: bool) -> str:
    if fig is None:
        return f'<section id="{key}"><h2>{title}</h2><p class="empty">Nothing to draw in this selection.</p></section>'
    div = pio.to_html(fig, include_plotlyjs=first, full_html=False, div_id=f"chart-{key}",
                      config={"displaylogo": False, "responsive": True},
                      post_script="dipxLinkRows('{plot_id}');")
    return f'<section id="{key}"><h2>{title}</h2><div class="chart">{div}</div></section>'


def _layout(go, height: int, **extra: Any):
    return go.Layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, template="plotly_white",
                     hoverlabel={"align": "left"}, **extra)


# ---------------------------------------------------------------- timeline
def x_date(value: str | None) -> str | None:
    """Where a date value sits on a time axis: its first day (2022-11 → 2022-11-01)."""
    if not value:
        return None
    first = value.split("/")[0]
    parts = first.split("-")
    try:
        day = dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None
    return day.isoformat()


def row_label(event: ReportEvent, focus: Sequence[str]) -> str:
    """The pair (CHN–USA), or with a chosen country its partners only; escaped, as it becomes a tick label."""
    others = [c for c in event.parties if c not in focus] if focus else list(event.parties)
    return esc("–".join(sorted(others or event.parties)))


def _timeline(go, events: Sequence[ReportEvent], focus: Sequence[str]):
    dated = [(i, e) for i, e in enumerate(events) if x_date(e.date)]
    if not dated:
        return None
    rows = Counter(row_label(e, focus) for _, e in dated)
    shown = [label for label, _ in rows.most_common(MAX_ROWS)]
    traces: dict[tuple[str, str], list[tuple[int, ReportEvent]]] = defaultdict(list)
    for i, e in dated:
        if row_label(e, focus) in shown:
            traces[(e.kind, e.status)].append((i, e))
    more = {"title": {"text": f"the {MAX_ROWS} rows with most events, of {len(rows)}", "font": {"size": 12}}}
    fig = go.Figure(layout=_layout(go, 120 + 24 * len(shown), xaxis={"type": "date"},
                                   yaxis={"categoryorder": "array", "categoryarray": sorted(shown, reverse=True),
                                          "type": "category"},
                                   legend={"orientation": "h", "y": -0.08}, **(more if len(rows) > MAX_ROWS else {})))
    for (kind, status), items in sorted(traces.items()):
        fig.add_trace(_timeline_trace(go, kind, status, items, focus))
    return fig


def _timeline_trace(go, kind: str, status: str, items: list[tuple[int, ReportEvent]], focus: Sequence[str]):
    symbol = KIND_SYMBOLS.get(kind, "circle") + ("" if status == "held" else "-open")
    return go.Scatter(
        x=[x_date(e.date) for _, e in items], y=[row_label(e, focus) for _, e in items], mode="markers",
        name=f"{esc(kind)} · {esc(status)}", customdata=[i for i, _ in items],
        hovertext=[event_hover(e) for _, e in items], hovertemplate="%{hovertext}<extra></extra>",
        marker={"symbol": symbol, "size": 12, "color": STATUS_COLOURS.get(status, "#444"),
                "line": {"width": 2, "color": STATUS_COLOURS.get(status, "#444")}})


def event_hover(e: ReportEvent) -> str:
    """Date, parties, participants, article count and links: every article string escaped."""
    lines = [f"<b>{esc(' – '.join(e.party_names))}</b>",
             f"{esc(e.kind)}, {esc(e.status)}, {esc(e.date or 'undated')}"]
    people = [esc(f"{name} ({title})" if title else name, 40) for name, title in e.participants]
    if people:
        lines.append("with " + ", ".join(_capped(people, 4)))
    lines.append(f"{len(e.articles)} article{'s' if len(e.articles) != 1 else ''}:")
    lines.extend(_capped([link(title, url, 50) for title, url in e.articles], MAX_HOVER_LINES))
    return "<br>".join(lines)


def _capped(items: list[str], limit: int) -> list[str]:
    return items if len(items) <= limit else [*items[:limit], f"… and {len(items) - limit} more"]


# ---------------------------------------------------------------- network
def meeting_graph(nx, events: Iterable[ReportEvent]):
    """Countries as nodes (with their event counts), pairs as edges weighted by shared events."""
    graph = nx.Graph()
    for e in events:
        codes, names = sorted(set(e.parties)), dict(zip(e.parties, e.party_names, strict=False))
        for code in codes:
            if code not in graph:
                graph.add_node(code, name=names.get(code, code), events=0)
            graph.nodes[code]["events"] += 1
        for a, b in combinations(codes, 2):
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, weight=0, events=[])
            graph[a][b]["weight"] += 1
            graph[a][b]["events"].append(e)
    return graph


def _network(go, nx, events: Sequence[ReportEvent]):
    graph = meeting_graph(nx, events)
    if graph.number_of_nodes() == 0:
        return None
    pos = {n: (float(x), float(y)) for n, (x, y) in nx.spring_layout(graph, seed=LAYOUT_SEED, weight="weight").items()}
    fig = go.Figure(layout=_layout(go, 520, showlegend=False, xaxis={"visible": False}, yaxis={"visible": False}))
    for trace in _edge_traces(go, graph, pos):
        fig.add_trace(trace)
    fig.add_trace(_node_trace(go, graph, pos))
    return fig


def _edge_traces(go, graph, pos) -> list:
    edges = list(graph.edges(data=True))
    if not edges:
        return []
    heaviest = max(d["weight"] for _, _, d in edges)
    by_width: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for a, b, d in edges:  # one trace per line width keeps the figure small for a thousand events
        xs, ys = by_width[1 + round(5 * d["weight"] / heaviest)]
        xs += [pos[a][0], pos[b][0], None]
        ys += [pos[a][1], pos[b][1], None]
    line = "rgba(90,110,140,0.45)"
    traces = [go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", line={"width": w, "color": line})
              for w, (xs, ys) in sorted(by_width.items())]
    traces.append(go.Scatter(  # invisible marks at the middle of each edge carry the pair's events
        x=[(pos[a][0] + pos[b][0]) / 2 for a, b, _ in edges], y=[(pos[a][1] + pos[b][1]) / 2 for a, b, _ in edges],
        mode="markers", marker={"size": 10, "color": "rgba(0,0,0,0)"}, hovertemplate="%{hovertext}<extra></extra>",
        hovertext=[_edge_hover(graph, a, b, d) for a, b, d in edges]))
    return traces


def _edge_hover(graph, a: str, b: str, data: dict) -> str:
    names = f"{esc(graph.nodes[a]['name'])} – {esc(graph.nodes[b]['name'])}"
    lines = [f"<b>{names}</b>: {data['weight']} event{'s' if data['weight'] != 1 else ''}"]
    lines.extend(_capped([f"{esc(e.date or 'undated')} {esc(e.kind)} ({esc(e.status)})" for e in data["events"]],
                         MAX_HOVER_LINES + 2))
    return "<br>".join(lines)


def _node_trace(go, graph, pos):
    nodes = list(graph.nodes(data=True))
    busiest = max(d["events"] for _, d in nodes) or 1
    return go.Scatter(
        x=[pos[n][0] for n, _ in nodes], y=[pos[n][1] for n, _ in nodes], mode="markers+text",
        text=[esc(n) for n, _ in nodes], textposition="top center", hovertemplate="%{hovertext}<extra></extra>",
        hovertext=[f"<b>{esc(d['name'])}</b> ({esc(n)})<br>{d['events']} events, {graph.degree(n)} partners"
                   for n, d in nodes],
        marker={"size": [10 + 30 * math.sqrt(d["events"] / busiest) for _, d in nodes], "color": "#1f6fb4",
                "line": {"width": 1, "color": "white"}})


# ---------------------------------------------------------------- bars
def partner_counts(events: Iterable[ReportEvent], focus: Sequence[str]) -> Counter:
    """Events per country: with chosen countries, per partner of theirs."""
    counts: Counter = Counter()
    for e in events:
        counts.update(c for c in set(e.parties) if not focus or c not in focus)
    return counts


def _partners(go, events: Sequence[ReportEvent], focus: Sequence[str]):
    counts = partner_counts(events, focus).most_common(TOP)
    if not counts:
        return None
    names = {c: n for e in events for c, n in zip(e.parties, e.party_names, strict=False)}
    labels = [f"{esc(names.get(c, c), 20)} {esc(c)}" for c, _ in counts]
    return go.Figure(go.Bar(x=[n for _, n in counts][::-1], y=labels[::-1], orientation="h", marker_color="#1f6fb4",
                            hovertemplate="%{y}: %{x} events<extra></extra>"),
                     layout=_layout(go, 80 + 24 * len(counts), yaxis={"type": "category"}))


def month_counts(events: Iterable[ReportEvent]) -> dict[str, Counter]:
    """Events per month (YYYY-MM) and status; dates coarser than a month are left out."""
    months: dict[str, Counter] = defaultdict(Counter)
    for e in events:
        first = (e.date or "").split("/")[0]
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", first):
            months[first[:7]][e.status] += 1
    return dict(months)


def _months(go, events: Sequence[ReportEvent]):
    counts = month_counts(events)
    if not counts:
        return None
    axis = sorted(counts)
    fig = go.Figure(layout=_layout(go, 320, barmode="stack", xaxis={"type": "date"},  # a date axis shows gaps
                                   legend={"orientation": "h", "y": -0.2}))
    for status, colour in STATUS_COLOURS.items():
        fig.add_trace(go.Bar(x=[f"{m}-01" for m in axis], y=[counts[m][status] for m in axis], name=status,
                             xperiod="M1", xperiodalignment="middle", marker_color=colour,
                             hovertemplate=f"%{{x|%Y-%m}}: %{{y}} {status}<extra></extra>"))
    return fig


def _analysts_chart(go, analysts: Sequence[ReportAnalyst]):
    top = sorted(analysts, key=lambda a: (-a.quotes, a.name))[:TOP]
    if not top:
        return None
    labels = [esc(f"{a.name} ({a.affiliation})" if a.affiliation else a.name, 40) for a in top]
    return go.Figure(go.Bar(x=[a.quotes for a in top][::-1], y=labels[::-1], orientation="h", marker_color="#6a51a3",
                            hovertemplate="%{y}: %{x} quotes<extra></extra>"),
                     layout=_layout(go, 80 + 24 * len(top), yaxis={"type": "category"}))


# ---------------------------------------------------------------- HTML around the charts
def _header_html(h: ReportHeader, events: Sequence[ReportEvent]) -> str:
    undated = sum(1 for e in events if not x_date(e.date))
    note = f" ({undated} undated: in the table, not on the timeline)" if undated else ""
    return (f"<header><h1>{esc(h.title)}</h1><p class=\"selection\">Selection: {esc(h.selection)}</p>"
            f"<p class=\"counts\"><b>{h.articles}</b> article{'s' if h.articles != 1 else ''}, "
            f"<b>{h.events}</b> event{'s' if h.events != 1 else ''}{note}</p>"
            f"<p class=\"provenance\">dipx {esc(h.version)} · rules {esc(h.fingerprint or 'unknown')}</p></header>")


def _events_table(events: Sequence[ReportEvent]) -> str:
    rows = [_event_row(i, e) for i, e in enumerate(events)]
    return ('<section id="events"><h2>Events</h2><p class="hint">Click a mark on the timeline to find its row.</p>'
            '<table><thead><tr><th>date</th><th>parties</th><th>kind</th><th>status</th><th>participants</th>'
            f'<th>articles</th></tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


def _event_row(i: int, e: ReportEvent) -> str:
    parties = ", ".join(f"{esc(n)} ({esc(c)})" for c, n in zip(e.parties, e.party_names, strict=False))
    people = "<br>".join(esc(f"{n} ({t})" if t else n) for n, t in e.participants)
    articles = "<br>".join(link(t, u) for t, u in e.articles)
    row = (f'<tr id="ev-{i}"><td>{esc(e.date or "undated")}</td><td>{parties}</td><td>{esc(e.kind)}</td>'
           f'<td class="{esc(e.status)}">{esc(e.status)}</td><td>{people}</td><td>{articles}</td></tr>')
    if e.sentences:
        quoted = "".join(f"<li>{esc(s)}</li>" for s in e.sentences)
        row += f'<tr class="evidence"><td></td><td colspan="5"><ul>{quoted}</ul></td></tr>'
    return row


def _analysts_table(analysts: Sequence[ReportAnalyst]) -> str:
    if not analysts:
        return ""
    rows = "".join(f"<tr><td>{esc(a.name)}</td><td>{esc(a.affiliation or '')}</td><td>{a.quotes}</td></tr>"
                   for a in sorted(analysts, key=lambda a: (-a.quotes, a.name)))
    return ('<section id="analyst-list"><h2>Analysts</h2><table><thead><tr><th>name</th><th>affiliation</th>'
            f"<th>quotes</th></tr></thead><tbody>{rows}</tbody></table></section>")


# A click on a timeline mark scrolls to the event's row; the index is ours, never article text.
_LINK_ROWS = """function dipxLinkRows(id) {
  var div = document.getElementById(id);
  if (!div || !div.on) { return; }
  div.on('plotly_click', function (ev) {
    var p = ev && ev.points && ev.points[0];
    if (!p || typeof p.customdata !== 'number') { return; }
    var row = document.getElementById('ev-' + p.customdata);
    if (row) { row.scrollIntoView({block: 'center'}); row.classList.add('picked'); }
  });
}"""

_STYLE = """body { font-family: system-ui, sans-serif; margin: 1.5em auto; padding: 0 1.5em; max-width: 1200px; }
header { border-bottom: 1px solid #ddd; margin-bottom: 1em; } h1 { margin: 0 0 .3em; }
.provenance, .hint, .empty { color: #666; font-size: .9em; }
section { margin: 1.5em 0; } h2 { font-size: 1.2em; margin: .2em 0; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { border-bottom: 1px solid #eee; padding: .3em .5em; text-align: left; vertical-align: top; }
td.planned { color: #b36b00; } td.cancelled { color: #777; text-decoration: line-through; }
tr.evidence td { color: #555; font-size: .9em; border-bottom: 1px solid #ccc; } tr.picked { background: #fff4c2; }"""


def _page(title: str, body: str) -> str:
    head_script = f"<script>{_LINK_ROWS}</script>"
    draft = f"{head_script}{body}"
    hashes = " ".join(f"'sha256-{_digest(s)}'" for s in _scripts(draft))
    # No source is allowed to load anything; only the scripts written here may run.
    policy = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data: blob:; "
              "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"
            f"<meta name=\"viewport\" content=\"width=device-width\"><title>{esc(title)}</title>"
            f"<style>{_STYLE}</style>{head_script}</head>\n<body>\n{body}\n</body></html>\n")


def _scripts(page: str) -> list[str]:
    return re.findall(r"<script(?:\s[^>]*)?>(.*?)</script>", page, flags=re.DOTALL)


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def write_report(data: ReportData, out: Path) -> int:
    """Write the page; its size in bytes."""
    page = build_report(data)
    out.write_text(page, encoding="utf-8")
    return len(page.encode("utf-8"))


# ---------------------------------------------------------------- adapters
def report_data_from_results(results: Sequence[Any], fingerprint: str = "", selection: str | None = None) -> ReportData:
    """Extraction results as report data: each meeting one event, its article its one source."""
    from .render import to_dict  # the documented JSON shape is the contract, not the dataclasses

    dicts = [to_dict(r) for r in results]
    events = tuple(e for i, d in enumerate(dicts) for e in _article_events(i, d))
    header = ReportHeader(selection=selection or _article_selection(dicts), articles=len(dicts), events=len(events),
                          fingerprint=fingerprint, title="dipx report" if len(dicts) != 1 else _title(dicts[0]))
    return ReportData(header=header, events=events, analysts=_article_analysts(dicts))


def _title(d: dict) -> str:
    return d["document"].get("title") or d["document"].get("source") or "article"


def _article_selection(dicts: Sequence[dict]) -> str:
    if len(dicts) == 1:
        return f"one article: {_title(dicts[0])}"
    return f"{len(dicts)} articles"


def _article_events(index: int, d: dict) -> list[ReportEvent]:
    names = {c["code"]: c["name"] for c in d.get("countries", [])}
    article = ((_title(d), d["document"].get("url")),)
    events = []
    for j, m in enumerate(d.get("meetings", [])):
        sentences = tuple(dict.fromkeys(_sentence_text(ev, d) for ev in m.get("evidence", [])))
        people = tuple((p["name"], p.get("title")) for part in m.get("participants", []) for p in part["people"])
        events.append(ReportEvent(
            id=f"{index + 1}.{j + 1}", parties=tuple(m["parties"]),
            party_names=tuple(names.get(c, c) for c in m["parties"]), kind=m["kind"], status=m["status"],
            date=(m.get("date") or {}).get("value"), participants=people, articles=article, sentences=sentences))
    return events


def _sentence_text(ev: dict, d: dict) -> str:
    """The sentence an evidence item quotes: by index into the article's `sentences` (schema 2)."""
    at = ev.get("sentence")
    listed = d.get("sentences") or []
    if isinstance(at, int) and 0 <= at < len(listed):
        return listed[at]["text"]
    return at if isinstance(at, str) else ev.get("context", "")


def _article_analysts(dicts: Sequence[dict]) -> tuple[ReportAnalyst, ...]:
    quotes: Counter = Counter()
    for d in dicts:
        for p in d.get("people", []):
            if p.get("role") == "analyst":
                quotes[(p["name"], p.get("affiliation"))] += len(p.get("quotes", []))
    return tuple(ReportAnalyst(name, aff, n) for (name, aff), n in quotes.items())


# ---------------------------------------------------------------- from a batch store
@dataclass(frozen=True)
class Selection:
    """Which events of a store a report covers: all the countries given, a date range, a kind."""

    countries: tuple[str, ...] = ()
    since: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD: from its first day
    until: str | None = None  # the same: to its last day
    kind: str | None = None

    def describe(self) -> str:
        parts = [" and ".join(self.countries)] if self.countries else ["all countries"]
        parts += [f"since {self.since}"] if self.since else []
        parts += [f"until {self.until}"] if self.until else []
        parts += [f"kind {self.kind}"] if self.kind else []
        return ", ".join(parts)


def day_bounds(value: str, last: bool) -> str:
    """The first (or last) day a YYYY, YYYY-MM or YYYY-MM-DD value covers, as ISO text."""
    parts = value.strip().split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
        if len(parts) > 2:
            return dt.date(year, month, int(parts[2])).isoformat()
        if len(parts) > 3 or not 1 <= month <= 12:
            raise ValueError(value)
    except (ValueError, IndexError):
        raise ReportOptionError(f"cannot read the date {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD") from None
    if not last:
        return dt.date(year, month, 1).isoformat()
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).isoformat()


def report_data_from_store(path: str | Path, country: Sequence[str] = (), since: str | None = None,
                           until: str | None = None, kind: str | None = None) -> ReportData:
    """The consolidated events of a `dipx batch` store that match the selection, as report data."""
    selection = Selection(tuple(c.upper() for c in country), since, until, kind)
    with _StoreReader(Path(path)) as store:
        event_rows = store.rows(*_event_query(selection))
        names = {r["code"]: r["name"] for r in store.rows("SELECT code, max(name) AS name FROM countries"
                                                            " GROUP BY code")}
        events = tuple(_store_event(store, r, names) for r in event_rows)
        documents = sorted({d for r in event_rows for d in _event_documents(store, r["id"])})
        header = ReportHeader(selection=selection.describe(), articles=len(documents), events=len(events),
                              fingerprint=_store_fingerprint(store, documents), focus=selection.countries)
        return ReportData(header=header, events=events, analysts=_store_analysts(store, documents))


def _event_query(s: Selection) -> tuple[str, list]:
    clauses, params = [], []
    for code in s.countries:
        clauses.append("EXISTS (SELECT 1 FROM event_parties p WHERE p.event_id = e.id AND p.code = ?)")
        params.append(code)
    if s.kind:
        clauses.append("e.kind = ?")
        params.append(s.kind)
    if s.since:  # an event counts when its dates overlap the range; undated ones fall out
        clauses.append("e.date_end >= ?")
        params.append(day_bounds(s.since, last=False))
    if s.until:
        clauses.append("e.date_start <= ?")
        params.append(day_bounds(s.until, last=True))
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return ("SELECT e.id, e.parties, e.kind, e.status, e.date_value FROM events e" + where
            + " ORDER BY e.date_start IS NULL, e.date_start, e.parties, e.id", params)


def _store_event(store: _StoreReader, r: dict, names: dict[str, str]) -> ReportEvent:
    codes = tuple(r["parties"].split("-"))
    people = store.rows("SELECT DISTINCT p.name, p.title FROM meetings m JOIN participants p ON p.meeting_id = m.id"
                        " WHERE m.event_id = ? ORDER BY p.code, p.name", (r["id"],))
    articles = store.rows("SELECT DISTINCT d.id, d.title, d.url, d.source, d.published FROM meetings m"
                          " JOIN documents d ON d.id = m.document_id WHERE m.event_id = ?"
                          " ORDER BY d.published, d.id", (r["id"],))
    return ReportEvent(id=str(r["id"]), parties=codes, party_names=tuple(names.get(c) or c for c in codes),
                       kind=r["kind"], status=r["status"], date=r["date_value"],
                       participants=tuple((p["name"], p["title"]) for p in people),
                       articles=tuple((a["title"] or a["source"], a["url"]) for a in articles))


def _event_documents(store: _StoreReader, event_id: int) -> list[int]:
    return [r["document_id"] for r in store.rows("SELECT DISTINCT document_id FROM meetings WHERE event_id = ?",
                                                 (event_id,))]


def _store_analysts(store: _StoreReader, documents: Sequence[int]) -> tuple[ReportAnalyst, ...]:
    """Analysts quoted in the articles that report the selected events."""
    counts: Counter = Counter()
    for chunk in _chunks(documents, 500):  # SQLite caps the parameters of one statement
        marks = ",".join("?" * len(chunk))
        for r in store.rows("SELECT p.name, p.affiliation, count(q.id) AS quotes FROM people p"
                            " LEFT JOIN quotes q ON q.person_id = p.id"
                            f" WHERE p.role = 'analyst' AND p.document_id IN ({marks})"
                            " GROUP BY p.name, p.affiliation", chunk):
            counts[(r["name"], r["affiliation"])] += r["quotes"]
    return tuple(ReportAnalyst(name, aff, n) for (name, aff), n in sorted(counts.items(), key=lambda kv: -kv[1]))


def _store_fingerprint(store: _StoreReader, documents: Sequence[int]) -> str:
    """The rules the selected articles were read with; several when the store holds older results."""
    found: set[str] = set()
    for chunk in _chunks(documents, 500):
        marks = ",".join("?" * len(chunk))
        found.update(r["rules_fingerprint"] for r in store.rows(
            f"SELECT DISTINCT rules_fingerprint FROM documents WHERE id IN ({marks})", chunk))
    if len(found) > 1:
        return "mixed: " + ", ".join(sorted(found))
    return next(iter(found), "")


def _chunks(items: Sequence[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


class _StoreReader:
    """A read-only look into a batch store: the tables the report needs, rows as dicts.

    The same `rows(sql, params)` as the batch Store, so this can give way to it.
    """

    REQUIRED = ("events", "event_parties", "meetings", "participants", "documents", "countries", "people", "quotes")

    def __init__(self, path: Path):
        import sqlite3

        if not path.is_file():
            raise ReportError(f"{path}: no such store (take articles in first with `dipx batch`)")
        self.path, self._error = path, sqlite3.DatabaseError
        try:
            self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            self.db.row_factory = sqlite3.Row
            tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        except sqlite3.DatabaseError as exc:
            raise ReportError(f"{path}: not a dipx store ({exc})") from None
        missing = [t for t in self.REQUIRED if t not in tables]
        if missing:
            self.db.close()
            raise ReportError(f"{path}: not a dipx store (no table {', '.join(missing)})")

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        try:
            return [dict(r) for r in self.db.execute(sql, tuple(params))]
        except self._error as exc:
            raise ReportError(f"{self.path}: cannot read the store ({exc})") from None

    def __enter__(self) -> _StoreReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()
