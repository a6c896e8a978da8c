"""Rules × tokens → hits: every place a rule's word or word shape fires in a sentence.

Names are looked up in the compiled lexicon (a dict), trying the longest run of up to four
tokens first, so a name jieba split in two is still found; abbreviations are recognised by
the shape of a token (中美, 美方, 美 + 众议长, 俄外长); words hidden inside a longer token
(中国外交部, 在会谈中) are found by a second look inside it. What a token's text alone tells
is kept per word, as most tokens repeat. Date patterns, the only regular expressions, run
only on sentences holding every literal their matches must contain (read from each regex once).
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from itertools import compress
from operator import attrgetter, itemgetter, or_
from typing import Any, TypeAlias

import ahocorasick

from .model import Sentence, Token
from .ruleset import RuleSet
from .ruleset.model import DatePattern, KnownPerson, Lex, LexValue, SummitSeries, WordRule

# The regex parser, to read which literals a date pattern's matches must contain (re._parser
# since Python 3.11, sre_parse before; both private, so a surprise there only turns the gate off).
_NEW_RE = sys.version_info >= (3, 11)
_sre_parser: Any = importlib.import_module("re._parser" if _NEW_RE else "sre_parse")
_sre_constants: Any = importlib.import_module("re._constants" if _NEW_RE else "sre_constants")

MAX_SPAN = 4
COUNTRY_GROUPS = frozenset({"country", "capital", "compound"})
INNER_GROUPS = frozenset({"country", "compound", "trigger", "cue", "title", "reference", "person"})
NAME_HOLDERS = frozenset({"summit", "org", "institution"})  # 中非合作论坛 names China inside a forum's name


@dataclass(frozen=True)
class HostVisit:
    """访华, 赴美: a visit word's rule, and the host its second character names."""

    rule: WordRule
    codes: tuple[str, ...]


@dataclass(frozen=True)
class ContractedPair:
    """习拜会: the two leaders whose one-character short forms the meeting word joins."""

    first: KnownPerson
    second: KnownPerson


# A lexicon value, or what a word's shape told: a visit word with its host, a contracted meeting's pair.
HitValue: TypeAlias = LexValue | HostVisit | ContractedPair


# slots: a sentence makes dozens; smaller and quicker to read. Not frozen: a frozen dataclass's
# __init__ sets each field through object.__setattr__, four times dearer. No stage assigns to a hit.
@dataclass(slots=True)
class Hit:
    group: str  # country | capital | compound | person | org | org_head | title | trigger | cue | speech |
    #             reference | summit | institution | institution_suffix | construction
    rule: str
    value: HitValue
    start: int  # offsets into Document.text
    end: int
    first: int  # token indices [first, last)
    last: int
    text: str  # normalised surface

    # Typed views of `value`, each None (or empty) on a hit that holds something else.
    @property
    def word_rule(self) -> WordRule | None:
        """The rule a title, trigger (访华 too), cue, speech, reference or institution word fires."""
        if isinstance(self.value, HostVisit):
            return self.value.rule
        return self.value if isinstance(self.value, WordRule) else None

    @property
    def person(self) -> KnownPerson | None:
        return self.value if isinstance(self.value, KnownPerson) else None

    @property
    def code(self) -> str | None:
        """The one code a country, capital, org or org_head word names."""
        return self.value if isinstance(self.value, str) else None

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes a compound (中美, 美方) names, in order."""
        return self.value if isinstance(self.value, tuple) else ()

    @property
    def summit(self) -> SummitSeries | None:
        return self.value if isinstance(self.value, SummitSeries) else None

    @property
    def host(self) -> HostVisit | None:
        return self.value if isinstance(self.value, HostVisit) else None

    @property
    def pair(self) -> ContractedPair | None:
        return self.value if isinstance(self.value, ContractedPair) else None


@dataclass(frozen=True, slots=True)
class DateHit:
    rule: str
    kind: str
    groups: dict[str, str]  # the pattern's named groups that matched
    start: int
    end: int
    text: str
    joined: tuple[DateHit, DateHit] | None = None  # a span: two date expressions joined by 至


@dataclass(frozen=True)
class MatchedSentence:
    sentence: Sentence
    tokens: list[Token]
    hits: list[Hit]
    dates: list[DateHit]


def match_sentence(sentence: Sentence, tokens: list[Token], rules: RuleSet) -> MatchedSentence:
    dates = match_dates(sentence, rules)
    return MatchedSentence(sentence, tokens, match_tokens(tokens, rules),
                           _on_word_bounds(dates, tokens, rules) if dates else dates)


def _on_word_bounds(dates: list[DateHit], tokens: list[Token], rules: RuleSet) -> list[DateHit]:
    """A date must begin and end where words do: 说明日方 holds no 明日, 同日方 no 同日.

    A date written in digits, or ending in a digit and its unit, may end inside a word (jieba
    glues 2日晚, 4月2日电, 本月20日至21日/才 cut as 21/日才).
    """
    glued = rules.words("glued_preposition")  # jieba glues them to what follows: 于本周, 至今年
    week_prefix = rules.words("week_prefix")  # and a week's prefix to the name before it: 肖千上/星期三
    by_start = dict(zip(map(_START, tokens), tokens, strict=True))
    ends = set(map(_END, tokens))

    def starts_word(at: int) -> bool:
        glued_before = by_start.get(at - 1)
        return at in by_start or (glued_before is not None and glued_before.text[:1] in glued)

    ends_at = {t.end: t for t in tokens}

    def glued_prefix(d: DateHit) -> Token | None:
        """The word a weekday date's week prefix ends (肖千上/星期三, 事实上/周三), if the weekday starts a word."""
        glued_to = ends_at.get(d.start + 1)
        if d.text[:1] in week_prefix and "weekday" in d.groups and starts_word(d.start + 1) \
                and glued_to is not None and glued_to.start < d.start:
            return glued_to
        return None

    def week_glued(d: DateHit) -> bool:
        """肖千上/星期三: a name jieba made up, glued to the prefix (a word of 3 characters or more)."""
        glued_to = glued_prefix(d)
        return glued_to is not None and len(glued_to.text) >= 3 and glued_to.freq == 0

    def without_prefix(d: DateHit) -> DateHit:
        """事实上/周三, 马上/周三: the prefix ends a dictionary word, so the date is the bare weekday after it."""
        glued_to = glued_prefix(d)
        if glued_to is None or glued_to.freq == 0:
            return d
        bare = next(p for p in rules.date_patterns if p.id == d.rule).regex.fullmatch(d.text[1:])
        if bare is None:
            return d
        groups = {k: v for k, v in bare.groupdict().items() if v is not None}
        return DateHit(d.rule, d.kind, groups, d.start + 1, d.end, d.text[1:])

    return [d for d in map(without_prefix, dates)
            if (d.text[:1].isdigit() or starts_word(d.start) or week_glued(d))
            and (d.end in ends or d.text[:1].isdigit() or d.text[-2:-1].isdigit()
                 or "weekday" in d.groups)]  # 本周日/启程 cut as 本周/日启程


_START, _END = attrgetter("start"), attrgetter("end")


# ---------------------------------------------------------------- words
def match_tokens(tokens: list[Token], rules: RuleSet) -> list[Hit]:
    hits: list[Hit] = []
    stems, prefixes = _lexicon_stems(rules), _lexicon_prefixes(rules)
    plans: dict[str, EntryPlan] = rules.derive("match.entry_plans", dict)
    words = list(map(_TEXT, tokens))
    kinds = list(map(_word_kinds(rules).__getitem__, words))
    n = len(tokens)
    resume = 0  # the token after the last entry found
    # Only the tokens whose word may yield a hit are visited (compress runs in C); most tokens are 0.
    for i in compress(range(n), kinds):
        if i < resume:
            continue
        word, kind = words[i], kinds[i]
        # An entry longer than the word needs the word and the next token to begin one; else the
        # word is an entry alone or none.
        longer = kind & GROWS and i + 1 < n and word + words[i + 1] in prefixes
        span = _longest_entry(tokens, i, rules, stems) if longer else (i + 1, word) if kind & ENTRY else None
        if span:
            resume, entry = span
            if entry not in plans:
                plans[entry] = _entry_plan(entry, rules)
            hits.extend(_entry_hits(tokens, i, resume, entry, plans[entry], rules, hits))
        elif kind & SHAPED:
            hits.extend(_shape_hits(tokens, i, rules) or _inner_hits(tokens, i, i + 1, rules, INNER_GROUPS)
                        or _glued_speech(tokens, i, rules))
    runs, joined = _abbreviation_runs(tokens, words, hits, rules)
    if joined:
        hits = [h for h in hits if id(h) not in joined]
    hits.extend(runs)
    return [h for h in hits if not _inside_foreign_name(h, tokens)] if "·" in words or "(" in words else hits


_NAME_PIECE = 2  # jieba leaves at most this many one-character pieces of a foreign name around a known word


def _inside_foreign_name(hit: Hit, tokens: list[Token]) -> bool:
    """A country form or a known name that is only a piece of a longer foreign name names no one:
    苏波 in 拉希德·尤苏波夫 (the pieces run back to the name's dot), 辛格 in 辛格顿(Craig Singleton)
    (pieces run on to a Latin name in brackets that is none of the known person's)."""
    if hit.rule == "country.abbreviation":
        before, after = _mark_past_pieces(tokens, hit.first - 1, -1, "·"), _mark_past_pieces(tokens, hit.last, 1, "·")
        return before >= 0 or after >= 0
    if hit.rule == "person.known" and hit.person is not None:
        at = _mark_past_pieces(tokens, hit.last, 1, "(")
        latin = _latin_gloss(tokens, at + 1) if at >= 0 else None
        return latin is not None and latin not in {_latin_key(a) for a in hit.person.aliases}
    return False


def _mark_past_pieces(tokens: list[Token], k: int, step: int, mark: str) -> int:
    """Where the token `mark` stands after one or two one-character Han tokens from k on (walking by step), or -1."""
    for piece in range(_NAME_PIECE + 1):
        if not 0 <= k < len(tokens):
            return -1
        if tokens[k].text == mark:
            # a mark right beside the hit: a separator (中美关系·评论) or the known name's own
            return k if piece > 0 else -1
        if not _is_piece(tokens[k]):
            return -1
        k += step
    return -1


_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'-]*")
_GLOSS_REACH = 8  # tokens a Latin name in brackets may take (Craig / / Singleton)


def _latin_gloss(tokens: list[Token], k: int) -> str | None:
    """The Latin name in the brackets opened just before token k, as a key, or None if it is no Latin name (（左）)."""
    close = next((j for j in range(k, min(len(tokens), k + _GLOSS_REACH)) if tokens[j].text == ")"), None)
    if close is None:
        return None
    inner = "".join(t.text for t in tokens[k:close]).strip()
    return _latin_key(inner) if _LATIN_NAME.fullmatch(inner) else None


def _latin_key(name: str) -> str:
    return "".join(name.split()).casefold()


def _is_piece(token: Token) -> bool:
    return len(token.text) == 1 and _HAN_CHAR.match(token.text) is not None


_TEXT = attrgetter("text")

# What a token's text alone tells, as flags kept per word (most tokens repeat, and most are 0): it may
# begin a longer lexicon entry, it is an entry itself, outside an entry it may yield hits (see _is_quiet).
GROWS, ENTRY, SHAPED = 1, 2, 4


class _WordKinds(dict[str, int]):
    """word -> its flags, worked out on the word's first sight and kept (the rule set keeps this table).

    New words (names the HMM makes up) never stop coming in a long batch: past MAX_KEPT words the
    rest are worked out each time instead of kept, so memory stays bounded (as segment's table does).
    """

    MAX_KEPT = 300_000

    def __init__(self, rules: RuleSet):
        super().__init__()
        self.rules = rules

    def __missing__(self, word: str) -> int:
        kind = _word_kind(word, self.rules)
        if len(self) < self.MAX_KEPT:
            self[word] = kind
        return kind


def _word_kinds(rules: RuleSet) -> _WordKinds:
    return rules.derive("match.word_kinds", lambda: _WordKinds(rules))


def _word_kind(word: str, rules: RuleSet) -> int:
    return ((GROWS if word in _lexicon_stems(rules) else 0) | (ENTRY if word in rules.lexicon else 0)
            | (0 if _is_quiet(word, rules) else SHAPED))


def _lexicon_stems(rules: RuleSet) -> frozenset[str]:
    """Every proper prefix of every lexicon word: a run of tokens that is none of them grows into no entry."""
    return rules.derive("match.lexicon_stems",
                        lambda: frozenset(w[:k] for w in rules.lexicon for k in range(1, len(w))))


def _lexicon_prefixes(rules: RuleSet) -> frozenset[str]:
    """Every prefix of every lexicon word, the words themselves too."""
    return rules.derive("match.lexicon_prefixes", lambda: _lexicon_stems(rules) | frozenset(rules.lexicon))


def _is_quiet(word: str, rules: RuleSet) -> bool:
    """True when a token of this text outside a lexicon entry yields no hit whatever its neighbours.

    Most tokens are such words, so the answer is kept per word. The shape tests look at the
    neighbours only for an abbreviation (中美 beside ·) and for a lone one-character form (美 +
    众议长); such words are never quiet. Everything else the three tests read is the word itself.
    """
    if (len(word) == 1 and word in rules.abbr) or abbreviation_codes(word, rules):
        return False
    alone = [Token(word, 0, len(word))]
    return not (_shape_hits(alone, 0, rules) or _inner_words(word, rules, INNER_GROUPS)
                or _glued_speech(alone, 0, rules) or _name_and_verb(word, rules))


def _longest_entry(tokens: list[Token], i: int, rules: RuleSet,
                   stems: frozenset[str]) -> tuple[int, str] | None:
    """The longest lexicon word that tokens i, i+1, … (up to MAX_SPAN) spell: (its end token, the word)."""
    text = ""
    found = None
    for j in range(i, min(len(tokens), i + MAX_SPAN)):
        text += tokens[j].text
        if len(text) > rules.max_word_len:
            break
        if text in rules.lexicon:
            found = (j + 1, text)
        if text not in stems:
            break
    return found


def _after_group(hits: list[Hit], i: int, least: int = 2) -> bool:
    """Countries named together (中日韩, 美日菲) end at most a title before token i."""
    for h in reversed(hits):
        if h.last < i - 1:
            return False
        if h.group == "compound" and len(h.codes) >= least:
            return True
    return False


def after_group(hits: list[Hit], i: int, least: int) -> bool:
    """At least `least` countries named together end at most a title before token i (日中韩领袖会谈)."""
    return _after_group([h for h in hits if h.last <= i], i, least)


def _entry_hits(tokens: list[Token], i: int, j: int, word: str, plan: EntryPlan, rules: RuleSet,
                hits_so_far: list[Hit]) -> list[Hit]:
    start, end = tokens[i].start, tokens[j - 1].end
    if plan.plain:  # most entries: each meaning is a hit, whatever surrounds the word
        return [Hit(e.group, e.rule, e.value, start, end, i, j, word) for e in plan.meanings]
    out: list[Hit] = []
    for e in plan.meanings:
        if e.group == "capital" and j < len(tokens) and tokens[j].text in rules.capital_not_before:
            continue
        if e.group == "speech" and i > 0 and tokens[i - 1].text in rules.words("attributive"):
            continue  # 美好的回忆: a noun after 的, not a speech verb
        if e.group == "trigger" and e.word_rule and e.word_rule.after_group and not _after_group(hits_so_far, i):
            continue  # 会议 alone is any meeting at all; 中日韩领导人会议 is one between states
        out.append(Hit(e.group, e.rule, e.value, start, end, i, j, word))
        if e.group in NAME_HOLDERS:
            out.extend(_inner_hits(tokens, i, j, rules, COUNTRY_GROUPS))
    if plan.host and j == i + 1:
        out.append(Hit("trigger", plan.host.rule.id, plan.host, start, end, i, j, word))
    return out


@dataclass(frozen=True, slots=True)
class EntryPlan:
    """A lexicon word's entries that may fire, and the host it names as one token (访华); kept per word."""

    meanings: tuple[Lex, ...]
    host: HostVisit | None
    plain: bool  # no meaning depends on the neighbours, none holds names inside, no host: the hits are the meanings


def _entry_plan(word: str, rules: RuleSet) -> EntryPlan:
    entries = rules.lookup(word)
    blocked = any(e.group == "blocked" for e in entries)
    # A blocked word names no country, but may still be a person or a title.
    meanings = tuple(e for e in entries if e.group != "blocked" and not (blocked and e.group in COUNTRY_GROUPS))
    host = _host_prefix(word, rules)
    plain = host is None and not any(_depends_on_context(e) for e in meanings)
    return EntryPlan(meanings, host, plain)


def _depends_on_context(e: Lex) -> bool:
    """Whether _entry_hits tests this meaning against the tokens around it, or looks inside its word."""
    return (e.group in ("capital", "speech") or e.group in NAME_HOLDERS
            or (e.group == "trigger" and e.word_rule is not None and bool(e.word_rule.after_group)))


def _inner_hits(tokens: list[Token], i: int, j: int, rules: RuleSet, groups: frozenset[str]) -> list[Hit]:
    """Words inside a longer token jieba did not split: 中国外交部, 在会谈中, 正式访问."""
    word = tokens[i].text if j == i + 1 else "".join(t.text for t in tokens[i:j])
    kept = rules.derive("match.inner_words", dict)  # they depend on the word alone: kept per word
    if (word, groups) not in kept:
        kept[word, groups] = _inner_words(word, rules, groups)
    start = tokens[i].start
    return [Hit(e.group, e.rule, e.value, start + k, start + k + len(piece), i, j, piece)
            for e, k, piece in kept[word, groups]]


def _inner_words(word: str, rules: RuleSet, groups: frozenset[str]) -> tuple[tuple[Lex, int, str], ...]:
    """Each entry of `groups` found inside `word`, with where it begins and its text, longest first from the left."""
    if len(word) < 3 or (word in rules.blocked and groups is not COUNTRY_GROUPS):
        return ()
    out: list[tuple[Lex, int, str]] = []
    k = 0
    while k < len(word) - 1:
        for size in range(min(len(word) - k, rules.max_word_len), 1, -1):
            piece = word[k:k + size]
            if piece == word:
                continue
            entries = [e for e in rules.lookup(piece) if e.group in groups
                       and not (e.group == "trigger" and not _trigger_fits(word, k, size, rules))]
            if entries:
                out.extend((e, k, piece) for e in entries)
                k += size
                break
        else:
            k += 1
    return tuple(out)


_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _glued_speech(tokens: list[Token], i: int, rules: RuleSet) -> list[Hit]:
    """受访时说 cut as 受访/时说: a one-character speech verb glued to the word before it; or to the
    last character of a name jieba made up (瓦维洛/夫说: a two-character word not in its dictionary), or to a
    whole two-character name jieba made up right after a post (副主任/赵晨称)."""
    tok = tokens[i]
    if not (len(tok.text) == 2 and (tok.text[0] in rules.words("glued_before_verb")
                                    or (tok.freq == 0 and _HAN_CHAR.match(tok.text[0])))
            or _name_and_verb(tok.text, rules) and tok.freq == 0
            and i > 0 and any(e.group == "title" for e in rules.lookup(tokens[i - 1].text))):
        return []
    verb = tok.text[-1]
    return [Hit(e.group, e.rule, e.value, tok.end - 1, tok.end, i, i + 1, verb)
            for e in rules.lookup(verb) if e.group == "speech"]


def _name_and_verb(word: str, rules: RuleSet) -> bool:
    """赵晨称: two Han characters and a one-character speech verb, the shape of a name with its verb glued on."""
    return len(word) == 3 and _HAN_CHAR.match(word[0]) is not None and _HAN_CHAR.match(word[1]) is not None \
        and any(e.group == "speech" for e in rules.lookup(word[2]))


def _trigger_fits(word: str, k: int, size: int, rules: RuleSet) -> bool:
    """A meeting word inside a token counts at its end (正式访问) or after 在 (在会谈中), not in 访问量."""
    return k + size == len(word) or word.startswith(rules.word_list("place_open"))


def _shape_hits(tokens: list[Token], i: int, rules: RuleSet) -> list[Hit]:
    """Words recognised by their shape rather than listed: abbreviations, contracted forms, institutions."""
    tok = tokens[i]
    word = tok.text
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""

    def hit(group: str, rule: str, value: HitValue, start: int = tok.start, end: int = tok.end,
            text: str = word) -> Hit:
        return Hit(group, rule, value, start, end, i, i + 1, text)

    host = _host_prefix(word, rules)
    if host:
        return [hit("trigger", host.rule.id, host), hit("compound", "country.abbreviation", host.codes)]
    contracted = _contracted_meeting(word, rules)
    if contracted:
        return [hit("trigger", "meeting.talks_contracted", contracted)]
    codes = abbreviation_codes(word, rules)
    if codes and _compound_context(tokens, i, i + 1):
        return [hit("compound", "country.abbreviation", codes)]
    if len(word) == 1 and word in rules.abbr and word not in rules.abbr_title_exceptions and _is_title_word(nxt, rules):
        return [hit("compound", "country.abbreviation", (rules.abbr[word],))]
    title = next((e for e in rules.lookup(word[1:]) if e.group in ("title", "org_head")), None)
    if len(word) >= 3 and word[0] in rules.abbr and title is not None:
        # 俄外长 as one token: a country's one-character form and a title
        return [hit("compound", "country.abbreviation", (rules.abbr[word[0]],), end=tok.start + 1, text=word[0]),
                hit(title.group, title.rule, title.value, start=tok.start + 1, text=word[1:])]
    institution = _institution_rule(word, rules)
    if institution:
        return [hit("institution", institution.id, institution)]
    return []


def _compound_context(tokens: list[Token], i: int, j: int) -> bool:
    """中美 (tokens i to j) is a compound unless it is a piece of a foreign name: 法伊 in 阿米尔·法伊兹."""
    return not ((i > 0 and tokens[i - 1].text == "·") or (j < len(tokens) and tokens[j].text == "·"))


def abbreviation_codes(word: str, rules: RuleSet) -> tuple[str, ...]:
    """中美 → (CHN, USA); 中美关系 → (CHN, USA); 美方 → (USA,); anything else → ()."""
    if len(word) < 2 or word[0] not in rules.abbr or word in rules.blocked:
        return ()
    if len(word) == 2 and word[0] in rules.abbr and word[1] in rules.abbr_suffixes:
        return (rules.abbr[word[0]],)
    for suffix in ("", *rules.compound_suffixes):
        if suffix and not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)]
        if len(stem) >= 2 and stem not in rules.blocked and all(ch in rules.abbr for ch in stem):
            codes = tuple(dict.fromkeys(rules.abbr[ch] for ch in stem))
            return codes if len(codes) == len(stem) else ()
    return ()


def _is_title_word(word: str, rules: RuleSet) -> bool:
    return any(e.group in ("title", "org_head") for e in rules.lookup(word)) or word in rules.abbr_suffixes


def _host_prefix(word: str, rules: RuleSet) -> HostVisit | None:
    """访华, 访日, 赴美: a visit word whose second half names the host."""
    rule = rules.host_prefixes.get(word[0]) if len(word) == 2 else None
    if rule is None:
        return None
    if word in rules.compounds:
        return HostVisit(rule, rules.compounds[word])
    if word[1] in rules.abbr:
        return HostVisit(rule, (rules.abbr[word[1]],))
    return None


def _contracted_meeting(word: str, rules: RuleSet) -> ContractedPair | None:
    """习拜会: two leaders' one-character short forms followed by 会."""
    if len(word) < 3 or word[2:] not in rules.words("contracted_meeting"):
        return None
    a, b = rules.shorts.get(word[0]), rules.shorts.get(word[1])
    return ContractedPair(a, b) if a and b and a is not b else None


def _institution_rule(word: str, rules: RuleSet) -> WordRule | None:
    """某大学, 国际关系学院: a token ending as an institution's name does."""
    for size in (2, 3, 4):  # suffixes are short: look up the word's last characters
        if len(word) > size and word[-size:] in rules.institution_suffixes:
            return rules.institution_suffixes[word[-size:]]
    return None


def _abbreviation_runs(tokens: list[Token], words: list[str], hits: list[Hit],
                       rules: RuleSet) -> tuple[list[Hit], set[int]]:
    """中/美/两国元首, 德/法意三国: one-character forms jieba cut apart still name the countries together.

    A token that is itself a run of one-character forms (法意, already a compound hit) joins the
    run; the hits it replaces are returned by id so that the caller drops them. `words`: the tokens' texts.
    """
    abbr = rules.abbr
    compounds = {h.first: h for h in hits if h.rule == "country.abbreviation" and h.last == h.first + 1
                 and len(h.text) >= 2 and all(map(abbr.__contains__, h.text))}
    if sum(map(abbr.__contains__, words)) + len(compounds) < 2:
        return [], set()  # a run needs two pieces; most sentences hold none
    covered = {k for h in hits for k in range(h.first, h.last) if compounds.get(h.first) is not h}
    out: list[Hit] = []
    joined: set[int] = set()
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and j not in covered and (tokens[j].text in rules.abbr or j in compounds):
            j += 1
        if j - i >= 2:
            word = "".join(words[i:j])
            if word not in rules.blocked and _compound_context(tokens, i, j):
                codes = tuple(dict.fromkeys(rules.abbr[ch] for ch in word))
                out.append(Hit("compound", "country.abbreviation", codes, tokens[i].start, tokens[j - 1].end,
                               i, j, word))
                joined.update(id(compounds[k]) for k in range(i, j) if k in compounds)
        i = max(j, i + 1)
    return out, joined


# ---------------------------------------------------------------- dates


def match_dates(sentence: Sentence, rules: RuleSet) -> list[DateHit]:
    """All date-pattern matches in a sentence, overlaps resolved: the longest wins, then the earliest."""
    text = sentence.norm
    found: list[DateHit] = []
    for pattern in _date_gates(rules).runnable(text):
        for m in pattern.regex.finditer(text):
            if m.end() > m.start():
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                found.append(DateHit(pattern.id, pattern.kind, groups, sentence.start + m.start(),
                                     sentence.start + m.end(), text[m.start():m.end()]))
    if len(found) <= 1:
        return found  # most sentences: nothing overlaps
    found.sort(key=lambda h: (-(h.end - h.start), h.start))
    chosen: list[DateHit] = []
    for h in found:
        if all(h.end <= c.start or h.start >= c.end for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)


# ---------------------------------------------------------------- which date patterns can match
_WIDE_RANGE = 256  # a character range wider than this is not spelt out: it then requires nothing we name


@dataclass(frozen=True)
class _Clause:
    """What every match of a pattern contains: one of these characters or words, or (digit) any digit."""

    texts: frozenset[str]
    digit: bool = False

    def breadth(self) -> tuple[bool, int, int]:
        """How much satisfies the clause (a digit, many alternatives, short words): less is a sharper test."""
        return self.digit, len(self.texts), -min(map(len, self.texts), default=0)


def _either(clauses: Iterable[_Clause]) -> _Clause:
    """A match holding one of several alternatives, each with its clause, holds their union."""
    items = list(clauses)
    return _Clause(frozenset().union(*(c.texts for c in items)), any(c.digit for c in items))


_HINT = 1  # the bit of the sentence-wide test: a digit, a date character or a summit's name
_BITS = itemgetter(1)  # of an Aho–Corasick find: (where it ends, the key's bits)
_ANY_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class _DateGates:
    """Which date patterns can match a sentence, read from the rules once per rule set.

    Every match of a pattern holds something of each of its clauses: 年 and 月 for a
    year-month-day, 星期, 周 or 礼拜 for a weekday, a summit's name for an event. Each clause
    has a bit; one Aho–Corasick pass finds every clause's characters and words in a sentence, and
    the bits tell which patterns are worth running.
    """

    keys: Any  # ahocorasick.Automaton: a clause's character or word -> the bits of the clauses it satisfies
    digit_bits: int  # the clauses any digit satisfies
    patterns: tuple[tuple[DatePattern, int], ...]  # each with the bits of all its clauses
    # The answer for each set of clauses held: few sets occur, and testing every pattern per sentence cost more.
    chosen: dict[int, tuple[DatePattern, ...]] = field(default_factory=dict, compare=False)

    def runnable(self, text: str) -> tuple[DatePattern, ...]:
        """The patterns all of whose clauses hold in `text`, in rule order; none without the hint."""
        held = self.digit_bits if _ANY_DIGIT.search(text) else 0
        # The bits of every key found, or-ed together in C (a digit-rich sentence finds dozens).
        held = reduce(or_, map(_BITS, self.keys.iter(text)), held)
        if not held & _HINT:
            return ()
        if held not in self.chosen:
            self.chosen[held] = tuple(pattern for pattern, needs in self.patterns if needs & held == needs)
        return self.chosen[held]


def automaton(values: dict[str, Any]) -> Any:
    """An Aho–Corasick automaton of these (non-empty) words, each reporting its value; None for no words.

    Its `iter(text)` gives (where a word ends, its value) for every word found, overlaps too, in one
    pass. The resolvers' gates use it through here: the matcher owns the library."""
    if not values:
        return None
    keys = ahocorasick.Automaton()
    for word, value in values.items():
        keys.add_word(word, value)
    keys.make_automaton()
    return keys


def _date_gates(rules: RuleSet) -> _DateGates:
    return rules.derive("match.date_gates", lambda: _gates_of(rules))


def _gates_of(rules: RuleSet) -> _DateGates:
    # Before any pattern runs, a sentence must hold an ASCII digit, a date character or a summit's name.
    hint = [*"0123456789", *rules.word_list("date_char"), *(name for s in rules.summits for name in s.names)]
    bits = dict.fromkeys(hint, _HINT)
    clause_bit: dict[_Clause, int] = {}
    patterns = []
    for p in rules.date_patterns:
        needs = 0
        for clause in _required(p.regex):
            if clause.texts or clause.digit:  # (a clause nothing satisfies would stop its pattern)
                needs |= clause_bit.setdefault(clause, _HINT << (len(clause_bit) + 1))
        patterns.append((p, needs))
    for clause, bit in clause_bit.items():
        for text in clause.texts:
            bits[text] = bits.get(text, 0) | bit
    keys = ahocorasick.Automaton()
    for text, bit in bits.items():
        keys.add_word(text, bit)
    keys.make_automaton()
    digit_bits = sum(bit for clause, bit in clause_bit.items() if clause.digit)
    return _DateGates(keys, digit_bits, tuple(patterns))


def _required(regex: re.Pattern[str]) -> list[_Clause]:
    """The clauses every match of `regex` satisfies; none (the pattern always runs) when that cannot be read."""
    if regex.flags & re.IGNORECASE:
        return []  # a literal then stands for its other cases too
    try:
        return _sequence(list(_sre_parser.parse(regex.pattern, regex.flags)))
    except Exception:  # noqa: BLE001 - a parser detail changed between Pythons: run the pattern always
        return []


def _sequence(items: list[Any]) -> list[_Clause]:
    """Clauses of a parsed sequence: those of each item it cannot skip; literals in a row make one word."""
    out: list[_Clause] = []
    run = ""
    for op, av in items:
        if op is _sre_constants.LITERAL:
            run += chr(av)
            continue
        if run:
            out.append(_Clause(frozenset({run})))
            run = ""
        out.extend(_item(op, av))
    if run:
        out.append(_Clause(frozenset({run})))
    return out


def _item(op: Any, av: Any) -> list[_Clause]:
    c = _sre_constants
    if op is c.IN:
        clause = _class(av)
        return [clause] if clause else []
    if op is c.SUBPATTERN:
        return [] if av[1] & re.IGNORECASE else _sequence(list(av[-1]))
    if op is c.BRANCH:
        # One clause per alternative, the sharpest; an alternative that requires nothing spoils the branch.
        per = [_sequence(list(branch)) for branch in av[1]]
        return [_either(min(cs, key=_Clause.breadth) for cs in per)] if all(per) else []
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
        low, _high, sub = av
        return _sequence(list(sub)) if low >= 1 else []
    if op is c.CATEGORY and av is c.CATEGORY_DIGIT:
        return [_Clause(frozenset(), digit=True)]
    return []  # lookarounds, anchors, \s, any character: nothing a match must hold


def _class(items: list[Any]) -> _Clause | None:
    """[日号], [0-3], \\d: the characters a class matches; None for a negated, wide or other class."""
    c = _sre_constants
    chars: set[str] = set()
    digit = False
    for op, av in items:
        if op is c.LITERAL:
            chars.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] <= _WIDE_RANGE:
            chars.update(chr(k) for k in range(av[0], av[1] + 1))
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            digit = True
        else:
            return None  # NEGATE, wide ranges, other categories
    return _Clause(frozenset(chars), digit)


# What a start would otherwise build first: kept in the cached rules (pipeline.prepare_with).
PREPARED = (_date_gates, _lexicon_stems)
