"""Date hits → ISO values, resolved against the publication time and the story's own timeline.

The resolver walks the article in order and keeps three anchors: the story's latest date
(for 当年, 次日, and a bare 2月 after a sentence about 2020), the current summit (for 第一天,
G20结束第二天) and the latest arrival (for 下飞机几个小时). What cannot be resolved is returned
with value None and precision "unresolved": nothing is ever resolved against today's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from ..match import DateHit, MatchedSentence
from ..model import DateMention, DateValue, Evidence
from ..ruleset import RuleSet
from ..ruleset.model import Edition, SummitSeries, any_of

RECENT_BLOCKS = 2  # how far back (in blocks) the story's date still anchors 当年, 次日, 当天
LEAD_BLOCKS = 2  # blocks (headline, byline, first paragraph) whose first day is the main event's
PARTIAL_BLOCKS = 0  # a bare 18日 or 2月 takes the story's month or year only within its own paragraph
WEEKDAY_REACH = 7  # days either side of publication where a weekday paired with a day (周四（30日）) is looked for


@dataclass
class Point:
    """A resolved time: a day, month or year (as its first day), or a span."""

    start: dt.date
    precision: str  # day | month | year
    end: dt.date | None = None  # for spans
    end_precision: str | None = None

    def iso(self) -> str:
        first = _fmt(self.start, self.precision)
        if self.end is None:
            return first
        return f"{first}/{_fmt(self.end, self.end_precision or self.precision)}"

    def last_day(self) -> dt.date:
        stop, prec = (self.end, self.end_precision or self.precision) if self.end else (self.start, self.precision)
        if prec == "year":
            return dt.date(stop.year, 12, 31)
        if prec == "month":
            return dt.date(stop.year, stop.month, calendar.monthrange(stop.year, stop.month)[1])
        return stop


def _fmt(day: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


DAY_WORD_REACH = 2  # the day words (今天, 昨天, 前天, 明天, 后天) that count from the day the report was written
WRITTEN_REACH = 2  # days before publication within which a dateline's day is the day the report was written


def _written_day(published: dt.date | None, dateline: tuple[int | None, int] | None) -> dt.date | None:
    """The dateline's day (and month, if it gives one) among the days just before publication, if it is there."""
    if published is None or dateline is None:
        return None
    month, day_of_month = dateline
    for back in range(1, WRITTEN_REACH + 1):
        day = published - dt.timedelta(days=back)
        if day.day == day_of_month and month in (None, day.month):
            return day
    return None


def edition_point(edition: Edition) -> Point:
    if edition.start == edition.end:
        return Point(edition.start, "day")
    return Point(edition.start, "day", edition.end, "day")


# A date hit's kind -> the DateResolver method that resolves it (named once, not bound anew for every hit).
_RESOLVERS = {"span": "_span", "absolute": "_absolute", "relative": "_relative", "ago": "_ago",
              "anchored": "_anchored", "event": "_event"}


def weekday_number(word: str | None, rules: RuleSet) -> int | None:
    """Monday 0 … Sunday 6: a weekday word's numeral is its place in the week (一 is Monday)."""
    if not word:
        return None
    if word in rules.words("weekday_sunday"):
        return 6
    n = rules.number(word)
    return n - 1 if n is not None and 1 <= n <= 6 else None


def _last_clause_break(text: str) -> int:
    """Where the last clause of `text` begins, less one (-1: it is all one clause)."""
    return max(text.rfind(","), text.rfind(";"), text.rfind("。"))


class DateResolver:
    def __init__(self, rules: RuleSet, published: dt.date | None, year: int | None = None, nearest: bool = False,
                 month: int | None = None, dateline: tuple[int | None, int] | None = None):
        self.rules = rules
        self.published = published
        # the day the report was written, where its wire dateline (華盛頓21日電, 央广网北京9月17日消息) names one
        # shortly before publication (a site's date a day later): 今天 and 昨天 in the text count from it
        self.written = _written_day(published, dateline)
        # `published` is the day of the lead's event, inferred from the text (resolve/published.py), not the day
        # of writing: a bare day or weekday is then the nearest such day on either side of it
        self.nearest = nearest and published is not None
        # with no publication day, the year alone when it is known (resolve/published.py): a bare month
        # and 今年 resolve against it, a bare day or weekday does not
        self.year = published.year if published else year
        # and the month, where the page stamps it (date 2021-06): a bare day falls in it, 本月 and 上月 resolve
        self.month = month if published is None and year is not None else None
        self.story: tuple[Point, int] | None = None  # latest resolved point, with its block
        self.block_first_day: tuple[dt.date, int] | None = None  # the first day named in the current block
        self.event: tuple[Edition, int] | None = None  # latest summit named, with its block
        self.arrival: dt.date | None = None
        self.lead_day: dt.date | None = None  # the first day the article names near its top: its main event
        self.future = False  # the date being resolved stands in a clause about what is to come
        self.since = False  # … and that clause runs from it up to now (6月外长访华以来)
        self.past = False  # … or tells what has been (8日曾说): it cannot lie after publication
        self.paired_weekdays: dict[int, dt.date] = {}  # weekday -> the day the article pairs it with
        self.editions: dict[tuple[str, int | None], Edition | None] = {}  # (series id, year) -> the edition meant
        self.sentence_year: int | None = None  # the first year the sentence being resolved writes out

    # ---------------------------------------------------------------- public
    def resolve_sentence(self, ms: MatchedSentence) -> list[DateMention]:
        block = ms.sentence.block
        self._note_events(ms, block)
        if not ms.dates:
            return []  # most sentences: nothing more to note
        arrival = any(w in ms.sentence.norm for w in self.rules.word_list("arrival"))
        out: list[DateMention] = []
        named = _named_spans(ms, self.rules)
        self.sentence_year = self._written_year(ms)
        before: DateHit | None = None
        for hit in _joined_ranges(ms, self.rules):
            hit = before = _carry_week(ms, before, hit, self.rules.words("coordinator"))
            if named and any(a <= hit.start and hit.end <= b for a, b in named):
                continue  # 《9月平壤共同宣言》: a date inside a title is part of the name
            self.future = self._future(ms, hit)
            self.past = self._past(ms, hit)
            self.since = self._since(ms, hit)
            point = self._resolve(hit, block)
            text = _original(ms, hit)
            value = self._value(hit, point, text)
            ev = Evidence(ms.sentence.text, hit.start, hit.end, hit.rule, text)
            out.append(DateMention(value, ev, ms.sentence.index, hit.kind, block, opens_span=self.since))
            if point is not None and hit.kind != "event" and not _whole_week(hit) and not self.since:
                # 自2022年…以来 opens a span up to now: the story is not in that year
                self.story = (point, block)
                if point.precision == "day" and point.end is None and (
                    self.block_first_day is None or self.block_first_day[1] != block
                ):
                    self.block_first_day = (point.start, block)
                if self.lead_day is None and block <= LEAD_BLOCKS and point.precision == "day" and point.end is None:
                    self.lead_day = point.start
                if arrival and point.precision == "day" and point.end is None and "arrival" not in hit.groups:
                    self.arrival = point.start  # 14日下午抵达: later "下飞机几个小时" means that day
        return out

    def _future(self, ms: MatchedSentence, hit: DateHit) -> bool:
        """将于4日, 访问将持续至15日: a future word in the date's clause, before it; 20日将…: right after it."""
        s = ms.sentence
        head = s.norm[: hit.start - s.start]
        cut = _last_clause_break(head)
        clause = head[cut + 1:]
        if cut > 0 and clause.startswith(self.rules.word_list("sequel")):  # 将访问A国，随后前往…周三
            before = head[:cut]
            clause = before[_last_clause_break(before) + 1:] + clause
        tail = s.norm[hit.end - s.start:].lstrip()
        return _future_words(self.rules).search(clause) is not None or tail.startswith(self.rules.future)

    def _past(self, ms: MatchedSentence, hit: DateHit) -> bool:
        """8日曾说, 曾于8日: a word of `past_day_marker` right after the date, or right before it (a preposition
        of `glued_preposition` between them). Not anywhere in the clause: 已商定6日举行, 曾荫权6日抵达."""
        s = ms.sentence
        head = s.norm[: hit.start - s.start].rstrip()
        if head[-1:] in self.rules.words("glued_preposition"):
            head = head[:-1].rstrip()  # 曾于8日, 已在8日
        tail = s.norm[hit.end - s.start:].lstrip()
        words = self.rules.word_list("past_day_marker")
        return tail.startswith(words) or head.endswith(words)

    def _since(self, ms: MatchedSentence, hit: DateHit) -> bool:
        """6月外长访华以来: a word of `since_now` later in the date's clause: the span runs up to now."""
        s = ms.sentence
        tail = s.norm[hit.end - s.start:]
        stops = [at for at in (tail.find(","), tail.find(";"), tail.find("。")) if at >= 0]
        clause = tail[: min(stops)] if stops else tail
        return any(word in clause for word in self.rules.word_list("since_now"))

    def learn_weekdays(self, matched: list[MatchedSentence]) -> None:
        """Note the days the article itself pairs with a weekday (本周四（30日）) near publication.

        A bare 周四 elsewhere in the article (a headline's 周四登场) then means that day, not last week's.
        """
        if self.published is None:
            return
        for hit in (h for ms in matched for h in ms.dates):
            g = hit.groups
            if "weekday" not in g and "weekday_b" not in g:
                continue  # most dates
            weekday = self._weekday_number(g.get("weekday") or g.get("weekday_b"))
            day = self._num(g.get("day") or g.get("day_b"))
            month, year = self._num(g.get("month")), self._num(g.get("year"))
            if weekday is None or day is None:
                continue
            for delta in range(-WEEKDAY_REACH, WEEKDAY_REACH + 1):
                candidate = self.published + dt.timedelta(days=delta)
                if (candidate.day, candidate.weekday()) == (day, weekday) and month in (None, candidate.month) \
                        and year in (None, candidate.year):  # 5月7日(周三) pairs as 本周三(7日) does
                    self.paired_weekdays.setdefault(weekday, candidate)

    # ---------------------------------------------------------------- anchors
    def _note_events(self, ms: MatchedSentence, block: int) -> None:
        summits = [h.value for h in ms.hits if isinstance(h.value, SummitSeries)]  # Hit.summit, without a call a hit
        if not summits:
            return
        for summit in summits:
            edition = self._edition(summit, self._written_year(ms))
            if edition:
                self.event = (edition, block)

    def _written_year(self, ms: MatchedSentence) -> int | None:
        """2019年6月29日 两国元首在大阪二十国集团峰会期间会晤: the year a summit named without one is in."""
        years = [y for y in (self._num(h.groups.get("year")) for h in ms.dates) if y is not None]
        return years[0] if years else None

    def _edition(self, series: SummitSeries, year: int | None) -> Edition | None:
        """The edition of `series` the article means (see edition_near), kept: a story names its summit often."""
        key = (series.id, year)
        if key not in self.editions:
            known = self.year if year is None and self.published is None else year
            self.editions[key] = series.edition_near(self.published, known)
        return self.editions[key]

    def _story(self, block: int, need: str, reach: int = RECENT_BLOCKS) -> Point | None:
        """The story's latest point if recent and at least as precise as `need` (year < month < day)."""
        if self.story is None:
            return None
        point, at = self.story
        rank = {"year": 0, "month": 1, "day": 2}
        if block - at > reach or rank[point.precision] < rank[need]:
            return None
        return point

    def _reference(self, block: int, need: str) -> tuple[dt.date | None, bool]:
        """The date a partial expression completes against: the paragraph's story, else the publication."""
        story = self._story(block, need, PARTIAL_BLOCKS)
        if story is not None:
            return story.start, True
        return self.published, False

    def _event_for(self, hit: DateHit, block: int) -> Edition | None:
        name = hit.groups.get("event")
        if name:
            for series in self.rules.summits:
                if name in series.names:
                    year = self._num(hit.groups.get("year"))
                    return self._edition(series, self.sentence_year if year is None else year)
            return None
        if self.event and block - self.event[1] <= RECENT_BLOCKS + 1:
            return self.event[0]
        return None

    # ---------------------------------------------------------------- resolution
    def _resolve(self, hit: DateHit, block: int) -> Point | None:
        point = self._resolve_kind(hit, block)
        if point is None or point.end is not None:
            return point
        part, days = hit.groups.get("part"), self._num(hit.groups.get("days"))
        if point.precision == "year":
            if part in self.rules.words("year_end_part"):
                return Point(point.start.replace(month=12), "month")  # 2026年底: December of that year
            for first, word_class in ((1, "first_half_part"), (7, "second_half_part")):
                if part in self.rules.words(word_class):  # 上半年: January to June, at month precision
                    start = point.start.replace(month=first)
                    return Point(start, "month", start.replace(month=first + 5), "month")
        if point.precision == "day" and days:  # 周三起一连三日: that day and the days after it
            return Point(point.start, "day", point.start + dt.timedelta(days=days - 1), "day")
        return point

    def _resolve_kind(self, hit: DateHit, block: int) -> Point | None:
        try:
            return getattr(self, _RESOLVERS[hit.kind])(hit, block)
        except (ValueError, OverflowError):
            return None  # an impossible date such as 2月30日 is left unresolved

    def _num(self, text: str | None) -> int | None:
        return self.rules.number(text)

    def _need_num(self, text: str | None) -> int:
        """A number the pattern's group promises; one the rules cannot read leaves the date unresolved."""
        n = self.rules.number(text)
        if n is None:
            raise ValueError(f"not a number: {text!r}")  # caught in _resolve
        return n

    def _weekday_number(self, word: str | None) -> int | None:
        return weekday_number(word, self.rules)

    def _absolute(self, hit: DateHit, block: int) -> Point | None:
        g = hit.groups
        year, month = self._num(g.get("year")), self._num(g.get("month"))
        day = self._num(g.get("day") or g.get("day_b"))
        start = self._complete(year, month, day) if year is not None else self._partial(month, day, block)
        weekday = self._weekday_number(g.get("weekday") or g.get("weekday_b"))
        if weekday is not None and start is not None and year is None:
            start = self._by_weekday(start, weekday) if month is None else self._year_by_weekday(start, weekday)
        if start is None:
            return None
        if "year2" in g:
            return Point(start.start, "year", dt.date(self._need_num(g["year2"]), 1, 1), "year")
        if "day2" in g:
            month2 = self._num(g.get("month2")) or start.start.month
            end = dt.date(start.start.year, month2, self._need_num(g["day2"]))
            if end < start.start:  # 30日至2日: the range runs into the next month
                end = _add_months(end.replace(day=1), 1).replace(day=end.day)
            return Point(start.start, "day", end, "day")
        return start

    @staticmethod
    def _by_weekday(point: Point, weekday: int) -> Point:
        """星期五（3日）: of this month, the last or the next, the one whose 3rd is a Friday."""
        for shift in (0, -1, 1):
            candidate = _add_months(point.start.replace(day=1), shift)
            try:
                day = candidate.replace(day=point.start.day)
            except ValueError:
                continue
            if day.weekday() == weekday:
                return Point(day, "day")
        return point

    @staticmethod
    def _year_by_weekday(point: Point, weekday: int) -> Point:
        """12月3日（星期五）: of this year, the last or the next, the one whose December 3rd is a Friday."""
        for shift in (0, -1, 1):
            try:
                day = point.start.replace(year=point.start.year + shift)
            except ValueError:
                continue  # 2月29日 in a year without it
            if day.weekday() == weekday:
                return Point(day, "day")
        return point

    @staticmethod
    def _complete(year: int, month: int | None, day: int | None) -> Point:
        if month is None:
            return Point(dt.date(year, 1, 1), "year")
        if day is None:
            return Point(dt.date(year, month, 1), "month")
        return Point(dt.date(year, month, day), "day")

    def _partial(self, month: int | None, day: int | None, block: int) -> Point | None:
        since = self.since
        ref, from_story = (self.published, False) if since and month is not None and day is None \
            else self._reference(block, "month" if month is None else "year")
        if from_story and self.past and self.published is not None and ref is not None and ref > self.published:
            ref, from_story = self.published, False  # 12月邁阿密峰會… 川普8日曾說: not a December still to come
        if from_story and self.future and ref is not None and self._before_the_page(ref):
            # 去年11月领导人会谈…。首次外访将是参加10月9日的会议: what is still to come is not in a past story's year
            ref, from_story = self.published, False
        if ref is None and self.month is not None and self.year is not None:
            return self._in_stamped_month(month, day)
        if ref is None:
            if self.year is None or month is None:
                return None
            return Point(dt.date(self.year, month, day or 1), "month" if day is None else "day")
        if month is None:  # a day alone: 15日
            if day is None:
                return None
            point = self._day_near(ref, day, from_story)
            if not from_story and self.nearest:
                return Point(self._nearest_day(ref, day), "day")
            if not from_story and point > ref and not self.future:  # a past day of the previous month
                point = _add_months(point.replace(day=1), -1).replace(day=day)
            elif not from_story and point < ref and self.future:  # 将于4日: the coming 4th
                point = _add_months(point.replace(day=1), 1).replace(day=day)
            return Point(point, "day")
        year = ref.year
        past_month = month > ref.month if since else (month - ref.month) > 6  # 6月…以来 in March: last June
        if not from_story and past_month and not self.future:  # 12月 in a January article
            year -= 1
        elif not from_story and (ref.month - month) > 6 and self.future:  # 将于1月 in a November article
            year += 1
        if day is None:
            return Point(dt.date(year, month, 1), "month")
        return Point(dt.date(year, month, day), "day")

    def _before_the_page(self, ref: dt.date) -> bool:
        """Whether a story's date lies before the page's day, or in a year before the page's year estimate."""
        if self.published is not None:
            return ref < self.published
        return self.year is not None and ref.year < self.year

    def _in_stamped_month(self, month: int | None, day: int | None) -> Point | None:
        """A month or a day against the page's month alone: a bare day is that month's; a month more than half a
        year after it is last year's (12月 on a January page), and before it next year's if still to come."""
        assert self.year is not None and self.month is not None
        if month is None:
            if day is None or day > calendar.monthrange(self.year, self.month)[1]:
                return None
            return Point(dt.date(self.year, self.month, day), "day")
        year = self.year
        if month - self.month > 6 and not self.future:
            year -= 1
        elif self.month - month > 6 and self.future:
            year += 1
        if day is None:
            return Point(dt.date(year, month, 1), "month")
        return Point(dt.date(year, month, day), "day")

    def _nearest_day(self, ref: dt.date, day: int) -> dt.date:
        """The `day` of ref's month, the last or the next, whichever is nearest ref (the coming one if to come)."""
        candidates = []
        for shift in (0, -1, 1):
            first = _add_months(ref.replace(day=1), shift)
            if day <= calendar.monthrange(first.year, first.month)[1]:
                candidates.append(first.replace(day=day))
        if self.future:
            candidates = [c for c in candidates if c >= ref] or candidates
        return min(candidates, key=lambda c: abs((c - ref).days))

    def _day_near(self, ref: dt.date, day: int, from_story: bool) -> dt.date:
        """The `day` of ref's month; a 31st that month lacks is the last month's (the next one's if to come)."""
        if day <= calendar.monthrange(ref.year, ref.month)[1] or from_story:
            return dt.date(ref.year, ref.month, day)  # raises ValueError for a story month without that day
        step = 1 if self.future else -1
        return _add_months(ref.replace(day=1), step).replace(day=day)

    def _relative(self, hit: DateHit, block: int) -> Point | None:
        g = hit.groups
        if "weekday" in g:
            return self._weekday(g)
        if "week" in g:
            return self._week(g["week"])
        spec = self.rules.relative.get(g.get("rel", ""))
        if spec is None:
            return None
        need = "day" if "day" in spec else "month" if "month" in spec else "year"
        if spec.get("anchor") == "story":
            base = self._story(block, need)
            first_day = self.block_first_day
            if spec.get("day") == 0 and first_day and first_day[1] == block:
                ref = first_day[0]  # 23日…上一次是2019年…当天: the paragraph's own day
            elif base is not None:
                ref = base.start
            elif need == "day" and self.lead_day is not None and g.get("rel") not in self.rules.words("second_day"):
                ref = self.lead_day  # 当晚 far from any date: the day of the story's main event
            else:
                return self._event_day(g.get("rel"), block)
        elif self.published is None:
            if self.year is None or "day" in spec or ("month" in spec and self.month is None):
                return None
            ref = dt.date(self.year, self.month or 1, 1)  # 今年, 去年 against the year alone; 本月 against the month
        else:
            ref = self.published
            if "day" in spec and self.written is not None and abs(spec["day"]) <= DAY_WORD_REACH:
                ref = self.written  # 今天, 昨天, 前天, 明天: not 上周, a week's count
        if "day" in spec:
            return Point(ref + dt.timedelta(days=spec["day"]), "day")
        if "month" in spec:
            first = _add_months(ref.replace(day=1), spec["month"])
            day, day2 = self._num(g.get("day")), self._num(g.get("day2"))
            if day and day2:  # 本月20日至21日
                return Point(first.replace(day=day), "day", first.replace(day=day2), "day")
            return Point(first.replace(day=day), "day") if day else Point(first, "month")
        year = ref.year + spec["year"]
        return self._complete(year, self._num(g.get("month")), self._num(g.get("day")))

    def _event_day(self, word: str | None, block: int) -> Point | None:
        """第二天 with no day in the story yet: the second day of the summit being told."""
        if word not in self.rules.words("second_day") or self.event is None:
            return None
        if block - self.event[1] > RECENT_BLOCKS + 1:
            return None
        return Point(self.event[0].start + dt.timedelta(days=1), "day")

    def _week(self, word: str) -> Point | None:
        """下周 alone: Monday to Sunday of the week its shift (in days, from `relative`) names."""
        if self.published is None:
            return None
        shift = self.rules.relative.get(word, {}).get("day", 0)
        monday = self.published - dt.timedelta(days=self.published.weekday()) + dt.timedelta(days=shift)
        return Point(monday, "day", monday + dt.timedelta(days=6), "day")

    def _weekday(self, g: dict[str, str]) -> Point | None:
        if self.published is None:
            return None
        target = self._weekday_number(g["weekday"])
        if target is None:
            return None
        week = g.get("week")
        if week:
            shift = self.rules.relative.get(week, {}).get("day", 0)
            monday = self.published - dt.timedelta(days=self.published.weekday()) + dt.timedelta(days=shift)
            return Point(monday + dt.timedelta(days=target), "day")
        if target in self.paired_weekdays:  # the article says which day this weekday is
            return Point(self.paired_weekdays[target], "day")
        ahead = (target - self.published.weekday()) % 7
        if self.future:  # 星期五将前往…: the coming such day
            return Point(self.published + dt.timedelta(days=ahead), "day")
        if self.nearest:  # the inferred event day: the nearest such day, on either side
            return Point(self.published + dt.timedelta(days=ahead if ahead <= 3 else ahead - 7), "day")
        back = (self.published.weekday() - target) % 7  # the latest such day up to publication
        return Point(self.published - dt.timedelta(days=back), "day")

    def _ago(self, hit: DateHit, block: int) -> Point | None:
        n = self._num(hit.groups.get("n"))
        unit, half = hit.groups.get("unit"), "half" in hit.groups
        if self.published is None:
            # 四年前 on a page whose year alone is known: that year less four; a count of months or days needs the day
            whole_years = unit in self.rules.words("ago_unit_year") and not half
            return Point(dt.date(self.year - n, 1, 1), "year") if whole_years and n and self.year else None
        if n is None:
            return None
        if unit in self.rules.words("ago_unit_year"):
            months = n * 12 + (6 if half else 0)
            point = _add_months(self.published, -months)
            return Point(point.replace(day=1), "month") if half else Point(dt.date(point.year, 1, 1), "year")
        if unit in self.rules.words("ago_unit_month"):
            return Point(_add_months(self.published, -n).replace(day=1), "month")
        days = n * 7 if unit in self.rules.words("ago_unit_week") else n
        return Point(self.published - dt.timedelta(days=days), "day")

    def _anchored(self, hit: DateHit, block: int) -> Point | None:
        g = hit.groups
        if "arrival" in g:
            return Point(self.arrival, "day") if self.arrival else None
        edition = self._event_for(hit, block)
        if edition is None:
            return None
        if "ordinal" in g:
            return Point(edition.end if g["ordinal"] in self.rules.words("last_day") else edition.start, "day")
        base = edition.end if g.get("event_rel") in self.rules.words("event_end") else edition.start
        shift = self.rules.relative.get(g.get("rel", ""), {}).get("day")
        if shift is None:
            shift = -1 if g.get("rel") in self.rules.words("eve") else None
        return Point(base + dt.timedelta(days=shift), "day") if shift is not None else None

    def _span(self, hit: DateHit, block: int) -> Point | None:
        if hit.joined is None:
            return None
        a, b = self._resolve(hit.joined[0], block), self._resolve(hit.joined[1], block)
        if a is None or b is None or b.last_day() < a.start:
            return None
        return Point(a.start, a.precision, b.end or b.start, b.end_precision or b.precision)

    def _event(self, hit: DateHit, block: int) -> Point | None:
        edition = self._event_for(hit, block)
        return edition_point(edition) if edition else None

    # ---------------------------------------------------------------- output
    def _value(self, hit: DateHit, point: Point | None, text: str) -> DateValue:
        modifier = self.rules.parts.get(hit.groups.get("part", ""))
        if "since" in hit.groups:
            modifier = "since"
        if point is None:
            return DateValue(None, "unresolved", text, modifier)
        precision = "range" if point.end is not None else point.precision
        return DateValue(point.iso(), precision, text, modifier)


def _joined_ranges(ms: MatchedSentence, rules: RuleSet) -> list[DateHit]:
    """本周四（4日）至下周二（9日）: two day expressions joined by 至 are one span."""
    hits = list(ms.dates)
    out: list[DateHit] = []
    i = 0
    while i < len(hits):
        a = hits[i]
        b = hits[i + 1] if i + 1 < len(hits) else None
        between = ms.sentence.norm[a.end - ms.sentence.start: b.start - ms.sentence.start] if b else ""
        if b and between in rules.words("range_joiner") and a.kind == b.kind and "day2" not in a.groups:
            b = _carry_week(ms, a, b, rules.words("range_joiner"))
            out.append(DateHit(f"{a.rule}+{b.rule}", "span", {}, a.start, b.end, a.text + between + b.text,
                               joined=(a, b)))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _whole_week(hit: DateHit) -> bool:
    """本周 alone: a week told in passing (本周报道称), too loose to anchor the bare days after it."""
    return "week" in hit.groups and "weekday" not in hit.groups


def _carry_week(ms: MatchedSentence, before: DateHit | None, hit: DateHit, joiners: frozenset[str]) -> DateHit:
    """本周四、周五 and 下周三至周四: a weekday listed right after one with a week word is of that week."""
    if before is None or "week" not in before.groups or "weekday" not in hit.groups or "week" in hit.groups:
        return hit
    between = ms.sentence.norm[before.end - ms.sentence.start: hit.start - ms.sentence.start]
    return replace(hit, groups={**hit.groups, "week": before.groups["week"]}) if between in joiners else hit


def _future_words(rules: RuleSet) -> re.Pattern[str]:
    """Any of the rules' future words (将, 即将 …), as one regex."""
    return rules.derive("dates.future_words", lambda: re.compile(any_of(rules.future)))


def _named_spans(ms: MatchedSentence, rules: RuleSet) -> list[tuple[int, int]]:
    """Offsets of the text inside title marks (word class title_pair: 《…》), where dates are names."""
    s, spans = ms.sentence, []
    for pair in rules.word_list("title_pair"):
        if len(pair) != 2:
            continue
        at = s.norm.find(pair[0])
        while at >= 0:
            close = s.norm.find(pair[1], at + 1)
            if close < 0:
                break
            spans.append((s.start + at + 1, s.start + close))
            at = s.norm.find(pair[0], close + 1)
    return spans


def _original(ms: MatchedSentence, hit: DateHit) -> str:
    s = ms.sentence
    return s.text[hit.start - s.start: hit.end - s.start]


def date_span(value: str | None) -> tuple[dt.date, dt.date] | None:
    """An ISO value ('2022', '2022-11', '2022-11-14', 'A/B') as its first and last day."""
    if not value:
        return None
    if "/" in value:
        left, right = value.split("/", 1)
        a, b = date_span(left), date_span(right)
        return (a[0], b[1]) if a and b else None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], calendar.monthrange(*parts)[1])
    day = dt.date(*parts)
    return day, day


# ---------------------------------------------------------------- a page without its date
SUMMIT_SLACK = 3  # days around a summit's own dates within which a dateline still reports it


def summit_anchor(matched: list[MatchedSentence], rules: RuleSet,
                  dateline: tuple[int, int] | None) -> dt.date | None:
    """The day a page that shows no publication date is dated by, read from its body, or None.

    The month and day come from its wire dateline (中新社北京7月9日电), else from a weekday-paired day in its
    lead (周三（9月4日）); the year is the one year in which a summit the article names was held within a few
    days of that day (the weekday, if given, agreeing). A year taken from the story's other dates is not
    trusted: articles recall earlier years (measured: such dates are months off the page's date).
    """
    weekday: int | None = None
    if dateline is None:
        lead = next((h for ms in matched if ms.sentence.block <= LEAD_BLOCKS for h in ms.dates
                     if {"weekday", "month", "day"} <= h.groups.keys() and "year" not in h.groups), None)
        if lead is None:
            return None
        month, day = rules.number(lead.groups["month"]), rules.number(lead.groups["day"])
        weekday = weekday_number(lead.groups["weekday"], rules)
        if month is None or day is None or weekday is None:
            return None
    else:
        month, day = dateline
    days = {d for e in _named_editions(matched, rules) for d in _days_near(e, month, day)
            if weekday is None or d.weekday() == weekday}
    return days.pop() if len(days) == 1 else None


def _named_editions(matched: list[MatchedSentence], rules: RuleSet) -> list[Edition]:
    """The editions the article may mean: of each summit it names, every edition, or only the one its
    ordinal picks where one stands before the name (第78届联合国大会), none if the rules lack that one."""
    ordinal = _ordinal(rules)
    every: dict[str, SummitSeries] = {}
    picked: dict[str, list[Edition]] = {}
    for ms in matched:
        s = ms.sentence
        for series, inner in inner_ordinals(s.norm, rules):  # 金砖国家领导人第十六次会晤
            every[series.id] = series
            picked[series.id] = [e for e in series.editions if e.number == inner]
        mentions = [(h.value, h.start) for h in ms.hits if isinstance(h.value, SummitSeries)]
        mentions += [(series, h.start) for h in ms.dates if h.groups.get("event")  # 「…」北京峰会
                     for series in rules.summits if h.groups["event"] in series.names]
        for series, start in mentions:
            every[series.id] = series
            found = ordinal.search(s.norm[: start - s.start])
            if found is None:
                continue
            number = rules.number(found.group("n"))
            # an ordinal names one edition: one the rules do not list (or an unreadable one) dates nothing
            picked[series.id] = [e for e in series.editions if number is not None and e.number == number]
    return [e for sid, series in every.items() for e in picked.get(sid, series.editions)]


def inner_ordinals(text: str, rules: RuleSet) -> list[tuple[SummitSeries, int]]:
    """Summits named with the edition's ordinal inside the name (金砖国家领导人第十六次会晤), with that number.

    The name is one of summits.yaml's, split before its last word (word class `edition_noun`); an
    ordinal that cannot be read names nothing.
    """
    pattern, heads = _inner_ordinal(rules)
    out = []
    for found in pattern.finditer(text):
        number = rules.number(found.group("n"))
        series = heads.get(found.group("head") + found.group("noun"))
        if number is not None and series is not None:
            out.append((series, number))
    return out


def _inner_ordinal(rules: RuleSet) -> tuple[re.Pattern[str], dict[str, SummitSeries]]:
    def build() -> tuple[re.Pattern[str], dict[str, SummitSeries]]:
        nouns = sorted(rules.word_list("edition_noun"), key=len, reverse=True)
        names: dict[str, SummitSeries] = {}
        head_words: set[str] = set()
        for series in rules.summits:
            for name in series.names:
                noun = next((n for n in nouns if name.endswith(n) and len(name) > len(n)), None)
                if noun is not None:
                    names[name] = series
                    head_words.add(name[: -len(noun)])
        if not head_words:
            return re.compile(r"(?!)"), {}
        pattern = re.compile("(?P<head>" + any_of(sorted(head_words, key=len, reverse=True)) + ")"
                             + any_of(rules.word_list("ordinal_prefix")) + r"(?P<n>\w{1,6}?)"
                             + any_of(rules.word_list("edition_measure")) + "(?P<noun>" + any_of(nouns) + ")")
        return pattern, names
    return rules.derive("dates.inner_ordinal", build)


def _ordinal(rules: RuleSet) -> re.Pattern[str]:
    """An edition's ordinal right before a summit's name: 第78届."""
    return rules.derive("dates.edition_ordinal", lambda: re.compile(
        any_of(rules.word_list("ordinal_prefix")) + r"(?P<n>\w{1,6}?)" + any_of(rules.word_list("edition_measure"))
        + r"\s*$"))


def _days_near(edition: Edition, month: int, day: int, slack_days: int = SUMMIT_SLACK) -> list[dt.date]:
    """The given month and day in the edition's year(s), where it falls within `slack_days` of its dates."""
    slack = dt.timedelta(days=slack_days)
    out = []
    for year in {edition.start.year, edition.end.year}:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if edition.start - slack <= candidate <= edition.end + slack:
            out.append(candidate)
    return out


# What a start would otherwise build first: kept in the cached rules (pipeline.prepare_with).
PREPARED = (_future_words, _inner_ordinal)
