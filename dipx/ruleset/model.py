"""Compiled rules: what the matcher and resolvers consult, built once per process."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeAlias, TypeVar

T = TypeVar("T")
NEVER = "(?!x)x"  # a regex that matches nothing: what an empty word list becomes
UPCOMING_EDITION = dt.timedelta(days=30)  # how far ahead a summit an article names may still be the coming one


def any_of(words: Iterable[str]) -> str:
    """A regex group matching any of `words`, longest first, each word taken literally."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(map(re.escape, ordered)) + ")" if ordered else NEVER


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    names: tuple[str, ...]  # name and aliases, normalised
    abbr: str | None
    capitals: tuple[str, ...]
    historical: bool
    where: str
    part_of: str | None = None  # the state this region belongs to (HKG: CHN)


@dataclass(frozen=True)
class Term:
    title: str
    kind: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class KnownPerson:
    name: str
    aliases: tuple[str, ...]
    short: str | None
    country: str
    terms: tuple[Term, ...]
    where: str

    def term_at(self, day: dt.date | None) -> Term | None:
        if day is not None:
            for term in self.terms:
                if term.covers(day):
                    return term
        return None


@dataclass(frozen=True)
class Organization:
    code: str
    names: tuple[str, ...]
    heads: tuple[str, ...]
    where: str


@dataclass(frozen=True)
class Edition:
    series: str
    start: dt.date
    end: dt.date
    place: str | None
    country: str | None
    number: int | None = None  # 第78届: its place in the series


@dataclass(frozen=True)
class SummitSeries:
    id: str
    names: tuple[str, ...]
    org: str | None
    editions: tuple[Edition, ...]

    def edition_near(self, day: dt.date | None, year: int | None = None) -> Edition | None:
        """The edition an article means: of the given year, else the one nearest `day`.

        That is the latest begun by `day` (within a year), unless the next one opens sooner than that one
        ended: a preview a week before the general debate means this year's, not last year's.
        """
        if year is not None:
            found = [e for e in self.editions if e.start.year == year]
            return found[0] if found else None
        if day is None:
            return None
        past = [e for e in self.editions if e.start <= day + dt.timedelta(days=2) and (day - e.start).days < 366]
        latest = max(past, key=lambda e: e.start) if past else None
        soon = [e for e in self.editions if day + dt.timedelta(days=2) < e.start <= day + UPCOMING_EDITION]
        upcoming = min(soon, key=lambda e: e.start) if soon else None
        if upcoming and (latest is None or (upcoming.start - day) < (day - latest.end)):
            return upcoming
        return latest


@dataclass(frozen=True)
class WordRule:
    """A rule whose words fire it: titles, triggers, cues, speech verbs, references, institutions."""

    id: str
    group: str  # title | institution | trigger | cue | speech | reference
    words: tuple[str, ...]
    where: str
    role: str | None = None  # titles and institutions
    leader: bool = False
    collective: bool = False
    kind: str | None = None  # trigger kind
    effect: str | None = None  # cue effect
    refers: str | None = None  # reference kind
    host_prefix: bool = False
    after_group: bool = False
    suffixes: tuple[str, ...] = ()
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()
    examples_known_miss: tuple[str, ...] = ()  # should fire, does not yet


@dataclass(frozen=True)
class WordClass:
    """A named list of words the engine consults (coordinators, clause breaks, copulas …).

    `words` keeps the file's order (longest-first matching is the caller's choice); `members`
    is the same as a set, for membership tests.
    """

    id: str
    words: tuple[str, ...]
    where: str
    members: frozenset[str] = frozenset()
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()
    examples_known_miss: tuple[str, ...] = ()


class DateExample(NamedTuple):
    text: str
    published: str | None
    expect: str  # the ISO value, or "unresolved"
    where: str
    known_miss: bool = False


@dataclass(frozen=True)
class Slot:
    """One position of a construction's pattern (see rules/README.md, "Constructions")."""

    kind: str  # word | actor | actors | trigger | speech | date | gap | any_of
    name: str | None = None
    words: frozenset[str] = frozenset()  # word slots: a literal word, a word list or a word class
    accepts: str = "any"  # actor kind, or meeting kind for a trigger slot
    gap: int = 0
    optional: bool = False
    options: tuple[Slot, ...] = ()  # any_of: the alternatives, tried in order
    label: str = ""  # how the slot was written, for --explain (class:coordinator, word:先后 …)


@dataclass(frozen=True)
class MeetingYield:
    parties: tuple[str, ...]  # slot names; `subject` is the clause's subject as the engine reads it
    kind: str | None = None
    each: str | None = None
    multilateral: bool = False
    status: str | None = None
    date: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class SpeakerYield:
    speaker: str
    affiliation: str | None = None
    verb: str | None = None


@dataclass(frozen=True)
class Construction:
    """A token pattern with slots and what a match yields: a meeting, a speaker, or a suppression."""

    id: str
    slots: tuple[Slot, ...]
    where: str
    meeting: MeetingYield | None = None
    speaker: SpeakerYield | None = None
    suppress: str | None = None  # a trigger slot whose meeting word this shape says is no meeting
    anchors: frozenset[str] = frozenset()  # a sentence must hold one of these tokens …
    anchor_group: str | None = None  # … or a hit of this group (trigger, speech)
    examples_match: tuple[dict, ...] = ()
    examples_no_match: tuple[str, ...] = ()
    known_miss: tuple[dict, ...] = ()

    @property
    def yields(self) -> str:
        return "meeting" if self.meeting else "speaker" if self.speaker else "suppress"


@dataclass(frozen=True)
class DatePattern:
    id: str
    kind: str
    regex: re.Pattern
    where: str
    examples: tuple[DateExample, ...] = ()
    no_match: tuple[str, ...] = ()


# What a word in the lexicon stands for: a code (country, capital, org, org_head), codes (compound),
# a known person, a summit series, the word rule itself, or nothing (blocked).
LexValue: TypeAlias = str | tuple[str, ...] | KnownPerson | SummitSeries | WordRule | None


@dataclass(frozen=True)
class Lex:
    """One meaning of a word in the lexicon."""

    # country | capital | compound | person | org | org_head | title | trigger | cue | speech | reference |
    # summit | blocked | institution | institution_suffix
    group: str
    rule: str
    value: LexValue

    @property
    def person(self) -> KnownPerson | None:
        return self.value if isinstance(self.value, KnownPerson) else None

    @property
    def word_rule(self) -> WordRule | None:
        return self.value if isinstance(self.value, WordRule) else None


@dataclass
class RuleSet:
    sources: tuple[str, ...]
    countries: dict[str, Country] = field(default_factory=dict)
    abbr: dict[str, str] = field(default_factory=dict)  # one character -> code
    compounds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    compound_suffixes: tuple[str, ...] = ()
    abbr_suffixes: tuple[str, ...] = ()
    abbr_title_exceptions: frozenset[str] = frozenset()
    capital_not_before: tuple[str, ...] = ()
    blocked: frozenset[str] = frozenset()
    country_examples: tuple[tuple[str, tuple[str, ...], str, bool], ...] = ()  # text, codes, where, known miss
    people: list[KnownPerson] = field(default_factory=list)
    organizations: dict[str, Organization] = field(default_factory=dict)
    summits: list[SummitSeries] = field(default_factory=list)
    word_rules: list[WordRule] = field(default_factory=list)
    former: tuple[str, ...] = ()
    place_markers: frozenset[str] = frozenset()
    negation_reach: frozenset[str] = frozenset()
    event_words: frozenset[str] = frozenset()
    anonymous: frozenset[str] = frozenset()
    adverbs: frozenset[str] = frozenset()
    quantifiers: tuple[str, ...] = ()
    surnames: frozenset[str] = frozenset()
    meeting_cases: list = field(default_factory=list)
    people_cases: list = field(default_factory=list)
    numerals: dict[str, int] = field(default_factory=dict)
    relative: dict[str, dict] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    future: tuple[str, ...] = ()
    date_patterns: list[DatePattern] = field(default_factory=list)
    lexicon: dict[str, tuple[Lex, ...]] = field(default_factory=dict)
    host_prefixes: dict[str, WordRule] = field(default_factory=dict)  # 访 -> the visit rule (访华)
    institution_suffixes: dict[str, WordRule] = field(default_factory=dict)  # 大学 -> its institution rule
    shorts: dict[str, KnownPerson] = field(default_factory=dict)  # 习 -> 习近平
    leader_titles: tuple[str, ...] = ()  # 领导人, 总统 …: longest first, for 11个国家领导人
    max_word_len: int = 1
    user_words: tuple[str, ...] = ()
    word_classes: dict[str, WordClass] = field(default_factory=dict)
    constructions: list[Construction] = field(default_factory=list)
    constructions_by_anchor: dict[str, tuple[Construction, ...]] = field(default_factory=dict)
    constructions_by_group: dict[str, tuple[Construction, ...]] = field(default_factory=dict)
    rule_where: dict[str, str] = field(default_factory=dict)  # rule id -> file:line, for --explain
    fingerprint: str = ""  # a hash of every rule file in force, shipped and user layers alike
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # see `derive`

    def number(self, text: str | None) -> int | None:
        """The one reader of numbers: 12, 十二, 二十, 廿九, 二〇二二, 两 (the digit words are in `numerals`)."""
        if not text:
            return None
        if text.isdigit():
            return int(text)
        values = [self.numerals.get(ch) for ch in text]
        if any(v is None for v in values):
            return None
        digits = [v for v in values if v is not None]
        if len(digits) == 4 and all(v < 10 for v in digits):
            return int("".join(map(str, digits)))  # a year read digit by digit
        total, pending = 0, None
        for value in digits:
            if value == 10:
                total, pending = total + (1 if pending is None else pending) * 10, None
            elif value >= 10:
                total += value  # 廿 and 卅 stand for 20 and 30 on their own
            elif pending is not None:
                return None  # two units in a row (三四) are not one number
            else:
                pending = value
        return total + (pending or 0)

    def words(self, class_id: str) -> frozenset[str]:
        """The members of a word class; the engine's required classes are checked at load."""
        return self.word_classes[class_id].members

    def word_list(self, class_id: str) -> tuple[str, ...]:
        """A word class in file order, for prefix and suffix tests that want the longest first."""
        return self.word_classes[class_id].words

    def alternation(self, *class_ids: str) -> str:
        """A regex group matching any word of the classes, longest first, each word taken literally."""
        return any_of(w for c in class_ids for w in self.word_classes[c].words)

    def derive(self, key: str, build: Callable[[], T]) -> T:
        """What a stage builds from the rules (a regex, a table), built once per rule set and kept."""
        if key not in self.derived:
            self.derived[key] = build()
        return self.derived[key]

    def lookup(self, word: str) -> tuple[Lex, ...]:
        return self.lexicon.get(word, ())

    def country_name(self, code: str) -> str:
        if code in self.countries:
            return self.countries[code].name
        if code in self.organizations:
            return self.organizations[code].names[0]
        return code

    def rules_in(self, group: str) -> tuple[WordRule, ...]:
        """The word rules of one group, in file order (kept: the resolvers ask for them per sentence)."""
        return self.derive(f"rules_in.{group}", lambda: tuple(r for r in self.word_rules if r.group == group))
