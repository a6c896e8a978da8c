"""Rules × tokens → hits: every place a rule's word or word shape fires in a sentence.

Names are looked up in the compiled lexicon (a dict), trying the longest run of up to four
tokens first, so a name jieba split in two is still found; abbreviations are recognised by
the shape of a token (中美, 美方, 美 + 众议长). Date patterns, the only regular expressions,
run only on sentences holding a character that can start a date.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Sentence, Token
from .ruleset import RuleSet

MAX_SPAN = 4
COUNTRY_GROUPS = frozenset({"country", "capital", "compound"})


@dataclass(frozen=True)
class Hit:
    group: str  # country | capital | compound | abbr | person | org | org_head | title | trigger | cue | speech |
    #             reference | summit | institution | institution_suffix
    rule: str
    value: object
    start: int  # offsets into Document.text
    end: int
    first: int  # token indices [first, last)
    last: int
    text: str  # normalised surface


@dataclass(frozen=True)
class DateHit:
    rule: str
    kind: str
    groups: dict
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class MatchedSentence:
    sentence: Sentence
    tokens: list[Token]
    hits: list[Hit]
    dates: list[DateHit]


def match_sentence(sentence: Sentence, tokens: list[Token], rules: RuleSet) -> MatchedSentence:
    return MatchedSentence(sentence, tokens, match_tokens(tokens, rules), match_dates(sentence, rules))


def match_tokens(tokens: list[Token], rules: RuleSet) -> list[Hit]:
    hits: list[Hit] = []
    i = 0
    while i < len(tokens):
        span = _longest_entry(tokens, i, rules)
        if span:
            j, word = span
            entries = rules.lookup(word)
            blocked = any(e.group == "blocked" for e in entries)
            for e in entries:
                if e.group == "blocked" or (blocked and e.group in COUNTRY_GROUPS):
                    continue  # a blocked word names no country, but may still be a person or a title
                if e.group == "capital" and j < len(tokens) and tokens[j].text in rules.capital_not_before:
                    continue
                hits.append(Hit(e.group, e.rule, e.value, tokens[i].start, tokens[j - 1].end, i, j, word))
            i = j
            continue
        found = _shape_hits(tokens, i, rules)
        hits.extend(found or _inner_hits(tokens, i, rules))
        i += 1
    return hits


INNER_GROUPS = frozenset({"country", "trigger", "cue", "title", "reference", "person"})


def _inner_hits(tokens: list[Token], i: int, rules: RuleSet) -> list[Hit]:
    """Words inside a longer token jieba did not split: 中国外交部, 在会谈中, 正式访问, 仍未."""
    tok = tokens[i]
    word = tok.text
    if len(word) < 3 or word in rules.blocked:
        return []
    out: list[Hit] = []
    k = 0
    while k < len(word) - 1:
        for size in range(min(len(word) - k, rules.max_word_len), 1, -1):
            entries = [e for e in rules.lookup(word[k:k + size]) if e.group in INNER_GROUPS]
            if entries:
                piece = word[k:k + size]
                out.extend(Hit(e.group, e.rule, e.value, tok.start + k, tok.start + k + size, i, i + 1, piece)
                           for e in entries)
                k += size
                break
        else:
            k += 1
    return out


def _longest_entry(tokens: list[Token], i: int, rules: RuleSet) -> tuple[int, str] | None:
    text = ""
    found = None
    for j in range(i, min(len(tokens), i + MAX_SPAN)):
        text += tokens[j].text
        if len(text) > rules.max_word_len:
            break
        if text in rules.lexicon:
            found = (j + 1, text)
    return found


def _shape_hits(tokens: list[Token], i: int, rules: RuleSet) -> list[Hit]:
    """Words recognised by their shape rather than listed: abbreviations and contracted forms."""
    tok = tokens[i]
    word = tok.text
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""

    def hit(group: str, rule: str, value: object) -> Hit:
        return Hit(group, rule, value, tok.start, tok.end, i, i + 1, word)

    out: list[Hit] = []
    host = _host_prefix(word, rules)
    if host:
        rule, codes = host
        out.append(hit("trigger", rule.id, (rule, codes)))
        out.append(hit("compound", "country.abbreviation", codes))
        return out
    contracted = _contracted_meeting(word, rules)
    if contracted:
        out.append(hit("trigger", "meeting.talks_contracted", contracted))
        return out
    codes = abbreviation_codes(word, rules)
    if codes:
        out.append(hit("compound", "country.abbreviation", codes))
    elif len(word) == 1 and word in rules.abbr and _is_title_word(nxt, rules):
        out.append(hit("compound", "country.abbreviation", (rules.abbr[word],)))
    return out


def abbreviation_codes(word: str, rules: RuleSet) -> tuple[str, ...]:
    """中美 → (CHN, USA); 中美关系 → (CHN, USA); 美方 → (USA,); anything else → ()."""
    if word in rules.blocked or len(word) < 2:
        return ()
    if len(word) == 2 and word[0] in rules.abbr and word[1] in rules.abbr_suffixes:
        return (rules.abbr[word[0]],)
    for suffix in ("", *rules.compound_suffixes):
        stem = word[: len(word) - len(suffix)] if suffix else word
        if suffix and not word.endswith(suffix):
            continue
        if len(stem) >= 2 and stem not in rules.blocked and all(ch in rules.abbr for ch in stem):
            codes = tuple(dict.fromkeys(rules.abbr[ch] for ch in stem))
            return codes if len(codes) == len(stem) else ()
    return ()


def _is_title_word(word: str, rules: RuleSet) -> bool:
    return any(e.group in ("title", "org_head") for e in rules.lookup(word)) or word in rules.abbr_suffixes


def _host_prefix(word: str, rules: RuleSet):
    """访华, 访日, 赴美: a visit word whose second half names the host."""
    if len(word) != 2:
        return None
    for rule in rules.word_rules:
        if rule.group == "trigger" and rule.host_prefix and word[0] in rule.words:
            if word in rules.compounds:
                return rule, rules.compounds[word]
            if word[1] in rules.abbr:
                return rule, (rules.abbr[word[1]],)
    return None


def _contracted_meeting(word: str, rules: RuleSet):
    """习拜会: two leaders' one-character short forms followed by 会."""
    if len(word) != 3 or word[2] != "会":
        return None
    a = [p for p in rules.people if p.short == word[0]]
    b = [p for p in rules.people if p.short == word[1]]
    if a and b and a[0] is not b[0]:
        return (a[0], b[0])
    return None


DATE_CHARS = frozenset("年月日号天周星期礼拜今去明前后当同次翌昨晚初底旬半第首") | frozenset("0123456789")


def match_dates(sentence: Sentence, rules: RuleSet) -> list[DateHit]:
    """All date-pattern matches in a sentence, overlaps resolved: the longest wins, then the earliest."""
    text = sentence.norm
    if not DATE_CHARS.intersection(text) and not _names_event(text, rules):
        return []
    found: list[DateHit] = []
    for pattern in rules.date_patterns:
        for m in pattern.regex.finditer(text):
            if m.end() > m.start():
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                found.append(DateHit(pattern.id, pattern.kind, groups, sentence.start + m.start(),
                                     sentence.start + m.end(), text[m.start():m.end()]))
    found.sort(key=lambda h: (-(h.end - h.start), h.start))
    chosen: list[DateHit] = []
    for h in found:
        if all(h.end <= c.start or h.start >= c.end for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)


def _names_event(text: str, rules: RuleSet) -> bool:
    return any(name in text for s in rules.summits for name in s.names)
