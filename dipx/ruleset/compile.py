"""Load, check and compile the rules: built-in files first, then any user folders.

A user folder may add entries or replace built-in ones by id (or code, or person name);
two entries with the same id in one layer are an error naming both places.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from .. import cache
from ..errors import RuleError
from ..normalize import converter_version, normalize
from ..version import __version__
from .model import (
    NEVER,
    Country,
    DateExample,
    DatePattern,
    Edition,
    KnownPerson,
    Lex,
    Organization,
    RuleSet,
    SummitSeries,
    Term,
    WordClass,
    WordRule,
    any_of,
)
from .yamlfile import Node, YamlProblem, load_yaml


def builtin_rules_dir() -> Path:
    """The rules shipped with dipx: inside the installed package, or the checkout's rules/ folder."""
    spec = importlib.util.find_spec("dipx._rules")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if Path(location, "countries.yaml").is_file():
            return Path(location)
    return Path(__file__).resolve().parents[2] / "rules"


def rule_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise RuleError([f"{folder}: no such rules folder"])
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


RULES_ENV = "DIPX_RULES"  # a path list (os.pathsep between folders) layered under --rules


def rule_layers(user_dirs: Sequence[str | Path] = (), *, defaults: bool = True,
                environ: Mapping[str, str] | None = None) -> list[Path]:
    """The folders in force, lowest first: shipped (unless `defaults` is off), $DIPX_RULES, then `user_dirs`.

    A later folder replaces an earlier one's entry of the same id, so the command line wins.
    """
    env = (os.environ if environ is None else environ).get(RULES_ENV, "")
    from_env = [p for p in env.split(os.pathsep) if p.strip()]
    return [*([builtin_rules_dir()] if defaults else []), *(Path(p) for p in (*from_env, *user_dirs))]


# Tables a stage derives from the rules (RuleSet.derive) that take longer to build than to read back:
# the pipeline names their builders, and they are built before the compiled rules are cached, so a
# start reads them instead of building them. They are part of the cache key, with all of dipx's code.
_preparers: list[Callable[[RuleSet], object]] = []


def prepare_with(*builders: Callable[[RuleSet], object]) -> None:
    """Build these derived tables into every compiled rule set (and so into the cache)."""
    _preparers.extend(b for b in builders if b not in _preparers)
    _load_rules.cache_clear()


def load_rules(extra: Sequence[str] = (), *, defaults: bool = True) -> RuleSet:
    """The compiled rules: built-in (unless `defaults` is off), then each folder in `extra`. Cached per process."""
    return _load_rules(tuple(str(p) for p in extra), defaults)


@lru_cache(maxsize=8)
def _load_rules(extra: tuple[str, ...], defaults: bool = True) -> RuleSet:
    layers = [*([builtin_rules_dir()] if defaults else []), *(Path(p) for p in extra)]
    if not layers:
        raise RuleError(["rules: no rules in force (--no-default-rules and no --rules folder)"])
    key = _rules_key(layers)
    if key is not None:
        saved = cache.load("rules", key)
        if isinstance(saved, RuleSet):
            return saved
    rules = compile_layers(layers)
    for build in _preparers:
        build(rules)
    if key is not None:
        cache.save("rules", key, rules)
    return rules


def _rules_key(layers: list[Path]) -> str | None:
    """What the compiled rules depend on: dipx's code and every rule file's full path, size and time, the preparers."""
    try:
        files = [p.resolve() for folder in layers for p in rule_files(folder)]  # ./rules here is not ./rules there
        stamp = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    except (RuleError, OSError):
        return None  # let compile_layers report the problem
    package = Path(__file__).parents[1]  # the derived tables come from the stages' code, not only the rules'
    code = [(str(p.relative_to(package)), p.stat().st_mtime_ns) for p in sorted(package.rglob("*.py"))]
    preparers = [f"{b.__module__}.{b.__qualname__}" for b in _preparers]
    return cache.key_of(__version__, stamp, code, preparers, converter_version())  # rules are normalised by OpenCC


def compile_layers(layers: Sequence[Path]) -> RuleSet:
    parsed, problems = parse_layers(layers)
    if problems:
        raise RuleError(problems)
    ruleset, problems = build_layers(layers, parsed)
    if problems:
        raise RuleError(problems)
    return ruleset


def parse_layers(layers: Sequence[Path]) -> tuple[list[list[Node]], list[str]]:
    """Each layer's files (the well-formed part of those with problems), and every problem found."""
    # Here and below, what only compiling needs is imported when compiling: a start with cached rules skips it.
    from .schema import check_file, well_formed_part

    problems: list[str] = []
    parsed: list[list[Node]] = []
    for folder in layers:
        files = []
        try:
            paths = rule_files(folder)
        except RuleError as exc:
            problems.extend(exc.problems)
            continue
        for path in paths:
            label = _label(path)
            try:
                data = load_yaml(path, label)
            except YamlProblem as exc:
                problems.append(str(exc))
                continue
            found = check_file(data, label)
            problems.extend(found)
            # what is well formed is still built, so that its problems are reported with these
            files.append(data if not found or not isinstance(data, Node) else well_formed_part(data))
        parsed.append(files)
    return parsed, problems


def build_layers(layers: Sequence[Path], parsed: list[list[Node]]) -> tuple[RuleSet, list[str]]:
    """The compiled rules from parsed layers, and the problems only the whole set shows (dates, duplicates)."""
    builder = _Builder(tuple(str(p) for p in layers))
    for files in parsed:
        builder.add_layer(files)
    ruleset = builder.finish()
    ruleset.fingerprint = _fingerprint([p for p in layers if p.is_dir()])
    return ruleset, builder.problems


def _fingerprint(layers: Sequence[Path]) -> str:
    """What a stored result was made with: the bytes of every rule file, layer by layer."""
    digest = hashlib.sha256()
    for folder in layers:
        for path in rule_files(folder):
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
        digest.update(b"\1")
    return digest.hexdigest()[:16]


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _n(words: Iterable[str]) -> tuple[str, ...]:
    """Normalised words, order kept, duplicates dropped."""
    out: dict[str, None] = {}
    for word in words:
        if isinstance(word, str) and word.strip():
            out[normalize(word.strip())] = None
    return tuple(out)


def _date(value: object, end: bool = False) -> dt.date | None:
    return None if value is None else _day(value, end)


def _day(value: object, end: bool = False) -> dt.date:
    """2022-11-14, 2022-11 or 2022 as a day: the first of the span, or with `end` its last."""
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)
    if len(parts) == 2:
        if end:
            nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(parts[0], parts[1], 1)
    return dt.date(*parts)


class _Builder:
    """Merges the layers' sections, then derives the lexicon and jieba's user words."""

    def __init__(self, sources: tuple[str, ...]):
        self.rules = RuleSet(sources=sources)
        self.problems: list[str] = []
        self._seen: dict[tuple[str, str], str] = {}  # (kind, key) -> where, within the current layer
        self._layer_keys: set[tuple[str, str]] = set()
        self._summits: dict[str, SummitSeries] = {}
        self._people: dict[str, KnownPerson] = {}
        self._word_rules: dict[str, WordRule] = {}
        self._patterns: dict[str, DatePattern] = {}
        self._blocked: set[str] = set()
        self._raw_patterns: list[tuple[Node, str]] = []
        self._constructions: dict[str, Node] = {}

    # ---------------------------------------------------------------- layers
    def add_layer(self, files: list[Node]) -> None:
        self._layer_keys = set()
        for data in files:
            self._add_file(data)

    def _claim(self, kind: str, key: str, where: str) -> None:
        """A key may appear once per layer; a later layer replaces it."""
        if (kind, key) in self._layer_keys:
            self.problems.append(f"{where}: {key}: duplicate {kind} '{key}' (first at {self._seen[(kind, key)]})")
        self._layer_keys.add((kind, key))
        self._seen[(kind, key)] = where

    def _add_file(self, data: Node) -> None:
        r = self.rules
        for entry in data.get("countries") or []:
            self._claim("country", entry["code"], entry.where())
            r.countries[entry["code"]] = Country(
                code=entry["code"], name=normalize(entry["name"]),
                names=_n([entry["name"], *(entry.get("aliases") or [])]),
                abbr=normalize(entry["abbr"]) if entry.get("abbr") else None,
                capitals=_n(entry.get("capitals") or []), historical=bool(entry.get("historical")),
                where=entry.where(), part_of=entry.get("part_of"),
            )
        self._blocked.update(_n(data.get("blocked") or []))
        for word, codes in (data.get("compounds") or {}).items():
            r.compounds[normalize(word)] = tuple(codes)
        r.compound_suffixes += _n(data.get("compound_suffixes") or [])
        r.abbr_suffixes += _n(data.get("abbr_suffixes") or [])
        r.abbr_title_exceptions = r.abbr_title_exceptions | frozenset(_n(data.get("abbr_title_exceptions") or []))
        r.capital_not_before += _n(data.get("capital_not_before") or [])
        for ex in data.get("examples") or []:
            r.country_examples += ((ex["text"], tuple(ex["expect"]), ex.where(), bool(ex.get("known_miss"))),)
        for entry in data.get("people") or []:
            self._add_person(entry)
        for entry in data.get("organizations") or []:
            self._claim("organisation", entry["code"], entry.where())
            r.organizations[entry["code"]] = Organization(
                entry["code"], _n(entry["names"]), _n(entry.get("heads") or []), entry.where())
        for entry in data.get("series") or []:
            self._add_series(entry)
        for group, key in (("title", "titles"), ("institution", "institutions"), ("trigger", "triggers"),
                           ("cue", "cues"), ("reference", "references"), ("speech", "speech_verbs")):
            for entry in data.get(key) or []:
                self._add_word_rule(group, entry)
        r.former += _n(data.get("former") or [])
        r.place_markers = r.place_markers | frozenset(_n(data.get("place_markers") or []))
        r.negation_reach = r.negation_reach | frozenset(_n(data.get("negation_reach") or []))
        r.event_words = r.event_words | frozenset(_n(data.get("event_words") or []))
        r.anonymous = r.anonymous | frozenset(_n(data.get("anonymous") or []))
        r.adverbs = r.adverbs | frozenset(_n(data.get("adverbs") or []))
        r.quantifiers += _n(data.get("quantifiers") or [])
        r.surnames = r.surnames | frozenset(_n(data.get("surnames") or []))
        r.meeting_cases += list(data.get("meeting_cases") or [])
        r.people_cases += list(data.get("people_cases") or [])
        r.numerals.update({normalize(k): v for k, v in (data.get("numerals") or {}).items()})
        r.relative.update({normalize(k): dict(v) for k, v in (data.get("relative") or {}).items()})
        r.parts.update({normalize(k): v for k, v in (data.get("parts") or {}).items()})
        r.future += _n(data.get("future") or [])
        for entry in data.get("word_classes") or []:
            self._add_word_class(entry)
        for entry in data.get("constructions") or []:
            self._claim("construction", entry["id"], entry.where())
            self._constructions[entry["id"]] = entry  # a later layer's construction of this id replaces it
        for entry in data.get("patterns") or []:
            self._claim("date pattern", entry["id"], entry.where())
            self._raw_patterns.append((entry, entry.where()))

    def _add_word_class(self, entry: Node) -> None:
        """A class id once per layer; a later layer's class of the same id replaces it whole."""
        self._claim("word class", entry["id"], entry.where())
        words = _n(entry["words"])
        examples = entry.get("examples") or {}
        self.rules.word_classes[entry["id"]] = WordClass(
            id=entry["id"], words=words, where=entry.where(), members=frozenset(words),
            examples_match=tuple(examples.get("match") or []),
            examples_no_match=tuple(examples.get("no_match") or []),
            examples_known_miss=tuple(examples.get("known_miss") or []),
        )

    def _check_required_classes(self) -> bool:
        from .required import REQUIRED_CLASSES

        where = self.rules.sources[-1] if self.rules.sources else "rules"
        missing = [(c, user) for c, user in sorted(REQUIRED_CLASSES.items()) if c not in self.rules.word_classes]
        for class_id, user in missing:
            self.problems.append(f"{where}: {class_id}: missing word class '{class_id}', which {user} needs")
        return not missing

    def _add_person(self, entry: Node) -> None:
        self._claim("person", entry["name"], entry.where())
        terms = []
        for role in entry["roles"]:
            start, end = _date(role.get("from")), _date(role.get("to"), end=True)
            if start and end and start > end:
                self.problems.append(f"{role.where()}: {entry['name']}: term of {entry['name']} ends before it starts")
            terms.append(Term(role["title"], role["kind"], start, end))
        self._people[entry["name"]] = KnownPerson(
            name=normalize(entry["name"]), aliases=_n(entry.get("aliases") or []),
            short=normalize(entry["short"]) if entry.get("short") else None,
            country=entry["country"], terms=tuple(terms), where=entry.where(),
        )

    def _add_series(self, entry: Node) -> None:
        self._claim("summit series", entry["id"], entry.where())
        editions = []
        for ed in entry["editions"]:
            start, end = _day(ed["start"]), _day(ed["end"], end=True)
            if start > end:
                self.problems.append(f"{ed.where()}: {entry['id']}: edition of {entry['id']} ends before it starts")
            editions.append(Edition(entry["id"], start, end, ed.get("place"), ed.get("country"), ed.get("number")))
        self._summits[entry["id"]] = SummitSeries(
            entry["id"], _n(entry["names"]), entry.get("org"), tuple(sorted(editions, key=lambda e: e.start)))

    def _add_word_rule(self, group: str, entry: Node) -> None:
        self._claim("rule id", entry["id"], entry.where())
        examples = entry.get("examples") or {}
        self._word_rules[entry["id"]] = WordRule(
            id=entry["id"], group=group, words=_n(entry.get("words") or []), where=entry.where(),
            role=entry.get("role"), leader=bool(entry.get("leader")), collective=bool(entry.get("collective")),
            kind=entry.get("kind"), effect=entry.get("effect"), refers=entry.get("refers"),
            host_prefix=bool(entry.get("host_prefix")), after_group=bool(entry.get("after_group")),
            suffixes=_n(entry.get("suffixes") or []),
            examples_match=tuple(examples.get("match") or []),
            examples_no_match=tuple(examples.get("no_match") or []),
            examples_known_miss=tuple(examples.get("known_miss") or []),
        )

    # ---------------------------------------------------------------- derived tables
    def finish(self) -> RuleSet:
        r = self.rules
        r.people = list(self._people.values())
        r.summits = list(self._summits.values())
        r.word_rules = list(self._word_rules.values())
        r.blocked = frozenset(self._blocked)
        self._check_abbr()
        if not self._check_required_classes():
            return r  # what follows reads the classes; the missing ones are reported first
        compiled = [self._compile_pattern(entry, where) for entry, where in self._raw_patterns]
        r.date_patterns = [p for p in compiled if p is not None]
        self._build_lexicon()
        from .constructions import compile_constructions, index_constructions

        r.constructions = compile_constructions(self._constructions.values(), r, self.problems)
        index_constructions(r)
        r.rule_where = {rule.id: rule.where for rule in r.word_rules}
        r.rule_where.update({p.id: p.where for p in r.date_patterns})
        r.rule_where.update({c.id: c.where for c in r.constructions})
        r.rule_where.update({c.id: c.where for c in r.word_classes.values()})
        return r

    def _check_abbr(self) -> None:
        owners: dict[str, str] = {}
        for country in self.rules.countries.values():
            if not country.abbr:
                continue
            if len(country.abbr) != 1:
                self.problems.append(f"{country.where}: {country.code}: abbr of {country.code} must be one character")
                continue
            if country.abbr in owners:
                self.problems.append(f"{country.where}: {country.code}: abbr '{country.abbr}' of {country.code} "
                                     f"is already {owners[country.abbr]}'s")
            owners[country.abbr] = country.code
        self.rules.abbr = owners

    def _compile_pattern(self, entry: Node, where: str) -> DatePattern | None:
        from .regexcheck import check_regex

        source = expand_placeholders(entry["regex"], self.rules, [s.names for s in self._summits.values()])
        risk = check_regex(source)
        if risk:
            self.problems.append(f"{entry.where('regex')}: pattern {entry['id']}: {risk}")
            return None
        try:
            regex = re.compile(source)
        except re.error as exc:
            self.problems.append(f"{entry.where('regex')}: {entry['id']}: not a valid regex: {exc}")
            return None
        examples = tuple(DateExample(ex["text"], ex.get("published"), str(ex["expect"]), ex.where(),
                                     bool(ex.get("known_miss"))) for ex in entry.get("examples") or [])
        return DatePattern(entry["id"], entry["kind"], regex, where, examples, tuple(entry.get("no_match") or []))

    def _build_lexicon(self) -> None:
        r = self.rules
        lex: dict[str, list[Lex]] = {}

        def add(word: str, item: Lex) -> None:
            if word and item not in lex.setdefault(word, []):
                lex[word].append(item)

        for c in r.countries.values():
            for name in c.names:
                add(name, Lex("country", "country.name", c.code))
            for cap in c.capitals:
                add(cap, Lex("capital", "country.capital", c.code))
        for word, codes in r.compounds.items():
            add(word, Lex("compound", "country.compound", codes))
        for word in r.blocked:
            add(word, Lex("blocked", "country.blocked", None))
        for p in r.people:
            for name in (p.name, *p.aliases):
                add(name, Lex("person", "person.known", p))
        for o in r.organizations.values():
            for name in o.names:
                add(name, Lex("org", "organisation.name", o.code))
            for head in o.heads:
                add(head, Lex("org_head", "organisation.head", o.code))
        for s in r.summits:
            for name in s.names:
                add(name, Lex("summit", f"summit.{s.id}", s))
        for rule in r.word_rules:
            if rule.group == "trigger" and (rule.host_prefix or rule.id == "meeting.talks_contracted"):
                continue  # these fire on word shapes, handled by the matcher
            for word in rule.words:
                add(word, Lex(rule.group, rule.id, rule))
            for word in rule.suffixes:
                add(word, Lex("institution_suffix", rule.id, rule))
        r.lexicon = {w: tuple(items) for w, items in lex.items()}
        for rule in r.word_rules:
            if rule.group == "trigger" and rule.host_prefix:
                r.host_prefixes.update(dict.fromkeys(rule.words, rule))
            if rule.group == "institution":
                for suffix in rule.suffixes:
                    r.institution_suffixes.setdefault(suffix, rule)
        r.shorts = {p.short: p for p in reversed(r.people) if p.short}
        leaders = {w for rule in r.rules_in("title") if rule.leader for w in rule.words}
        r.leader_titles = tuple(sorted(leaders, key=len, reverse=True))
        r.max_word_len = max((len(w) for w in r.lexicon), default=1)
        contracted = [f"{a.short}{b.short}{suffix}" for a in r.people for b in r.people
                      if a.short and b.short and a is not b for suffix in r.word_list("contracted_meeting")]
        r.user_words = tuple(sorted({w for w in r.lexicon if len(w) > 1} | set(contracted)))


def _date_digits(rules: RuleSet, low: int, high: int) -> str:
    """The date digits (word class date_digit) whose numeral value lies in [low, high]."""
    return any_of(w for w in rules.word_list("date_digit") if low <= rules.numerals.get(w, -1) <= high)


def _numeral_fills(rules: RuleSet) -> dict[str, str]:
    """{Y} {M} {D} {MZ} {DZ} {WD} {N}: Arabic digits as they are, Chinese ones built from `numerals` and the classes.

    {MZ} and {DZ} are a month and a day in Chinese numerals only (七月, 廿九日), for patterns of their own.
    """
    digit, one_two, two_three = _date_digits(rules, 1, 9), _date_digits(rules, 1, 2), _date_digits(rules, 2, 3)
    ten = any_of(w for w, v in rules.numerals.items() if v == 10)
    tens = any_of(w for w, v in rules.numerals.items() if v in (20, 30))  # 廿九, 卅一: one character for 20 or 30
    month_zh = rf"{ten}{one_two}?|{digit}"
    day_zh = rf"{two_three}?{ten}{digit}?|{tens}{digit}?|{_date_digits(rules, 2, 9)}"  # a lone 一日 is "one day"
    return {
        "{Y}": rf"(?:(?:1[89]|20)\d\d|{_date_digits(rules, 0, 9)}{{4}})",
        "{M}": rf"(?:1[0-2]|0?[1-9]|{month_zh})",
        "{D}": rf"(?:3[01]|[12]\d|0?[1-9]|{day_zh}|{digit})",
        "{MZ}": rf"(?:{month_zh})",
        "{DZ}": rf"(?:{day_zh})",
        "{N}": rf"(?:\d+|{any_of(rules.numerals)}+)",
        "{WD}": any_of(rules.word_list("weekday")),
    }


def expand_placeholders(source: str, rules: RuleSet, summit_names: Iterable[Iterable[str]]) -> str:
    parts = sorted(rules.parts, key=len, reverse=True)
    events = sorted({n for names in summit_names for n in names}, key=len, reverse=True)
    fills = {
        **_numeral_fills(rules),
        "{PART}": "|".join(map(re.escape, parts)) or NEVER,
        "{EVENT}": "|".join(map(re.escape, events)) or NEVER,
    }
    for key, value in fills.items():
        source = source.replace(key, value)
    return source
