"""The store: a plain SQLite file of articles, the facts found in them and consolidated events.

The only module that imports sqlite3. Writes go through one process (the batch parent), each
article in its own transaction or savepoint, and a batch run's articles committed in groups
(`Store.group`), in WAL mode, so a run killed at any moment leaves every article either wholly
in or wholly out. A lock file beside the database keeps a second writer out; readers
(`dipx query`) never wait. The schema is built by numbered migrations (table `schema_version`)
and published as `schema/dipx-store.sql`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from . import events as ev
from .errors import StoreError, StoreLockedError

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,            -- running | done | interrupted
    dipx_version TEXT NOT NULL,
    rules_fingerprint TEXT NOT NULL,
    argv TEXT,
    pid INTEGER,
    host TEXT,
    taken INTEGER NOT NULL DEFAULT 0,
    seen INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,       -- sha256 of the article's content: the key
    source TEXT NOT NULL,            -- where it was first read: a path, or path:LINE in JSON Lines
    file TEXT,                       -- the file that holds it
    url TEXT,
    title TEXT,
    published TEXT,                  -- ISO, the article's own clock
    format TEXT,
    encoding TEXT,
    script TEXT,
    characters INTEGER,
    warnings TEXT NOT NULL DEFAULT '[]',   -- JSON array
    dipx_version TEXT NOT NULL,
    rules_fingerprint TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    taken_at TEXT NOT NULL
);
CREATE TABLE sources (               -- every place a document was read from (copies, re-crawls)
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    PRIMARY KEY (document_id, source)
);
CREATE TABLE files (                 -- what each input file looked like when last read: a rerun skips it unchanged
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    run_id INTEGER REFERENCES runs(id)
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    parties TEXT NOT NULL,           -- sorted codes joined by '-': CAN-CHN
    kind TEXT NOT NULL,
    status TEXT NOT NULL,            -- held | planned | cancelled, reconciled over the articles
    date_value TEXT,                 -- the most precise date any article gives
    date_precision TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    articles INTEGER NOT NULL,       -- how many articles report it
    first_published TEXT,
    last_published TEXT
);
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    parties TEXT NOT NULL,           -- sorted codes joined by '-'
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    date_value TEXT,
    date_precision TEXT NOT NULL,
    date_text TEXT,
    date_modifier TEXT,
    date_start TEXT,
    date_end TEXT,
    place TEXT,
    place_country TEXT,
    event_id INTEGER REFERENCES events(id) ON DELETE SET NULL
);
CREATE TABLE meeting_parties (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,       -- as the article orders them
    code TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
);
CREATE TABLE participants (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT
);
CREATE TABLE countries (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT,
    count INTEGER NOT NULL,
    PRIMARY KEY (document_id, code)
);
CREATE TABLE dates (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    value TEXT,
    precision TEXT NOT NULL,
    text TEXT,
    modifier TEXT,
    kind TEXT,
    date_start TEXT,
    date_end TEXT
);
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',    -- JSON array
    role TEXT,                       -- analyst | official | journalist | other
    affiliation TEXT,
    post TEXT,
    country TEXT
);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,   -- NULL: an unnamed source
    text TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    verb TEXT
);
CREATE TABLE evidence (          -- why each fact was found
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    fact TEXT NOT NULL,              -- meeting | country | date | person
    fact_id INTEGER,                 -- meetings.id, dates.id or people.id (countries: NULL, see code)
    code TEXT,                       -- the country, for fact = country
    kind TEXT NOT NULL DEFAULT 'mention',  -- mention: words that fired; decision: a step that set a field;
                                           -- slot: words that filled a construction's slot
    field TEXT,                      -- decision: the field it set (parties, kind, status, date …); slot: its name
    rule TEXT,                       -- the rule id
    rule_location TEXT,              -- the rule's file:line, where known
    decision TEXT,                   -- decision: what the engine did, in a few words
    text TEXT,                       -- the words that fired or filled the slot
    start INTEGER,
    "end" INTEGER,
    sentence TEXT,
    extra TEXT                       -- any other evidence fields, as JSON
);
CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,     -- a path, or path:LINE
    file TEXT NOT NULL,
    hash TEXT,                       -- of the article, when it could be read
    error TEXT NOT NULL,
    kind TEXT NOT NULL,              -- input | internal
    dipx_version TEXT NOT NULL,
    rules_fingerprint TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    failed_at TEXT NOT NULL
);
CREATE INDEX meetings_document ON meetings(document_id);
CREATE INDEX meetings_event ON meetings(event_id);
CREATE INDEX meeting_parties_code ON meeting_parties(code);
CREATE INDEX participants_meeting ON participants(meeting_id);
CREATE INDEX people_document ON people(document_id);
CREATE INDEX quotes_person ON quotes(person_id);
CREATE INDEX quotes_document ON quotes(document_id);
CREATE INDEX dates_document ON dates(document_id);
CREATE INDEX evidence_fact ON evidence(fact, fact_id);
CREATE INDEX evidence_document ON evidence(document_id);
CREATE INDEX documents_file ON documents(file);
CREATE INDEX sources_source ON sources(source);
CREATE TABLE event_parties (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    PRIMARY KEY (event_id, code)
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE VIEW event_articles AS   -- which articles report each event
    SELECT DISTINCT m.event_id, d.id AS document_id, d.url, d.title, d.published, d.source
    FROM meetings m JOIN documents d ON d.id = m.document_id WHERE m.event_id IS NOT NULL;
CREATE VIEW event_people AS     -- who took part in each event, by any article's account
    SELECT DISTINCT m.event_id, p.code, p.name, p.title
    FROM meetings m JOIN participants p ON p.meeting_id = m.id WHERE m.event_id IS NOT NULL;
CREATE VIEW meetings_with_articles AS
    SELECT m.*, d.url, d.title, d.published, d.source FROM meetings m JOIN documents d ON d.id = m.document_id;
CREATE VIEW pair_months AS      -- events a month by pair of parties; a three-party event counts for each pair
    SELECT a.code || '-' || b.code AS pair,
           CASE WHEN e.date_precision = 'year' THEN substr(e.date_start, 1, 4)   -- a year-dated event: its year
                ELSE substr(e.date_start, 1, 7) END AS month,
           count(*) AS events, sum(e.articles) AS articles
    FROM events e JOIN event_parties a ON a.event_id = e.id JOIN event_parties b ON b.event_id = e.id
    WHERE a.code < b.code GROUP BY pair, month;
CREATE VIEW country_ranking AS  -- countries by the number of articles naming them
    SELECT code, max(name) AS name, count(*) AS articles, sum(count) AS mentions
    FROM countries GROUP BY code ORDER BY articles DESC, mentions DESC, code;
CREATE VIEW quoted_people AS    -- people and how often they are quoted, by role and affiliation
    SELECT p.name, p.role, p.affiliation, p.country, count(DISTINCT p.document_id) AS articles,
           count(q.id) AS quotes
    FROM people p LEFT JOIN quotes q ON q.person_id = p.id
    GROUP BY p.name, p.role, p.affiliation, p.country;
""",
]

SCHEMA_VERSION = len(MIGRATIONS)
FACT_TABLES = ("evidence", "quotes", "people", "dates", "countries", "participants", "meeting_parties", "meetings",
               "sources")


def default_path() -> Path:
    """$XDG_DATA_HOME/dipx/dipx.db, else ~/.local/share/dipx/dipx.db."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "dipx" / "dipx.db"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


class Store:
    """A dipx store. Open it, hold `lock()` to write, `add_result` per article, `rebuild_events` at the end."""

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        self._lock_fh: Any = None
        self._savepoints = 0  # open savepoints (transactions inside a transaction): a group commits only outside them
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no such store (take articles in first with `dipx batch`)")
        try:
            if not readonly:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            uri = f"file:{self.path}?mode=ro" if readonly else str(self.path)
            self.db = sqlite3.connect(uri, uri=readonly, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.db.execute("PRAGMA synchronous = NORMAL")  # with WAL: never corrupt, and fast
            self._check_version()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a dipx store ({exc})") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open ({exc.strerror or exc})") from None

    def close(self) -> None:
        self.db.close()
        self.unlock()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ schema
    def version(self) -> int:
        has = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone()
        if not has:
            return 0
        row = self.db.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _check_version(self) -> None:
        found = self.version()
        if found > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer dipx (schema {found}; this dipx knows {SCHEMA_VERSION})")
        if found < SCHEMA_VERSION and self.readonly:
            raise StoreError(f"{self.path}: schema {found} is older than {SCHEMA_VERSION}; run `dipx batch` to upgrade")

    def migrate(self) -> None:
        """Apply the migrations the file has not seen, each in its own transaction. Needs the lock."""
        with self.transaction():
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT)")
        for number in range(self.version() + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in _statements(MIGRATIONS[number - 1]):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_version VALUES (?, ?)", (number, _now()))

    def schema_sql(self) -> str:
        """The schema as SQLite holds it: what `schema/dipx-store.sql` publishes."""
        rows = self.db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").fetchall()
        return "".join(f"{r[0]};\n\n" for r in rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; inside another, a savepoint: a caller may batch many writes into one commit."""
        if self.db.in_transaction:
            yield from self._savepoint()
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _savepoint(self) -> Iterator[None]:
        self.db.execute("SAVEPOINT inner")
        self._savepoints += 1
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK TO inner")
            self.db.execute("RELEASE inner")
            raise
        finally:
            self._savepoints -= 1
        self.db.execute("RELEASE inner")

    @contextmanager
    def group(self, articles: int = 100, seconds: float = 0.1) -> Iterator[WriteGroup]:
        """Many articles' writes in one transaction, committed every `articles` articles or `seconds`.

        The caller calls `written()` on what this yields after each article. Every write inside
        is a savepoint (see `transaction`), so each article is wholly in or out of the group; a
        commit costs about as much as the article it ends (the last page of every table and index
        is written to the WAL again), so the batch parent, the only writer, commits groups. A crash
        (even kill -9) loses no committed group and leaves no article half-written, only the
        articles of the open group (a tenth of a second's work at most), which the next run takes in
        again: a file is marked as read in the same group as its last article. An exception out
        of the group commits what is whole (a failed article's savepoint is already rolled back).
        """
        if self.db.in_transaction:  # inside a caller's transaction: that one commits
            yield WriteGroup(self, 0, 0.0)
            return
        group = WriteGroup(self, articles, seconds)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield group
        finally:
            group.end()

    # ------------------------------------------------------------ the write lock
    def lock(self, wait: float = 0.0, what: str = "dipx batch") -> None:
        """Take the write lock or raise StoreLockedError naming its holder after `wait` seconds.

        An flock on FILE.lock: the kernel lets go when the holder dies, even by kill -9.
        """
        if self._lock_fh is not None:  # held already: taking it again is a no-op
            return
        lock_path = Path(f"{self.path}.lock")
        fh = open(lock_path, "a+")  # noqa: SIM115 - held open for the life of the lock
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    holder = fh.read().strip() or "another process"
                    fh.close()
                    raise StoreLockedError(
                        f"{self.path} is in use by {holder}; gave up after waiting {wait:g} s (--wait)") from None
                time.sleep(0.1)
        fh.seek(0)
        fh.truncate()
        fh.write(f"{what} (pid {os.getpid()} on {socket.gethostname()}, since {_now()})\n")
        fh.flush()
        self._lock_fh = fh
        try:
            self.db.execute("PRAGMA journal_mode = WAL")  # under the lock: switching needs the file to itself
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a dipx store ({exc})") from None
        self.migrate()

    def unlock(self) -> None:
        if self._lock_fh is not None:
            self._lock_fh.close()  # closing releases the flock
            self._lock_fh = None

    # ------------------------------------------------------------ runs
    def begin_run(self, version: str, fingerprint: str, argv: Sequence[str]) -> int:
        with self.transaction():
            # a run still marked running while we hold the lock died without finishing
            self.db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            cur = self.db.execute(
                "INSERT INTO runs (started, status, dipx_version, rules_fingerprint, argv, pid, host)"
                " VALUES (?, 'running', ?, ?, ?, ?, ?)",
                (_now(), version, fingerprint, json.dumps(list(argv), ensure_ascii=False), os.getpid(),
                 socket.gethostname()))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, taken: int, seen: int, failed: int) -> None:
        with self.transaction():
            self.db.execute("UPDATE runs SET finished = ?, status = 'done', taken = ?, seen = ?, failed = ?"
                            " WHERE id = ?", (_now(), taken, seen, failed, run_id))

    # ------------------------------------------------------------ what is known
    def file_unchanged(self, path: str, size: int, mtime_ns: int) -> bool:
        row = self.db.execute("SELECT size, mtime_ns FROM files WHERE path = ?", (path,)).fetchone()
        return row is not None and (row[0], row[1]) == (size, mtime_ns)

    def mark_file(self, path: str, size: int, mtime_ns: int, run_id: int) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", (path, size, mtime_ns, run_id))

    def document_state(self, digest: str) -> tuple[str, str, str] | None:
        """("done", version, fingerprint), ("failed", version, fingerprint) or None for an unknown article."""
        for table, state in (("documents", "done"), ("failures", "failed")):
            row = self.db.execute(f"SELECT dipx_version, rules_fingerprint FROM {table} WHERE hash = ?",
                                  (digest,)).fetchone()
            if row:
                return state, row[0], row[1]
        return None

    def failed_before(self, source: str, error: str) -> bool:
        row = self.db.execute("SELECT 1 FROM failures WHERE source = ? AND error = ?", (source, error)).fetchone()
        return row is not None

    def failed_files(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT file FROM failures ORDER BY file")]

    def outdated_files(self, version: str, fingerprint: str) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT file FROM documents WHERE file IS NOT NULL"
            " AND (dipx_version != ? OR rules_fingerprint != ?) ORDER BY file", (version, fingerprint))
        return [r[0] for r in rows]

    def known_in_file(self, file: str) -> int:
        """How many articles (taken in or failed) were read from this file: what an unchanged file skips."""
        sql = "SELECT count(*) FROM {} WHERE source = ? OR (source >= ? AND source < ?)"
        args = (file, file + ":", file + ";")
        return sum(self.db.execute(sql.format(t), args).fetchone()[0] for t in ("sources", "failures"))

    def add_source(self, digest: str, source: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO sources SELECT id, ? FROM documents WHERE hash = ?",
                            (source, digest))

    # ------------------------------------------------------------ writes
    def add_result(self, digest: str, data: dict, file: str | None, run_id: int, version: str,
                   fingerprint: str) -> int:
        """One article and everything found in it, in one transaction; an earlier take of it is replaced."""
        return self.add_rows(digest, result_rows(data), file, run_id, version, fingerprint)

    def add_rows(self, digest: str, rows: ResultRows, file: str | None, run_id: int, version: str,
                 fingerprint: str) -> int:
        """add_result with the rows already built (by `result_rows`, in a batch worker): the parent only inserts.

        Each table takes one executemany. The ids of meetings, dates and people are given explicitly, as
        one more than the table's largest (read after an earlier take is deleted): what SQLite itself
        would pick, so the store holds the same ids as when each row was inserted alone.
        """
        db = self.db
        source = rows.document[0]
        with self.transaction():
            old = db.execute("SELECT id FROM documents WHERE hash = ?", (digest,)).fetchone()
            kept_sources = []
            if old:
                kept_sources = [r[0] for r in db.execute("SELECT source FROM sources WHERE document_id = ?",
                                                         (old[0],))]
                self._delete_document(old[0])
            cur = db.execute(
                "INSERT INTO documents (hash, source, url, title, published, format, encoding, script, characters,"
                " warnings, file, dipx_version, rules_fingerprint, run_id, taken_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (digest, *rows.document, file, version, fingerprint, run_id, _now()))
            doc = int(cur.lastrowid or 0)
            db.executemany("INSERT OR IGNORE INTO sources VALUES (?, ?)",
                           [(doc, s) for s in dict.fromkeys([source, *kept_sources])])
            mb, dbase, pb = db.execute(
                "SELECT coalesce((SELECT max(id) FROM meetings), 0), coalesce((SELECT max(id) FROM dates), 0),"
                " coalesce((SELECT max(id) FROM people), 0)").fetchone()
            if rows.meetings:
                db.executemany(
                    "INSERT INTO meetings (id, document_id, ordinal, parties, kind, status, date_value, date_precision,"
                    " date_text, date_modifier, date_start, date_end, place, place_country)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(mb + n, doc, *r) for n, r in enumerate(rows.meetings, 1)])
                db.executemany("INSERT INTO meeting_parties VALUES (?, ?, ?)",
                               [(mb + m, i, c) for m, i, c in rows.meeting_parties])
                db.executemany("INSERT INTO participants VALUES (?, ?, ?, ?)",
                               [(mb + m, c, n, t) for m, c, n, t in rows.participants])
            if rows.countries:
                db.executemany("INSERT OR REPLACE INTO countries VALUES (?, ?, ?, ?)",
                               [(doc, *r) for r in rows.countries])
            if rows.dates:
                db.executemany(
                    "INSERT INTO dates (id, document_id, value, precision, text, modifier, kind, date_start, date_end)"
                    " VALUES (?,?,?,?,?,?,?,?,?)", [(dbase + n, doc, *r) for n, r in enumerate(rows.dates, 1)])
            if rows.people:
                db.executemany(
                    "INSERT INTO people (id, document_id, name, aliases, role, affiliation, post, country)"
                    " VALUES (?,?,?,?,?,?,?,?)", [(pb + n, doc, *r) for n, r in enumerate(rows.people, 1)])
            if rows.quotes:
                db.executemany(
                    'INSERT INTO quotes (document_id, person_id, text, start, "end", verb) VALUES (?,?,?,?,?,?)',
                    [(doc, None if p is None else pb + p, *r) for p, *r in rows.quotes])
            if rows.evidence:
                base = {"meeting": mb, "date": dbase, "person": pb}
                db.executemany(
                    'INSERT INTO evidence (document_id, fact, fact_id, code, kind, field, rule, rule_location,'
                    ' decision, text, start, "end", sentence, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
                    [(doc, f, None if n is None else base[f] + n, *r) for f, n, *r in rows.evidence])
            db.execute("DELETE FROM failures WHERE source = ? OR hash = ?", (source, digest))
            self._mark_events_stale()
        return doc

    def add_failure(self, source: str, file: str, digest: str | None, error: str, kind: str, run_id: int,
                    version: str, fingerprint: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO failures (source, file, hash, error, kind, dipx_version, rules_fingerprint, run_id,"
                " failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET file = excluded.file,"
                " hash = excluded.hash, error = excluded.error, kind = excluded.kind,"
                " dipx_version = excluded.dipx_version, rules_fingerprint = excluded.rules_fingerprint,"
                " run_id = excluded.run_id, failed_at = excluded.failed_at",
                (source, file, digest, error, kind, version, fingerprint, run_id, _now()))

    def _delete_document(self, doc_id: int) -> None:
        of_meetings = "meeting_id IN (SELECT id FROM meetings WHERE document_id = ?)"
        for table in FACT_TABLES:  # explicit, children first: cheaper than cascades through every index
            where = of_meetings if table in ("participants", "meeting_parties") else "document_id = ?"
            self.db.execute(f"DELETE FROM {table} WHERE {where}", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _mark_events_stale(self) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('events_stale', '1')")

    def events_stale(self) -> bool:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'events_stale'").fetchone()
        return bool(row and row[0] == "1")

    # ------------------------------------------------------------ events
    def rebuild_events(self) -> int:
        """Consolidate every meeting into events again, in one transaction; returns how many events."""
        rows = self.db.execute(
            "SELECT m.id, m.document_id, m.parties, m.kind, m.status, m.date_value, m.date_precision, d.published"
            " FROM meetings m JOIN documents d ON d.id = m.document_id ORDER BY m.id").fetchall()
        found = ev.consolidate(ev.MeetingRecord(*r) for r in rows)
        with self.transaction():
            self.db.execute("UPDATE meetings SET event_id = NULL")
            self.db.execute("DELETE FROM event_parties")
            self.db.execute("DELETE FROM events")
            for number, event in enumerate(found, start=1):
                self._insert_event(number, event)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('events_stale', '0')")
        return len(found)

    def _insert_event(self, number: int, event: ev.Event) -> None:
        published = sorted(m.published for m in event.members if m.published)
        self.db.execute(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (number, event.parties, event.kind, event.status, event.date, event.precision,
             event.start.isoformat() if event.start else None, event.end.isoformat() if event.end else None,
             len(event.documents), published[0] if published else None, published[-1] if published else None))
        self.db.executemany("INSERT INTO event_parties VALUES (?, ?)", [(number, c) for c in event.parties.split("-")])
        self.db.executemany("UPDATE meetings SET event_id = ? WHERE id = ?", [(number, m.id) for m in event.members])

    # ------------------------------------------------------------ reads
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        """Run a query and return plain dicts: what `dipx query` and the library's readers use."""
        try:
            return [dict(r) for r in self.db.execute(sql, tuple(params))]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def counts(self) -> dict[str, int]:
        tables = ("documents", "meetings", "events", "people", "quotes", "failures")
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def published_schema() -> str:
    """schema/dipx-store.sql: the tables, indexes and views every migration together builds."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT)")
    for script in MIGRATIONS:
        for statement in _statements(script):
            db.execute(statement)
    body = "".join(f"{r[0]};\n\n" for r in db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"
                                                        " ORDER BY rowid"))
    head = (f"-- The dipx store, schema version {SCHEMA_VERSION} (table schema_version), as SQLite holds it.\n"
            "-- Generated by `python -m dipx.store > schema/dipx-store.sql`;"
            " README.md (\"The store\") explains it.\n\n")
    return head + body


def _statements(script: str) -> list[str]:
    """Split a migration into statements (sqlite3's executescript would commit behind our back)."""
    out, current = [], []
    for line in script.splitlines():
        current.append(line)
        if sqlite3.complete_statement("\n".join(current)):
            out.append("\n".join(current).strip())
            current = []
    return [s for s in out if s]


class WriteGroup:
    """An open group of writes (Store.group): counts the articles and commits when the group is full."""

    def __init__(self, store: Store, articles: int, seconds: float):
        self.store, self.db, self.articles, self.seconds = store, store.db, articles, seconds
        self.count, self.began = 0, time.monotonic()

    def written(self) -> None:
        if not self.articles:
            return
        self.count += 1
        if self.store._savepoints:  # inside a caller's transaction: commit after it, at the next article
            return
        if self.count >= self.articles or time.monotonic() - self.began >= self.seconds:
            self.db.execute("COMMIT")
            self.db.execute("BEGIN IMMEDIATE")
            self.count, self.began = 0, time.monotonic()

    def end(self) -> None:
        if self.articles and self.db.in_transaction:
            try:
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise


class ResultRows(NamedTuple):
    """One article's rows, every table's in insertion order, without the ids the store assigns.

    `document`: (source, url, title, published, format, encoding, script, characters, warnings).
    A row that points at a meeting, a date or a person holds its number in the article (from 1):
    meeting_parties and participants start with the meeting's, quotes with the person's (or None),
    evidence with (fact, number or None). Plain tuples of str, int and None: a pipe carries them.
    """

    document: tuple
    meetings: list[tuple]
    meeting_parties: list[tuple]
    participants: list[tuple]
    countries: list[tuple]
    dates: list[tuple]
    people: list[tuple]
    quotes: list[tuple]
    evidence: list[tuple]


def result_rows(data: dict) -> ResultRows:
    """The rows of one article's result (the dict `render.to_dict` makes), for `Store.add_rows`."""
    return _Rows(data).build()


class _Rows:
    """Builds ResultRows from one result dict: generic over evidence shapes."""

    def __init__(self, data: dict):
        self.data = data
        self.sentences = data.get("sentences") or []  # a later output shape lists sentences once per article
        self.meetings: list[tuple] = []
        self.meeting_parties: list[tuple] = []
        self.participants: list[tuple] = []
        self.quotes: list[tuple] = []
        self.people: list[tuple] = []
        self.evidence: list[tuple] = []

    def build(self) -> ResultRows:
        data = self.data
        d = data["document"]
        document = (d["source"], d.get("url"), d.get("title"), d.get("published"), d.get("format"),
                    d.get("encoding"), d.get("script"), d.get("characters"),
                    json.dumps(data.get("warnings", []), ensure_ascii=False))
        for n, m in enumerate(data.get("meetings", [])):
            self._meeting(n, m)
        countries = []
        for c in data.get("countries", []):
            countries.append((c["code"], c.get("name"), c.get("count", 0)))
            self._evidence("country", None, c.get("evidence", []), code=c["code"])
        dates = []
        for d in data.get("dates", []):
            dates.append((d.get("value"), d.get("precision", "unresolved"), d.get("text"), d.get("modifier"),
                          d.get("kind"), *_iso_span(ev.interval(d.get("value")))))
            self._evidence("date", len(dates), d.get("evidence"))
        for p in data.get("people", []):
            self._person(p)
        for q in data.get("anonymous_quotes", []):
            self._quote(None, q)
        return ResultRows(document, self.meetings, self.meeting_parties, self.participants, countries, dates,
                          self.people, self.quotes, self.evidence)

    def _meeting(self, ordinal: int, m: dict) -> None:
        date = m.get("date") or {}
        place = m.get("place") or {}
        codes = list(m.get("parties", []))
        self.meetings.append(
            (ordinal, "-".join(sorted(set(codes))), m["kind"], m["status"], date.get("value"),
             date.get("precision", "unresolved"), date.get("text"), date.get("modifier"),
             *_iso_span(ev.interval(date.get("value"))), place.get("name"), place.get("country")))
        meeting = len(self.meetings)
        self.meeting_parties += [(meeting, i, c) for i, c in enumerate(codes)]
        self.participants += [(meeting, side["code"], who["name"], who.get("title"))
                              for side in m.get("participants", []) for who in side.get("people", [])]
        explain = m.get("explain") or {}
        where = {r.get("id"): r.get("where") for r in explain.get("rules", [])}
        self._evidence("meeting", meeting, [{"location": where.get(e.get("rule")), **e}
                                            for e in m.get("evidence", [])])
        self._explanation(meeting, explain)

    def _explanation(self, meeting: int, explain: dict) -> None:
        """The decisions and slot fills behind a meeting (`to_dict(..., explain=True)`), as evidence rows."""
        self.evidence += [("meeting", meeting, None, "decision", d.get("field"), d.get("rule"), d.get("where"),
                           d.get("step"), None, None, None, None, None) for d in explain.get("decisions", [])]
        self.evidence += [("meeting", meeting, None, "slot", f.get("slot"), None, None, None, f.get("text"),
                           f.get("start"), f.get("end"), None, None) for f in explain.get("slots", [])]

    def _person(self, p: dict) -> None:
        self.people.append((p["name"], json.dumps(p.get("aliases", []), ensure_ascii=False), p.get("role"),
                            p.get("affiliation"), p.get("post"), p.get("country")))
        person = len(self.people)
        for q in p.get("quotes", []):
            self._quote(person, q)
        self._evidence("person", person, p.get("evidence", []))

    def _quote(self, person: int | None, q: dict) -> None:
        self.quotes.append((person, q["text"], q.get("start"), q.get("end"), q.get("verb")))

    def _evidence(self, fact: str, number: int | None, items: Any, code: str | None = None) -> None:
        if isinstance(items, dict):
            items = [items]
        known = {"rule", "rule_location", "location", "decision", "text", "start", "end", "sentence"}
        rows = self.evidence
        for e in items or []:
            extra = {k: v for k, v in e.items() if k not in known and v is not None}
            rows.append((fact, number, code, "mention", None, e.get("rule"),
                         e.get("rule_location") or e.get("location"), _text(e.get("decision")), e.get("text"),
                         e.get("start"), e.get("end"), self._sentence(e.get("sentence")),
                         json.dumps(extra, ensure_ascii=False) if extra else None))

    def _sentence(self, value: Any) -> str | None:
        """The sentence's text, whether the evidence quotes it or points into the article's sentence list."""
        if isinstance(value, int) and 0 <= value < len(self.sentences):
            value = self.sentences[value]
        if isinstance(value, dict):
            value = value.get("text")
        return value if isinstance(value, str) else None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _iso_span(span: tuple[dt.date, dt.date] | None) -> tuple[str | None, str | None]:
    return (span[0].isoformat(), span[1].isoformat()) if span else (None, None)


if __name__ == "__main__":
    import sys

    sys.stdout.write(published_schema())
