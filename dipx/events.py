"""Consolidated events: the meetings that several articles report, told as one.

Pure functions over plain records, so the rules can be tested without a database. Two
meetings are one event when they have the same set of parties, kinds that can describe the
same encounter, and dates that overlap at compatible precision. Two dated meetings of one
article are never one event: the extractor already decided they differ.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

# Kinds that can describe one encounter: a visit holds talks and a banquet; a call is not a visit.
KIND_GROUPS = {"talks": "in_person", "conversation": "in_person", "visit": "in_person", "meal": "in_person",
               "phone_call": "phone_call", "video_call": "video_call"}
# When members disagree on the kind, the more telling one names the event.
KIND_ORDER = ("visit", "talks", "meal", "conversation", "video_call", "phone_call")
# Where the article gives no date, the meeting lies in a window around its publication.
UNDATED_WINDOW = {"held": (-7, 0), "planned": (0, 90), "cancelled": (-90, 90)}
PRECISE_SPAN_DAYS = 14  # a range this short (a summit, a state visit) dates a meeting as well as a day
TOLERANCE = dt.timedelta(days=1)  # outlets on either side of the date line write adjacent days


@dataclass(frozen=True)
class MeetingRecord:
    id: int
    document: int
    parties: str  # sorted codes joined by "-"
    kind: str
    status: str
    date: str | None
    precision: str
    published: str | None  # ISO, the article's publication time


@dataclass
class Event:
    parties: str
    kind: str
    status: str
    date: str | None
    precision: str
    start: dt.date | None
    end: dt.date | None
    members: list[MeetingRecord] = field(default_factory=list)

    @property
    def documents(self) -> list[int]:
        return sorted({m.document for m in self.members})


def interval(value: str | None, precision: str | None = None) -> tuple[dt.date, dt.date] | None:
    """The days a date value covers: 2022-11-14, 2022-11, 2022 or START/END; None when unreadable."""
    if not value:
        return None
    if "/" in value:
        first, _, last = value.partition("/")
        a, b = interval(first), interval(last)
        return (a[0], b[1]) if a and b else None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            day = dt.date(*parts)
            return day, day
        if len(parts) == 2:
            first_day = dt.date(parts[0], parts[1], 1)
            next_month = (first_day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return first_day, next_month - dt.timedelta(days=1)
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    except ValueError:
        return None
    return None


def _window(m: MeetingRecord) -> tuple[dt.date, dt.date] | None:
    span = interval(m.date) if m.date else None
    if span or not m.published:
        return span
    try:
        day = dt.date.fromisoformat(m.published[:10])
    except ValueError:
        return None
    before, after = UNDATED_WINDOW.get(m.status, (-7, 7))
    return day + dt.timedelta(days=before), day + dt.timedelta(days=after)


def _grade(m: MeetingRecord, span: tuple[dt.date, dt.date]) -> str:
    """day (a day or a short range), month, year or window (undated): what may join what."""
    if not m.date:
        return "window"
    if m.precision == "day" or (span[1] - span[0]).days < PRECISE_SPAN_DAYS:
        return "day"
    if m.precision == "year" or (span[1] - span[0]).days > 62:
        return "year"
    return "month"


# grade of a newcomer -> grades of the cluster cores it may join
COMPATIBLE = {"day": {"day"}, "month": {"day", "month"}, "window": {"day", "month", "window"},
              "year": {"month", "year"}}


@dataclass
class _Cluster:
    core: MeetingRecord  # the most precise member: its date is the event's date
    span: tuple[dt.date, dt.date]
    grade: str
    members: list[MeetingRecord]
    docs: set[int]


def _overlaps(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] - TOLERANCE <= b[1] and b[0] - TOLERANCE <= a[1]


def consolidate(meetings: Iterable[MeetingRecord]) -> list[Event]:
    """Group meetings into events; the result is the same whatever order the meetings come in."""
    groups: dict[tuple[str, str], list[tuple[MeetingRecord, tuple[dt.date, dt.date] | None]]] = {}
    for m in meetings:
        groups.setdefault((m.parties, KIND_GROUPS.get(m.kind, m.kind)), []).append((m, _window(m)))
    clusters: list[_Cluster] = []
    for key in sorted(groups):
        clusters.extend(_cluster_group(groups[key]))
    events = [_event(c) for c in clusters]
    return sorted(events, key=lambda e: (e.start or dt.date.max, e.parties, e.kind, e.members[0].id))


def _cluster_group(items: list[tuple[MeetingRecord, tuple[dt.date, dt.date] | None]]) -> list[_Cluster]:
    found = _Index()
    dated = [(m, s, _grade(m, s)) for m, s in items if s is not None]
    rank = {"day": 0, "month": 1, "window": 2, "year": 3}
    # precise meetings first, so coarse ones join the event a precise report dates
    for m, span, grade in sorted(dated, key=lambda t: (rank[t[2]], t[1], t[0].id)):
        home = found.best(m, span, grade)
        if home is None:
            found.add(_Cluster(m, span, grade, [m], {m.document}))
        else:
            home.members.append(m)
            home.docs.add(m.document)
    clusters = found.all()
    for m, window in items:
        if window is None:  # no date and no publication date: nothing to compare it with
            clusters.append(_Cluster(m, (dt.date.max, dt.date.max), "none", [m], {m.document}))
    return clusters


class _Index:
    """Clusters by grade, sorted by start: a newcomer looks only at those that could overlap it."""

    WIDEST = {"day": PRECISE_SPAN_DAYS, "month": 31, "window": 181, "year": 366}  # the longest span of each grade

    def __init__(self) -> None:
        self.starts: dict[str, list[tuple[dt.date, int]]] = {g: [] for g in self.WIDEST}
        self.clusters: list[_Cluster] = []

    def add(self, cluster: _Cluster) -> None:
        bisect.insort(self.starts[cluster.grade], (cluster.span[0], len(self.clusters)))
        self.clusters.append(cluster)

    def all(self) -> list[_Cluster]:
        return list(self.clusters)

    def best(self, m: MeetingRecord, span: tuple[dt.date, dt.date], grade: str) -> _Cluster | None:
        fits = []
        for other in COMPATIBLE.get(grade, {grade}):
            starts = self.starts[other]
            low = (span[0] - TOLERANCE - dt.timedelta(days=self.WIDEST[other]), -1)
            high = (span[1] + TOLERANCE, len(self.clusters))
            for _, i in starts[bisect.bisect_left(starts, low):bisect.bisect_right(starts, high)]:
                c = self.clusters[i]
                if _may_join(m, grade, c) and _overlaps(c.span, span):
                    fits.append(c)
        if not fits:
            return None
        return min(fits, key=lambda c: (-len(c.docs), abs((c.span[0] - span[0]).days), c.core.id))


def _may_join(m: MeetingRecord, grade: str, c: _Cluster) -> bool:
    """Two meetings of one article stay apart: the extractor kept them apart. Only an account dated to
    a month or a year (last November) may join its own article's dated one: the same meeting told again,
    vaguely. An undated one in the same article is most likely another meeting."""
    return m.document not in c.docs or (grade in ("month", "year") and c.grade == "day")


def _event(c: _Cluster) -> Event:
    members = sorted(c.members, key=lambda m: m.id)
    kinds = Counter(m.kind for m in members)
    kind = min(kinds, key=lambda k: (-kinds[k], KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER), k))
    start, end = (c.span if c.grade not in ("window", "none") else (None, None))
    return Event(parties=c.core.parties, kind=kind, status=reconcile(members),
                 date=c.core.date, precision=c.core.precision if c.core.date else "unresolved",
                 start=start, end=end, members=members)


def reconcile(members: list[MeetingRecord]) -> str:
    """What the latest article says (cancelled wins a tie), except that a report of it held is not undone.

    Planned then held is held; planned then cancelled is cancelled. An undated "held" beside a
    cancellation counts only if it came later: it may be about another visit.
    """
    cancelled = [m.published or "" for m in members if m.status == "cancelled"]
    last_cancel = max(cancelled, default=None)
    for m in members:
        if m.status == "held" and (m.date or last_cancel is None or (m.published or "") > last_cancel):
            return "held"
    latest = max(members, key=lambda m: (m.published or "", m.status == "cancelled"))
    return latest.status
