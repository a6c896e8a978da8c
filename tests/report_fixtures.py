"""Data for the report tests: generated events, hostile strings, and a small batch store.

The store is written here with the tables and columns of the batch store's schema that the
report reads (documents, events, event_parties, meetings, participants, countries, people,
quotes), so the report's reader is tested without running `dipx batch`.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from dipx.report import ReportAnalyst, ReportData, ReportEvent, ReportHeader

COUNTRIES = [("CHN", "China"), ("USA", "United States"), ("RUS", "Russia"), ("JPN", "Japan"), ("KOR", "Korea"),
             ("FRA", "France"), ("DEU", "Germany"), ("BRA", "Brazil"), ("IND", "India"), ("IDN", "Indonesia"),
             ("CAN", "Canada"), ("AUS", "Australia"), ("ZAF", "South Africa"), ("UN", "United Nations")]
KINDS = ["talks", "conversation", "phone_call", "video_call", "visit", "meal"]
STATUSES = ["held", "held", "held", "planned", "cancelled"]

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">"\'&'
HOSTILE_URL = "javascript:window.__pwned = 3"
SNEAKY_URLS = ["JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>",
               "vbscript:msgbox", "//evil.example/x", "https://ok.example/a\nb"]


def generated(n: int, seed: int = 1, articles_each: int = 3) -> ReportData:
    """n events among a dozen countries over seven years, each reported by up to a few articles."""
    rnd = random.Random(seed)
    events = []
    for i in range(n):
        (a, an), (b, bn) = rnd.sample(COUNTRIES, 2)
        date = None if i % 25 == 0 else f"{rnd.randint(2018, 2024)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        articles = tuple((f"Report number {i}.{k} on the meeting of {an} and {bn}", f"https://news.example.com/{i}/{k}")
                         for k in range(rnd.randint(1, articles_each)))
        events.append(ReportEvent(id=str(i), parties=(a, b), party_names=(an, bn), kind=rnd.choice(KINDS),
                                  status=rnd.choice(STATUSES), date=date,
                                  participants=((f"Leader of {an}", "president"), (f"Minister of {bn}", None)),
                                  articles=articles))
    analysts = tuple(ReportAnalyst(f"Analyst {i}", f"Institute {i % 7}", rnd.randint(1, 30)) for i in range(40))
    header = ReportHeader(selection="generated", articles=n * 2, events=n, fingerprint="f" * 16)
    return ReportData(header=header, events=tuple(events), analysts=analysts)


def with_text(text: str, url: str | None) -> ReportData:
    """The same small report with `text` in every field an article fills, and `url` as every link."""
    events = tuple(
        ReportEvent(id=f"{text}{i}", parties=("CHN", code), party_names=(f"China {text}", f"{name} {text}"),
                    kind=kind, status=status, date=date, participants=((f"{text} a", f"{text} b"),),
                    articles=((f"{text} title", url), (text, url)), sentences=(f"{text} said", text))
        for i, (code, name, kind, status, date) in enumerate([
            ("USA", "US", "talks", "held", "2022-11-14"), ("JPN", "JP", "phone_call", "planned", "2022-12"),
            ("USA", "US", "visit", "cancelled", "2023-01-05/2023-01-07"), ("FRA", "FR", "meal", "held", None)]))
    analysts = (ReportAnalyst(f"{text} analyst", f"{text} institute", 3), ReportAnalyst(text, None, 1))
    header = ReportHeader(selection=f"selection {text}", articles=2, events=len(events), fingerprint=text,
                          title=f"report {text}")
    return ReportData(header=header, events=events, analysts=analysts)


# ---------------------------------------------------------------- a store with the batch schema's tables
SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, source TEXT NOT NULL, url TEXT,
    title TEXT, published TEXT, dipx_version TEXT NOT NULL, rules_fingerprint TEXT NOT NULL);
CREATE TABLE events (id INTEGER PRIMARY KEY, parties TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
    date_value TEXT, date_precision TEXT NOT NULL, date_start TEXT, date_end TEXT, articles INTEGER NOT NULL);
CREATE TABLE event_parties (event_id INTEGER NOT NULL, code TEXT NOT NULL, PRIMARY KEY (event_id, code));
CREATE TABLE meetings (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    parties TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, date_value TEXT, event_id INTEGER);
CREATE TABLE participants (meeting_id INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, title TEXT);
CREATE TABLE countries (document_id INTEGER NOT NULL, code TEXT NOT NULL, name TEXT, count INTEGER NOT NULL);
CREATE TABLE people (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, name TEXT NOT NULL, role TEXT,
    affiliation TEXT);
CREATE TABLE quotes (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, person_id INTEGER, text TEXT NOT NULL);
"""

# (parties, kind, status, date, start, end, [(document, participants)])
STORE_EVENTS = [
    ("CAN-CHN", "conversation", "held", "2022-11-15", "2022-11-15", "2022-11-15", [(1, [("CHN", "Xi", "president")]),
                                                                                  (2, [("CAN", "Trudeau", None)])]),
    ("CHN-USA", "talks", "held", "2022-11-14", "2022-11-14", "2022-11-14", [(1, [("USA", "Biden", "president")])]),
    ("CHN-USA", "phone_call", "planned", "2023-03", "2023-03-01", "2023-03-31", [(3, [])]),
    ("JPN-KOR", "talks", "cancelled", "2021-06-02", "2021-06-02", "2021-06-02", [(4, [("JPN", "Suga", None)])]),
    ("CHN-JPN-KOR", "talks", "held", "2019-12-24", "2019-12-24", "2019-12-24", [(4, [])]),
    ("CHN-FRA", "visit", "held", None, None, None, [(3, [])]),
]
STORE_DOCUMENTS = {1: ("https://news.example.com/1", "Xi meets leaders in Bali"), 2: (HOSTILE_URL, HOSTILE),
                   3: (None, "A planned call"), 4: ("http://news.example.com/4", "Seoul and Tokyo")}
STORE_NAMES = {"CHN": "China", "USA": "United States", "CAN": "Canada", "JPN": "Japan", "KOR": "Korea",
               "FRA": "France"}


def make_store(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    for doc, (url, title) in STORE_DOCUMENTS.items():
        db.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, '0.1.0', 'rules-abc')",
                   (doc, f"hash{doc}", f"/data/{doc}.html", url, title, f"2022-11-{10 + doc}"))
        db.executemany("INSERT INTO countries VALUES (?, ?, ?, 1)", [(doc, c, n) for c, n in STORE_NAMES.items()])
    meeting = 0
    for event_id, (parties, kind, status, date, start, end, reports) in enumerate(STORE_EVENTS, start=1):
        db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, 'day', ?, ?, ?)",
                   (event_id, parties, kind, status, date, start, end, len(reports)))
        db.executemany("INSERT INTO event_parties VALUES (?, ?)", [(event_id, c) for c in parties.split("-")])
        for doc, people in reports:
            meeting += 1
            db.execute("INSERT INTO meetings VALUES (?, ?, 0, ?, ?, ?, ?, ?)",
                       (meeting, doc, parties, kind, status, date, event_id))
            db.executemany("INSERT INTO participants VALUES (?, ?, ?, ?)", [(meeting, *p) for p in people])
    db.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?)",
                   [(1, 1, "Analyst One", "analyst", "Institute A"), (2, 2, "Analyst One", "analyst", "Institute A"),
                    (3, 4, "Analyst Two", "analyst", None), (4, 1, "Official", "official", None)])
    db.executemany("INSERT INTO quotes VALUES (?, ?, ?, 'words')", [(1, 1, 1), (2, 1, 1), (3, 2, 2), (4, 4, 3),
                                                                     (5, 1, 4)])
    db.commit()
    db.close()
    return path
