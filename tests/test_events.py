"""Consolidation rules, table-driven on plain meeting records (no database, no extraction)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from dipx.events import MeetingRecord, consolidate, interval


def rec(id, doc, date, precision="day", kind="talks", status="held", parties="CHN-RUS", published="2023-03-22"):
    return MeetingRecord(id, doc, parties, kind, status, date, precision, published)


@pytest.mark.parametrize("value,expect", [
    ("2022-11-14", ("2022-11-14", "2022-11-14")),
    ("2020-02", ("2020-02-01", "2020-02-29")),
    ("2011", ("2011-01-01", "2011-12-31")),
    ("2022-11-15/2022-11-16", ("2022-11-15", "2022-11-16")),
    ("2022-12/2023-01", ("2022-12-01", "2023-01-31")),
])
def test_interval(value, expect):
    low, high = interval(value)
    assert (low.isoformat(), high.isoformat()) == expect


def test_interval_of_nonsense_is_none():
    assert interval("2022-13-40") is None and interval(None) is None


CASES = [
    # (what it shows, meetings, expected groups of meeting ids)
    ("same day, two articles", [rec(1, 1, "2023-03-21"), rec(2, 2, "2023-03-21")], [{1, 2}]),
    ("adjacent days across the date line", [rec(1, 1, "2023-03-21"), rec(2, 2, "2023-03-22")], [{1, 2}]),
    ("a week apart", [rec(1, 1, "2023-03-21"), rec(2, 2, "2023-03-28")], [{1}, {2}]),
    ("month joins the day inside it", [rec(1, 1, "2023-03-21"), rec(2, 2, "2023-03", "month")], [{1, 2}]),
    ("a year does not join a day", [rec(1, 1, "2023-03-21"), rec(2, 2, "2023", "year")], [{1}, {2}]),
    ("planned, then held a year later", [rec(1, 1, "2023-03", "month", status="planned"),
                                         rec(2, 2, "2024-03-16")], [{1}, {2}]),
    ("a call is not a visit", [rec(1, 1, "2023-03-21", kind="phone_call"), rec(2, 2, "2023-03-21", kind="visit")],
     [{1}, {2}]),
    ("a visit holds the talks", [rec(1, 1, "2023-03-20/2023-03-22", "range", kind="visit"),
                                 rec(2, 2, "2023-03-21")], [{1, 2}]),
    ("other parties", [rec(1, 1, "2023-03-21"), rec(2, 2, "2023-03-21", parties="CHN-USA")], [{1}, {2}]),
    ("one article's two meetings stay two", [rec(1, 1, "2023-03-21"), rec(2, 1, "2023-03-21")], [{1}, {2}]),
    ("an article's vaguer account joins its dated one", [rec(1, 1, "2022-11-14"), rec(2, 1, "2022-11", "month")],
     [{1, 2}]),
    ("but two vague accounts of one article stay two", [rec(1, 1, "2022-11", "month"), rec(2, 1, "2022-11", "month")],
     [{1}, {2}]),
    ("an undated account stays apart from its article's dated one", [rec(1, 1, "2023-03-21"),
                                                                     rec(2, 1, None, "unresolved")], [{1}, {2}]),
    ("undated held report joins the meeting just before it", [rec(1, 1, "2023-03-21"),
                                                              rec(2, 2, None, "unresolved", published="2023-03-23")],
     [{1, 2}]),
    ("a coarse report joins the better-attested event", [rec(1, 1, "2023-03-05"), rec(2, 2, "2023-03-21"),
                                                         rec(3, 3, "2023-03-21"), rec(4, 4, "2023-03", "month")],
     [{1}, {2, 3, 4}]),
]


@pytest.mark.parametrize("what,meetings,groups", CASES, ids=[c[0] for c in CASES])
def test_grouping(what, meetings, groups):
    found = [{m.id for m in e.members} for e in consolidate(meetings)]
    assert sorted(found, key=min) == sorted(groups, key=min)


def test_order_does_not_matter():
    meetings = [c for case in CASES for c in case[1]][:7]
    meetings = [replace(m, id=i, document=i) for i, m in enumerate(meetings)]  # distinct ids and articles
    first = [(e.date, sorted(m.id for m in e.members)) for e in consolidate(meetings)]
    for perm in itertools.islice(itertools.permutations(meetings), 50):
        assert [(e.date, sorted(m.id for m in e.members)) for e in consolidate(perm)] == first


@pytest.mark.parametrize("statuses,expect", [
    ([("planned", "2023-03-17"), ("held", "2023-03-22")], "held"),
    ([("held", "2023-03-22"), ("planned", "2023-03-23")], "held"),  # it happened; a later preview does not undo it
    ([("planned", "2023-03-10"), ("cancelled", "2023-03-25")], "cancelled"),
    ([("cancelled", "2023-03-10"), ("planned", "2023-03-25")], "planned"),  # rescheduled
])
def test_status_reconciled_over_time(statuses, expect):
    meetings = [rec(i, i, "2023-04", "month", status=s, published=p) for i, (s, p) in enumerate(statuses)]
    (event,) = consolidate(meetings)
    assert event.status == expect


def test_an_undated_held_report_does_not_undo_a_cancellation_of_the_same_day():
    meetings = [rec(1, 1, "2023-02-05", status="cancelled", published="2023-02-04"),
                rec(2, 2, None, "unresolved", status="held", published="2023-02-04")]
    (event,) = consolidate(meetings)
    assert (event.status, len(event.documents)) == ("cancelled", 2)
    later = rec(3, 3, None, "unresolved", status="held", published="2023-02-06")  # reported held afterwards
    assert consolidate([*meetings, later])[0].status == "held"


def test_the_most_precise_date_names_the_event():
    (event,) = consolidate([rec(1, 1, "2023-03", "month"), rec(2, 2, "2023-03-21"), rec(3, 3, None, "unresolved")])
    assert (event.date, event.precision, len(event.documents)) == ("2023-03-21", "day", 3)
