"""A page that shows no publication date: the date its text implies, only where the evidence agrees.

The readings, tried in this order after the dateline-and-summit one (dates.summit_anchor):

- a weekday paired with a month and day in the lead (星期五（11月8日）) fits one year only within the
  terms of office of the leaders the lead names with their title (印尼总统普拉博沃): that day, as the
  page's date (`published_source` "inferred");
- a month and day without a year, in the clause naming a summit (5月19日将在广岛举行G7峰会), fall
  within the dates of that summit in one year only: that year, as an estimate of the year alone
  (`published` stays None; bare months and 今年 resolve against it, 今天 and bare weekdays do not);
- failing those, a year-less day beside a word of taking office that is a known leader's first day in
  office (将于10月1日接任日本首相): the year that term began, as an estimate of the year alone;
- or year-less month-days that lie within a month of a day the text writes in full
  (10月10日 beside a caption's 2024年10月11日): that day's year, as an estimate of the year alone.

A wrong inference costs twice (a false date and a missed one), so where two candidates remain, or the
readings disagree, nothing is inferred. Nothing is ever taken from today's date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from ..match import DateHit, Hit, MatchedSentence
from ..model import PublishedEstimate, Sentence
from ..normalize import normalize
from ..ruleset import RuleSet
from ..ruleset.model import Edition, KnownPerson, Term, any_of
from .dates import _days_near, _named_editions, inner_ordinals, weekday_number

LEAD_SENTENCES = 5  # the sentences (page chrome, headline, lead) where the weekday-paired day must stand
SUMMIT_DAY_SLACK = 1  # days either side of a summit's own dates within which a year-less day is taken for it
PINNED_REACH = 7  # the same, for a day in a sentence naming the edition itself: a state visit on the eve
TITLE_JOINERS = " \u00b7\u30fb"  # all that may stand between a title and the name after it: a space, a middle dot
NOT_CURRENT_REACH = 3  # characters before a title searched for a word that makes the post not the current one
NEIGHBOUR_DAYS = 31  # a year-less day this close to a day written in full is of that day's story
HORIZON = dt.timedelta(days=366)  # beyond the latest date the rules know, a year is not a candidate


def infer_published(matched: list[MatchedSentence], rules: RuleSet) -> PublishedEstimate | None:
    """The publication day (or year) the text implies, or None; see the module docstring."""
    summit = _summit_year(matched, rules)
    return (_weekday_within_terms(matched, rules) or _weekday_in_named_year(matched, rules, summit)
            or summit or _year_of_term_start(matched, rules) or _year_of_dated_neighbour(matched, rules))


# ---------------------------------------------------------------- a weekday within the leaders' terms
def _weekday_within_terms(matched: list[MatchedSentence], rules: RuleSet) -> PublishedEstimate | None:
    lead = matched[:LEAD_SENTENCES]
    paired = next(((i, h) for i, ms in enumerate(lead) for h in ms.dates
                   if {"weekday", "month", "day"} <= h.groups.keys() and "year" not in h.groups), None)
    if paired is None:
        return None
    at, hit = paired
    ms = lead[at]
    month, day = rules.number(hit.groups["month"]), rules.number(hit.groups["day"])
    weekday = weekday_number(hit.groups["weekday"], rules)
    if month is None or day is None or weekday is None:
        return None
    # the people of the date's sentence, each with the title the lead gives them up to there
    titled = {person.name: (person, title, terms)
              for m in lead[: at + 1] for person, title, terms in titled_leaders(m, rules)}
    leaders = [titled[name] for name in dict.fromkeys(h.person.name for h in ms.hits if h.person) if name in titled]
    if not leaders:
        return None  # nothing bounds the year
    horizon = rules_horizon(rules)
    first = min(t.start.year for _, _, terms in leaders for t in terms if t.start)
    days = [d for d in _on_weekday(month, day, weekday, range(first, horizon.year + 1))
            if d <= horizon and all(any(t.covers(d) for t in terms) for _, _, terms in leaders)]
    if len(days) != 1:
        return None
    names = ", ".join(f"{title}{person.name}" for person, title, _ in leaders)
    return PublishedEstimate(days[0].isoformat(), "day", (
        f"{_quote(ms, hit)}: that weekday falls on that day in {days[0].year} only, within the terms of office "
        f"of {names} (people.yaml)",))


# ---------------------------------------------------------------- a weekday in a year the text names
def _weekday_in_named_year(matched: list[MatchedSentence], rules: RuleSet,
                           summit: PublishedEstimate | None) -> PublishedEstimate | None:
    """The lead's weekday-paired day (3月17日周五, or 周三（14日） beside 5月14日) in the one year it falls on that
    weekday among the years the text gives: a summit's year (see _summit_year), else the years its full dates
    name (2023年1月1日) and the year after each. Two fitting years, or none, infer nothing."""
    paired = _lead_weekday_day(matched[:LEAD_SENTENCES], rules)
    if paired is None:
        return None
    (month, day, weekday), quote = paired
    if summit is not None:
        years = {int(summit.value[:4]): f"the year of the summit ({summit.evidence[0]})"}
    else:
        years = {}
        for ms in matched:
            for hit in ms.dates:
                named = _full_year(hit, rules)
                if named is not None:
                    for year in (named, named + 1):
                        years.setdefault(year, f"a year named by {_quote(ms, hit)} or the next")
    days = _on_weekday(month, day, weekday, years)
    if len(days) != 1:
        return None
    on = days[0]
    why = years[on.year]
    return PublishedEstimate(on.isoformat(), "day", (
        f"{quote}: that weekday falls on that day in {on.year} only among the years the text gives: {why}",))


def _on_weekday(month: int, day: int, weekday: int, years: Iterable[int]) -> list[dt.date]:
    """The days month/day of the years given that fall on the weekday (a 29 February only in leap years)."""
    return [d for year in years if (d := _on_day(year, month, day)) is not None and d.weekday() == weekday]


def _lead_weekday_day(lead: list[MatchedSentence], rules: RuleSet) -> tuple[tuple[int, int, int], str] | None:
    """(month, day, weekday) of the first weekday-paired day of the lead, and its words; a day whose month is not
    beside it (周三（14日）) takes the month of the lead's one month-day on that day (5月14日)."""
    for ms in lead:
        for hit in ms.dates:
            g = hit.groups
            if "year" in g or "weekday" not in g and "weekday_b" not in g:
                continue
            weekday = weekday_number(g.get("weekday") or g.get("weekday_b") or "", rules)
            day = rules.number(g.get("day") or g.get("day_b") or "")
            if weekday is None or day is None:
                continue
            if "month" in g:
                month = rules.number(g["month"])
            else:
                months = {rules.number(h.groups["month"]) for m in lead for h in m.dates
                          if "month" in h.groups and "year" not in h.groups and "rel" not in h.groups
                          and rules.number(h.groups.get("day") or "") == day}
                month = months.pop() if len(months) == 1 else None
            if month is not None:
                return (month, day, weekday), _quote(ms, hit)
    return None


def _full_year(hit: DateHit, rules: RuleSet) -> int | None:
    """The year of a date written with its year and month (2023年1月1日, 2023年4月), else None."""
    if hit.joined is not None:
        hit = hit.joined[0]
    g = hit.groups
    if "year" not in g or "month" not in g or "rel" in g:
        return None
    return rules.number(g["year"])


def titled_leaders(ms: MatchedSentence, rules: RuleSet) -> list[tuple[KnownPerson, str, tuple[Term, ...]]]:
    """Known people named right after a title they held (德国总理朔尔茨), with the terms of that title.

    A title after a word that makes it no current post (前, 时任, 当选 …: word classes `former`,
    `then_serving`, `post_not_yet`) does not count, nor does a title none of the person's terms carries.
    """
    s = ms.sentence
    titles = [h for h in ms.hits if h.group == "title"]
    out = []
    for person_hit in (h for h in ms.hits if h.person is not None):
        title = _title_before(person_hit, titles, s)
        if title is None:
            continue
        before = s.norm[max(0, title.start - s.start - NOT_CURRENT_REACH): title.start - s.start]
        if _not_current(rules).search(before):
            continue
        person = person_hit.person
        assert person is not None
        terms = tuple(t for t in person.terms if t.start is not None
                      and (t.title.endswith(title.text) or title.text.endswith(t.title)))
        if terms:
            out.append((person, title.text, terms))
    return out


def _title_before(person: Hit, titles: list[Hit], s: Sentence) -> Hit | None:
    """The title right before a name (总统普拉博沃; not 总统的特朗普)."""
    for t in titles:
        between = s.norm[t.end - s.start: person.start - s.start]
        if t.end <= person.start and not between.strip(TITLE_JOINERS):
            return t
    return None


def _not_current(rules: RuleSet) -> re.Pattern[str]:
    return rules.derive("published.not_current", lambda: re.compile(any_of(
        [*rules.former, *rules.word_list("then_serving"), *rules.word_list("post_not_yet")])))


def rules_horizon(rules: RuleSet) -> dt.date:
    """A year past the latest date the rules know (a term's start or end, a summit's end): the rules' own time."""
    def build() -> dt.date:
        known = [d for p in rules.people for t in p.terms for d in (t.start, t.end) if d is not None]
        known += [e.end for s in rules.summits for e in s.editions]
        return max(known, default=dt.date(1900, 1, 1)) + HORIZON
    return rules.derive("published.horizon", build)


# ---------------------------------------------------------------- a summit's day without its year
def _summit_year(matched: list[MatchedSentence], rules: RuleSet) -> PublishedEstimate | None:
    """The one year (and, from a bare day, the month) that a summit's year-less day implies, or None.

    A month and day count in the clause that names the summit; in a sentence that pins one edition (by its
    place, 在喀山出席金砖国家领导人会晤, or its ordinal) any of the sentence's days counts, a bare one too
    (抵达曼谷参加APEC会议时,于17日): the sentence is about that edition, wherever its date stands.
    """
    readings: dict[tuple[int, int | None], str] = {}
    for ms in matched:
        editions = _named_editions([ms], rules)
        if not editions:
            continue
        pinned = _pinned_editions(ms, editions)
        for hit in ms.dates:
            month_day = _month_day(hit, rules)
            if month_day is not None:
                clause = _clause_of(ms, hit, rules)
                for edition in editions:
                    reach = PINNED_REACH if edition in pinned else SUMMIT_DAY_SLACK
                    if edition not in pinned and not _names_series(clause, edition.series, rules):
                        continue  # 5月20日，发言人就七国集团峰会答记者问: the day is not the summit's
                    for year in _years_near(edition, month_day, reach):
                        readings.setdefault((year, None), _why(ms, hit, edition))
            day = _bare_day(hit, rules)
            if day is not None:
                for edition in pinned:
                    for year, month in _months_near(edition, day):
                        readings.setdefault((year, month), _why(ms, hit, edition))
    years = {year for year, _ in readings}
    if len(years) != 1:
        return None  # none, or readings that disagree
    months = {month for _, month in readings if month is not None}
    if len(months) == 1:
        (month,) = months
        year = years.pop()
        return PublishedEstimate(f"{year:04d}-{month:02d}", "month", (readings[(year, month)],))
    ((year, _), why) = next(iter(readings.items()))
    return PublishedEstimate(str(year), "year", (why,))


def _year_of_term_start(matched: list[MatchedSentence], rules: RuleSet) -> PublishedEstimate | None:
    """The one year in which a known leader's term began on a year-less day a sentence gives beside a word
    of taking office (石破茂…将于10月1日接任日本首相: his term as 首相 began on 2024-10-01), within a day."""
    take_office = rules.word_list("take_office")
    readings: dict[int, str] = {}
    for ms in matched:
        if not any(w in ms.sentence.norm for w in take_office):
            continue
        people = [h.person for h in ms.hits if h.person is not None]
        for hit in ms.dates:
            month_day = _month_day(hit, rules)
            if month_day is None:
                continue
            for person in people:
                for term in person.terms:
                    if term.start is None:
                        continue
                    day = _on_day(term.start.year, *month_day)
                    if day is not None and abs((day - term.start).days) <= SUMMIT_DAY_SLACK:
                        readings.setdefault(term.start.year, f"{_quote(ms, hit)}: {person.name} took office as "
                                                             f"{term.title} on {term.start.isoformat()} (people.yaml)")
    return _one_year(readings)


def _year_of_dated_neighbour(matched: list[MatchedSentence], rules: RuleSet) -> PublishedEstimate | None:
    """The one year in which year-less month-days of the text (10月10日) lie within NEIGHBOUR_DAYS of a day
    it writes in full (a caption's 2024年10月11日): the story those days tell is that one's, so the page is
    of that year at least (1月3日 after 2023年12月28日: 2024). Where such neighbours give two years, or none, or
    the day's sentence counts years from another (十年后，3月18日: an anniversary), nothing is inferred."""
    horizon = rules_horizon(rules)
    full = [(day, ms, hit) for ms in matched for hit in ms.dates
            if (day := _full_day(hit, rules)) is not None and day <= horizon]
    counted = rules.word_list("years_counted")
    readings: dict[int, str] = {}
    for ms in matched:
        if any(w in ms.sentence.norm for w in counted):
            continue
        for hit in ms.dates:
            month_day = _month_day(hit, rules)
            if month_day is None:
                continue
            for day, full_ms, full_hit in full:
                for year in (day.year - 1, day.year, day.year + 1):
                    near = _on_day(year, *month_day)
                    if near is not None and abs((near - day).days) <= NEIGHBOUR_DAYS:
                        readings.setdefault(year, f"{_quote(ms, hit)}: within {NEIGHBOUR_DAYS} days of "
                                                  f"{_quote(full_ms, full_hit)}")
    return _one_year(readings)


def _one_year(readings: dict[int, str]) -> PublishedEstimate | None:
    """The year estimate when the readings (year: why) agree on one year, else None."""
    if len(readings) != 1:
        return None
    ((year, why),) = readings.items()
    return PublishedEstimate(str(year), "year", (why,))


def _full_day(hit: DateHit, rules: RuleSet) -> dt.date | None:
    """The day of a date written with its year, month and day (2024年10月11日), else None."""
    if hit.joined is not None:
        hit = hit.joined[0]
    g = hit.groups
    if "rel" in g or not {"year", "month", "day"} <= g.keys():
        return None
    return _on_day(rules.number(g["year"]), rules.number(g["month"]), rules.number(g["day"]))


def _on_day(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    """That day, or None where a part is missing or the calendar has no such day (2月30日)."""
    try:
        return dt.date(year, month, day) if year and month and day else None
    except ValueError:
        return None


def _pinned_editions(ms: MatchedSentence, editions: list[Edition]) -> list[Edition]:
    """The editions the sentence names alone: by the place it names, or as the one its ordinal picked."""
    by_series: dict[str, list[Edition]] = {}
    for e in editions:
        by_series.setdefault(e.series, []).append(e)
    text = ms.sentence.norm
    pinned = []
    for series_editions in by_series.values():
        placed = [e for e in series_editions if e.place and e.place in text]
        pinned += placed if placed else series_editions if len(series_editions) == 1 else []
    return pinned


def _years_near(edition: Edition, month_day: tuple[int, int], reach_days: int) -> set[int]:
    """The years in which month/day falls within reach_days of the edition's own days."""
    return {d.year for d in _days_near(edition, *month_day, reach_days)}


def _months_near(edition: Edition, day: int) -> set[tuple[int, int]]:
    """(year, month) of the days numbered `day` within SUMMIT_DAY_SLACK of the edition's own days."""
    months = {edition.start.month, edition.end.month}
    return {(d.year, d.month) for month in months for d in _days_near(edition, month, day, SUMMIT_DAY_SLACK)}


def _why(ms: MatchedSentence, hit: DateHit, edition: Edition) -> str:
    return f"{_quote(ms, hit)}: within the dates of {edition.series} {edition.start.isoformat()} (summits.yaml)"


def _clause_of(ms: MatchedSentence, hit: DateHit, rules: RuleSet) -> str:
    """The clause of the sentence (between the marks of word class `clause_break`) that holds the date."""
    edge = _clause_edge(rules)
    text, at = ms.sentence.norm, hit.start - ms.sentence.start
    start = max((m.end() for m in edge.finditer(text, 0, at)), default=0)
    end = next((m.start() for m in edge.finditer(text, hit.end - ms.sentence.start)), len(text))
    return text[start:end]


def _clause_edge(rules: RuleSet) -> re.Pattern[str]:
    """Any clause break; the words are normalised like the text, so the ASCII forms stand for the full-width."""
    return rules.derive("published.clause_edge", lambda: re.compile(
        any_of(sorted({normalize(w) for w in rules.words("clause_break")}, key=len, reverse=True))))


def _names_series(clause: str, series_id: str, rules: RuleSet) -> bool:
    """Whether the clause names the summit series (by a name, or by its name with an inner ordinal)."""
    series = next((s for s in rules.summits if s.id == series_id), None)
    if series is None:
        return False
    return any(name in clause for name in series.names) \
        or any(s.id == series_id for s, _ in inner_ordinals(clause, rules))


def _month_day(hit: DateHit, rules: RuleSet) -> tuple[int, int] | None:
    """A year-less month and day a hit names first (5月19日, 10月22日至24日), or None."""
    if hit.joined is not None:
        hit = hit.joined[0]
    g = hit.groups
    if "year" in g or "rel" in g or "month" not in g or not ({"day", "day_b"} & g.keys()):
        return None
    month, day = rules.number(g["month"]), rules.number(g.get("day") or g.get("day_b"))
    return (month, day) if month is not None and day is not None else None


def _bare_day(hit: DateHit, rules: RuleSet) -> int | None:
    """The day of a hit that names a day alone (17日, 於17日), without a month, a year or a shift."""
    if hit.joined is not None:
        hit = hit.joined[0]
    g = hit.groups
    if g.keys() & {"year", "rel", "month", "weekday"} or "day" not in g:
        return None
    return rules.number(g["day"])


def _quote(ms: MatchedSentence, hit: DateHit) -> str:
    s = ms.sentence
    return s.text[hit.start - s.start: hit.end - s.start]


# What a start would otherwise build first: kept in the cached rules (pipeline.prepare_with).
PREPARED = (_not_current, rules_horizon, _clause_edge)
