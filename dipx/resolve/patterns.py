"""Match constructions (token patterns with slots, from the rules) against one sentence view.

Matching runs left to right with backtracking over the slots. Gaps are lazy (the shortest
that lets the rest match) and never cross a clause break; actor lists are greedy (the
longest list first). A construction is tried only on sentences that hold one of its anchor
words or hit groups. Whether the slots from k on can match from token i does not depend on
how the earlier slots matched, so a (slot, token) state that failed once is never explored
again: the work per construction and sentence is at most slots × tokens × the ways one slot
can match, however many gaps and optional slots a rule stacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..match import Hit
from ..model import DateMention
from ..ruleset import RuleSet
from ..ruleset.model import Construction, Slot
from .actors import Actor
from .view import SentenceView

MAX_WORD_TOKENS = 3  # a literal word may be cut by jieba into up to this many tokens
MAX_NAME_TOKENS = 7  # Hannah / space / Cole, or a Han name cut in two
COMMON_WORD_FREQ = 1000  # a token jieba knows this well is a word, not a name
NAME_SHAPES = {
    "han": re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}"),
    "latin": re.compile(r"[A-Z][a-zA-Z'\-]+(?: [A-Z][a-zA-Z'\-.]*){1,3}"),
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
    """The constructions worth trying here: an anchor word present, or a hit of the anchor group."""
    found: dict[str, Construction] = {}
    anchors = rules.derive("patterns.anchor_words", lambda: frozenset(rules.constructions_by_anchor))
    for text in view.texts & anchors:  # a set intersection: most of a sentence's words anchor nothing
        for c in rules.constructions_by_anchor[text]:
            found.setdefault(c.id, c)
    for group in view.groups:
        for c in rules.constructions_by_group.get(group, ()):
            found.setdefault(c.id, c)
    order = rules.derive("patterns.construction_order", lambda: {c.id: k for k, c in enumerate(rules.constructions)})
    if len(order) < len(rules.constructions):  # ids shared between layers: keep every one that shares it
        return [c for c in rules.constructions if c.id in found and c.yields == yields]
    # The rules' order, without walking every construction for every sentence.
    return sorted((c for c in found.values() if c.yields == yields), key=lambda c: order[c.id])


def find_matches(view: SentenceView, rules: RuleSet, yields: str) -> list[PatternMatch]:
    """Every construction match in the sentence, leftmost first, in the rules' order for ties."""
    out: list[PatternMatch] = []
    for c in candidate_constructions(view, rules, yields):
        start = 0
        dead: set[tuple[int, int]] = set()  # (slot, token) states that failed, shared by every start
        while start < len(view.tokens):
            m = match_at(c, view, start, rules, dead)
            if m is None:
                start += 1
                continue
            out.append(m)
            start = max(m.last, start + 1)
    return sorted(out, key=lambda m: m.first)


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
        for j in _name_ends(i, view, slot.accepts):
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


def _name_ends(i: int, view: SentenceView, script: str = "any") -> Iterator[int]:
    """A name no rule knows, which no rule's word covers: Han characters (a foreign one joined by
    ·), or capitalised Latin words (Hannah Cole). Longest first.

    jieba knows common words well and new names not at all, so a run whose first token is a
    frequent word is not a name.
    """
    if view.tokens[i].freq >= COMMON_WORD_FREQ:
        return
    if script == "latin" and i > 0 and view.tokens[i - 1].text == "(":
        return  # 李明轩(Lee Ming Hsuan): Latin in brackets after a name is that name's alias
    shapes = [NAME_SHAPES[script]] if script != "any" else list(NAME_SHAPES.values())
    text, ends = "", []
    for j in range(i, min(i + MAX_NAME_TOKENS, len(view.tokens))):
        if view.covered(j):
            break
        text += view.tokens[j].text
        if any(shape.fullmatch(text) for shape in shapes):
            ends.append(j + 1)
    if ends and ends[-1] < len(view.tokens) and view.tokens[ends[-1]].text.isspace():
        ends.append(ends[-1] + 1)  # Hannah Cole 注意到: the space that sets Latin off belongs to it
    yield from reversed(ends)


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
            k = _actor_end(run[-1], view)
            if k >= len(view.tokens) or view.tokens[k].text not in joiners:
                break
            nxt = [b for b in view.actors_at(k + 1) if _accepts(slot.accepts, b)]
            if not nxt:
                break
            run.append(nxt[0])
        for n in range(len(run), 0, -1):
            yield run[:n]


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
