"""Questions to a store: events, meetings, people, countries, counts, and the meeting network.

Each function takes an open Store and returns a list of plain dicts with a stable shape, so
the CLI can print them as table, JSON, JSON Lines or CSV and a script can use them as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .events import interval
from .store import Store


@dataclass
class Filters:
    countries: Sequence[str] = ()
    person: str | None = None
    kind: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    article: str | None = None
    text: str | None = None
    limit: int | None = None

    def bounds(self) -> tuple[str | None, str | None]:
        """--since and --until as days: 2022-11 since its first day, until its last."""
        low = interval(self.since) if self.since else None
        high = interval(self.until) if self.until else None
        for given, span in ((self.since, low), (self.until, high)):
            if given and span is None:
                raise ValueError(f"cannot read the date {given!r}; use YYYY, YYYY-MM or YYYY-MM-DD")
        return (low[0].isoformat() if low else None, high[1].isoformat() if high else None)


@dataclass
class _Where:
    clauses: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, clause: str, *params: object) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def _article_match() -> str:
    return "(d.url = ? OR d.source = ? OR d.hash = ? OR CAST(d.id AS TEXT) = ? OR d.source LIKE ?)"


def _article_params(article: str) -> tuple:
    return article, article, article, article, f"%{article}"


def events(store: Store, f: Filters) -> list[dict]:
    """Consolidated events, with the articles that report them and who took part."""
    where = _Where()
    for code in f.countries:
        where.add("EXISTS (SELECT 1 FROM event_parties p WHERE p.event_id = e.id AND p.code = ?)", code.upper())
    _common(where, f, "e", "mm.event_id = e.id")
    rows = store.rows(
        "SELECT e.id, e.date_value AS date, e.date_precision AS precision, e.parties, e.kind, e.status, e.articles,"
        " e.first_published, e.last_published FROM events e" + where.sql()
        + " ORDER BY e.date_start IS NULL, e.date_start, e.parties, e.id" + _limit(f), where.params)
    return [_event_row(store, r) for r in rows]


def _event_row(store: Store, r: dict) -> dict:
    people = store.rows("SELECT DISTINCT code, name FROM event_people WHERE event_id = ? ORDER BY code, name",
                        (r["id"],))
    docs = store.rows("SELECT document_id, url, title, published, source FROM event_articles WHERE event_id = ?"
                      " ORDER BY published, document_id", (r["id"],))
    return {
        "id": r["id"], "date": r["date"], "precision": r["precision"], "parties": r["parties"].split("-"),
        "kind": r["kind"], "status": r["status"], "articles": r["articles"],
        "people": [f"{p['name']} ({p['code']})" for p in people],
        "sources": [d["url"] or d["source"] for d in docs],
        "first_published": r["first_published"], "last_published": r["last_published"],
    }


def meetings(store: Store, f: Filters) -> list[dict]:
    """Meetings as each article reports them, before consolidation."""
    where = _Where()
    for code in f.countries:
        where.add("EXISTS (SELECT 1 FROM meeting_parties p WHERE p.meeting_id = m.id AND p.code = ?)", code.upper())
    _common(where, f, "m", "mm.id = m.id")
    rows = store.rows(
        "SELECT m.id, m.date_value AS date, m.date_precision AS precision, m.parties, m.kind, m.status, m.event_id,"
        " d.url, d.source, d.published FROM meetings m JOIN documents d ON d.id = m.document_id" + where.sql()
        + " ORDER BY m.date_start IS NULL, m.date_start, m.parties, m.id" + _limit(f), where.params)
    out = []
    for r in rows:
        people = store.rows("SELECT code, name, title FROM participants WHERE meeting_id = ?", (r["id"],))
        evidence = store.rows("SELECT sentence FROM evidence WHERE fact = 'meeting' AND fact_id = ?"
                              " ORDER BY id LIMIT 1", (r["id"],))
        out.append({
            "id": r["id"], "event": r["event_id"], "date": r["date"], "precision": r["precision"],
            "parties": r["parties"].split("-"), "kind": r["kind"], "status": r["status"],
            "people": [f"{p['name']} ({p['code']})" for p in people],
            "article": r["url"] or r["source"], "published": r["published"],
            "evidence": evidence[0]["sentence"] if evidence else None,
        })
    return out


def _common(where: _Where, f: Filters, alias: str, cond: str) -> None:
    """Filters shared by events and meetings; `cond` ties a meeting `mm` to the row asked about."""
    mm = "mm"
    if f.kind:
        where.add(f"{alias}.kind = ?", f.kind)
    if f.status:
        where.add(f"{alias}.status = ?", f.status)
    low, high = f.bounds()
    if low:
        where.add(f"{alias}.date_end >= ?", low)
    if high:
        where.add(f"{alias}.date_start <= ?", high)
    if f.person:
        where.add(f"EXISTS (SELECT 1 FROM meetings {mm} JOIN participants pp ON pp.meeting_id = {mm}.id"
                  f" WHERE {cond} AND pp.name LIKE ?)", f"%{f.person}%")
    if f.article:
        where.add(f"EXISTS (SELECT 1 FROM meetings {mm} JOIN documents d ON d.id = {mm}.document_id"
                  f" WHERE {cond} AND {_article_match()})", *_article_params(f.article))
    if f.text:
        where.add(f"EXISTS (SELECT 1 FROM meetings {mm} JOIN evidence ev"
                  f" ON ev.fact = 'meeting' AND ev.fact_id = {mm}.id"
                  f" JOIN documents d ON d.id = {mm}.document_id WHERE {cond}"
                  " AND (ev.sentence LIKE ? OR d.title LIKE ?))", f"%{f.text}%", f"%{f.text}%")


def _limit(f: Filters) -> str:
    return f" LIMIT {int(f.limit)}" if f.limit else ""


def people(store: Store, role: str | None = None, affiliation: str | None = None, name: str | None = None,
           article: str | None = None, limit: int | None = None) -> list[dict]:
    """People across articles, by role and affiliation, with how many articles quote them."""
    where = _Where()
    if role:
        where.add("p.role = ?", role)
    if affiliation:
        where.add("p.affiliation LIKE ?", f"%{affiliation}%")
    if name:
        where.add("(p.name LIKE ? OR p.aliases LIKE ?)", f"%{name}%", f"%{name}%")
    if article:
        where.add(_article_match(), *_article_params(article))
    rows = store.rows(
        "SELECT p.name, p.role, p.affiliation, p.country, count(DISTINCT p.document_id) AS articles,"
        " count(q.id) AS quotes, min(q.text) AS a_quote FROM people p JOIN documents d ON d.id = p.document_id"
        " LEFT JOIN quotes q ON q.person_id = p.id" + where.sql()
        + " GROUP BY p.name, p.role, p.affiliation, p.country ORDER BY articles DESC, quotes DESC, p.name"
        + (f" LIMIT {int(limit)}" if limit else ""), where.params)
    return rows


def countries(store: Store, limit: int | None = None) -> list[dict]:
    """Countries ranked by the number of articles that name them."""
    return store.rows("SELECT code, name, articles, mentions FROM country_ranking"
                      + (f" LIMIT {int(limit)}" if limit else ""))


# ---------------------------------------------------------------- stats
def pair_counts(store: Store, country: str | None = None, limit: int | None = None) -> list[dict]:
    where = " WHERE pair LIKE ?" if country else ""
    params = (f"%{country.upper()}%",) if country else ()
    return store.rows("SELECT pair, sum(events) AS events, sum(articles) AS articles FROM pair_months" + where
                      + " GROUP BY pair ORDER BY events DESC, articles DESC, pair"
                      + (f" LIMIT {int(limit)}" if limit else ""), params)


def month_counts(store: Store, country: str | None = None) -> list[dict]:
    where = " WHERE pair LIKE ?" if country else ""
    params = (f"%{country.upper()}%",) if country else ()
    return store.rows("SELECT pair, month, events, articles FROM pair_months" + where
                      + " ORDER BY month IS NULL, month, pair", params)


def partners(store: Store, country: str, limit: int | None = 10) -> list[dict]:
    """The countries `country` met most often, by events (and articles reporting them)."""
    return store.rows(
        "SELECT b.code AS partner, count(*) AS events, sum(e.articles) AS articles, max(e.date_start) AS latest"
        " FROM events e JOIN event_parties a ON a.event_id = e.id AND a.code = ?"
        " JOIN event_parties b ON b.event_id = e.id AND b.code != a.code"
        " GROUP BY b.code ORDER BY events DESC, articles DESC, partner" + (f" LIMIT {int(limit)}" if limit else ""),
        (country.upper(),))


# ---------------------------------------------------------------- the network
def network(store: Store) -> tuple[list[dict], list[dict]]:
    """Countries as nodes, events as edges (a three-party event gives an edge for each pair)."""
    nodes = store.rows(
        "SELECT ep.code AS id, (SELECT name FROM country_ranking c WHERE c.code = ep.code) AS name,"
        " count(DISTINCT ep.event_id) AS events FROM event_parties ep GROUP BY ep.code ORDER BY ep.code")
    edges = store.rows(
        "SELECT a.code AS source, b.code AS target, e.id AS event, e.kind, e.status, e.date_value AS date,"
        " e.date_precision AS precision, e.date_start, e.date_end, e.articles"
        " FROM events e JOIN event_parties a ON a.event_id = e.id JOIN event_parties b ON b.event_id = e.id"
        " WHERE a.code < b.code ORDER BY e.id, a.code, b.code")
    return nodes, edges

