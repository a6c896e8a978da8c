"""The shape of every rules file, checked before anything is compiled.

A schema is plain data: a record maps each allowed key to a `Field`. Validation walks a
file, collects every problem with its `file:line`, and never stops at the first: a user who
fixes one typo should not have to run again to learn of the next. Unknown keys are errors,
since a misspelt key that is silently ignored is the worst bug a rule language can have.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from dataclasses import dataclass, field
from typing import Any

from .yamlfile import Node

ROLES = ("analyst", "official", "journalist", "other")
MEETING_KINDS = ("talks", "conversation", "phone_call", "video_call", "visit", "meal")
ROLE_KINDS = (
    "head_of_state", "head_of_government", "deputy", "foreign_minister", "minister",
    "legislator", "party_leader", "org_head", "diplomat", "other_official",
)
CUE_EFFECTS = ("planned", "plan_ahead", "cancelled", "negation", "generic", "multilateral", "not_meeting", "rumour",
               "held", "by_video", "by_phone")
REFERENCE_KINDS = ("he_she", "pair", "previous_meeting", "same_meeting", "collective", "unresolved")
ACTOR_KINDS = ("any", "person", "country", "org", "group", "count", "pronoun", "pair", "collective")
TRIGGER_SLOT = ("any", *MEETING_KINDS)
DATE_KINDS = ("absolute", "relative", "ago", "anchored", "event")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CODE = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")


@dataclass(frozen=True)
class Field:
    kind: str  # str | int | bool | date | code | list | map | record | any
    required: bool = False
    items: Any = None  # for list: a kind name or a record (dict of Fields); for map: value kind
    choices: tuple = ()
    nonempty: bool = False


Record = dict  # str -> Field


def _words(required: bool = True) -> Field:
    return Field("list", required=required, items="str", nonempty=required)


# known_miss: sentences the rule should fire on but does not yet; `dipx rules test` fails once one passes.
WORD_EXAMPLES: Record = {"match": Field("list", items="str"), "no_match": Field("list", items="str"),
                         "known_miss": Field("list", items="str")}

COUNTRY: Record = {
    "code": Field("code", required=True),
    "name": Field("str", required=True),
    "aliases": Field("list", items="str"),
    "abbr": Field("str"),
    "capitals": Field("list", items="str"),
    "historical": Field("bool"),
    "territory": Field("bool"),
    "part_of": Field("code"),  # a region of another state (香港: CHN): a meeting between the two is no diplomacy
}
COUNTRY_EXAMPLE: Record = {"text": Field("str", required=True), "expect": Field("list", required=True, items="code"),
                           "known_miss": Field("bool")}

ROLE_TERM: Record = {
    "title": Field("str", required=True),
    "kind": Field("str", required=True, choices=ROLE_KINDS),
    "from": Field("date"),
    "to": Field("date"),
}
PERSON: Record = {
    "name": Field("str", required=True),
    "aliases": Field("list", items="str"),
    "short": Field("str"),
    "country": Field("code", required=True),
    "roles": Field("list", required=True, items=ROLE_TERM, nonempty=True),
}
ORGANIZATION: Record = {
    "code": Field("code", required=True),
    "names": _words(),
    "heads": Field("list", items="str"),
}
EDITION: Record = {
    "start": Field("date", required=True),
    "end": Field("date", required=True),
    "place": Field("str"),
    "country": Field("code"),
    "number": Field("int"),  # its place in the series, as articles count it: 第78届联合国大会
}
SUMMIT_SERIES: Record = {
    "id": Field("str", required=True),
    "names": _words(),
    "org": Field("code"),
    "editions": Field("list", required=True, items=EDITION),
}
TITLE: Record = {
    "id": Field("str", required=True),
    "role": Field("str", required=True, choices=ROLES),
    "leader": Field("bool"),
    "collective": Field("bool"),
    "words": _words(),
    "examples": Field("record", items=WORD_EXAMPLES),
}
INSTITUTION: Record = {
    "id": Field("str", required=True),
    "role": Field("str", required=True, choices=ROLES),
    "suffixes": Field("list", items="str"),
    "words": Field("list", items="str"),
    "examples": Field("record", items=WORD_EXAMPLES),
}
TRIGGER: Record = {
    "id": Field("str", required=True),
    "kind": Field("str", required=True, choices=MEETING_KINDS),
    "words": _words(),
    "host_prefix": Field("bool"),  # 访 + a country's one-character form (访华): the host is in the word
    "after_group": Field("bool"),  # fires only after countries named together: 中日韩领导人会议
    "examples": Field("record", items=WORD_EXAMPLES),
}
CUE: Record = {
    "id": Field("str", required=True),
    "effect": Field("str", required=True, choices=CUE_EFFECTS),
    "words": _words(),
    "examples": Field("record", items=WORD_EXAMPLES),
}
REFERENCE: Record = {
    "id": Field("str", required=True),
    "refers": Field("str", required=True, choices=REFERENCE_KINDS),
    "words": _words(),
    "examples": Field("record", items=WORD_EXAMPLES),
}
MEETING_CASE_ITEM: Record = {
    "parties": Field("list", required=True, items="code"),
    "kind": Field("str", choices=MEETING_KINDS),
    "status": Field("str", choices=("held", "planned", "cancelled")),
    "date": Field("str"),
}
MEETING_CASE: Record = {
    "text": Field("str", required=True),
    "published": Field("date"),
    "expect": Field("list", required=True, items=MEETING_CASE_ITEM),
    "note": Field("str"),
    "known_miss": Field("bool"),
}
SPEECH_VERB: Record = {
    "id": Field("str", required=True),
    "words": _words(),
    "examples": Field("record", items=WORD_EXAMPLES),
}
PEOPLE_CASE_ITEM: Record = {
    "name": Field("str", required=True),
    "role": Field("str", choices=ROLES),
    "affiliation": Field("str"),
    "aliases": Field("list", items="str"),
}
PEOPLE_CASE: Record = {
    "text": Field("str", required=True),
    "published": Field("date"),
    "expect": Field("list", required=True, items=PEOPLE_CASE_ITEM),
    "note": Field("str"),
    "known_miss": Field("bool"),
}
DATE_EXAMPLE: Record = {
    "text": Field("str", required=True),
    "published": Field("date"),
    "expect": Field("str", required=True),  # the ISO value, or "unresolved"
    "known_miss": Field("bool"),
}
DATE_PATTERN: Record = {
    "id": Field("str", required=True),
    "kind": Field("str", required=True, choices=DATE_KINDS),
    "regex": Field("str", required=True),
    "examples": Field("list", items=DATE_EXAMPLE),
    "no_match": Field("list", items="str"),
}
# A construction: a token pattern with named slots, and what a match yields.
SLOT: Record = {
    "word": Field("str"),  # a literal word
    "words": Field("list", items="str"),  # one of these words
    "class": Field("str"),  # a word of this word class
    "actor": Field("str", choices=ACTOR_KINDS),  # one actor of this kind
    "actors": Field("str", choices=ACTOR_KINDS),  # a list of actors joined by coordinators (A、B和C)
    "trigger": Field("str", choices=TRIGGER_SLOT),  # a meeting word
    "speech": Field("bool"),  # a speech verb
    # a name no rule knows: 2 to 4 characters, one with ·, or Latin words (Hannah Cole); transliterated: 5 to 7
    # characters of pieces jieba hardly knows (图里亚科夫)
    "name": Field("str", choices=("any", "han", "latin", "transliterated")),
    "date": Field("bool"),  # a date expression
    "gap": Field("int"),  # up to N tokens, never across a clause break
    "optional": Field("bool"),
    "as": Field("str"),  # the slot's name, for `yields` and --explain
}
SLOT["any_of"] = Field("list", items=SLOT)  # alternatives, tried in order
CONSTRUCTION_MEETING: Record = {
    "kind": Field("str", choices=MEETING_KINDS),  # default: the kind of the trigger slot
    "parties": Field("list", required=True, items="str", nonempty=True),  # slot names, or `subject`
    "each": Field("str"),  # a list slot: one meeting of the other parties with each of its actors
    "multilateral": Field("bool"),  # all parties in one meeting
    "status": Field("str", choices=("held", "planned", "cancelled")),
    "date": Field("str"),  # a date slot; default: the engine's reading of the date
    "place": Field("str"),
}
CONSTRUCTION_SPEAKER: Record = {
    "speaker": Field("str", required=True),  # the slot naming who speaks
    "affiliation": Field("str"),  # the slot naming what they speak for
    "verb": Field("str"),
}
CONSTRUCTION_YIELDS: Record = {
    "meeting": Field("record", items=CONSTRUCTION_MEETING),
    "speaker": Field("record", items=CONSTRUCTION_SPEAKER),
    "suppress": Field("str"),  # a slot holding a meeting word that this shape says is no meeting
}
# A matching example names what the whole pipeline must find in its text: meetings (as in
# meeting_cases) for a meeting construction, people (as in people_cases) for a speaker one.
CONSTRUCTION_CASE: Record = {
    "text": Field("str", required=True),
    "published": Field("date"),
    "expect": Field("list", required=True, items="any", nonempty=True),
    "note": Field("str"),
}
CONSTRUCTION_EXAMPLES: Record = {
    "match": Field("list", items=CONSTRUCTION_CASE),
    "no_match": Field("list", items="str"),  # texts in which the construction must not fire
    "known_miss": Field("list", items=CONSTRUCTION_CASE),  # fails today; an error once it passes
}
CONSTRUCTION: Record = {
    "id": Field("str", required=True),
    "note": Field("str"),
    "pattern": Field("list", required=True, items=SLOT, nonempty=True),
    "yields": Field("record", required=True, items=CONSTRUCTION_YIELDS),
    "examples": Field("record", items=CONSTRUCTION_EXAMPLES),
}
WORD_CLASS: Record = {
    "id": Field("str", required=True),
    "words": _words(),
    "note": Field("str"),
    "examples": Field("record", items=WORD_EXAMPLES),
}
RELATIVE_WORD: Record = {
    "year": Field("int"),
    "month": Field("int"),
    "day": Field("int"),
    "anchor": Field("str", choices=("published", "story", "event_start", "event_end", "arrival")),
}

# Top-level sections; a file may hold any of them (all but `version` are optional).
SECTIONS: Record = {
    "version": Field("int", required=True),
    "description": Field("str"),
    "countries": Field("list", items=COUNTRY),
    "blocked": Field("list", items="str"),
    "compounds": Field("map", items="codes"),
    "compound_suffixes": Field("list", items="str"),
    "abbr_suffixes": Field("list", items="str"),
    "abbr_title_exceptions": Field("list", items="str"),
    "capital_not_before": Field("list", items="str"),
    "examples": Field("list", items=COUNTRY_EXAMPLE),
    "people": Field("list", items=PERSON),
    "organizations": Field("list", items=ORGANIZATION),
    "series": Field("list", items=SUMMIT_SERIES),
    "titles": Field("list", items=TITLE),
    "institutions": Field("list", items=INSTITUTION),
    "former": Field("list", items="str"),
    "triggers": Field("list", items=TRIGGER),
    "cues": Field("list", items=CUE),
    "references": Field("list", items=REFERENCE),
    "place_markers": Field("list", items="str"),
    "negation_reach": Field("list", items="str"),
    "event_words": Field("list", items="str"),
    "meeting_cases": Field("list", items=MEETING_CASE),
    "speech_verbs": Field("list", items=SPEECH_VERB),
    "anonymous": Field("list", items="str"),
    "adverbs": Field("list", items="str"),
    "quantifiers": Field("list", items="str"),
    "surnames": Field("list", items="str"),
    "people_cases": Field("list", items=PEOPLE_CASE),
    "numerals": Field("map", items="int"),
    "relative": Field("map", items=RELATIVE_WORD),
    "parts": Field("map", items="str"),
    "future": Field("list", items="str"),
    "patterns": Field("list", items=DATE_PATTERN),
    "word_classes": Field("list", items=WORD_CLASS),
    "constructions": Field("list", items=CONSTRUCTION),
}


@dataclass
class Checker:
    problems: list[str] = field(default_factory=list)
    rule: str = "file"  # the id (or code, or name) of the entry being checked, else its section

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {self.rule}: {message}")

    def record(self, node: Any, spec: Record, what: str) -> None:
        if not isinstance(node, Node):
            self.problems.append(f"{what}: expected a mapping, found {type(node).__name__}")
            return
        outer = self.rule
        self.rule = next((node[k] for k in ("id", "code", "name") if isinstance(node.get(k), str)), outer)
        for key in node:
            if key not in spec:
                allowed = ", ".join(sorted(spec))
                self.add(node.where(key), f"unknown key '{key}' in {what} (allowed: {allowed})")
        for key, fld in spec.items():
            if what == "the file":
                self.rule = key
            if key not in node or node[key] is None:
                if fld.required:
                    self.add(node.where(), f"{what} lacks required key '{key}'")
                continue
            label = key if what == "the file" else f"'{key}' in {what}"
            self.value(node[key], fld, label, node.where(key))
        self.rule = outer

    def value(self, value: Any, fld: Field, what: str, where: str) -> None:
        kind = fld.kind
        if kind == "list":
            if not isinstance(value, list):
                self.add(where, f"{what} must be a list")
                return
            if fld.nonempty and not value:
                self.add(where, f"{what} must not be empty")
            for i, item in enumerate(value):
                self.item(item, fld.items, f"{what} item {i + 1}", where)
        elif kind == "map":
            if not isinstance(value, dict):
                self.add(where, f"{what} must be a mapping")
                return
            for key, item in value.items():
                at = getattr(value, "where", lambda k: where)(key)
                if not isinstance(key, str):
                    self.add(at, f"{what} has the key {key!r}; keys must be text (quote it)")
                    continue
                self.item(item, fld.items, f"{what} '{key}'", at)
        elif kind == "record":
            self.record(value, fld.items, what)
        else:
            self.scalar(value, kind, what, where)
            if fld.choices and value not in fld.choices:
                self.add(where, f"{what} is '{value}', expected one of: {', '.join(fld.choices)}")

    def item(self, item: Any, spec: Any, what: str, where: str) -> None:
        if isinstance(spec, dict):
            self.record(item, spec, what)
        elif spec == "codes":
            if not isinstance(item, list) or not item:
                self.add(where, f"{what} must be a non-empty list of codes")
            else:
                for code in item:
                    self.scalar(code, "code", what, where)
        elif isinstance(item, Node) and spec == "str":
            self.add(item.where(), f"{what} must be text, found a mapping")
        else:
            self.scalar(item, spec, what, where)

    def scalar(self, value: Any, kind: str, what: str, where: str) -> None:
        ok = {
            "str": lambda v: isinstance(v, str) and v.strip() != "",
            "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "bool": lambda v: isinstance(v, bool),
            "date": lambda v: isinstance(v, (str, int)) and _real_date(str(v)),
            "code": lambda v: isinstance(v, str) and bool(CODE.match(v)),
            "any": lambda v: True,
        }[kind](value)
        if not ok:
            expected = {
                "str": "non-empty text", "int": "a whole number", "bool": "true or false",
                "date": "a date YYYY, YYYY-MM or YYYY-MM-DD", "code": "an upper-case code such as USA or UN",
            }.get(kind, kind)
            self.add(where, f"{what} is {_SHOWN.repr(value)}, expected {expected}")


# A wrong value is quoted short: a nested alias (a YAML 'billion laughs') must not be spelt out in full.
_SHOWN = reprlib.Repr()
_SHOWN.maxlevel, _SHOWN.maxlist, _SHOWN.maxstring, _SHOWN.maxother = 2, 4, 60, 60


def _real_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a day, month or year that exists (not 2030-02-30)."""
    if not ISO_DATE.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


SUPPORTED_VERSION = 1


def check_file(data: Any, label: str) -> list[str]:
    """All problems in one parsed rules file; an empty list means it is well formed."""
    checker = Checker()
    if not isinstance(data, Node):
        return [f"{label}:1: a rules file must be a mapping with 'version' and its sections"]
    checker.record(data, SECTIONS, "the file")
    if isinstance(data.get("version"), int) and data["version"] != SUPPORTED_VERSION:
        checker.problems.append(f"{data.where('version')}: version: version {data['version']} is not one this dipx "
                                f"reads (it reads version {SUPPORTED_VERSION})")
    return checker.problems


def well_formed_part(data: Node) -> Node:
    """The file without what `check_file` rejects: list entries and sections that have problems.

    `dipx rules check` builds this part, so that one bad entry does not hide the problems the
    builder finds in the file's other entries (a term that ends before it starts, a bad pattern).
    """
    kept = Node()
    kept.file, kept.line, kept.key_lines = data.file, data.line, dict(data.key_lines)
    for key, value in data.items():
        spec = SECTIONS.get(key)
        if spec is None:
            continue
        if spec.kind == "list" and isinstance(spec.items, dict) and isinstance(value, list):
            kept[key] = [item for item in value if _entry_ok(item, spec.items, key)]
        elif not _value_problems(value, spec, key, data.where(key)):
            kept[key] = value
    return kept


def _entry_ok(item: Any, spec: Record, section: str) -> bool:
    checker = Checker()
    checker.record(item, spec, section)
    return not checker.problems


def _value_problems(value: Any, spec: Field, what: str, where: str) -> list[str]:
    checker = Checker()
    checker.value(value, spec, what, where)
    return checker.problems
