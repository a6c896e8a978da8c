"""`dipx rules check`: every problem in a set of rule folders, at once, sorted by file and line.

Loading already rejects what cannot be compiled (schema, duplicates, a term that ends before
it starts, a bad regex). The check adds what compiles but cannot work as meant:

- a rule with no examples (nothing would tell its author it stopped working);
- a date pattern that can never match: its regex finds the empty string (so it marks
  nothing), or finds none of its own examples;
- a name shadowed by a longer one. The matcher takes the longest name in the lexicon, so a
  name inside a longer one is never found there: 韩国 inside the person 韩国瑜. The rules
  resolve it when the longer name means the same thing (日本国, 中美), is an entry of the
  same kind on purpose (几内亚比绍 beside 几内亚, 小布什 beside 布什), is listed in
  `blocked` (印度洋: no country), or is a forum or organisation name the matcher looks
  inside for countries (中非合作论坛). Only pairs touching a user folder are reported: the
  shipped pairs are known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..normalize import normalize
from .compile import build_layers, builtin_rules_dir, parse_layers, rule_files
from .model import Lex, RuleSet

FAMILY = {"country": "place", "capital": "place", "compound": "place", "blocked": "place",
          "person": "person", "org": "org", "org_head": "org", "summit": "org"}
COUNTRY_GROUPS = frozenset({"country", "capital", "compound"})
NAME_HOLDERS = frozenset({"summit", "org", "institution"})  # the matcher finds countries inside these
_WHERE = re.compile(r"^(?P<file>.*?):(?P<line>\d+): ")


def check_layers(layers: Sequence[Path]) -> list[str]:
    """Every problem in the layered folders, as `file:line: rule-id: what is wrong`, sorted."""
    if not layers:
        return ["rules: no rules in force (--no-default-rules and no folder given)"]
    parsed, problems = parse_layers(layers)
    if parsed:
        rules, built = build_layers(layers, parsed)
        problems += built
        problems += lint(rules, _user_files(layers))
    return sorted(dict.fromkeys(problems), key=sort_key)


def sort_key(problem: str) -> tuple[str, int, str]:
    found = _WHERE.match(problem)
    if not found:
        return (problem.split(":", 1)[0], 0, problem)
    return (found["file"], int(found["line"]), problem)


def _user_files(layers: Sequence[Path]) -> frozenset[str]:
    """The labels of files outside the shipped folder (as `where` strings name them)."""
    shipped = builtin_rules_dir().resolve()
    out = set()
    for folder in layers:
        if folder.resolve() == shipped or not folder.is_dir():
            continue
        for path in rule_files(folder):
            out.update({str(path), _relative(path)})
    return frozenset(out)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def lint(rules: RuleSet, user_files: frozenset[str]) -> list[str]:
    return [*_no_examples(rules), *_dead_patterns(rules), *_shadowed(rules, user_files)]


def _no_examples(rules: RuleSet) -> Iterator[str]:
    hint = "has no examples (add match / no_match sentences under examples:)"
    for r in rules.word_rules:
        if not (r.examples_match or r.examples_no_match or r.examples_known_miss):
            yield f"{r.where}: {r.id}: {hint}"
    for c in rules.word_classes.values():
        if not (c.examples_match or c.examples_no_match or c.examples_known_miss):
            yield f"{c.where}: {c.id}: {hint}"
    for k in rules.constructions:
        if not (k.examples_match or k.examples_no_match or k.known_miss):
            yield f"{k.where}: {k.id}: {hint}"
    for p in rules.date_patterns:
        if not p.examples:
            yield f"{p.where}: {p.id}: has no examples (add {{text, expect}} items under examples:)"


def _dead_patterns(rules: RuleSet) -> Iterator[str]:
    for p in rules.date_patterns:
        if p.regex.search("") is not None:
            yield f"{p.where}: {p.id}: the regex matches the empty string, so it marks no date"
        elif p.examples and not any(p.regex.search(normalize(ex.text)) for ex in p.examples):
            yield f"{p.where}: {p.id}: the regex matches none of its own examples, so it can never match as meant"


def _shadowed(rules: RuleSet, user_files: frozenset[str]) -> Iterator[str]:
    if not user_files:
        return
    for longer, outer in rules.lexicon.items():
        if "blocked" in {e.group for e in outer}:
            continue  # listed on purpose as no country (印度洋)
        for size in range(1, len(longer)):
            for k in range(len(longer) - size + 1):
                name = longer[k:k + size]
                for inner in rules.lookup(name):
                    problem = _shadow_problem(rules, name, inner, longer, outer, user_files)
                    if problem:
                        yield problem


def _shadow_problem(rules: RuleSet, name: str, inner: Lex, longer: str, outer: tuple[Lex, ...],
                    user_files: frozenset[str]) -> str | None:
    if inner.group == "blocked":
        return None
    where, rule = _origin(rules, inner)
    other_where, other_rule = _origin(rules, outer[0])
    if where is None or not ({_file(where), _file(other_where)} & user_files):
        return None
    for entry in outer:
        if _family(entry.group) == _family(inner.group) or _values(entry) & _values(inner):
            return None
        if inner.group in COUNTRY_GROUPS and entry.group in NAME_HOLDERS:
            return None
    return (f"{where}: {rule}: '{name}' is never found inside the longer '{longer}' ({outer[0].group} "
            f"{other_rule}{f' at {other_where}' if other_where else ''}): the longest name wins; "
            f"list '{longer}' under blocked if it names no place, or rename one of them")


def _family(group: str) -> str:
    return FAMILY.get(group, "word")


def _file(where: str | None) -> str:
    return (where or "").rsplit(":", 1)[0]


def _values(entry: Lex) -> set[str]:
    """What an entry stands for, as codes or names, to tell a longer name meaning the same thing."""
    value = entry.value
    if isinstance(value, str):
        return {value}
    if isinstance(value, tuple):
        return {v for v in value if isinstance(v, str)}
    found = {getattr(value, attr, None) for attr in ("name", "country", "org", "id")}
    return {v for v in found if isinstance(v, str)}


def _origin(rules: RuleSet, entry: Lex) -> tuple[str | None, str]:
    """Where an entry was written and what names it (a code, a person, a rule id)."""
    value = entry.value
    if entry.group in ("country", "capital") and value in rules.countries:
        return rules.countries[value].where, value
    if entry.group in ("org", "org_head") and value in rules.organizations:
        return rules.organizations[value].where, value
    where = getattr(value, "where", None)
    name = getattr(value, "id", None) or getattr(value, "name", None) or entry.rule
    return where, str(name)
