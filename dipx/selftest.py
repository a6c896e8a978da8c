"""Every example written in the rules, run against the rules in force (`dipx rules test`).

One function per kind of rule turns that kind's examples into outcomes; a new kind plugs in
with one function decorated by `@examples_of("kind")`. An example marked `known_miss` is
expected to fail: it is listed, and it fails the run only once it passes, so that it gets
promoted to an ordinary example (semgrep-rules' `todoruleid:` works the same way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import DipxError
from .match import Hit, MatchedSentence, match_dates, match_sentence, match_tokens
from .model import RawDocument, Result, Sentence, Token
from .normalize import normalize
from .pipeline import process
from .resolve.countries import country_mentions, disambiguate
from .resolve.dates import DateResolver
from .ruleset import RuleSet
from .segment import shared_tokenizer

DEFAULT_PUBLISHED = "2024-06-01"  # the date a case without `published` is read on


@dataclass(frozen=True)
class Outcome:
    """One example run: `ok` says whether the rule did what the example says."""

    kind: str
    rule: str
    where: str
    text: str
    ok: bool
    known_miss: bool = False
    detail: str = ""

    @property
    def status(self) -> str:
        if self.known_miss:
            return "promote" if self.ok else "known_miss"
        return "pass" if self.ok else "fail"

    @property
    def failed(self) -> bool:
        return self.status in ("fail", "promote")

    def line(self) -> str:
        what = {"fail": self.detail, "promote": "passes now: drop 'known_miss' from this example",
                "known_miss": f"known miss: {self.detail}", "pass": "ok"}[self.status]
        return f"{self.where}: {self.rule}: {what}: {self.text!r}"


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failed]

    @property
    def known_misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "known_miss"]

    def counts(self) -> dict[str, dict[str, int]]:
        """kind -> status -> how many, for the summary line."""
        out: dict[str, dict[str, int]] = {}
        for o in self.outcomes:
            row = out.setdefault(o.kind, {})
            row[o.status] = row.get(o.status, 0) + 1
        return out


ExampleRunner = Callable[[RuleSet], Iterable[Outcome]]
RUNNERS: dict[str, ExampleRunner] = {}


def examples_of(kind: str) -> Callable[[ExampleRunner], ExampleRunner]:
    """Register the function that runs one kind's examples."""

    def register(runner: ExampleRunner) -> ExampleRunner:
        RUNNERS[kind] = runner
        return runner

    return register


def run_examples(rules: RuleSet, kinds: Iterable[str] | None = None) -> Report:
    """Run every registered kind's examples (or only `kinds`) against `rules`."""
    report = Report()
    for kind in kinds or list(RUNNERS):
        report.outcomes.extend(RUNNERS[kind](rules))
    return report


# ---------------------------------------------------------------- sentence helpers
def _sentence(text: str) -> Sentence:
    return Sentence(0, 0, 0, len(text), text, normalize(text))


@lru_cache(maxsize=4096)
def _cached_tokens(text: str, user_words: tuple[str, ...]) -> tuple[Token, ...]:
    return tuple(shared_tokenizer(user_words).tokens(_sentence(text)))


def _tokens(text: str, rules: RuleSet) -> list[Token]:
    return list(_cached_tokens(text, rules.user_words))


def _hits(text: str, rules: RuleSet) -> list[Hit]:
    return match_tokens(_tokens(text, rules), rules)


def _matched(text: str, rules: RuleSet) -> MatchedSentence:
    return match_sentence(_sentence(text), _tokens(text, rules), rules)


def _extract(text: str, published: object, where: str, rules: RuleSet) -> Result | DipxError:
    """A whole sentence through the per-document step, as the article's only paragraph."""
    raw = RawDocument(source=where, format="text", encoding="utf-8", body=text, body_is_html=False)
    when = dt.datetime.fromisoformat(str(published or DEFAULT_PUBLISHED))
    return process(raw, rules, when)


def _word_outcomes(kind: str, rule: str, where: str, fires: Callable[[str], bool],
                   match: Iterable[str], no_match: Iterable[str], known: Iterable[str]) -> Iterator[Outcome]:
    for text in match:
        yield Outcome(kind, rule, where, text, fires(text), detail="should fire and does not")
    for text in no_match:
        yield Outcome(kind, rule, where, text, not fires(text), detail="fires and should not")
    for text in known:
        yield Outcome(kind, rule, where, text, fires(text), known_miss=True, detail="does not fire yet")


# ---------------------------------------------------------------- the kinds
@examples_of("word rules")
def word_rule_examples(rules: RuleSet) -> Iterator[Outcome]:
    """Titles, institutions, meeting words, cues, references, speech verbs: the rule's hit in the sentence."""
    for r in rules.word_rules:
        def fires(text: str, rule_id: str = r.id) -> bool:
            return any(h.rule == rule_id for h in _hits(text, rules))

        yield from _word_outcomes("word rules", r.id, r.where, fires,
                                  r.examples_match, r.examples_no_match, r.examples_known_miss)


@examples_of("word classes")
def word_class_examples(rules: RuleSet) -> Iterator[Outcome]:
    """A word class fires on a phrase holding one of its words (a pair class: its opening, then its closing mark)."""
    for c in rules.word_classes.values():
        def fires(text: str, words: tuple[str, ...] = c.words, pair: bool = c.id.endswith("_pair")) -> bool:
            norm = normalize(text)
            return any(_holds(norm, word, pair) for word in words)

        yield from _word_outcomes("word classes", c.id, c.where, fires,
                                  c.examples_match, c.examples_no_match, c.examples_known_miss)


def _holds(text: str, word: str, pair: bool) -> bool:
    if pair and len(word) == 2:  # a quote pair such as “” stands as its opening mark, then its closing one
        opening = text.find(word[0])
        return opening >= 0 and text.find(word[1], opening + 1) > opening
    return word in text


@examples_of("date patterns")
def date_pattern_examples(rules: RuleSet) -> Iterator[Outcome]:
    """Each example's text, read on its publication date, must give the expected value by this pattern."""
    for p in rules.date_patterns:
        for ex in p.examples:
            ms = _matched(ex.text, rules)
            day = dt.date.fromisoformat(ex.published) if ex.published else None
            mentions = [m for m in DateResolver(rules, day).resolve_sentence(ms) if m.evidence.rule == p.id]
            value = (mentions[-1].date.value or "unresolved") if mentions else None
            detail = "found nothing" if value is None else f"gave {value}, expected {ex.expect}"
            yield Outcome("date patterns", p.id, ex.where, ex.text, value == ex.expect, ex.known_miss, detail)
        for text in p.no_match:
            found = [h for h in match_dates(_sentence(text), rules) if h.rule == p.id]
            yield Outcome("date patterns", p.id, p.where, text, not found, detail="matches and should not")


@examples_of("countries")
def country_examples(rules: RuleSet) -> Iterator[Outcome]:
    """The countries named in a sentence, exactly."""
    for text, expect, where, known in rules.country_examples:
        [ms] = disambiguate([_matched(text, rules)], rules)  # as the article reads them, dates set apart
        found = {m.code for m in country_mentions(ms, rules)}  # the counting stage's own reading
        detail = f"found {sorted(found)}, expected {sorted(expect)}"
        yield Outcome("countries", "country.examples", where, text, found == set(expect), known, detail)


@examples_of("meeting cases")
def meeting_cases(rules: RuleSet) -> Iterator[Outcome]:
    """Whole sentences: the meetings found, their number, parties, kind, status and date."""
    for case in rules.meeting_cases:
        result = _extract(case["text"], case.get("published"), case.where(), rules)
        problem = _meeting_problem(result, case["expect"])
        yield Outcome("meeting cases", "meeting_cases", case.where(), case["text"], problem is None,
                      bool(case.get("known_miss")), problem or "")


def _meeting_problem(result: Result | DipxError, expect: list) -> str | None:
    if isinstance(result, DipxError):
        return str(result)
    got = [(frozenset(p.code for p in m.parties), m.kind, m.status, m.date.value if m.date else None)
           for m in result.meetings]
    shown = [(sorted(g[0]), *g[1:]) for g in got]
    if len(got) != len(expect):
        return f"{len(got)} meetings, expected {len(expect)}: {shown}"
    for want in expect:
        same = [g for g in got if g[0] == frozenset(want["parties"])]
        if not same:
            return f"no meeting of {want['parties']} in {shown}"
        # two meetings of one pair (today's and an earlier one) are told apart by the date expected
        wanted = None if want.get("date") is None else str(want["date"])  # date: null expects no date
        dated = [g for g in same if "date" in want and g[3] == wanted]
        _, kind, status, date = (dated or same)[0]
        if kind != want.get("kind", kind) or status != want.get("status", status):
            return f"{want['parties']}: {kind}/{status}, expected {want.get('kind', kind)}/{want.get('status', status)}"
        if "date" in want and date != wanted:
            return f"{want['parties']}: date {date}, expected {want['date']}"
    return None


@examples_of("people cases")
def people_cases(rules: RuleSet) -> Iterator[Outcome]:
    """Whole sentences: each expected person found, with role, affiliation and aliases where given."""
    for case in rules.people_cases:
        result = _extract(case["text"], case.get("published"), case.where(), rules)
        problem = _people_problem(result, case["expect"])
        yield Outcome("people cases", "people_cases", case.where(), case["text"], problem is None,
                      bool(case.get("known_miss")), problem or "")


def _people_problem(result: Result | DipxError, expect: list) -> str | None:
    if isinstance(result, DipxError):
        return str(result)
    people = {p.name: p for p in result.people}
    for want in expect:
        person = people.get(want["name"])
        if person is None:
            return f"{want['name']} not found (found {sorted(people)})"
        if "role" in want and person.role != want["role"]:
            return f"{want['name']}: role {person.role}, expected {want['role']}"
        if "affiliation" in want and not (person.affiliation and want["affiliation"] in person.affiliation):
            return f"{want['name']}: affiliation {person.affiliation!r}, expected {want['affiliation']!r}"
        missing = [a for a in want.get("aliases") or [] if a not in person.aliases]
        if missing:
            return f"{want['name']}: aliases {list(person.aliases)} lack {missing}"
    return None


@examples_of("constructions")
def construction_examples(rules: RuleSet) -> Iterator[Outcome]:
    """A matching case must make the construction fire and the pipeline find what it expects; no_match: not fire."""
    for c in rules.constructions:
        cases = [(case, False) for case in c.examples_match] + [(case, True) for case in c.known_miss]
        for case, known in cases:
            result = _extract(case["text"], case.get("published"), c.where, rules)
            problem = _construction_problem(c.id, c.yields, result, case["expect"])
            yield Outcome("constructions", c.id, c.where, case["text"], problem is None, known, problem or "")
        for text in c.examples_no_match:
            result = _extract(text, None, c.where, rules)
            fired = not isinstance(result, DipxError) and _fired(result, c.id, c.yields)
            yield Outcome("constructions", c.id, c.where, text, not fired, detail="fires and should not")


def _fired(result: Result, construction_id: str, yields: str = "meeting") -> bool:
    """A construction fired when an output item names it; a `suppress` one, when the near miss it leaves does."""
    if yields == "suppress":
        return any(miss.rule == construction_id for miss in result.near_misses)
    explanations = [*(m.explain for m in result.meetings), *(p.explain for p in result.people)]
    return any(rule == construction_id for explain in explanations for rule, _ in explain.rules)


def _construction_problem(construction_id: str, yields: str, result: Result | DipxError, expect: list) -> str | None:
    if isinstance(result, DipxError):
        return str(result)
    if not _fired(result, construction_id, yields):
        return "does not fire"
    return _people_problem(result, expect) if yields == "speaker" else _meeting_problem(result, expect)
