"""Compile the `constructions:` section: slot lists checked, word classes resolved, anchors indexed.

A construction is tried on a sentence only when the sentence holds one of its anchor words
(or, for a pattern whose fixed part is a meeting word or speech verb, a hit of that group),
so the cost of a pattern that does not apply is one set lookup per sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..normalize import normalize
from .model import Construction, MeetingYield, RuleSet, Slot, SpeakerYield
from .yamlfile import Node

SLOT_KINDS = ("word", "words", "class", "actor", "actors", "trigger", "speech", "name", "date", "gap", "any_of")
MAX_GAP = 8  # a wider gap reads across phrases the pattern was not written for
SUBJECT = "subject"  # the clause's subject, as the engine reads it (topic carried over included)


class _Problems:
    def __init__(self, sink: list[str], entry: Node):
        self.sink, self.entry = sink, entry

    def add(self, where: str, message: str) -> None:
        self.sink.append(f"{where}: {self.entry['id']}: {message}")


def compile_constructions(entries: Iterable[Node], rules: RuleSet, problems: list[str]) -> list[Construction]:
    out = []
    for entry in entries:
        built = _construction(entry, rules, _Problems(problems, entry))
        if built is not None:
            out.append(built)
    return out


def index_constructions(rules: RuleSet) -> None:
    by_anchor: dict[str, list[Construction]] = {}
    by_group: dict[str, list[Construction]] = {}
    for c in rules.constructions:
        if c.anchor_group:
            by_group.setdefault(c.anchor_group, []).append(c)
        for word in c.anchors:
            by_anchor.setdefault(word, []).append(c)
    rules.constructions_by_anchor = {w: tuple(cs) for w, cs in by_anchor.items()}
    rules.constructions_by_group = {g: tuple(cs) for g, cs in by_group.items()}


def _construction(entry: Node, rules: RuleSet, problems: _Problems) -> Construction | None:
    before = len(problems.sink)
    slots = tuple(s for s in (_slot(node, rules, problems) for node in entry["pattern"]) if s is not None)
    names = _names(slots, entry, problems)
    yields = entry["yields"]
    meeting = _meeting_yield(yields, names, slots, problems)
    speaker = _speaker_yield(yields, names, slots, problems)
    suppress = yields.get("suppress")
    if suppress is not None and names.get(suppress) != "trigger":
        problems.add(yields.where("suppress"), f"'suppress' names '{suppress}', which is no trigger slot")
    if sum(x is not None for x in (meeting, speaker, suppress)) != 1:
        problems.add(yields.where(), "yields exactly one of 'meeting', 'speaker' or 'suppress'")
    anchors, group = _anchor(slots)
    if not anchors and group is None:
        problems.add(entry.where("pattern"), "can never be tried: it needs a required word, word class, "
                                             "meeting word or speech verb to anchor it")
    examples = entry.get("examples") or {}
    if not examples.get("match"):
        problems.add(entry.where(), "has no matching example")
    if len(problems.sink) > before:
        return None
    return Construction(
        id=entry["id"], slots=slots, where=entry.where(), meeting=meeting, speaker=speaker, suppress=suppress,
        anchors=anchors, anchor_group=group,
        examples_match=tuple(dict(x) for x in examples.get("match") or []),
        examples_no_match=tuple(examples.get("no_match") or []),
        known_miss=tuple(dict(x) for x in examples.get("known_miss") or []),
    )


def _slot(node: Any, rules: RuleSet, problems: _Problems) -> Slot | None:
    given = [k for k in SLOT_KINDS if k in node]
    if len(given) != 1:
        problems.add(node.where(), f"a slot takes exactly one of {', '.join(SLOT_KINDS)}; found {given or 'none'}")
        return None
    key, value = given[0], node[given[0]]
    name, optional = node.get("as"), bool(node.get("optional"))
    if key in ("word", "words", "class"):
        words = _slot_words(key, value, rules, node, problems)
        return Slot("word", name, frozenset(words), optional=optional, label=f"{key}:{_short(value)}")
    if key in ("actor", "actors", "trigger", "name"):
        return Slot(key, name, accepts=value, optional=optional, label=f"{key}:{value}")
    if key == "gap":
        if name:
            problems.add(node.where("as"), "a gap fills nothing, so it takes no name ('as')")
        if not 1 <= value <= MAX_GAP:
            problems.add(node.where("gap"), f"a gap spans 1 to {MAX_GAP} tokens, not {value}")
        return Slot("gap", name, gap=value, optional=optional, label=f"gap:{value}")
    if key == "any_of":
        options = tuple(s for s in (_slot(n, rules, problems) for n in value) if s is not None)
        return Slot("any_of", name, options=options, optional=optional, label="any_of")
    return Slot(key, name, optional=optional, label=key)  # speech, date


def _slot_words(key: str, value: Any, rules: RuleSet, node: Node, problems: _Problems) -> tuple[str, ...]:
    if key == "class":
        if value not in rules.word_classes:
            problems.add(node.where("class"), f"no word class '{value}'")
            return ()
        return rules.word_classes[value].words
    words = [value] if key == "word" else list(value)
    return tuple(normalize(w) for w in words)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else "|".join(map(str, value))
    return text if len(text) <= 24 else text[:23] + "…"


def _names(slots: Iterable[Slot], entry: Node, problems: _Problems) -> dict[str, str]:
    """Slot name -> slot kind; a name given twice is an error (which fill would `yields` mean?)."""
    out: dict[str, str] = {}
    for slot in _all_slots(slots):
        if slot.name and slot.name in out:
            problems.add(entry.where("pattern"), f"the slot name '{slot.name}' is used twice")
        if slot.name:
            out[slot.name] = slot.kind
    return out


def _all_slots(slots: Iterable[Slot]) -> Iterable[Slot]:
    for slot in slots:
        yield slot
        yield from _all_slots(slot.options)


def _meeting_yield(yields: Node, names: dict[str, str], slots: tuple[Slot, ...],
                   problems: _Problems) -> MeetingYield | None:
    spec = yields.get("meeting")
    if spec is None:
        return None
    for party in spec["parties"]:
        if party != SUBJECT and names.get(party) not in ("actor", "actors"):
            problems.add(spec.where("parties"), f"party '{party}' is no actor slot (nor '{SUBJECT}')")
    each = spec.get("each")
    if each is not None and (names.get(each) != "actors" or each not in spec["parties"]):
        problems.add(spec.where("each"), f"'each' must name an 'actors' slot among the parties, not '{each}'")
    elif each is not None and any(s.name == each and s.optional for s in _all_slots(slots)):
        problems.add(spec.where("each"), f"'each' names the optional slot '{each}': with nobody in it, "
                                         "there would be no meeting to make one per actor of")
    for key, wanted in (("date", "date"), ("place", "actor")):
        if spec.get(key) is not None and names.get(spec[key]) != wanted:
            problems.add(spec.where(key), f"'{key}' must name a slot of kind {wanted}, not '{spec[key]}'")
    if spec.get("kind") is None and not _has_trigger(slots):
        problems.add(spec.where(), "gives no 'kind' and has no trigger slot to take it from")
    return MeetingYield(
        parties=tuple(spec["parties"]), kind=spec.get("kind"), each=each,
        multilateral=bool(spec.get("multilateral")), status=spec.get("status"),
        date=spec.get("date"), place=spec.get("place"),
    )


def _has_trigger(slots: Iterable[Slot]) -> bool:
    return any(s.kind == "trigger" or _has_trigger(s.options) for s in slots)


# the verb may be a word or class slot too: a mark that introduces the words (王明：“…”), read as a speech verb
SPEAKER_SLOTS = {"speaker": ("name", "actor"), "verb": ("speech", "word", "words", "class"),
                 "affiliation": ("word", "actor", "actors", "name")}


def _speaker_yield(yields: Node, names: dict[str, str], slots: tuple[Slot, ...],
                   problems: _Problems) -> SpeakerYield | None:
    spec = yields.get("speaker")
    if spec is None:
        return None
    for key, kinds in SPEAKER_SLOTS.items():
        if spec.get(key) is not None and names.get(spec[key]) not in kinds:
            problems.add(spec.where(key), f"'{key}' must name a slot of kind {' or '.join(kinds)}, "
                                          f"not '{spec[key]}'")
    verb_slot = next((s for s in _all_slots(slots) if spec.get("verb") is not None and s.name == spec["verb"]), None)
    if not any(s.kind == "speech" and not s.optional for s in _all_slots(slots)) \
            and (verb_slot is None or verb_slot.optional):
        problems.add(spec.where(), "a speaker construction needs a required speech slot, or a required slot "
                                   "named as its verb: the verb it reports")
    return SpeakerYield(spec["speaker"], spec.get("affiliation"), spec.get("verb"))


def _anchor(slots: tuple[Slot, ...]) -> tuple[frozenset[str], str | None]:
    """The words one of which a sentence must hold for the pattern to be worth trying."""
    for slot in slots:
        if slot.optional:
            continue
        if slot.kind == "word" and slot.words:
            return slot.words, None
    for slot in slots:
        if not slot.optional and slot.kind in ("trigger", "speech"):
            return frozenset(), slot.kind
    return frozenset(), None
