"""Match constructions (token patterns with slots, from the rules) against one sentence view.

Matching runs left to right with backtracking over the slots. Gaps are lazy (the shortest
that lets the rest match) and never cross a clause break; actor lists are greedy (the
longest list first). A construction is tried only on sentences that hold one of its anchor
words or hit groups, and where each slot every match needs can match somewhere. Whether the
slots from k on can match from token i does not depend on how the earlier slots matched, so a
(slot, token) state that failed once is never explored again: the work per construction and
sentence is at most slots × tokens × the ways one slot can match, however many gaps and
optional slots a rule stacks.

A match can start only where one of the pattern's opening slots can (an actor starts there, a
word of the slot is spelt there …), and no further before its anchor slot than the slots in
between can span; only those starts are tried, and each gives what trying it would give.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import reduce
from operator import itemgetter, or_
from typing import Any

from ..match import Hit, automaton
from ..model import DateMention, Token
from ..ruleset import RuleSet
from ..ruleset.model import Construction, Slot
from .actors import Actor
from .view import RUN_TOKENS, SentenceView

MAX_WORD_TOKENS = RUN_TOKENS  # a literal word may be cut by jieba into up to this many tokens
MAX_NAME_TOKENS = 7  # Hannah / space / Cole, or a Han name cut in two
COMMON_WORD_FREQ = 1000  # a token jieba knows this well is a word, not a name
NAME_DOT = "·"  # the middle dot that joins the parts of a foreign name (normalised)
NAME_SHAPES = {
    # a foreign name's middle parts may be more Han words or a Latin initial (埃文·S·梅代罗斯, 乔治·W·布什)
    "han": re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}(?:·(?:[A-Z]\.?|[\u4e00-\u9fff]{1,6}))*"
                      r"·[\u4e00-\u9fff]{1,8}"),
    "latin": re.compile(r"[A-Z][a-zA-Z'’\-]+(?: [A-Z][a-zA-Z'’\-.]*){1,3}"),  # ’ as in O’Carroll
}
LONG_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{5,7}")  # a transliterated name without a dot (图里亚科夫)
NAME_STARTS = {  # the character each shape begins with: a token that begins otherwise starts no name
    "han": re.compile(r"[\u4e00-\u9fff]"),
    "latin": re.compile(r"[A-Z]"),
}


@dataclass(frozen=True)
class Fill:
    """What one named slot matched: tokens [first, last), and the actors, hit or date in them."""

    name: str
    label: str
    first: int
    last: int
    actors: tuple[Actor, ...] = ()
    hit: Hit | None = None
    date: DateMention | None = None


@dataclass(frozen=True)
class PatternMatch:
    construction: Construction
    first: int
    last: int
    fills: tuple[Fill, ...]

    def slot(self, name: str) -> Fill | None:
        return next((f for f in self.fills if f.name == name), None)


def candidate_constructions(view: SentenceView, rules: RuleSet, yields: str) -> list[Construction]:
    """The constructions worth trying here: an anchor word present, or a hit of the anchor group,
    and each slot every match needs able to match somewhere in the sentence."""
    if view.constructions is None:  # the same for the three kinds a sentence is asked for: found once
        view.constructions = _gates(rules).chosen(view)
    return view.constructions.get(yields, [])


@dataclass(frozen=True)
class _Gate:
    """What a sentence must hold for one construction to be tried on it, read from its rule once.

    Each set of words a gate tests (its anchors, each needed word slot's words) is one bit; a
    sentence's bits say which sets its text holds one word of."""

    construction: Construction
    anchors: int  # the bit of the words the rules index it by: the text holds one of them …
    groups: frozenset[str]  # … or the sentence a hit of a group the rules index it by
    words: int  # the bits of the word slots every match needs: the text holds a word of each
    never: bool  # a needed word slot has no words: nothing can match it
    hit_groups: frozenset[str]  # the groups of the trigger and speech slots every match needs
    needs_date: bool
    needs_actor: bool

    def chosen(self, held: int, groups: frozenset[str]) -> bool:
        return bool(self.anchors & held) or not self.groups.isdisjoint(groups)

    def needs_met(self, held: int, groups: frozenset[str], dates: bool, actors: bool) -> bool:
        """Each slot every match needs can match somewhere in the sentence."""
        return (not self.never and self.words & held == self.words and self.hit_groups <= groups
                and (dates or not self.needs_date) and (actors or not self.needs_actor))


# Past this many kinds of sentence (bits held, hit groups, dates) the choices are made afresh.
MAX_CHOICES = 20_000

Chosen = dict[str, list[Construction]]  # the candidates by what they yield, in the rules' order


@dataclass(frozen=True)
class _Gates:
    gates: tuple[_Gate, ...]  # in the rules' order
    shared_ids: bool  # some construction id is used twice (a user layer's)
    keys: Any  # ahocorasick.Automaton: each gate word -> the bits of the word sets it belongs to; None: no words
    always: int  # the bits of the sets holding "" (every text holds it, and an automaton takes no empty word)
    # The choices for each kind of sentence, with actors and without: few kinds occur, and testing
    # every gate per sentence cost more than matching the constructions chosen.
    memo: dict[tuple[int, frozenset[str], bool], tuple[Chosen, Chosen]] = field(default_factory=dict, compare=False)

    def held(self, text: str) -> int:
        """The bits of the word sets the text holds a word of: one Aho–Corasick pass, not a
        substring search per word and set (about 14 sets a sentence)."""
        return reduce(or_, map(_BITS, self.keys.iter(text)), self.always) if self.keys is not None else self.always

    def chosen(self, view: SentenceView) -> Chosen:
        key = self.held(view.ms.sentence.norm), view.hit_groups, bool(view.dates)
        entry = self.memo.get(key)
        if entry is None:
            entry = self._choose(*key)
            if len(self.memo) < MAX_CHOICES:
                self.memo[key] = entry
        with_actors, without = entry
        # the sentence's actors are asked for only where a choice depends on them
        return with_actors if with_actors is without or view.sa.actors else without

    def _choose(self, held: int, groups: frozenset[str], dates: bool) -> tuple[Chosen, Chosen]:
        picked = [g for g in self.gates if g.chosen(held, groups)]
        if self.shared_ids:  # ids shared between layers: keep every one that shares a chosen id
            ids = {g.construction.id for g in picked}
            picked = [g for g in self.gates if g.construction.id in ids]
        with_actors = _by_yield(g for g in picked if g.needs_met(held, groups, dates, True))
        if not any(g.needs_actor for g in picked if g.needs_met(held, groups, dates, True)):
            return with_actors, with_actors  # no choice depends on the actors
        return with_actors, _by_yield(g for g in picked if g.needs_met(held, groups, dates, False))


def _by_yield(gates: Iterable[_Gate]) -> Chosen:
    found: Chosen = {}
    for g in gates:
        found.setdefault(g.construction.yields, []).append(g.construction)
    return found


_BITS = itemgetter(1)


def _gates(rules: RuleSet) -> _Gates:
    return rules.derive("patterns.gates", lambda: _gates_of(rules))


def _gates_of(rules: RuleSet) -> _Gates:
    word_sets: dict[frozenset[str], int] = {}  # each set of words a gate tests -> its bit

    def bit(words: frozenset[str]) -> int:
        return word_sets.setdefault(words, 1 << len(word_sets)) if words else 0  # no words: never held

    gates = []
    for c in rules.constructions:
        needs = _plan_of(c, rules).needs
        anchors = frozenset(w for w, cs in rules.constructions_by_anchor.items() if any(x is c for x in cs))
        words = [s.words for s in needs if s.kind == "word"]
        gates.append(_Gate(
            c, bit(anchors), frozenset(g for g, cs in rules.constructions_by_group.items() if any(x is c for x in cs)),
            reduce(or_, map(bit, words), 0), not all(words),
            frozenset(s.kind for s in needs if s.kind in ("trigger", "speech")),
            any(s.kind == "date" for s in needs), any(s.kind in ("actor", "actors") for s in needs)))
    bits: dict[str, int] = {}
    for word_set, b in word_sets.items():
        for w in word_set:
            bits[w] = bits.get(w, 0) | b
    always = bits.pop("", 0)
    keys = automaton(bits)
    return _Gates(tuple(gates), len({c.id for c in rules.constructions}) < len(rules.constructions), keys, always)


def find_matches(view: SentenceView, rules: RuleSet, yields: str) -> list[PatternMatch]:
    """Every construction match in the sentence, leftmost first, in the rules' order for ties."""
    candidates = candidate_constructions(view, rules, yields)
    if not candidates:
        return []
    out: list[PatternMatch] = []
    for c in candidates:
        after = 0  # a match starts at or after the end of the one before
        dead: set[tuple[int, int]] = set()  # (slot, token) states that failed, shared by every start
        for start in _starts(c, view, rules):
            if start < after:
                continue
            m = match_at(c, view, start, rules, dead)
            if m is not None:
                out.append(m)
                after = max(m.last, start + 1)
    return sorted(out, key=lambda m: m.first)


@dataclass(frozen=True)
class _Plan:
    """Where a construction's matches can start, read from its slots once per rule set."""

    openers: tuple[Slot, ...] | None  # fixed slots, one of which matches a match's first token; None: any may
    anchor: Slot | None  # the required slot whose words or hit group the sentence was chosen by
    reach: int | None  # the most tokens the slots before the anchor span together; None: no bound
    needs: tuple[Slot, ...]  # the required fixed slots of the pattern (not in an any_of), the rarest first


def _starts(c: Construction, view: SentenceView, rules: RuleSet) -> list[int]:
    """The tokens where a match of `c` may start, in order: every other start is sure to fail."""
    plan = _plan_of(c, rules)  # `c` is a candidate: each slot every match needs can match somewhere
    names: list[str] = []
    if plan.openers is not None:
        norm = view.ms.sentence.norm  # a name starts with a character of its shape: none in the text, none here
        names = [s.accepts for s in plan.openers if s.kind == "name" and any(
            first.search(norm) for first in _name_starts(s.accepts))]
        if not names and all(s.kind == "name" for s in plan.openers):
            # only a name opens a match, and no character of the text begins one (a Latin name in
            # most sentences): nothing to try, and no table of the sentence to build for it
            return []
    window: Iterable[int] = range(len(view.tokens))
    if plan.anchor is not None:
        anchors = _slot_starts(plan.anchor, view)
        if not anchors:
            return []
        if plan.reach is None:  # the anchor matches at or after the start
            window = range(max(anchors) + 1)
        else:
            window = sorted({i for a in anchors for i in range(max(a - plan.reach, 0), a + 1)})
    if plan.openers is None:
        return list(window)
    indexed = set().union(*(_slot_starts(s, view) for s in plan.openers if s.kind != "name"))
    if not names:
        return sorted(indexed.intersection(window))
    return [i for i in window if i in indexed or any(_may_start_name(i, view, rules, script) for script in names)]


def _may_start_name(i: int, view: SentenceView, rules: RuleSet, script: str) -> bool:
    """The tests _fixed and _name_ends make on a name's first token, and the shape's first character."""
    token = view.tokens[i]
    if token.freq >= COMMON_WORD_FREQ and not _surname_opens(i, view, rules) and not _given_name_opens(i, view):
        return False
    return any(first.match(token.text) for first in _name_starts(script)) and not view.covered(i) and not (
        i > 0 and view.tokens[i - 1].text in rules.surnames)


def _name_starts(script: str) -> tuple[re.Pattern, ...]:
    return _NAME_START_SETS[script]


# per script, the first characters a name may begin with (built once: asked for every token of a window)
_NAME_START_SETS = {**{script: (first,) for script, first in NAME_STARTS.items()}, "any": tuple(NAME_STARTS.values()),
                    "transliterated": (NAME_STARTS["han"],)}


def _slot_starts(slot: Slot, view: SentenceView) -> Iterable[int]:
    """The tokens a fixed slot of these kinds can match from (a superset: the slot decides)."""
    if slot.kind == "word":
        return view.word_starts(slot.words)
    if slot.kind in ("actor", "actors"):
        return view.actor_starts()
    if slot.kind in ("trigger", "speech"):
        return view.hit_starts(slot.kind)
    if slot.kind == "date":
        return view.date_starts()
    raise ValueError(f"no start table for a {slot.kind} slot")


INDEXED_KINDS = frozenset({"word", "actor", "actors", "trigger", "speech", "date"})


def _plan_of(c: Construction, rules: RuleSet) -> _Plan:
    plans: dict[int, tuple[Construction, _Plan]] = rules.derive("patterns.plans", dict)
    entry = plans.get(id(c))
    if entry is None or entry[0] is not c:  # a rule set pickled to a worker holds new objects under old ids
        entry = plans[id(c)] = (c, _plan(c))
    return entry[1]


def _plan(c: Construction) -> _Plan:
    anchor_at = next((k for k, s in enumerate(c.slots) if not s.optional and (
        (s.kind == "word" and s.words == c.anchors) if c.anchors else s.kind == c.anchor_group)), None)
    needs = tuple(sorted((s for s in c.slots if not s.optional and s.kind in INDEXED_KINDS),
                         key=lambda s: NEEDS_ORDER.index(s.kind)))
    if anchor_at is None or c.slots[anchor_at].kind not in INDEXED_KINDS:
        return _Plan(_openers(c.slots), None, None, needs)
    widths = [_width(s) for s in c.slots[:anchor_at]]
    reach = None if None in widths else sum(w for w in widths if w is not None)
    return _Plan(_openers(c.slots), c.slots[anchor_at], reach, needs)


NEEDS_ORDER = ("word", "trigger", "speech", "date", "actor", "actors")  # the cheapest and rarest to find first


def _openers(slots: tuple[Slot, ...]) -> tuple[Slot, ...] | None:
    """The fixed slots one of which must match first: the slots up to the first required one.

    None where a gap could open (it may start anywhere) or every slot may match nothing.
    """
    out: list[Slot] = []
    for slot in slots:
        found = _opening(slot)
        if found is None:
            return None
        out.extend(found)
        if not slot.optional and not _empty_ok(slot):
            return tuple(out)
    return None


def _opening(slot: Slot) -> list[Slot] | None:
    if slot.kind == "any_of":
        found = [_opening(o) for o in slot.options]
        return None if any(f is None for f in found) else [s for f in found if f for s in f]
    return [slot] if slot.kind in INDEXED_KINDS or slot.kind == "name" else None


def _empty_ok(slot: Slot) -> bool:
    """The slot can match no token (as _options reads it: a gap, or an alternative that can)."""
    return slot.kind == "gap" or (slot.kind == "any_of" and any(_empty_ok(o) for o in slot.options))


def _width(slot: Slot) -> int | None:
    """The most tokens the slot can span, as _options reads it; None: no bound known in advance."""
    if slot.kind == "word":
        return MAX_WORD_TOKENS
    if slot.kind == "gap":
        return slot.gap
    if slot.kind == "name":
        return MAX_NAME_TOKENS + 1  # and the space after a Latin name
    if slot.kind == "any_of":
        widths = [_width(o) for o in slot.options]
        return None if None in widths else max(w for w in widths if w is not None)
    return None  # actors, hits and dates span what the sentence gives them


def match_at(c: Construction, view: SentenceView, start: int, rules: RuleSet,
             dead: set[tuple[int, int]] | None = None) -> PatternMatch | None:
    """The first match of `c` that starts at token `start`. `dead` holds the (slot, token) states
    known to fail; pass the same set for every start in one sentence."""
    for end, fills in _sequence(c.slots, 0, start, (), view, rules, set() if dead is None else dead):
        return PatternMatch(c, start, end, fills)
    return None


Fills = tuple[Fill, ...]


def _sequence(slots: tuple[Slot, ...], k: int, i: int, fills: Fills, view: SentenceView, rules: RuleSet,
              dead: set[tuple[int, int]]) -> Iterator[tuple[int, Fills]]:
    if k == len(slots):
        yield i, fills
        return
    if (k, i) in dead:
        return
    slot = slots[k]
    for j, fill in _options(slot, i, view, rules):
        yield from _sequence(slots, k + 1, j, (*fills, fill) if fill else fills, view, rules, dead)
    if slot.optional:
        yield from _sequence(slots, k + 1, i, fills, view, rules, dead)
    dead.add((k, i))  # only reached when nothing from here matched: the caller stops at the first match


def _options(slot: Slot, i: int, view: SentenceView, rules: RuleSet) -> Iterator[tuple[int, Fill | None]]:
    """Each way the slot can match from token i: the index after it, and what it filled."""
    if slot.kind == "gap":
        yield from _gap(slot, i, view)
        return
    if slot.kind == "any_of":
        for option in slot.options:
            for j, fill in _options(option, i, view, rules):
                if slot.name:  # a named alternative always records what it matched
                    fill = _named(fill, slot.name) if fill else Fill(slot.name, option.label, i, j)
                yield j, fill
        return
    if i >= len(view.tokens):
        return
    for j, fill in _fixed(slot, i, view, rules):
        yield j, fill


def _fixed(slot: Slot, i: int, view: SentenceView, rules: RuleSet) -> Iterator[tuple[int, Fill | None]]:
    name = slot.name or ""
    if slot.kind == "word":
        for j in _word_ends(slot, i, view):
            yield j, Fill(name, slot.label, i, j) if name else None
    elif slot.kind == "actor":
        for a in view.actors_at(i):
            if _accepts(slot.accepts, a):
                end = _actor_end(a, view)
                yield end, Fill(name, slot.label, i, end, actors=(a,))
    elif slot.kind == "actors":
        for run in _actor_lists(slot, i, view, rules):
            end = _actor_end(run[-1], view)
            yield end, Fill(name, slot.label, i, end, actors=tuple(run))
    elif slot.kind in ("trigger", "speech"):
        for h in view.hits_at(slot.kind, i):
            if slot.kind == "speech" or slot.accepts in ("any", _trigger_kind(h)):
                yield max(h.last, i + 1), Fill(name, slot.label, i, max(h.last, i + 1), hit=h)
    elif slot.kind == "name":
        if i > 0 and view.tokens[i - 1].text in rules.surnames:
            return  # 周/明远: jieba cut the family name off; the name starts a token earlier
        for j in _name_ends(i, view, slot.accepts, rules):
            yield j, Fill(name, slot.label, i, j)
    elif slot.kind == "date":
        for d, j in view.dates_at(i):
            yield j, Fill(name, slot.label, i, j, date=d)


def _word_ends(slot: Slot, i: int, view: SentenceView) -> Iterator[int]:
    text = ""
    for j in range(i, min(i + MAX_WORD_TOKENS, len(view.tokens))):
        text += view.tokens[j].text
        if text in slot.words:
            yield j + 1


def _inside_latin(i: int, view: SentenceView) -> bool:
    """Token i opens a bracket's text or goes on a Latin run (Teck Hwa of Tan Teck Hwa): no name starts there."""
    j = i - 1
    while j >= 0 and view.tokens[j].text.isspace():
        j -= 1
    last = view.tokens[j].text[-1:] if j >= 0 else ""
    return last == "(" or (last.isascii() and last.isalpha())


def _surname_opens(i: int, view: SentenceView, rules: RuleSet) -> bool:
    """叶/海林: a family name jieba cut off as a common word (叶 a leaf), before the rest of the name."""
    tokens = view.tokens
    return tokens[i].text in rules.surnames and i + 1 < len(tokens) and not view.covered(i + 1) \
        and NAME_STARTS["han"].match(tokens[i + 1].text) is not None and tokens[i + 1].freq < COMMON_WORD_FREQ


def _given_name_opens(i: int, view: SentenceView) -> bool:
    """约翰/·/史密斯: a foreign given name jieba knows as a word, right before the dot that joins it to the rest."""
    tokens = view.tokens
    return i + 1 < len(tokens) and tokens[i + 1].text == NAME_DOT and not view.covered(i)


def _name_ends(i: int, view: SentenceView, script: str = "any", rules: RuleSet | None = None) -> Iterator[int]:
    """A name no rule knows, which no rule's word covers: Han characters (a foreign one joined by
    ·), or capitalised Latin words (Hannah Cole). Longest first.

    jieba knows common words well and new names not at all, so a run whose first token is a
    frequent word is not a name.
    """
    if view.tokens[i].freq >= COMMON_WORD_FREQ and not (rules is not None and _surname_opens(i, view, rules)) \
            and not _given_name_opens(i, view):
        return
    if script == "latin" and _inside_latin(i, view):
        return  # 李明轩(Lee Ming Hsuan): Latin in brackets after a name is that name's alias
    shapes = [NAME_SHAPES[script]] if script in NAME_SHAPES else list(NAME_SHAPES.values())
    text, ends = "", []
    for j in range(i, min(i + MAX_NAME_TOKENS, len(view.tokens))):
        if view.covered(j):
            break
        text += view.tokens[j].text
        if _transliterated(text, view.tokens[i:j + 1]) if script == "transliterated" \
                else any(shape.fullmatch(text) for shape in shapes):
            ends.append(j + 1)
    if ends and ends[-1] < len(view.tokens) and view.tokens[ends[-1]].text.isspace():
        ends.append(ends[-1] + 1)  # Hannah Cole 注意到: the space that sets Latin off belongs to it
    yield from reversed(ends)


def _transliterated(text: str, tokens: list[Token]) -> bool:
    """图里/亚科/夫, 沙伊梅/尔格/诺夫: a foreign name of five to seven characters written without a dot, each
    of its longer pieces a word jieba hardly knows (a single character, 夫 or 斯, may be common). Only a slot
    that asks for it (name: transliterated) reads one: elsewhere such a run is more often a post and a name
    (鹰派贝德福)."""
    return LONG_HAN_NAME.fullmatch(text) is not None and len(tokens) >= 2 \
        and all(t.freq < COMMON_WORD_FREQ for t in tokens if len(t.text) > 1)


def _gap(slot: Slot, i: int, view: SentenceView) -> Iterator[tuple[int, Fill | None]]:
    yield i, None
    for j in range(i, min(i + slot.gap, len(view.tokens))):
        if view.is_break(j):
            return
        yield j + 1, None


def _actor_lists(slot: Slot, i: int, view: SentenceView, rules: RuleSet) -> Iterator[list[Actor]]:
    """A、B和C: the longest list of actors joined by coordinators first, then shorter ones."""
    joiners = rules.words("coordinator")
    for a in view.actors_at(i):
        if not _accepts(slot.accepts, a):
            continue
        run = [a]
        while True:
            k = _past_aside(_actor_end(run[-1], view), view, rules)
            if k >= len(view.tokens) or view.tokens[k].text not in joiners:
                break
            nxt = [b for b in view.actors_at(k + 1) if _accepts(slot.accepts, b)]
            if not nxt:
                break
            run.append(nxt[0])
        for n in range(len(run), 0, -1):
            yield run[:n]


def _past_aside(k: int, view: SentenceView, rules: RuleSet) -> int:
    """The token after a bracketed aside at k (习近平（右）、普京): a gloss does not break a list."""
    toks = view.tokens
    close_of = {p[0]: p[1] for p in rules.word_list("aside_pair") if len(p) == 2}
    close = close_of.get(toks[k].text[:1]) if k < len(toks) else None
    if close is None:
        return k
    end = next((j for j in range(k, min(len(toks), k + 8)) if close in toks[j].text), None)
    return k if end is None else end + 1


def _actor_end(a: Actor, view: SentenceView) -> int:
    """Where an actor ends, past a name no rule knows after a title (巴林国王/哈马德)."""
    if a.kind != "person" or a.name is not None or a.last >= len(view.tokens):
        return a.last
    return next(_name_ends(a.last, view), a.last)


def _accepts(kind: str, actor: Actor) -> bool:
    if actor.place and kind not in ("country", "org"):
        return False  # 在印尼巴厘岛: a place stands in a pattern only where the slot asks for one
    return kind == "any" or actor.kind == kind


def _trigger_kind(hit: Hit) -> str:
    """The meeting kind of a trigger hit; a contracted form (习拜会) carries two people and means talks."""
    rule = hit.word_rule  # none for 习拜会 and for a construction's stand-in
    return (rule.kind if rule is not None else None) or "talks"


def _named(fill: Fill, name: str) -> Fill:
    return Fill(name, fill.label, fill.first, fill.last, fill.actors, fill.hit, fill.date)
