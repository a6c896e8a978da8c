"""Result → JSON, JSON Lines, CSV or rich tables. The only module that imports rich.

The JSON shape is documented in README.md ("Output schema"); `SCHEMA` names its version and
changes whenever a field is renamed or removed (adding fields keeps the version).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from .model import DateMention, DateValue, Evidence, Explanation, Meeting, NearMiss, Person, Quote, Result

SCHEMA = "dipx.extract/1"


# ---------------------------------------------------------------- dicts
def to_dict(result: Result, include_text: bool = False, explain: bool = False) -> dict:
    doc = result.document
    out = {
        "schema": SCHEMA,
        "document": {
            "source": doc.source,
            "id": doc.doc_id,
            "title": doc.title,
            "url": doc.url,
            "published": doc.published.isoformat() if doc.published else None,
            "format": doc.format,
            "encoding": doc.encoding,
            "language": "zh",
            "script": _script(doc.text),
            "characters": len(doc.text),
            "blocks": [{"kind": b.kind, "start": b.start, "end": b.end} for b in doc.blocks],
            "alt_texts": list(doc.alt_texts),
        },
        "meetings": [_meeting(m) for m in result.meetings],
        "countries": [
            {"code": c.code, "name": c.name, "count": c.count, "evidence": [e.to_dict() for e in c.evidence]}
            for c in result.countries
        ],
        "dates": [_date_mention(d) for d in result.dates if d.kind != "event"],
        "people": [_person(p) for p in result.people],
        "anonymous_quotes": [_quote(q) for q in result.anonymous_quotes],
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


def _explanation(e: Explanation) -> dict:
    return {
        "rules": [{"id": rule, "where": where} for rule, where in e.rules],
        "slots": [{"slot": f.slot, "text": f.text, "start": f.start, "end": f.end} for f in e.slots],
        "decisions": [{"field": d.field, "step": d.step, "rule": d.rule, "where": d.where} for d in e.decisions],
    }


def _near_miss(n: NearMiss) -> dict:
    return {"kind": n.kind, "reason": n.reason, "sentence": n.sentence, "start": n.start, "end": n.end,
            "text": n.text, "rule": n.rule, "where": n.where}


def _script(text: str) -> str:
    from .normalize import has_traditional  # light: OpenCC is already loaded by the pipeline

    return "traditional" if has_traditional(text) else "simplified"


def _date_value(d: DateValue | None) -> dict | None:
    if d is None:
        return None
    return {"value": d.value, "precision": d.precision, "text": d.text, "modifier": d.modifier}


def _date_mention(d: DateMention) -> dict:
    return {**_date_value(d.date), "kind": d.kind, "evidence": d.evidence.to_dict()}


def _meeting(m: Meeting) -> dict:
    return {
        "parties": [p.code for p in m.parties],
        "participants": [{"code": p.code, "people": [{"name": n, "title": t} for n, t in p.people]}
                         for p in m.parties],
        "kind": m.kind,
        "status": m.status,
        "date": _date_value(m.date),
        "place": {"name": m.place, "country": m.place_country} if m.place or m.place_country else None,
        "evidence": [e.to_dict() for e in m.evidence],
    }


def _quote(q: Quote) -> dict:
    return {"text": q.text, "start": q.start, "end": q.end, "verb": q.verb}


def _person(p: Person) -> dict:
    return {
        "name": p.name,
        "aliases": list(p.aliases),
        "role": p.role,
        "affiliation": p.affiliation,
        "post": p.post,
        "country": p.country,
        "quotes": [_quote(q) for q in p.quotes],
        "evidence": [e.to_dict() for e in p.evidence],
    }


# ---------------------------------------------------------------- text formats
def write_json(results: list[Result], out: TextIO, include_text: bool = False, explain: bool = False) -> None:
    """One input: one object; several: an array."""
    data = [to_dict(r, include_text, explain) for r in results]
    json.dump(data[0] if len(data) == 1 else data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(result: Result, out: TextIO, include_text: bool = False, explain: bool = False) -> None:
    out.write(json.dumps(to_dict(result, include_text, explain), ensure_ascii=False, separators=(",", ":")))
    out.write("\n")


CSV_FIELDS = ["source", "section", "value", "detail", "date", "start", "end", "rule", "evidence"]


def csv_rows(result: Result) -> Iterable[dict]:
    """One row per fact: a long, flat table a spreadsheet can filter by `section`."""
    src = result.document.source
    for m in result.meetings:
        ev = m.evidence[0]
        yield _row(src, "meeting", "-".join(p.code for p in m.parties), f"{m.kind}/{m.status}",
                   m.date.value if m.date else "", ev)
    for c in result.countries:
        yield _row(src, "country", c.code, f"{c.name} x{c.count}", "", c.evidence[0])
    for d in result.dates:
        if d.kind != "event":
            yield _row(src, "date", d.date.value or "unresolved", d.date.text, d.date.value or "", d.evidence)
    for p in result.people:
        yield _row(src, "person", p.name, f"{p.role}; {p.affiliation or ''}", "", p.evidence[0])


def _row(source: str, section: str, value: str, detail: str, date: str, ev: Evidence) -> dict:
    return {"source": source, "section": section, "value": value, "detail": detail, "date": date,
            "start": ev.start, "end": ev.end, "rule": ev.rule, "evidence": ev.sentence}


def write_csv(results: Iterable[Result], out: TextIO, header: bool = True) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    if header:
        writer.writeheader()
    for result in results:
        writer.writerows(csv_rows(result))


# ---------------------------------------------------------------- tables
def render_table(result: Result, out: TextIO | None = None, width: int | None = None) -> None:
    """Each section as a rich table; evidence trimmed to the terminal's width."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=out, width=width, soft_wrap=False) if out is not None or width else Console()
    doc = result.document
    console.print(f"[bold]{escape(doc.title or doc.source)}[/bold]")
    published = doc.published.date() if doc.published else "unknown"
    console.print(escape(f"{doc.source} · published {published} · {doc.format}"))

    def table(title: str, *columns: str) -> Table:
        t = Table(title=title, title_justify="left", expand=True)
        t.add_row = lambda *cells, _add=t.add_row: _add(*(escape(str(c)) for c in cells))  # article text is no markup
        for i, col in enumerate(columns):
            last = i == len(columns) - 1
            t.add_column(col, overflow="ellipsis", no_wrap=True, ratio=3 if last else None)
        return t

    t = table("Meetings", "parties", "kind", "status", "date", "evidence")
    for m in result.meetings:
        t.add_row("–".join(p.code for p in m.parties), m.kind, m.status, m.date.value if m.date else "",
                  _snippet(m.evidence[0], doc.text))
    console.print(t)
    t = table("Countries", "code", "name", "n", "evidence")
    for c in result.countries:
        t.add_row(c.code, c.name, str(c.count), _snippet(c.evidence[0], doc.text))
    console.print(t)
    t = table("Dates", "value", "text", "rule", "evidence")
    for d in result.dates:
        if d.kind != "event":
            t.add_row(d.date.value or "unresolved", d.date.text, d.evidence.rule, _snippet(d.evidence, doc.text))
    console.print(t)
    t = table("People", "name", "role", "affiliation", "says")
    for p in result.people:
        said = p.quotes[0].text if p.quotes else _snippet(p.evidence[0], doc.text)
        t.add_row(p.name, p.role, p.affiliation or "", said)
    console.print(t)


def _snippet(ev: Evidence, text: str, before: int = 12) -> str:
    """The evidence sentence from a little before the words that fired; rich trims the rest to fit."""
    sentence_start = text.rfind(ev.sentence, 0, ev.start + len(ev.sentence))  # the one holding this match
    at = max(0, ev.start - sentence_start - before) if sentence_start >= 0 else 0
    head = "…" if at > 0 else ""
    return head + " ".join(ev.sentence[at:].split())


def render_explain(result: Result, out: TextIO | None = None, width: int | None = None) -> None:
    """A readable trace per meeting: the rules that fired, the slots filled, and who set each field."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, width=width, soft_wrap=True) if out is not None or width else Console()
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
