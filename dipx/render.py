"""Result → JSON, JSON Lines, CSV or rich tables. The only module that imports rich.

The JSON shape is documented in README.md ("Output schema") and published as a JSON Schema in
schema/dipx.extract-2.schema.json; `SCHEMA` names its version and changes whenever a field is
renamed or removed (adding fields keeps the version).

Every writer takes results one at a time (`open_writer(...).add(result)`), so a long run writes
as it goes and an interrupted one keeps what was done.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

import orjson

from . import safe
from .model import (
    BODY_DATE,
    INFERRED,
    DateMention,
    DateValue,
    Document,
    Evidence,
    Explanation,
    Meeting,
    NearMiss,
    Party,
    Person,
    Quote,
    Result,
)
from .version import __version__

# /2: evidence names its sentence by index into the top-level `sentences` and quotes a window
# (`context`) instead of repeating the whole sentence with every mention.
SCHEMA = "dipx.extract/2"
# Evidence quotes this many characters either side of the words that fired, within their sentence.
WINDOW = 20
CST = dt.timezone(dt.timedelta(hours=8), "CST")  # the clock a naive publication time is read in (README, Inputs)


# ---------------------------------------------------------------- dicts
def to_dict(result: Result, include_text: bool = False, explain: bool = False) -> dict:
    doc = result.document
    sentences = _Sentences(result)
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "dipx_version": __version__,
        "rules_fingerprint": result.rules_fingerprint,
        "document": {
            "source": safe.name(doc.source),
            "id": doc.doc_id,
            "title": doc.title,
            "url": doc.url,
            "published": published_iso(doc),
            "published_from": doc.published_from,
            "published_source": doc.published_source,
            "published_inferred": _estimate(doc),
            "format": doc.format,
            "encoding": doc.encoding,
            "language": "zh",
            "script": _script(doc.text),
            "characters": len(doc.text),
            "blocks": [{"kind": b.kind, "start": b.start, "end": b.end} for b in doc.blocks],
            "alt_texts": list(doc.alt_texts),
        },
        "meetings": [_meeting(m, sentences) for m in result.meetings],
        "countries": [
            {"code": c.code, "name": c.name, "count": c.count,
             "evidence": [sentences.evidence(e) for e in c.evidence]}
            for c in result.countries
        ],
        "dates": [_date_mention(d, sentences) for d in _dates(result)],
        "people": [_person(p, sentences) for p in result.people],
        "anonymous_quotes": [_quote(q) for q in result.anonymous_quotes],
        "sentences": sentences.listed(),
        "warnings": list(result.warnings),
    }
    if include_text:
        out["document"]["text"] = doc.text
    if explain:
        for item, m in zip(out["meetings"], result.meetings, strict=True):
            item["explain"] = _explanation(m.explain)
        for item, p in zip(out["people"], result.people, strict=True):
            item["explain"] = _explanation(p.explain)
        out["near_misses"] = [_near_miss(n) for n in result.near_misses]
    return out


class _Sentences:
    """The sentences evidence quotes, each listed once per article; evidence refers to them by index."""

    def __init__(self, result: Result):
        self.text = result.document.text
        self.spans = sorted({(s.start, s.end) for s in result.sentences})
        self.starts = [start for start, _ in self.spans]
        self.used: dict[tuple[int, int], int] = {}

    def evidence(self, ev: Evidence) -> dict:
        start, end = self._span(ev)
        index = self.used.setdefault((start, end), len(self.used))
        lo, hi = max(start, ev.start - WINDOW), min(end, max(ev.end, ev.start) + WINDOW)
        return {"rule": ev.rule, "text": ev.text, "start": ev.start, "end": ev.end, "sentence": index,
                "context": self.text[lo:hi]}

    def _span(self, ev: Evidence) -> tuple[int, int]:
        at = bisect.bisect_right(self.starts, ev.start) - 1
        if at >= 0 and ev.start < self.spans[at][1]:  # (spans[at] begins at or before ev.start)
            return self.spans[at]
        found = self.text.rfind(ev.sentence, 0, ev.start + len(ev.sentence))  # a Result made without sentences
        return (found, found + len(ev.sentence)) if found >= 0 else (ev.start, ev.end)

    def listed(self) -> list[dict]:
        return [{"start": start, "end": end, "text": self.text[start:end]} for start, end in self.used]


def _explanation(e: Explanation) -> dict:
    return {
        "rules": [{"id": rule, "where": where} for rule, where in e.rules],
        "slots": [{"slot": f.slot, "text": f.text, "start": f.start, "end": f.end} for f in e.slots],
        "decisions": [{"field": d.field, "step": d.step, "rule": d.rule, "where": d.where} for d in e.decisions],
    }


def _near_miss(n: NearMiss) -> dict:
    return {"kind": n.kind, "reason": n.reason, "sentence": n.sentence, "start": n.start, "end": n.end,
            "text": n.text, "rule": n.rule, "where": n.where}


def published_at(doc: Document) -> dt.datetime | None:
    """The publication time with its zone: a time without one is China Standard Time."""
    if doc.published is None:
        return None
    return doc.published if doc.published.tzinfo else doc.published.replace(tzinfo=CST)


def published_iso(doc: Document) -> str | None:
    when = published_at(doc)
    return when.isoformat() if when else None


def _script(text: str) -> str:
    from .normalize import has_traditional  # light: OpenCC is already loaded by the pipeline

    return "traditional" if has_traditional(text) else "simplified"


def _dates(result: Result) -> list[DateMention]:
    return [d for d in result.dates if d.kind != "event"]  # summit names that dated a meeting are not dates


def _date_value(d: DateValue | None) -> dict | None:
    if d is None:
        return None
    return {"value": d.value, "precision": d.precision, "text": d.text, "modifier": d.modifier}


def _date_mention(d: DateMention, sentences: _Sentences) -> dict:
    return {**(_date_value(d.date) or {}), "kind": d.kind, "evidence": sentences.evidence(d.evidence)}


def _meeting(m: Meeting, sentences: _Sentences) -> dict:
    return {
        "parties": [p.code for p in m.parties],
        "participants": [{"code": p.code, "name": p.name or p.code,
                          "people": [{"name": n, "title": t} for n, t in p.people]} for p in m.parties],
        "kind": m.kind,
        "status": m.status,
        "date": _date_value(m.date),
        "place": {"name": m.place, "country": m.place_country} if m.place or m.place_country else None,
        "evidence": [sentences.evidence(e) for e in m.evidence],
    }


def _quote(q: Quote) -> dict:
    return {"text": q.text, "start": q.start, "end": q.end, "verb": q.verb}


def _person(p: Person, sentences: _Sentences) -> dict:
    return {
        "name": p.name,
        "aliases": list(p.aliases),
        "role": p.role,
        "affiliation": p.affiliation,
        "post": p.post,
        "country": p.country,
        "quotes": [_quote(q) for q in p.quotes],
        "evidence": [sentences.evidence(e) for e in p.evidence],
    }


# ---------------------------------------------------------------- writers, one result at a time
class Writer:
    """Takes results as they are made; `close` finishes the output (a closing bracket, a flush)."""

    def __init__(self, out: TextIO):
        self.out = out

    def add(self, result: Result) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.out.flush()


class JsonWriter(Writer):
    """One result: one object; several: an array, written item by item from the second result on.

    The first result waits until the second arrives (or the end), because only then is it known
    whether the output is an object or an array. Indented for a terminal; piped, each article is
    one line, written by json's C encoder (indent= takes its pure-Python path, 20 % of a run).
    """

    def __init__(self, out: TextIO, include_text: bool = False, explain: bool = False):
        super().__init__(out)
        self.include_text, self.explain = include_text, explain
        isatty = getattr(out, "isatty", None)
        self.indent = 2 if isatty is not None and isatty() else None
        self.pending: Result | None = None
        self.count = 0

    def _dumps(self, result: Result) -> str:
        return json.dumps(to_dict(result, self.include_text, self.explain), ensure_ascii=False, indent=self.indent)

    def add(self, result: Result) -> None:
        self.count += 1
        if self.count == 1:
            self.pending = result
            return
        if self.count == 2 and self.pending is not None:
            self.out.write("[\n")
            self._item(self.pending, first=True)
            self.pending = None
        self._item(result, first=False)

    def _item(self, result: Result, first: bool) -> None:
        text = safe.json_text(self._dumps(result))
        self.out.write(("" if first else ",\n") + "  " + (text.replace("\n", "\n  ") if self.indent else text))
        self.out.flush()

    def close(self) -> None:
        if self.count == 1 and self.pending is not None:
            # made whole before the first byte is written
            self.out.write(safe.json_text(self._dumps(self.pending)) + "\n")
        elif self.count > 1:
            self.out.write("\n]\n")
        super().close()


class JsonlWriter(Writer):
    def __init__(self, out: TextIO, include_text: bool = False, explain: bool = False):
        super().__init__(out)
        self.include_text, self.explain = include_text, explain

    def add(self, result: Result) -> None:
        write_jsonl(result, self.out, self.include_text, self.explain)
        self.out.flush()


class TableWriter(Writer):
    def __init__(self, out: TextIO, width: int | None = None, explain: bool = False):
        super().__init__(out)
        self.width, self.explain = width, explain

    def add(self, result: Result) -> None:
        render_table(result, self.out, self.width)
        if self.explain:
            render_explain(result, self.out, self.width)


def open_writer(fmt: str, out: TextIO, *, include_text: bool = False, explain: bool = False,
                section: str | None = None, excel: bool = False, width: int | None = None) -> Writer:
    if fmt == "json":
        return JsonWriter(out, include_text, explain)
    if fmt == "jsonl":
        return JsonlWriter(out, include_text, explain)
    if fmt == "csv":
        return CsvWriter(out, section, excel)
    return TableWriter(out, width, explain)


def write_json(results: list[Result], out: TextIO, include_text: bool = False, explain: bool = False) -> None:
    """One input: one object; several: an array."""
    writer = JsonWriter(out, include_text, explain)
    for result in results:
        writer.add(result)
    writer.close()


def write_jsonl(result: Result, out: TextIO, include_text: bool = False, explain: bool = False) -> None:
    out.write(safe.json_text(one_line_json(to_dict(result, include_text, explain))) + "\n")


def one_line_json(item: dict) -> str:
    """`item` as json.dumps(ensure_ascii=False, separators=(",", ":")) writes it, by orjson, which is faster.

    The two write the same text for what to_dict makes (strings, ints, bools, None, lists, dicts with
    string keys; no floats, where they differ on NaN). What orjson refuses (a lone surrogate, an int
    past 64 bits) goes to json.
    """
    try:
        return orjson.dumps(item).decode()
    except TypeError:
        return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- CSV
# Columns every row carries, so a row still says where it came from after a spreadsheet sorts it.
CSV_DOCUMENT = ["source", "id", "url", "title", "published"]
CSV_EVIDENCE = ["text", "start", "end", "rule", "sentence"]
CSV_SECTIONS = {
    "meetings": ["parties", "party_names", "participants", "kind", "status", "date", "date_precision",
                 "date_text", "place", "place_country"],
    "countries": ["code", "name", "count"],
    "dates": ["date", "date_precision", "date_text", "modifier", "date_kind"],
    "people": ["name", "aliases", "role", "affiliation", "post", "country", "quotes"],
    "quotes": ["name", "affiliation", "verb", "quote"],
}
CSV_LIST = "; "  # between the items of one cell (parties, aliases)


def csv_fields(section: str | None = None) -> list[str]:
    """One section's columns, or the long form: every section's columns, a row filling its own."""
    if section is not None:
        return [*CSV_DOCUMENT, *CSV_SECTIONS[section], *CSV_EVIDENCE]
    own = dict.fromkeys(col for cols in CSV_SECTIONS.values() for col in cols)
    return [*CSV_DOCUMENT, "section", *own, *CSV_EVIDENCE]


def csv_rows(result: Result, section: str | None = None) -> Iterator[dict]:
    """One row per fact; in the long form `section` says which kind of fact."""
    doc = result.document
    base = {"source": safe.name(doc.source), "id": doc.doc_id or "", "url": doc.url or "", "title": doc.title or "",
            "published": published_iso(doc) or ""}
    for name, rows in _CSV_ROWS.items():
        if section in (None, name):
            for row in rows(result):
                row = {**base, **({"section": name} if section is None else {}), **row}
                yield {key: safe.csv_cell(cell) for key, cell in row.items()}  # no cell is a live formula


def _evidence_cells(ev: Evidence) -> dict:
    return {"text": ev.text, "start": ev.start, "end": ev.end, "rule": ev.rule, "sentence": _context(ev)}


def _context(ev: Evidence) -> str:
    """The evidence sentence within WINDOW characters of the words that fired (as the JSON's `context`)."""
    at = max(ev.sentence.find(ev.text) if ev.text else 0, 0)
    return ev.sentence[max(0, at - WINDOW): at + len(ev.text) + WINDOW]


def _date_cells(d: DateValue | None) -> dict:
    if d is None:
        return {}
    return {"date": d.value or "", "date_precision": d.precision, "date_text": d.text}


def _meeting_rows(result: Result) -> Iterator[dict]:
    for m in result.meetings:
        yield {"parties": CSV_LIST.join(p.code for p in m.parties),
               "party_names": CSV_LIST.join(p.name or p.code for p in m.parties),
               "participants": CSV_LIST.join(f"{p.code}: {_person_label(n, t)}" for p in m.parties
                                             for n, t in p.people),
               "kind": m.kind, "status": m.status, **_date_cells(m.date),
               "place": m.place or "", "place_country": m.place_country or "",
               **_evidence_cells(best_evidence(m, result))}


def _country_rows(result: Result) -> Iterator[dict]:
    for c in result.countries:
        yield {"code": c.code, "name": c.name, "count": c.count, **_evidence_cells(c.evidence[0])}


def _date_rows(result: Result) -> Iterator[dict]:
    for d in _dates(result):
        yield {**_date_cells(d.date), "modifier": d.date.modifier or "", "date_kind": d.kind,
               **_evidence_cells(d.evidence)}


def _people_rows(result: Result) -> Iterator[dict]:
    for p in result.people:
        yield {"name": p.name, "aliases": CSV_LIST.join(p.aliases), "role": p.role,
               "affiliation": p.affiliation or "", "post": p.post or "", "country": p.country or "",
               "quotes": len(p.quotes), **_evidence_cells(p.evidence[0])}


def _quote_rows(result: Result) -> Iterator[dict]:
    said = [(p.name, p.affiliation, q) for p in result.people for q in p.quotes]
    said += [("", None, q) for q in result.anonymous_quotes]
    for name, affiliation, q in sorted(said, key=lambda s: s[2].start):
        yield {"name": name, "affiliation": affiliation or "", "verb": q.verb, "quote": q.text,
               "start": q.start, "end": q.end}


_CSV_ROWS: dict[str, Callable[[Result], Iterator[dict]]] = {
    "meetings": _meeting_rows, "countries": _country_rows, "dates": _date_rows,
    "people": _people_rows, "quotes": _quote_rows,
}


class CsvWriter(Writer):
    """The header at once, then each article's rows as it is done. `excel`: a UTF-8 BOM first,
    without which Excel reads the file in the machine's code page and garbles the Chinese."""

    def __init__(self, out: TextIO, section: str | None = None, excel: bool = False):
        super().__init__(out)
        self.section = section
        if excel:
            out.write("\ufeff")
        self.writer = csv.DictWriter(out, fieldnames=csv_fields(section), restval="")
        self.writer.writeheader()

    def add(self, result: Result) -> None:
        self.writer.writerows(csv_rows(result, self.section))
        self.out.flush()


def write_csv(results: Iterable[Result], out: TextIO, section: str | None = None, excel: bool = False) -> None:
    writer = CsvWriter(out, section, excel)
    for result in results:
        writer.add(result)
    writer.close()


# ---------------------------------------------------------------- choosing what to show
def best_evidence(m: Meeting, result: Result) -> Evidence:
    """The mention a reader should see: a meeting word in a sentence that names both parties,
    in the body rather than the headline, the earliest of those."""
    words = [e for e in m.evidence if e.rule.startswith("meeting.")] or list(m.evidence)
    headline_end = next((b.end for b in result.document.blocks if b.kind == "headline"), 0)
    return max(words, key=lambda e: (_parties_named(e, m, result), e.start >= headline_end, -e.start))


def _parties_named(ev: Evidence, m: Meeting, result: Result) -> int:
    start = _sentence_start(ev, result.document.text)
    end = start + len(ev.sentence)
    named = 0
    for party in m.parties:
        mentions = next((c.evidence for c in result.countries if c.code == party.code), ())
        people = [n for n, _ in party.people]
        if any(start <= e.start < end for e in mentions) or any(n and n in ev.sentence for n in people):
            named += 1
    return named


def _sentence_start(ev: Evidence, text: str) -> int:
    found = text.rfind(ev.sentence, 0, ev.start + len(ev.sentence))  # the copy holding these words
    return found if found >= 0 else max(0, ev.start - ev.sentence.find(ev.text))


def _person_label(name: str, title: str | None) -> str:
    """As Chinese writes it, title first (总统拜登); a name that already holds its title stays as is."""
    if not title or _norm(title) in _norm(name):  # compared in one script: titles from the rules are simplified
        return name
    return f"{title}{name}"


def _norm(text: str) -> str:
    from .normalize import normalize

    return normalize(text)


def short_date(value: str | None) -> str:
    """A range without repeating what both ends share: 2022-11-15/2022-11-16 → 2022-11-15/16 (ISO 8601)."""
    if not value or "/" not in value:
        return value or ""
    start, end = value.split("/", 1)
    a, b = start.split("-"), end.split("-")
    if len(a) != len(b):
        return value
    while len(b) > 1 and a[len(a) - len(b)] == b[0]:
        b = b[1:]
    return f"{start}/{'-'.join(b)}"


# ---------------------------------------------------------------- tables
MIN_SNIPPET = 10  # cells: below this the other columns wrap instead


def render_table(result: Result, out: TextIO | None = None, width: int | None = None) -> None:
    """A summary line, then each section as a table that fits the terminal's width."""
    console = _console(out, width, soft_wrap=False)
    names = _namer(result.document)
    _print_summary(console, result)
    for table in (_meetings_table(result, console.width, names), _countries_table(result, console.width, names),
                  _dates_table(result, console.width), _people_table(result, console.width)):
        if table is not None:
            console.print(table)


def _console(out: TextIO | None, width: int | None, soft_wrap: bool):
    from rich.console import Console

    class _Quiet(Console):
        def on_broken_pipe(self) -> None:  # rich exits 1 here; `| head -1` is no failure: the CLI decides
            self.quiet = True
            raise BrokenPipeError()

    return _Quiet(file=out, width=width, soft_wrap=soft_wrap) if out is not None or width else _Quiet()


def _namer(doc: Document) -> Callable[[str], str]:
    """Names from the rules are simplified; a traditional-script article shows them in its script,
    in the regional form it uses itself (義大利 or 意大利), the standard form where it uses neither."""
    if _script(doc.text) != "traditional":
        return lambda name: name
    from .normalize import traditional_forms

    def name(simplified: str) -> str:
        forms = traditional_forms(simplified)
        return max(forms, key=lambda form: (doc.text.count(form), -forms.index(form)))

    return name


def _estimate(doc) -> dict | None:
    """What the text implies of a page's date where it shows none (resolve/published.py), with the evidence."""
    e = doc.published_estimate
    return None if e is None else {"value": e.value, "precision": e.precision, "evidence": list(e.evidence)}


def _print_summary(console, result: Result) -> None:
    from rich.text import Text

    doc = result.document
    console.print(Text(safe.one_line(doc.title or doc.source), style="bold"))
    at = published_at(doc)
    when = f"{at:%Y-%m-%d %H:%M} {at.isoformat()[-6:]}" if at else "no publication date"
    origin = {"option": "--published", "header": f"{doc.format} header", "text": "date line",
              "page": "page metadata"}.get(doc.published_from or "")
    if at and doc.published_source in (BODY_DATE, INFERRED):  # a day, not a clock time: say it was inferred
        when, origin = f"{at:%Y-%m-%d}", "inferred from the body"
    elif doc.published_estimate is not None:
        e = doc.published_estimate
        when = f"no publication date; {e.precision} {e.value}"
        origin = "a stamp of the month alone" if e.precision == "month" else "inferred from the body"
    quotes = sum(len(p.quotes) for p in result.people) + len(result.anonymous_quotes)
    parts = [f"{when} ({origin})" if origin else when, f"{len(result.meetings)} meetings",
             f"{len(result.countries)} countries", f"{len(_dates(result))} dates", f"{len(result.people)} people",
             f"{quotes} quotes"]
    console.print(Text(" · ".join(parts)))
    console.print(Text(safe.one_line(" · ".join(part for part in (doc.source, doc.url) if part)), style="dim"))


def _fitted_table(title: str, headers: list[str], rows: list[list], width: int, lines: bool = False):
    """A table whose last column takes what the others leave; the others keep their natural width
    (names shrink only once the last column is down to MIN_SNIPPET)."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table

    fixed = [max([cell_len(headers[i])] + [cell_len(line) for row in rows for line in str(row[i]).split("\n")])
             for i in range(len(headers) - 1)]
    overhead = 3 * (len(headers) - 1)  # padding and divider between columns
    while sum(fixed) + overhead + MIN_SNIPPET > width and max(fixed) > 8:
        widest = fixed.index(max(fixed))
        fixed[widest] -= 1  # at a narrow width the widest fixed column wraps, a cell at a time
    flex = max(MIN_SNIPPET, width - sum(fixed) - overhead)
    table = Table(title=title, title_justify="left", box=box.MINIMAL if lines else box.SIMPLE_HEAD,
                  show_edge=False, pad_edge=False, show_lines=lines, expand=False)
    for header, w in zip(headers, [*fixed, flex], strict=True):
        table.add_column(header, width=w, overflow="fold")
    for row in rows:
        height = max(_height(str(cell), w) for cell, w in zip(row[:-1], fixed, strict=True))
        table.add_row(*(_text(cell) for cell in row[:-1]), row[-1](flex, height))
    return table


def _height(cell: str, width: int) -> int:
    from rich.cells import cell_len

    return sum(max(1, -(-cell_len(line) // width)) for line in cell.split("\n"))


def _text(cell: str):
    from rich.text import Text

    return Text(safe.terminal(str(cell)))  # article text is never markup, and drives no terminal


def _snippet(ev: Evidence, text: str) -> Callable[[int, int], object]:
    """The evidence sentence cut to fit, centred on the words that fired (shown in bold)."""

    def fill(width: int, lines: int):
        from rich.text import Text

        sentence = ev.sentence.replace("\n", " ")
        at = max(0, ev.start - _sentence_start(ev, text))
        end = min(len(sentence), at + len(ev.text))
        left, right = _window(sentence, at, end, (width - 1) * lines - 2)  # -1 a line: a wide char may not fit
        snippet = Text("…" if left > 0 else "")
        snippet.append(safe.one_line(sentence[left:at]))
        snippet.append(safe.one_line(sentence[at:end]), style="bold")
        snippet.append(safe.one_line(sentence[end:right]) + ("…" if right < len(sentence) else ""))
        return snippet

    return fill


def _window(sentence: str, at: int, end: int, cells: int) -> tuple[int, int]:
    """Grow [at, end) a character at a time on each side in turn, while it fits in `cells`."""
    from rich.cells import cell_len

    left, right, used = at, end, cell_len(sentence[at:end])
    grew = True
    while grew:
        grew = False
        if left > 0 and used + cell_len(sentence[left - 1]) <= cells:
            left, used, grew = left - 1, used + cell_len(sentence[left - 1]), True
        if right < len(sentence) and used + cell_len(sentence[right]) <= cells:
            right, used, grew = right + 1, used + cell_len(sentence[right]), True
    return left, right


def _clip(words: str) -> Callable[[int, int], object]:
    """Words from their start, cut to the row's lines with an ellipsis."""

    def fill(width: int, lines: int):
        from rich.text import Text

        text = Text(safe.one_line(" ".join(words.split())), no_wrap=True, overflow="ellipsis")
        text.truncate((width - 1) * lines, overflow="ellipsis")
        return text

    return fill


def _party_lines(p: Party, names: Callable[[str], str]) -> list[str]:
    """The party (code and name), then each of its people on a line of their own."""
    head = f"{p.code} {names(p.name)}" if p.name and p.name != p.code else p.code
    return [head, *(f"  {names(_person_label(n, t))}" for n, t in p.people)]


def _meetings_table(result: Result, width: int, names: Callable[[str], str]):
    rows = []
    for i, m in enumerate(result.meetings, 1):
        what = [m.kind, m.status, short_date(m.date.value) if m.date else "no date", names(m.place or "")]
        who = [line for p in m.parties for line in _party_lines(p, names)]
        rows.append([str(i), "\n".join(who), "\n".join(w for w in what if w),
                     _snippet(best_evidence(m, result), result.document.text)])
    return _fitted_table("Meetings", ["#", "parties and people", "what, when, where", "evidence"], rows, width,
                         lines=True)


def _countries_table(result: Result, width: int, names: Callable[[str], str]):
    rows = [[c.code, names(c.name), str(c.count), _snippet(c.evidence[0], result.document.text)]
            for c in result.countries]
    return _fitted_table("Countries", ["code", "name", "n", "first mention"], rows, width)


def _dates_table(result: Result, width: int):
    rows = [[d.date.value or "unresolved", d.date.text, d.kind, _snippet(d.evidence, result.document.text)]
            for d in _dates(result)]
    return _fitted_table("Dates", ["value", "text", "kind", "evidence"], rows, width)


def _people_table(result: Result, width: int):
    rows = []
    for p in result.people:
        says = _clip(p.quotes[0].text) if p.quotes else _snippet(p.evidence[0], result.document.text)
        rows.append([p.name, p.role, p.affiliation or p.post or "", str(len(p.quotes)), says])
    return _fitted_table("People", ["name", "role", "affiliation", "quotes", "says"], rows, width)


def render_explain(result: Result, out: TextIO | None = None, width: int | None = None) -> None:
    """A readable trace per meeting: the rules that fired, the slots filled, and who set each field."""
    from rich.markup import escape as _escape

    def escape(line: str) -> str:  # no markup, and no control character from the article or the rules
        return _escape(safe.one_line(line))

    console = _console(out, width, soft_wrap=True)
    console.print("[bold]Why[/bold]")
    for n, m in enumerate(result.meetings, start=1):
        console.print(escape(f"meeting {n}: {'–'.join(p.code for p in m.parties)} {m.kind} {m.status}"))
        for rule, where in m.explain.rules:
            console.print(escape(f"  rule  {rule}  ({where or 'built in'})"))
        for f in m.explain.slots:
            console.print(escape(f"  slot  {f.slot} = {f.text}  [{f.start}:{f.end}]"))
        for d in m.explain.decisions:
            ref = f"  ← {d.rule}" + (f" ({d.where})" if d.where else "") if d.rule else ""
            console.print(escape(f"  {d.field:<8} {d.step}{ref}"))
    if result.near_misses:
        console.print("[bold]Near misses[/bold]")
    for miss in result.near_misses:
        ref = f" ← {miss.rule}" + (f" ({miss.where})" if miss.where else "") if miss.rule else ""
        console.print(escape(f"  sentence {miss.sentence} «{miss.text}»: {miss.reason}{ref}"))


# ---------------------------------------------------------------- progress and timing, on stderr
class Progress:
    """Inputs done (and articles, for JSON Lines holding many) on the terminal's stderr during a
    long run; it appears only after `delay` seconds, so a quick run prints nothing extra."""

    def __init__(self, total: int, enabled: bool, delay: float = 1.0):
        self.total, self.enabled, self.delay = total, enabled, delay
        self.started = time.monotonic()
        self.inputs = self.articles = 0
        self._bar: Any = None  # a rich Progress, made only once the run proves long
        self._task: Any = None

    def article_done(self) -> None:
        self.articles += 1
        self._show()

    def input_done(self) -> None:
        self.inputs += 1
        self._show()

    def _show(self) -> None:
        if not self.enabled:
            return
        if self._bar is None and time.monotonic() - self.started >= self.delay:
            self._start()
        if self._bar is not None:
            self._bar.update(self._task, completed=self.inputs, description=f"{self.articles} articles")

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
        self._bar = Progress(*columns, console=Console(stderr=True), transient=True)
        self._task = self._bar.add_task("", total=self.total)
        self._bar.start()

    def log(self, line: str) -> None:
        """One line about a problem: above the bar while it shows, else a plain line on stderr."""
        if self._bar is not None:
            from rich.markup import escape

            self._bar.console.print(escape(line), highlight=False, soft_wrap=True)
        else:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


# ---------------------------------------------------------------- plain rows (from the store)
def write_rows(rows: list[dict], fmt: str, out: TextIO, title: str | None = None,
               columns: list[str] | None = None) -> None:
    """Plain rows (from the store) as table, json (always an array), jsonl or csv.

    `columns` narrows the table alone, for a reader; the other formats carry every field.
    """
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), extrasaction="ignore")
            writer.writeheader()
            writer.writerows({k: _flat(v) for k, v in row.items()} for row in rows)
    else:
        _rows_table([{k: r.get(k) for k in columns} for r in rows] if columns else rows, out, title)


def _flat(value: object) -> object:
    return "; ".join(str(v) for v in value) if isinstance(value, list) else value


def _rows_table(rows: list[dict], out: TextIO, title: str | None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=out) if not out.isatty() else Console()
    if not rows:
        console.print("(nothing found)")
        return
    table = Table(title=title, title_justify="left")
    for column in rows[0]:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(_cell(v)) for v in row.values()))
    console.print(table)


def _cell(value: object) -> str:
    if value is None:
        return ""
    return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)  # a list: one item a line
