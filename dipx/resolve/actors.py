"""Who a sentence talks about: people, countries and groups, with the codes they stand for.

Hits that stand next to each other make one actor: 加拿大 + 总理 + 特鲁多 is one person of
Canada; 联合国秘书长 is the UN; 11个国家领导人 is a group of eleven still to be named; 他,
两人 and 双方 point back to actors already met. The resolver keeps the discourse state
(the topic, the people mentioned, the last meeting's parties) that those references need.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..match import Hit, MatchedSentence
from ..model import Token
from ..ruleset import RuleSet
from ..ruleset.model import WordRule
from .lazy import table

# Headlines part phrases with a space. YAML words are stripped, so the space cannot be a member
# of the clause_break class: it is part of the text format, and the code knows it here.
HEADLINE_BREAK = " "
COMITATIVE_REACH = 3


@dataclass(slots=True)  # slots: every sentence makes a few
class Actor:
    kind: str  # person | country | org | group | count | pronoun | pair | collective
    codes: tuple[str, ...]  # what it stands for; empty while unresolved
    start: int
    end: int
    first: int  # token indices
    last: int
    clause: int
    text: str
    name: str | None = None  # a known person's name, or the title phrase
    title: str | None = None
    count: int | None = None  # for count groups (11个国家领导人)
    place: bool = False  # 在印尼巴厘岛: a place, not a party
    addressee: bool = False  # 向日本发出信号: whom a message is sent to, not a party
    via_capital: bool = False
    same_meeting: bool = False  # 这次会晤: the meeting already told, not a new one
    led_by_org: bool = False  # 金砖国家领导人: a group named through an organisation
    object: bool = False  # preceded by 与/同/跟/和: the other side, not the subject
    reference: WordRule | None = None  # the reference rule (上一次, 两人 …) a reference actor came from

    @property
    def identity(self) -> str:
        return self.name or f"{'/'.join(self.codes)}:{self.title or self.text}"


@dataclass
class SentenceActors:
    ms: MatchedSentence
    actors: list[Actor]
    clause_of_token: list[int]
    rules: RuleSet
    lists: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)  # (count hint, codes) of 包括 lists

    def cues(self, clause: int, effect: str) -> list[Hit]:
        """The cue words of one effect (planned, by_video, negation …) in a clause, in order."""
        return self._cues_by_clause.get((clause, effect), [])

    def clause_words(self, clause: int) -> list[str]:
        """The token texts of one clause, in order."""
        return self._words_by_clause.get(clause, [])

    def clause_text(self, clause: int) -> str:
        """The text of one clause (its tokens joined): the assembler tests it for words many times."""
        if clause not in self._text_by_clause:
            self._text_by_clause[clause] = "".join(self.clause_words(clause))
        return self._text_by_clause[clause]

    def token_at(self, offset: int) -> int:
        """The index of the token holding `offset` (the last token for an offset past the end):
        a bisection of the tokens' ends, shared by the assembler and the sentence's view."""
        return min(bisect_right(self.token_ends, offset), len(self.ms.tokens) - 1)

    @table
    def token_ends(self) -> list[int]:
        return [t.end for t in self.ms.tokens]

    def sentence_holds(self, key: str, pattern: re.Pattern) -> bool:
        """Whether `pattern` matches anywhere in the sentence, searched once per sentence and key.

        A clause's text is a piece of the sentence's (its tokens spell it), so a pattern the
        sentence does not hold matches in none of its clauses: most sentences are answered
        without joining any clause's words."""
        if key not in self._holds:
            self._holds[key] = pattern.search(self.ms.sentence.norm) is not None
        return self._holds[key]

    @table
    def _holds(self) -> dict[str, bool]:
        return {}

    @table
    def _text_by_clause(self) -> dict[int, str]:
        return {}

    @table
    def _words_by_clause(self) -> dict[int, list[str]]:
        # A clause's tokens are one run, and every clause from 0 to the last holds a token: each run
        # is one slice, its end found by list.index rather than a Python step per token.
        texts = [t.text for t in self.ms.tokens]
        clauses = self.clause_of_token
        last = clauses[-1] if clauses else -1
        index: dict[int, list[str]] = {}
        start = 0
        for clause in range(last + 1):
            end = clauses.index(clause + 1, start) if clause < last else len(clauses)
            index[clause], start = texts[start:end], end
        return index

    @table
    def _cues_by_clause(self) -> dict[tuple[int, str], list[Hit]]:
        # built once per sentence: the assembler asks about cues many times for each meeting word
        index: dict[tuple[int, str], list[Hit]] = {}
        for h in self.ms.hits:
            if h.group == "cue" and h.word_rule is not None and h.word_rule.effect is not None:
                index.setdefault((self.clause_of_token[h.first], h.word_rule.effect), []).append(h)
        return index


def is_clause_break(word: str, rules: RuleSet) -> bool:
    return word in rules.words("clause_break") or word == HEADLINE_BREAK


def clause_index(ms: MatchedSentence, rules: RuleSet) -> list[int]:
    """Each token's clause: how many clause breaks stand before it."""
    breaks = _words(rules).breaks
    clauses, clause = [], 0
    tokens = ms.tokens
    for k, t in enumerate(tokens):  # a plain loop: the cheapest way in CPython, and this runs on every sentence
        clauses.append(clause)
        if t.text in breaks and not (t.text == HEADLINE_BREAK and _inside_latin(tokens, k)):
            clause += 1
    return clauses


def _inside_latin(tokens: list[Token], k: int) -> bool:
    """教宗方济各(Pope Francis): the space between two Latin words is part of a name, no break."""
    return 0 < k < len(tokens) - 1 and tokens[k - 1].text[-1:].isascii() and tokens[k - 1].text[-1:].isalpha() \
        and tokens[k + 1].text[:1].isascii() and tokens[k + 1].text[:1].isalpha()


def find_actors(ms: MatchedSentence, rules: RuleSet) -> SentenceActors:
    words = _words(rules)
    clauses = clause_index(ms, rules)
    hits = _actor_hits(ms.hits)
    actors: list[Actor] = []
    i = 0
    while i < len(hits):
        actor, i = _next_actor(hits, i, ms, clauses, words)
        actors.append(actor)
    actors.extend(_count_groups(ms, rules, clauses, actors))
    actors.sort(key=_start)
    _mark_roles(actors, ms, rules)
    return SentenceActors(ms, actors, clauses, rules, _announced_lists(ms, actors, rules))


ACTOR_GROUPS = frozenset({"country", "capital", "compound", "person", "org", "org_head", "title", "reference"})
CHAIN_GROUPS = frozenset({"title", "person", "org_head"})  # what may follow an actor's first hit in its chain
TITLE_GROUPS = frozenset({"title", "org_head"})
CODE_GROUPS = frozenset({"country", "capital", "org", "org_head"})  # the hits whose value is one code


def _start(x: Actor | Hit) -> int:
    return x.start


def _text_order(h: Hit) -> tuple[int, int]:
    return h.start, -h.end  # the longer hit first where two start together


def _actor_hits(hits: list[Hit]) -> list[Hit]:
    """The hits actors are made of, in text order. A forum named as a summit (G20, APEC) is an event, not a party."""
    found = [h for h in hits if h.group in ACTOR_GROUPS]
    summits = {(h.start, h.end) for h in hits if h.group == "summit"}
    if summits:
        found = [h for h in found if not (h.group == "org" and (h.start, h.end) in summits)]
    found.sort(key=_text_order)
    return found


def _next_actor(hits: list[Hit], i: int, ms: MatchedSentence, clauses: list[int],
                words: _Words) -> tuple[Actor, int]:
    h = hits[i]
    if h.group in ("country", "capital") and h.first > 0 and ms.tokens[h.first - 1].text in words.stationed:
        # 中国驻柬埔寨大使: Cambodia is where the ambassador serves, not whose he is
        actor = _actor("country", _chain_codes([h]), h, h, ms, clauses)
        actor.place = True
        return actor, i + 1
    j = _chain_end(hits, i, ms, words)
    if j == i + 1 and h.group in ("country", "capital"):  # most actors: a country alone, read as below
        actor = _actor("country", _chain_codes([h]), h, h, ms, clauses)
        actor.via_capital = h.group == "capital"
        return actor, j
    last = hits[j - 1]
    if j == i + 1 and h.group == "title" and _collective(h):
        return _actor("collective", (), h, last, ms, clauses, title=h.text), j
    if h.group == "reference":
        reference = h.word_rule  # a reference hit carries its rule
        if reference is not None:
            refers = reference.refers
            kind = "pair" if refers in ("pair", "previous_meeting", "same_meeting") else \
                "pronoun" if refers == "he_she" else "collective"
            actor = _actor(kind, (), h, last, ms, clauses)
            actor.same_meeting = refers == "same_meeting"
            actor.reference = reference
            return actor, j
    chain = hits[i:j]
    codes = _chain_codes(chain)
    person, title = _person_and_title(chain)
    if person or title or h.group == "org_head":
        collective = any(c.group == "title" and _collective(c) for c in chain)
        name = person.person.name if person and person.person else None
        kind = "person" if (person or not collective) else "group"
        if kind == "group" and len(codes) == 1:
            kind = "person"  # 中国领导人: one country's leader
        actor = _actor(kind, codes, h, last, ms, clauses, name=name, title=title)
        actor.led_by_org = h.group == "org" and collective
        return actor, j
    if h.group == "org":
        return _actor("org", codes, h, last, ms, clauses), j
    if h.group == "compound" and len(codes) > 1:
        return _actor("group", codes, h, last, ms, clauses), j
    actor = _actor("country", codes, h, last, ms, clauses)
    actor.via_capital = h.group == "capital"
    return actor, j


def _chain_end(hits: list[Hit], i: int, ms: MatchedSentence, words: _Words) -> int:
    """Past the hits that make one actor with hits[i]: country/org + title(s) + name, or title + name."""
    last = hits[i]
    j = i + 1
    while j < len(hits):
        h = hits[j]
        if h.group not in CHAIN_GROUPS or not _next_in_chain(h, last, ms, words) or (
                h.group == "title" and last.group == "person"):
            break
        last = h
        j += 1
    return j


def _next_in_chain(h: Hit, last: Hit, ms: MatchedSentence, words: _Words) -> bool:
    """Adjacent, or joined by 兼 (副总理兼外长): one person's titles and name."""
    if h.first == last.last:
        return True
    return h.first == last.last + 1 and ms.tokens[last.last].text in words.title_joiner


def _chain_codes(chain: list[Hit]) -> tuple[str, ...]:
    for h in chain:  # the country named first wins: 加拿大总理特鲁多
        if h.group in CODE_GROUPS:
            code = h.code
            if code is not None:
                return (code,)
        elif h.group == "compound":
            return h.codes
    for h in chain:
        if h.person is not None:
            return (h.person.country,)
    return ()


def _person_and_title(chain: list[Hit]) -> tuple[Hit | None, str | None]:
    """The chain's first name hit, and the text of its first title (or organisation head)."""
    person, title = None, None
    for c in chain:
        if person is None and c.group == "person":
            person = c
        elif title is None and c.group in TITLE_GROUPS:
            title = c.text
    return person, title


def _collective(h: Hit) -> bool:
    """各国领导人, 两国元首: a title that names no one person."""
    return h.word_rule is not None and h.word_rule.collective


def _actor(kind: str, codes: tuple[str, ...], first: Hit, last: Hit, ms: MatchedSentence, clauses: list[int],
           name: str | None = None, title: str | None = None) -> Actor:
    """The actor spanning hits first … last."""
    s = ms.sentence
    return Actor(kind, codes, first.start, last.end, first.first, last.last, clauses[first.first],
                 s.text[first.start - s.start: last.end - s.start], name, title)


LIST_INTRO_REACH = 16  # characters after a count of leaders (三位领导人单独会晤，分别是) within which its list opens


def _count_groups(ms: MatchedSentence, rules: RuleSet, clauses: list[int], actors: list[Actor]) -> list[Actor]:
    """11个国家领导人, 11国领袖, 三国领导人: a number of countries' leaders, named elsewhere."""
    out: list[Actor] = []
    s = ms.sentence
    if not _words(rules).count_core.search(s.norm):
        # the cheap test first: the full pattern tries a number at every character
        return _person_counts(ms, rules, clauses) + _introduced_leader_counts(ms, rules, clauses)
    for m in _count_pattern(rules).finditer(s.norm):
        start, end = s.start + m.start(), s.start + m.end()
        n = rules.number(m.group("n"))
        if n is None or n < 3 or any(a.kind == "pair" and a.start <= start < a.end for a in actors):
            continue  # 两国领导人 is a pair already met, not a group still to be named
        # the collective title inside, or a bare title (三国总统), is part of the group, not an actor of its own
        actors[:] = [a for a in actors if not (start <= a.start < end and (
            a.kind == "collective" or (a.kind == "person" and a.name is None and not a.codes)))]
        out.append(_count_actor(ms, clauses, start, end, n))
    return out + _person_counts(ms, rules, clauses) + _introduced_leader_counts(ms, rules, clauses)


def _introduced_leader_counts(ms: MatchedSentence, rules: RuleSet, clauses: list[int]) -> list[Actor]:
    """与三位领导人单独会晤，分别是俄罗斯、印度和哈萨克斯坦领导人: people counted by their measure word count
    countries only where a list intro (分别是) follows to name them (四位领袖 alone may be of one country)."""
    s = ms.sentence
    out: list[Actor] = []
    if not any(w in s.norm for w in rules.word_list("person_measure")):
        return out  # the cheap test first
    intro = _list_intro_pattern(rules)
    for m in _leader_count_pattern(rules).finditer(s.norm):
        n = rules.number(m.group("n"))
        if n is None or n < 3 or not intro.search(s.norm, m.end(), m.end() + LIST_INTRO_REACH):
            continue  # 两位领导人 is a pair reference, as 两人 is; a count with no list after it names no one
        out.append(_count_actor(ms, clauses, s.start + m.start(), s.start + m.end(), n))
    return out


def _list_intro_pattern(rules: RuleSet) -> re.Pattern:
    """A clause break, then a word that opens a list (，分别是): built once per rule set."""
    return rules.derive("actors.list_intro_pattern", lambda: re.compile(
        alternation(rules.words("clause_break")) + alternation(rules.word_list("list_intro"))))


def _leader_count_pattern(rules: RuleSet) -> re.Pattern:
    """N位 + 领导人/领袖 …, built once per rule set."""
    return rules.derive("actors.leader_count_pattern", lambda: re.compile(
        number_pattern(rules) + alternation(rules.word_list("person_measure")) + alternation(rules.leader_titles)))


def _count_actor(ms: MatchedSentence, clauses: list[int], start: int, end: int, n: int) -> Actor:
    """A group of `n` written at [start, end) of the text, with the tokens it spans."""
    first = next((k for k, t in enumerate(ms.tokens) if t.end > start), 0)
    last = next((k + 1 for k, t in enumerate(ms.tokens) if t.end >= end), len(ms.tokens))
    s = ms.sentence
    return Actor("count", (), start, end, first, last, clauses[first], s.norm[start - s.start:end - s.start], count=n)


def _person_counts(ms: MatchedSentence, rules: RuleSet, clauses: list[int]) -> list[Actor]:
    """，4人将会谈: a number of people opening a clause, those just listed before it."""
    out: list[Actor] = []
    s = ms.sentence
    if not any(noun in s.norm for noun in _words(rules).person_count_nouns):
        return out  # the cheap test first (人 is in a fifth of sentences): the pattern tries a break at every character
    for m in _person_count_pattern(rules).finditer(s.norm):
        n = rules.number(m.group("n"))
        if n is None or n < 3:
            continue  # 两人 is a pair reference
        out.append(_count_actor(ms, clauses, s.start + m.start("n"), s.start + m.end(), n))
    return out


def _person_count_pattern(rules: RuleSet) -> re.Pattern:
    """A clause break, a number, then 人: built once per rule set."""
    return rules.derive("actors.person_count_pattern", lambda: re.compile(
        alternation(rules.words("clause_break")) + number_pattern(rules)
        + alternation(rules.words("person_count_noun"))))


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of `words`, the longest first (国家 before 国)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def number_pattern(rules: RuleSet) -> str:
    """A named group `n` for a number RuleSet.number can read: digits, or exact numeral characters."""
    exact = [ch for ch in rules.numerals if len(ch) == 1 and ch not in rules.words("approximate_numeral")]
    return r"(?P<n>\d+|[" + "".join(re.escape(ch) for ch in exact) + "]+)"


def _count_pattern(rules: RuleSet) -> re.Pattern:
    """N个国家 + 的 + 领导人/领袖/首脑 …, built once per rule set."""
    return rules.derive("actors.count_pattern", lambda: re.compile(
        number_pattern(rules) + alternation(rules.word_list("count_measure")) + "?" + _countries_leaders(rules)))


def _countries_leaders(rules: RuleSet) -> str:
    """国家 + 的 + 领导人 …: a count group after its number and measure word."""
    return (alternation(rules.word_list("country_noun")) + alternation(rules.word_list("attributive")) + "?"
            + alternation(rules.leader_titles))


@dataclass(frozen=True)
class _Words:
    """The word classes the actor finder tests every actor against, in the shapes it tests them."""

    breaks: frozenset[str]  # clause breaks, the headline's space among them
    place_or_attend: frozenset[str]  # before an organisation: where it is, or a meeting attended
    addressee_marker: tuple[str, ...]
    coordinator: frozenset[str]
    comitative: frozenset[str]
    not_comitative: frozenset[str]
    quote_mark: frozenset[str]
    stationed: frozenset[str]
    title_joiner: frozenset[str]
    count_core: re.Pattern  # what every count group holds (国家领导人): found faster than the whole pattern
    place_markers: frozenset[str]
    topic_marker: frozenset[str]
    target_marker: frozenset[str]
    event_words: frozenset[str]
    title_openers: frozenset[str]
    person_count_nouns: tuple[str, ...]  # what every person count holds (4人): found faster than the whole pattern
    post_modifiers: frozenset[str]  # 时任, 前: words before a post that keep it in a list
    outlet_suffix: frozenset[str]
    non_state_suffix: frozenset[str]
    topic_noun: frozenset[str]
    viewpoint_close: frozenset[str]
    kin: frozenset[str]
    aspect: frozenset[str]
    list_separator: frozenset[str]
    aside_close: dict[str, str]  # ( → ): a bracketed gloss after a name

    @staticmethod
    def of(rules: RuleSet) -> _Words:
        return _Words(
            breaks=rules.words("clause_break") | {HEADLINE_BREAK},
            place_or_attend=rules.place_markers | rules.words("attend_verb"),
            addressee_marker=tuple(rules.words("addressee_marker")),
            coordinator=rules.words("coordinator"), comitative=rules.words("comitative_strict"),
            not_comitative=rules.words("not_comitative"), quote_mark=rules.words("quote_mark"),
            stationed=rules.words("stationed"), title_joiner=rules.words("title_joiner"),
            count_core=re.compile(_countries_leaders(rules)), place_markers=rules.place_markers,
            topic_marker=rules.words("topic_marker"), target_marker=rules.words("target_marker"),
            event_words=rules.event_words,
            title_openers=_title_openers(rules), person_count_nouns=rules.word_list("person_count_noun"),
            post_modifiers=rules.words("then_serving") | frozenset(rules.former),
            outlet_suffix=rules.words("outlet_suffix"), non_state_suffix=rules.words("non_state_suffix"),
            topic_noun=rules.words("topic_noun"),
            viewpoint_close=rules.words("viewpoint_close"),
            kin=rules.words("kin_word"),
            aspect=rules.words("aspect_particle"),
            list_separator=rules.words("list_separator"),
            aside_close={p[0]: p[1] for p in rules.word_list("aside_pair") if len(p) == 2})


def aside_closers(rules: RuleSet) -> dict[str, str]:
    """Each bracket that opens a gloss after a name (圣卢西亚(Saint Lucia)), with the one that closes it."""
    return _words(rules).aside_close


def _words(rules: RuleSet) -> _Words:
    return rules.derive("actors.words", lambda: _Words.of(rules))


def _mark_roles(actors: list[Actor], ms: MatchedSentence, rules: RuleSet) -> None:
    toks = ms.tokens
    words = _words(rules)
    previous_end = 0
    for a in actors:
        before = toks[a.first - 1].text if a.first > 0 else ""
        if a.kind in ("country", "capital", "org") and before in words.place_markers:
            a.place = True  # 在印尼巴厘岛: where, not who
        if (a.kind == "org" or a.led_by_org) and _word_before(toks, a.first, words) in words.place_or_attend:
            a.place = True  # 在“金砖+”对话会后, 出席金砖国家领导人会晤: an event, not a party
        if a.via_capital:
            a.place = True  # 曼谷会场: a capital names the country, but in a meeting it is where
        # 时/向 is often cut as 时向: the marker may close the token before
        a.addressee = before.endswith(words.addressee_marker)
        if before in words.topic_marker:
            a.addressee = True  # 就叙利亚局势举行会谈: what the meeting is about is no party of it either
        after_gloss = _past_gloss(toks, a.last, words)
        if a.kind == "org" and a.first >= 2 and toks[a.first - 1].text[:1] in words.aside_close \
                and any(w in toks[a.first - 2].text for w in words.event_words):
            a.place = True  # 金砖国家峰会(BRICS): a gloss of the summit's name, an event, not a party
        if a.kind == "org" and _members_counted(ms, a, rules):
            a.place = True  # 金砖五国领导人, 东盟十国中的九个国家: the members counted meet, not the organisation
        if a.kind == "org" and any(t.text in words.event_words for t in toks[after_gloss:after_gloss + 3]):
            a.place = True  # 东盟峰会, 东协加三峰会: the organisation's meeting is an event, not a party
        following = toks[a.last].text if a.last < len(toks) else None
        if a.kind == "country" and following is not None and (
                following[:1] in words.title_openers or following in words.outlet_suffix):
            a.place = True  # 美国《纽约时报》, 德国之声: the country of an outlet, not a party
        if a.kind in ("country", "org") and following in words.non_state_suffix \
                and not _leaders_at(toks, a.last + 1, rules):
            # 土耳其军工企业代表, 印度媒体, 访问北约成员国: its companies, press or members unnamed, no party (nor a
            # venue); but 东盟成员国领导人 are its leaders, who meet as the organisation
            a.addressee = True
        if a.kind in ("country", "group") and following in words.topic_noun:
            a.addressee = True  # 叙利亚问题, 乌克兰危机, 俄乌冲突: what is talked about, no party
        if a.kind == "person" and before in words.kin:
            a.addressee = True  # 与夫人米歇尔一道: family who come along, no party, whoever the name may be
        viewpoint = before in words.target_marker and following in words.viewpoint_close
        if viewpoint:
            a.addressee = True  # 对中国来说是赢: for whom it holds, no party and no one visited
        if _org_led(a, ms) and (following in words.event_words or _meeting_word_after(a, ms, rules)):
            a.place = True  # 上合组织元首会议, 金砖国家领导人第五次会晤: the organisation's summit
        lead = toks[max(previous_end, a.first - COMITATIVE_REACH):a.first]
        # 与/同/跟 (the other side), or 对越南进行国事访问 (target_marker: the one visited, not who visits)
        if before in words.coordinator or (before in words.target_marker and not viewpoint) \
                or _comitative(before, words) \
                or _comitative_lead(lead, words) or _coordinated_lead(lead, words):
            a.object = True
        previous_end = a.last
    _topics_listed(actors, ms, words)


def _leaders_at(toks: list[Token], k: int, rules: RuleSet) -> bool:
    """Whether token k is a word for leaders (领导人, 元首, 首脑 …)."""
    return k < len(toks) and toks[k].text in rules.leader_titles


def _topics_listed(actors: list[Actor], ms: MatchedSentence, words: _Words) -> None:
    """就叙利亚、利比亚和阿富汗局势, 叙利亚、伊朗和乌克兰问题: each country of a list that a topic word opens or
    closes is a topic. Joined by 和/及 alone, two countries are topics only when a topic word stands both
    before and after them: 就叙利亚和土耳其举行会谈 may name a side. (What a meeting word's clause goes on to
    take up, 会谈议题涉及叙利亚、利比亚, is word class `mention_verb`'s: assemble._talked_about.)"""
    toks = ms.tokens
    for chain in _country_lists(actors, toks, words):
        head, tail = chain[0], chain[-1]
        opened = head.first > 0 and toks[head.first - 1].text in words.topic_marker
        closed = tail.last < len(toks) and toks[tail.last].text in words.topic_noun
        enumerated = any(t.text in words.list_separator for t in toks[head.last:tail.first])
        if (opened or closed) and (enumerated or (opened and closed)):
            for a in chain:
                a.addressee = True


def _country_lists(actors: list[Actor], toks: list[Token], words: _Words) -> list[list[Actor]]:
    """Runs of two or more countries, each joined to the next by one coordinator token (A、B和C)."""
    runs: list[list[Actor]] = []
    for prev, a in zip(actors, actors[1:], strict=False):
        joint = toks[prev.last:a.first]
        if prev.kind == a.kind == "country" and len(joint) == 1 and joint[0].text in words.coordinator:
            if runs and runs[-1][-1] is prev:
                runs[-1].append(a)
            else:
                runs.append([prev, a])
    return runs


def _members_counted(ms: MatchedSentence, a: Actor, rules: RuleSet) -> bool:
    """An organisation's name right before a number of countries (金砖五国, 东盟十国): its members, counted."""
    pattern = rules.derive("actors.members_counted", lambda: re.compile(
        number_pattern(rules) + alternation(rules.word_list("count_measure")) + "?"
        + alternation(rules.word_list("country_noun"))))
    return pattern.match(ms.sentence.norm, a.end - ms.sentence.start) is not None


def _past_gloss(toks: list[Token], k: int, words: _Words) -> int:
    """The token after a name's closing quote marks and bracketed gloss: 「上海合作组织」（SCO）峰会 gives 峰会."""
    while k < len(toks) and toks[k].text in words.quote_mark:
        k += 1
    close = words.aside_close.get(toks[k].text[:1]) if k < len(toks) else None
    if close is not None:
        end = next((j for j in range(k, min(len(toks), k + 8)) if close in toks[j].text), None)
        if end is not None:
            k = end + 1
    return k


def _coordinated_lead(lead: list[Token], words: _Words) -> bool:
    """与马克龙、时任德国总理默克尔: a list's 、 or 和, then only a word like 时任 or 前 before the post."""
    at = max((i for i, t in enumerate(lead) if t.text in words.coordinator), default=None)
    return at is not None and at < len(lead) - 1 and all(t.text in words.post_modifiers for t in lead[at + 1:])


def _comitative_lead(lead: list[Token], words: _Words) -> bool:
    """同王毅, 同中共中央外办主任王毅: a 与/同/跟 a few words before, with no other actor or break between."""
    return any(_comitative(t.text, words) for t in lead) and not any(t.text in words.breaks for t in lead)


def _title_openers(rules: RuleSet) -> frozenset[str]:
    """《 and 〈: the opening marks of a work's title (the first half of each `title_pair` word)."""
    return frozenset(w[0] for w in rules.word_list("title_pair"))


def _org_led(a: Actor, ms: MatchedSentence) -> bool:
    """金砖国家领导人, 上合组织元首: a post named through an organisation, not one person's."""
    if a.led_by_org:
        return True
    if a.kind != "person" or a.name is not None:
        return False  # the cheap tests first: only an unnamed post can be an organisation's
    first = next((h for h in ms.hits if h.start == a.start and h.group in ACTOR_GROUPS), None)
    return first is not None and first.group == "org"


def _meeting_word_after(a: Actor, ms: MatchedSentence, rules: RuleSet) -> bool:
    """A meeting word right after the actor, or after one word that is neither 与/和 nor a break (第五次)."""
    toks = ms.tokens
    for h in ms.hits:
        if h.group != "trigger" or not a.last <= h.first <= a.last + 1:
            continue
        between = toks[a.last].text if h.first > a.last else ""
        if not (between in rules.words("coordinator") or is_clause_break(between, rules)):
            return a.led_by_org
    return False


def _comitative(word: str, words: _Words) -> bool:
    """与, 同, 跟, or one glued to the word before it by jieba (日同, 并与, 还同)."""
    return word in words.comitative or (len(word) == 2 and word[1] in words.comitative
                                        and word not in words.not_comitative)


def _word_before(toks, k: int, words: _Words) -> str:
    """The word before token k, past quotation marks."""
    k -= 1
    while k >= 0 and toks[k].text in words.quote_mark:
        k -= 1
    return toks[k].text if k >= 0 else ""


def _announced_lists(ms: MatchedSentence, actors: list[Actor], rules: RuleSet) -> list[tuple[int, tuple[str, ...]]]:
    """Runs of countries joined by 、/和: (the count announced before them or 0, their codes). A country's
    leader unnamed is one of them (分别是俄罗斯、印度和哈萨克斯坦领导人)."""
    out = []
    run: list[Actor] = []
    for a in actors + [None]:
        if a is not None and _list_member(a) and (not run or _joined(run[-1], a, ms, rules)):
            run.append(a)
            continue
        if len(run) >= 2:
            codes = tuple(dict.fromkeys(c for r in run for c in r.codes))
            out.append((_announced_count(run[0], ms, rules), codes))
        run = [a] if a is not None and _list_member(a) else []
    return out


def _list_member(a: Actor) -> bool:
    return not a.place and (a.kind == "country" or (a.kind == "person" and a.name is None and len(a.codes) == 1))


def _joined(a: Actor, b: Actor, ms: MatchedSentence, rules: RuleSet) -> bool:
    between = "".join(t.text for t in ms.tokens[a.last:b.first])
    return between in rules.words("coordinator") or between == ","  # 美国,法国和德国: a comma runs a list on


def _announced_count(first: Actor, ms: MatchedSentence, rules: RuleSet) -> int:
    """11国包括美国、法国……: the number said just before the list, if any (0 when none is read)."""
    head = ms.sentence.norm[: first.start - ms.sentence.start]
    m = _announce_pattern(rules).search(head)
    return (rules.number(m.group("n")) or 0) if m else 0


def _announce_pattern(rules: RuleSet) -> re.Pattern:
    """N个国家 …包括: up to 12 characters of one clause between the number and the word that opens the list."""
    def build() -> re.Pattern:
        breaks = "".join(re.escape(b) for b in rules.word_list("clause_break") if len(b) == 1)
        return re.compile(number_pattern(rules) + alternation(rules.word_list("count_measure")) + "?"
                          + alternation(rules.word_list("country_noun")) + "?" + "[^" + breaks + "]{0,12}"
                          + alternation(rules.word_list("list_intro")) + "[:]?$")  # 包括: the colon after it
    return rules.derive("actors.announce_pattern", build)


# What a start would otherwise build first: kept in the cached rules (pipeline.prepare_with).
PREPARED = (_person_count_pattern, _count_pattern, _announce_pattern, _leader_count_pattern, _list_intro_pattern)
