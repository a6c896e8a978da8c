"""Quoted people: who speaks (a speech verb and its speaker), as what, for whom, and their words.

The speaker is read leftwards from the verb: past adverbs (也, 则) and place phrases (在记者会上),
a Latin alias in brackets, then the name, then the description the article gives before it
(澳洲国立大学政治学者). The description gives the post and the institution; both give the role.
Later mentions (a surname, the last part of a foreign name, the Latin name) link to the first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..match import Hit, MatchedSentence, automaton
from ..model import Document, Evidence, Explanation, NearMiss, Person, Quote, Token
from ..normalize import normalize
from ..ruleset import RuleSet
from ..ruleset.model import KnownPerson, WordRule, any_of
from .patterns import COMMON_WORD_FREQ, NAME_SHAPES, find_matches
from .view import SentenceView

STOP = frozenset({",", "。", ";", ":", "“", "”", "「", "」", "『", "』", "!", "?", "、"})
POST_JOINER = frozenset({"、"})  # joins one person's posts in a description, not two clauses
ADDRESSEE_REACH = 6
PLACE_REACH = 12  # tokens back from a place phrase's 上/时 to its 在 (在该机构就…对媒体举行的吹风会上)
SUBJECT_REACH = 16  # the most tokens of a description and a name before the subject's adverb
NAME_BETWEEN_POSTS = 4  # the most characters of a name written between two posts (所长於向东教授)
DOTTED_FIRST_CHARS = 6  # the longest given name before a foreign name's dot (阿卜杜加尼·…)
NAME_AFTER_TITLE_TOKENS = 3  # the most tokens jieba cuts a name after a title into (专家巴/赫尔斯/卡)
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
LATIN_INITIAL = re.compile(r"[A-Z]\.?")  # the middle initial of a foreign name (乔治·W·布什)
LEADING_ASIDE = re.compile(r"^\s*\([^()]{0,20}\)\s*")  # (图/路透) before a description: a credit, not a post
LATIN = re.compile(r"^[A-Za-z][A-Za-z .'’\-]*[A-Za-z.]$")  # ’ as in O’Carroll


@dataclass
class Speaker:
    name: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    known: KnownPerson | None = None
    quotes: list[Quote] = field(default_factory=list)
    quoted_at: set[int] = field(default_factory=set)  # the quotes' starts: one speaker may be quoted hundreds of times
    evidence: list[Evidence] = field(default_factory=list)
    role: str = "other"
    affiliation: str | None = None
    post: str | None = None
    country: str | None = None
    fired: list[tuple[str, str]] = field(default_factory=list)  # (rule id, file:line), for --explain
    position: int = -1  # where in the article's order of speakers it was first met


def find_people(doc: Document, views: list[SentenceView],
                rules: RuleSet) -> tuple[list[Person], list[Quote], list[NearMiss]]:
    """Everyone quoted, the quotes whose speaker goes unnamed, and the speech verbs left without a speaker."""
    speakers = Speakers(Introductions(views, rules))
    anonymous: list[Quote] = []
    misses: list[NearMiss] = []
    published = doc.published.date() if doc.published else None
    last: tuple[int, Speaker] | None = None  # the latest speaker, and the sentence it was met in
    for at, view in enumerate(views):
        ms, prev = view.ms, views[at - 1].ms if at else None
        taken: set[tuple[int, int]] = set()
        for found, verb, ref in _construction_speakers(view, rules, speakers):
            taken.add((verb.start, verb.end))
            for each in _joined_speakers(ms, found, rules, speakers):  # A和B进行解读: both read the news
                sp = _record(ms, verb, each, speakers, rules, [ref, (verb.rule, rules.rule_where.get(verb.rule, ""))])
            last = (ms.sentence.index, sp)
        for verb in (h for h in ms.hits if h.group == "speech" and (h.start, h.end) not in taken):
            found = _speaker_at(ms, verb, rules, speakers)
            if found is None:  # 他认为: the subject of its own sentence's first clause, else the last speaker
                found = _subject_goes_on(ms, None, verb, rules, speakers) or _carried_over(ms, verb, rules, last) \
                    or _subject_goes_on(ms, prev, verb, rules, speakers)
            if found is None:
                quote = _quote_for(ms, verb, None, rules)
                if quote and _anonymous_source(ms, verb, rules):
                    anonymous.append(quote)
                else:
                    misses.append(NearMiss("speaker", "a speech verb with no speaker", ms.sentence.index,
                                           verb.start, verb.end, verb.text, verb.rule, rules.rule_where.get(verb.rule)))
                continue
            for each in _joined_speakers(ms, found, rules, speakers):
                sp = _record(ms, verb, each, speakers, rules, [(verb.rule, rules.rule_where.get(verb.rule, ""))])
            last = (ms.sentence.index, sp)
    for sp in speakers:
        _classify(sp, rules, published)
    return [_person(sp) for sp in speakers], anonymous, misses


def _record(ms: MatchedSentence, verb: Hit, found, speakers: Speakers, rules: RuleSet,
            fired: list[tuple[str, str]]) -> Speaker:
    """One mention of a speaker: linked to an earlier one of the same person, with its quote and evidence."""
    name_span, first, description, alias, known = found
    quote = _quote_for(ms, verb, first, rules)
    speaker = _link(name_span[2], alias, description, known, speakers)
    if quote and quote.start not in speaker.quoted_at:
        speaker.quotes.append(quote)
        speaker.quoted_at.add(quote.start)
    s = ms.sentence
    speaker.evidence.append(Evidence(s.text, name_span[0], verb.end, verb.rule,
                                     s.text[name_span[0] - s.start: verb.end - s.start]))
    speaker.fired.extend(r for r in fired if r not in speaker.fired)
    return speaker


def _carried_over(ms: MatchedSentence, verb: Hit, rules: RuleSet, last: tuple[int, Speaker] | None):
    """他认为 / 她说 opening a clause, just after a speaker was met: the same speaker goes on."""
    if last is None or ms.sentence.index - last[0] > 1:
        return None
    k = _skip_back(ms, verb.first - 1, rules)
    toks = ms.tokens
    if k < 0 or toks[k].text not in _words(rules).pronoun or (k > 0 and toks[k - 1].text not in STOP):
        return None
    speaker = last[1]
    return (toks[k].start, toks[k].end, speaker.name), k, "", None, speaker.known


def _subject_goes_on(ms: MatchedSentence, prev: MatchedSentence | None, verb: Hit, rules: RuleSet,
                     speakers: Speakers):
    """他认为 / 她宣称 opening a clause, after a clause whose subject is a titled or known person with
    no speech verb of their own (教授王明则持不同看法，他认为…; 王明则将此事与选举相连。他宣称…):
    that subject is the speaker. The subject opens its sentence and an adverb (则, 也) follows it."""
    k = _skip_back(ms, verb.first - 1, rules)
    toks = ms.tokens
    if k < 0 or toks[k].text not in _words(rules).pronoun or (k > 0 and toks[k - 1].text not in STOP):
        return None
    where = ms if k > 0 else prev  # prev None: only the pronoun's own sentence
    if where is None:
        return None
    limit = k - 1 if where is ms else len(where.tokens)
    wt = where.tokens
    titled_subject = _titled_subject(where, limit, rules)
    if titled_subject is not None:
        return (toks[k].start, toks[k].end, titled_subject[0]), k, titled_subject[1], None, None
    for j in range(min(limit, SUBJECT_REACH)):
        if wt[j].text in STOP:
            return None
        if j + 1 < len(wt) and wt[j + 1].text in rules.adverbs:
            found = _speaker_ending(where, j, rules, speakers)
            if found is None:
                return None
            titled = bool(found[2]) and _last_title(normalize(found[2]), rules)[1] is not None
            if found[4] is None and not titled and not _introduced(found[0][2], speakers):
                return None
            _, _, description, alias, known = found
            return (toks[k].start, toks[k].end, found[0][2]), k, description, alias, known
    return None


def _titled_subject(ms: MatchedSentence, limit: int, rules: RuleSet) -> tuple[str, str] | None:
    """(name, description) of 教授时殷弘则…, however jieba cut it (殷弘则持): a title in the sentence's
    first clause, then two to four characters of a name, then an adverb glued on (则, 也)."""
    s, toks = ms.sentence, ms.tokens
    last_end = toks[limit - 1].end if 0 < limit <= len(toks) else s.start
    end = next((t.start for t in toks[:limit] if t.text in STOP), last_end)
    titles = [h for h in ms.hits if h.group == "title" and h.end < end]
    if not titles:
        return None
    for title in titles:
        rest = s.norm[title.end - s.start:end - s.start]
        for n in range(2, NAME_BETWEEN_POSTS + 1):
            name, after = rest[:n], rest[n:n + 1]
            if len(name) == n and HAN.match(name) and after in rules.word_list("glued_adverb") \
                    and any(t.start == title.end for t in toks) \
                    and not any(h.start < title.end + n and h.end > title.end for h in ms.hits if h.group != "person"):
                description = s.text[:title.end - s.start].strip()
                cut = max(description.rfind(ch) for ch in "，,。;；:：“”") + 1
                return s.text[title.end - s.start:title.end - s.start + n], description[cut:]
    return None


def _construction_speakers(view: SentenceView, rules: RuleSet, speakers: Speakers):
    """(speaker as _speaker_at gives it, the speech verb, the construction) for each speaker construction match.
    Where the verb is a mark (王明：), not a speech verb, the name must be one the article met before or
    follow its post right away (专家王明：): a mark alone says less than a verb (报告：, 来源： name nobody)."""
    ms = view.ms
    for m in find_matches(view, rules, "speaker"):
        spec = m.construction.speaker
        who = m.slot(spec.speaker) if spec else None
        verb_fill = m.slot(spec.verb) if spec and spec.verb else next(
            (f for f in m.fills if f.hit is not None and f.hit.group == "speech"), None)
        tokens = ms.tokens
        marked = verb_fill is not None and verb_fill.hit is None and verb_fill.last > verb_fill.first
        if marked:
            verb_fill = _as_speech(ms, verb_fill, m.construction.id)  # 王明：“…”: the mark reports the words
        if who is None or verb_fill is None or verb_fill.hit is None or verb_fill.hit.group != "speech":
            continue
        first = who.first
        if who.actors and who.actors[0].name is None:
            if who.actors[0].last >= who.last:
                continue  # a title with no name after it names nobody
            first = who.actors[0].last  # 主任/吴心伯: the title belongs to the description
        start, end = tokens[first].start, tokens[who.last - 1].end
        if any(d.start < end and start < d.end for d in ms.dates):
            continue  # 本周三在…撰文说: a date is never the speaker
        name = who.actors[0].name if who.actors and who.actors[0].name else ms.sentence.text[
            start - ms.sentence.start:end - ms.sentence.start].strip()
        affiliation = m.slot(spec.affiliation) if spec and spec.affiliation else None
        description = _fill_text(ms, affiliation) if affiliation \
            else _description(ms, first, rules, _words_before(m, first))
        if _unnamed(description, rules):
            continue
        post = _post_right_before(description, rules) if marked else None
        if marked and not _introduced(name, speakers) and post is None:
            continue
        if post is not None and post.role == "journalist":
            continue  # 记者王明：, 主持人张伟：: a byline or a host's line, not a speaker's words
        yield ((start, end, name), first, description, None, None), verb_fill.hit, (
            m.construction.id, m.construction.where)


def _post_right_before(description: str, rules: RuleSet) -> WordRule | None:
    """The title rule of the post the description ends with, right before the name (东湖研究中心秘书长), if any.
    A journalist's post there (记者, 主持人, 编辑) makes a colon open a byline or a host's lines, no one quoted."""
    desc = normalize(description).rstrip()
    rule, post = _last_title(desc, rules)
    return rule if post is not None and desc.endswith(post) else None


def _as_speech(ms: MatchedSentence, fill, rule: str):
    """A word slot named as a construction's verb (the colon of 王明：), as a speech hit of that construction."""
    tokens, first, last = ms.tokens, fill.first, fill.last
    start, end = tokens[first].start, tokens[last - 1].end
    s = ms.sentence
    hit = Hit("speech", rule, None, start, end, first, last, s.norm[start - s.start:end - s.start])
    return replace(fill, hit=hit)


def _words_before(m, first: int) -> int:
    """Where a description may start: after the match's last named slot before the name (持相同观点的还有|…)."""
    return max((f.last for f in m.fills if f.last <= first and not f.label.startswith("gap")), default=0)


def _fill_text(ms: MatchedSentence, fill) -> str:
    s, tokens = ms.sentence, ms.tokens
    return s.text[tokens[fill.first].start - s.start: tokens[fill.last - 1].end - s.start].strip()


# ---------------------------------------------------------------- the speaker
def _speaker_at(ms: MatchedSentence, verb: Hit, rules: RuleSet, speakers: Speakers):
    """((start, end, name), name token index, description, Latin alias, known person) or None."""
    tok = ms.tokens[verb.first]
    if verb.first > 0 and ms.tokens[verb.first - 1].text in _words(rules).place_open:
        return None  # 拉哈特在谈到…时说: a verb right after an open 在 is inside a time phrase; 说 is the verb
    if verb.start > tok.start and tok.text[0] not in rules.words("glued_before_verb"):
        found = _speaker_by_chars(ms, verb, rules, speakers)  # 瓦维洛/夫说: the name ends inside the verb's token
        # only a dotted foreign name, one met before, or a whole token jieba made of a name and its verb right
        # after the post (副主任/赵晨称) reads on into the token (领导人之间/互称 is no name)
        return found if found is not None and ("·" in normalize(found[0][2]) or _introduced(found[0][2], speakers)
                                               or (found[0][0] == tok.start and _right_after_title(ms, tok.start)))\
            else None
    return _speaker_by_tokens(ms, verb, rules, speakers) or _speaker_by_chars(ms, verb, rules, speakers)


def _right_after_title(ms: MatchedSentence, start: int) -> bool:
    return any(h.group == "title" and h.end == start for h in ms.hits)


NAME_CHARS = NAME_SHAPES["han"]  # the construction matcher's name slot reads names the same way
GAP = "[^,。“”]"  # any character but a clause's or a quotation's edge


@dataclass(frozen=True)
class _Words:
    """The word classes the speaker finder reads, in the shapes it tests them: built once per rule set."""

    place_open: tuple[str, ...]
    place_close: tuple[str, ...]
    addressee: frozenset[str]  # whom the speaker told, or by whom interviewed: skipped before the verb
    told: frozenset[str]  # a name right after one of these is whom the speaker told, not the speaker
    addressee_prefix: tuple[str, ...]
    glued: tuple[str, ...]  # a name token ending in one is read again character by character
    quote_pairs: dict[str, str]
    quote_marks: re.Pattern  # any opening or closing mark of those pairs
    title_marks: dict[str, str]  # closing mark -> opening mark around an outlet's name: one word
    place_tail: re.Pattern  # 在记者会上, 受访时, 在接受本报采访时, 对本台: between a name and its verb
    adverb_tail: re.Pattern  # one adverb character glued to the name's end
    pronoun: frozenset[str]  # 他认为 right after a speaker: the same speaker goes on
    topic: frozenset[str]  # opens a topic clause between a speaker's place phrase and the verb
    joiner: frozenset[str]  # joins two speakers of one verb (A与B都认为)

    @staticmethod
    def of(rules: RuleSet) -> _Words:
        open_, close = rules.alternation("place_open"), rules.alternation("place_close")
        when, interview = rules.alternation("time_suffix"), rules.alternation("interview_verb")
        pairs = {pair[0]: pair[1:] for pair in rules.word_list("quote_pair") if len(pair) == 2}
        tail = (rf"(?:{open_}{GAP}{{1,10}}?{close}|{rules.alternation('interviewed')}{when}?"
                rf"|{open_}?{interview}{GAP}{{0,8}}{when}|{rules.alternation('addressee_prefix')}{GAP}{{1,8}})$")
        return _Words(
            place_open=rules.word_list("place_open"), place_close=rules.word_list("place_close"),
            addressee=rules.words("addressee") | rules.words("interview_verb"), told=rules.words("addressee"),
            addressee_prefix=rules.word_list("addressee_prefix"),
            glued=rules.word_list("glued_adverb") + rules.word_list("glued_function_word"),
            quote_pairs=pairs,
            quote_marks=re.compile(any_of({*pairs, *pairs.values()})),
            title_marks={p[1]: p[0] for p in rules.word_list("title_mark_pair") if len(p) == 2},
            place_tail=re.compile(tail),
            adverb_tail=re.compile(any_of(a for a in rules.adverbs if len(a) == 1) + "$"),
            pronoun=rules.words("speaker_pronoun"), topic=rules.words("topic_preposition"),
            joiner=rules.words("speaker_joiner"),
        )


def _words(rules: RuleSet) -> _Words:
    return rules.derive("people.words", lambda: _Words.of(rules))


def _speaker_by_chars(ms: MatchedSentence, verb: Hit, rules: RuleSet, speakers: Speakers):
    """教授田中健一在接受本报采访时指出, however jieba cut it: the characters between the title and the verb."""
    titles = sorted((h for h in ms.hits if h.group == "title" and 0 <= verb.start - h.end <= 16),
                    key=lambda h: -h.end)
    # the latest title first; one whose reading names nobody may be whom the speaker told (专家约纳坦·
    # 弗里曼对新华社记者说: 记者 is the addressee's post), and the title before it is read instead
    return next((found for title in titles
                 if (found := _speaker_after_title(ms, verb, title, rules, speakers)) is not None), None)


def _adverbs_longest_first(rules: RuleSet) -> tuple[str, ...]:
    """The adverbs in a fixed order, longest first: 在受访时 is cut whole before 受访时 could leave its 在 behind,
    and no run depends on the order a set happens to iterate in."""
    return rules.derive("people.adverbs_longest_first",
                        lambda: tuple(sorted(rules.adverbs, key=lambda a: (-len(a), a))))


def _speaker_after_title(ms: MatchedSentence, verb: Hit, title: Hit, rules: RuleSet, speakers: Speakers):
    s = ms.sentence
    lead = next((w for w in rules.word_list("attributive") if s.norm.startswith(w, title.end - s.start)), "")
    start = title.end + len(lead)  # 次官的朴正浩: the 的 after the post is not the name's
    mid = s.norm[start - s.start: verb.start - s.start]
    words = _words(rules)
    while True:
        cut = words.place_tail.sub("", words.adverb_tail.sub("", mid))
        for adverb in _adverbs_longest_first(rules):
            if cut.endswith(adverb):
                cut = cut[: -len(adverb)]
        cut_end = start + len(cut)  # 教授星期六在…上撰文称: a date before the verb is no name
        cut = cut[:min((d.start - start for d in ms.dates if start <= d.start < cut_end <= d.end), default=len(cut))]
        if cut == mid:
            break
        mid = cut
    post_after = ""  # 钱亚旭博士说: the post written after the name belongs to the description
    if not mid:  # 所长於向东教授星期六撰文称: the name stands between the post before it and the post after
        # 研究所富坂聪教授指出: an institution's name stands before the name as a post may
        before = [h for h in ms.hits if h.group in ("title", "institution", "institution_suffix")
                  and 0 < title.start - h.end <= NAME_BETWEEN_POSTS]
        if before:
            start = max(h.end for h in before)
            mid = s.norm[start - s.start: title.start - s.start]
        else:  # 傅高义教授表示: a name the article introduced with a post before, or that opens its clause
            mid = _introduced_before(ms, title.start, speakers) or _clause_opening(ms, title.start, rules)
            start = title.start - len(mid)
            if not mid:
                return None
            post_after = (speakers.titled(mid) or "") + s.text[title.start - s.start:title.end - s.start]
    end = start + len(mid)
    if not NAME_CHARS.fullmatch(mid) or _word_not_name(ms, start, mid, rules):
        return None  # 教授在脸书发帖称: a place phrase left open is no name; 专家和舆论分析: nor a joined noun
    first = next(k for k, t in enumerate(ms.tokens) if t.end > start)
    head = s.text[: start - s.start]
    cut_at = max(head.rfind(ch) for ch in "，,。;；:：“”") + 1
    description = post_after or head[cut_at:].strip()
    if _unnamed(description, rules):
        return None
    return (start, end, s.text[start - s.start:end - s.start]), first, description, None, None


def _introduced_before(ms: MatchedSentence, end: int, speakers: Speakers) -> str:
    """The longest name ending at `end`, starting at a token's start, that the article met before."""
    s = ms.sentence
    starts = {t.start for t in ms.tokens}
    for n in range(NAME_BETWEEN_POSTS + 1, 1, -1):
        name = s.norm[end - n - s.start:end - s.start]
        if len(name) == n and end - n in starts and HAN.match(name) and _introduced(name, speakers):
            return name
    return ""


def _clause_opening(ms: MatchedSentence, end: int, rules: RuleSet) -> str:
    """钱亚旭博士说 opening a clause: the two to four characters (or a dotted name) from the clause's
    start to a post, where they start a token; the caller tests them as it tests any name."""
    s = ms.sentence
    head = s.norm[:end - s.start]
    at = max(head.rfind(ch) for ch in "，,。;；:：“”「」") + 1
    name = head[at:].strip()
    starts = {t.start for t in ms.tokens}
    if not NAME_CHARS.fullmatch(name) or end - len(name) not in starts \
            or name.startswith(tuple(rules.quantifiers)) or name in rules.anonymous \
            or ("·" not in name and end not in {t.end for t in ms.tokens}) or _common_word(ms, end - len(name), name):
        return ""  # 多位学者分析: how many, not who; 高级官员 one word: a post's modifier, no name
    # a dotted name, a family name and one or two characters, or words jieba never saw: not 马国交通部长
    inside = [t for t in ms.tokens if end - len(name) <= t.start and t.end <= end]
    if "·" in name or _looks_like_name(name, rules) or all(t.freq == 0 for t in inside):
        return name
    return ""


def _common_word(ms: MatchedSentence, start: int, text: str) -> bool:
    """A single token jieba knows well (私下, 随后) is a word, not a name."""
    return any(t.start == start and t.text == text and t.freq >= COMMON_WORD_FREQ for t in ms.tokens)


def _speaker_by_tokens(ms: MatchedSentence, verb: Hit, rules: RuleSet, speakers: Speakers):
    return _speaker_ending(ms, _skip_back(ms, _past_topic(ms, verb, rules), rules), rules, speakers)


def _joined_speakers(ms: MatchedSentence, found, rules: RuleSet, speakers: Speakers) -> list:
    """[A, B] for A与B都认为 (each with a description of their own), else [found]: two speakers,
    the first titled or known, joined by a word of `speaker_joiner`, share the verb."""
    toks, joiners = ms.tokens, _words(rules).joiner
    first = found[1]
    c = first - 1
    while c > 0 and (toks[c].text not in STOP or toks[c].text in POST_JOINER) and toks[c].text not in joiners:
        c -= 1
    if c < 1 or toks[c].text not in joiners:
        return _listed_speakers(ms, found, rules)
    other = _speaker_ending(ms, c - 1, rules, speakers)
    if other is None or not (other[4] is not None or _last_title(normalize(other[2]), rules)[1]):
        return [found]
    span, first, _, alias, known = found
    return [other, (span, first, _description(ms, first, rules, c + 1), alias, known)]


def _listed_speakers(ms: MatchedSentence, found, rules: RuleSet) -> list:
    """[A, B, C] for 学者A、B、C撰文称: names listed with 、 after one post share it and the verb;
    else [found]. Each listed piece must read as a name (two to four characters or a dotted name)."""
    (start, end, name), first, description, alias, known = found
    norm = normalize(description)
    if not norm.endswith("、"):
        return [found]
    _, post = _last_title(norm, rules)
    if post is None:
        return [found]
    post_end = norm.rfind(post) + len(post)
    pieces = norm[post_end:-1].split("、")
    at = start - len(description)
    starts = {t.start: k for k, t in enumerate(ms.tokens)}
    listed, offset = [], at + post_end
    for piece in pieces:
        k = starts.get(offset)
        if k is None or not NAME_CHARS.fullmatch(piece) or _common_word(ms, offset, piece) \
                or any(h.start < offset + len(piece) and h.end > offset for h in ms.hits if h.group != "person"):
            return [found]
        text = ms.sentence.text[offset - ms.sentence.start:offset - ms.sentence.start + len(piece)]
        listed.append(((offset, offset + len(piece), text), k, description[:post_end], None, None))
        offset += len(piece) + 1
    return [*listed, ((start, end, name), first, description[:post_end], alias, known)]


def _speaker_ending(ms: MatchedSentence, k: int, rules: RuleSet, speakers: Speakers):
    """The speaker whose name (and Latin alias in brackets) ends at token k, as _speaker_at gives it."""
    toks = ms.tokens
    alias = None
    k = _past_spaces(toks, k)  # 赫布斯特 （John Herbst） 写道: a page's spaces around the brackets
    if k >= 0 and toks[k].text == ")":
        open_at = next((j for j in range(k - 1, max(k - 12, -1), -1) if toks[j].text == "("), None)
        if open_at is None:
            return None
        inner = "".join(t.text for t in toks[open_at + 1:k]).strip()
        alias = inner if LATIN.match(inner) else None
        k = _past_spaces(toks, open_at - 1)
    if k < 0:
        return None
    span = _name_span(ms, k, rules, speakers)
    if span is None:
        return None
    first, last, known = span
    s = ms.sentence
    name = s.text[toks[first].start - s.start: toks[last].end - s.start]
    description = _description(ms, first, rules)
    if _unnamed(description, rules):
        return None
    titled = bool(description) and _last_title(normalize(description), rules)[1] is not None
    if known is None and not titled and not _introduced(name, speakers) and not _plausible_name(ms, first, last, rules):
        return None
    if first > 0 and toks[first - 1].text in _words(rules).told:
        return None
    return (toks[first].start, toks[last].end, name), first, description, alias, known


def _past_spaces(toks: list[Token], k: int) -> int:
    while k >= 0 and toks[k].text.isspace():
        k -= 1
    return k


def _past_topic(ms: MatchedSentence, verb: Hit, rules: RuleSet) -> int:
    """The token to read the speaker back from: before the verb, or before the comma of a topic
    clause that follows a place phrase (王明在研讨会上，针对这一提问表示)."""
    toks, words = ms.tokens, _words(rules)
    c = verb.first - 1
    while c >= 0 and toks[c].text not in STOP:
        c -= 1
    if c < 1 or toks[c].text != "," or toks[c + 1].text not in words.topic or c + 1 == verb.first:
        return verb.first - 1
    before = _skip_back(ms, c - 1, rules)
    placed = before < c - 1 and toks[before + 1].text in words.place_open
    return c - 1 if placed else verb.first - 1


def _in_date(ms: MatchedSentence, tok: Token) -> bool:
    return any(d.start < tok.end and tok.start < d.end for d in ms.dates)


def _place_opening(toks: Sequence[Token], close: int, words: _Words) -> int | None:
    """The 在 that opens the place phrase ending at token `close` (在记者会上), within PLACE_REACH and no
    clause mark between; None if none does."""
    for j in range(close - 1, max(close - PLACE_REACH, -1), -1):
        if toks[j].text in STOP:
            return None
        if toks[j].text in words.place_open:
            return j
    return None


def _inside_place(toks: Sequence[Token], at: int, k: int, words: _Words) -> bool:
    """Whether an addressee word at token `at` stands inside a place phrase closing at k (在该机构就此对媒体举行的
    吹风会上): then whom it names heard a briefing, and the speaker stands before the phrase's 在."""
    if not toks[k].text.endswith(words.place_close):
        return False
    opening = _place_opening(toks, k, words)
    return opening is not None and opening < at


def _skip_back(ms: MatchedSentence, k: int, rules: RuleSet) -> int:
    """Leftwards past adverbs, dates, 在…上 phrases and addressees (对本台, 接受本网访问时) before the verb."""
    toks, words = ms.tokens, _words(rules)
    j, steps = k, 0
    while j >= 0 and steps < ADDRESSEE_REACH:
        opening = words.title_marks.get(toks[j].text)
        if opening is not None:  # 接受《环球时报》记者采访时: the outlet's name in its marks is one word
            at = next((i for i in range(j - 1, max(j - ADDRESSEE_REACH, -1), -1) if toks[i].text == opening), None)
            if at is None:
                break
            j, steps = at - 1, steps + 1
            continue
        if toks[j].text in STOP:
            break
        if (toks[j].text in words.addressee or (toks[j].text.startswith(words.addressee_prefix)
                                                 and len(toks[j].text) <= 3)) and not _inside_place(toks, j, k, words):
            k = j - 1  # 施密特对德国之声表示, 对本台表示: the words after 对 are whom she told
            if k >= 0 and toks[k].text in words.place_open:
                k -= 1  # 在接受新华社专访时: the 在 that opens the interview phrase
            break
        j, steps = j - 1, steps + 1
    while k >= 0:
        text = toks[k].text
        if text in rules.adverbs or _in_date(ms, toks[k]):  # 今年4月曾对本报表示: a date before the verb is no name
            k -= 1
        elif text.startswith(words.place_open) and text.endswith(words.place_close) and len(text) > 2:
            k -= 1  # 在会谈中 as one token
        elif text.endswith(words.place_close):  # 在记者会上, 在会谈后 (会上 may be one token)
            start = _place_opening(toks, k, words)
            if start is None:
                return k
            k = start - 1
        else:
            return k
    return k


def _name_span(ms: MatchedSentence, k: int, rules: RuleSet, speakers: Speakers):  # noqa: C901
    """(first token, last token, known person) of the name ending at token k, or None."""
    toks = ms.tokens
    known = _known_at(ms, k)
    if known is not None:
        return known
    # a foreign name written with a middle dot: 詹姆斯·考伯垂 (jieba may cut it anywhere)
    for j in range(k, max(k - 6, -1), -1):
        # a hyphen stands for the dot too (丹-贝尔), though not after a word a rule knows (中-美, 中-阿)
        if toks[j].text == "·" or (toks[j].text == "-" and j > 0 and not any(
                h.first <= j - 1 < h.last for h in ms.hits if h.group != "person")):
            first = j - 1
            while first >= 2 and LATIN_INITIAL.fullmatch(toks[first].text) and toks[first - 1].text == "·":
                first -= 2  # 埃文·S·梅代罗斯: a Latin initial between two dots is a middle part of the name
            if first >= 0 and HAN.match(toks[first].text) and all(HAN.match(t.text) for t in toks[j + 1:k + 1]):
                if any(h.group == "title" and h.start < toks[k].end and h.end > toks[j].end for h in ms.hits) \
                        or any(len(t.text) > 1 and t.text.endswith(_words(rules).glued) for t in toks[j + 1:k + 1]) \
                        or any(t.text in _words(rules).place_open for t in toks[j + 1:k + 1]):
                    return None  # 沃洛金专家 as one token: the post ends the name; 弗里曼对/本报: a function word
                    # glued on; 拉哈特/在/谈到: an open 在 after the name. The character reading takes over
                covered = {t for h in ms.hits if h.group != "person" for t in range(h.first, h.last)}
                size = len(toks[first].text)
                # 教授弗拉维/娅·洛斯: jieba cut the given name, leaving one character by the dot; the words
                # before it that jieba never saw are its pieces. A given name jieba kept whole (埃菲社/玛丽亚·)
                # takes nothing, and an organisation's name (…社, …大学) is never a piece of one
                while len(toks[j - 1].text) == 1 and first > 0 and first - 1 not in covered \
                        and HAN.match(toks[first - 1].text) and toks[first - 1].freq < COMMON_WORD_FREQ \
                        and size + len(toks[first - 1].text) <= DOTTED_FIRST_CHARS \
                        and not _ends_organisation(toks[first - 1].text, rules):
                    first -= 1
                    size += len(toks[first].text)
                return first, k, None
            break
    after_title = _name_after_title(ms, k, rules)
    if after_title is not None:
        return after_title
    text = toks[k].text
    covered = {t for h in ms.hits if h.group != "person" for t in range(h.first, h.last)}
    if k in covered or not HAN.match(text):
        return None  # a title, a country, a pronoun: not a name
    if k > 0 and toks[k - 1].text in _words(rules).place_open:
        return None  # 教授在/推特/说: what follows an open 在 is a place, the speaker stands before it
    if text.endswith(_words(rules).glued):
        return None  # 吴建宏则, 一在: jieba glued a word on; the character-level reading takes over
    if k > 0 and k - 1 not in covered and (_split_name(toks[k - 1].text, text, rules)
                                           or _introduced(toks[k - 1].text + text, speakers)):
        return k - 1, k, None  # 周/明远: jieba cut the family name off (or a name met before, 车/维德)
    if not 2 <= len(text) <= 4:
        return None
    if toks[k].freq >= COMMON_WORD_FREQ and speakers.find(text) is None:  # 辩论 after a post is still a word
        return None
    return k, k, None


def _ends_organisation(text: str, rules: RuleSet) -> bool:
    """Whether a token ends as an organisation's name does (埃菲社, 某某大学, 德国之声): an institution's
    word or suffix, or an outlet's."""
    endings = rules.derive("people.organisation_endings", lambda: tuple(
        {w for w, _, _ in _institution_words(rules) if w} | set(rules.word_list("outlet_suffix"))))
    return text.endswith(endings)


def _name_after_title(ms: MatchedSentence, k: int, rules: RuleSet):
    """教授田中/健一: what stands between a title and the verb is the name, however jieba cut it."""
    toks = ms.tokens
    titles = [h for h in ms.hits if h.group == "title" and k - NAME_AFTER_TITLE_TOKENS <= h.last - 1 < k]
    if not titles:
        return None
    first = titles[-1].last
    if first < k and toks[first].text in rules.words("attributive"):
        first += 1  # 次官的/朴正浩: the 的 after the post is not the name's
    name = "".join(t.text for t in toks[first:k + 1])
    covered = {t for h in ms.hits if h.group not in ("person",) for t in range(h.first, h.last)}
    if name.endswith(_words(rules).glued) or any(_in_date(ms, t) for t in toks[first:k + 1]) \
            or toks[first].text in _words(rules).place_open or toks[first].text in _words(rules).joiner:
        return None  # 田中健/一在: a function word glued on; 教授/星期六: a date; 教授/在/脸书: a place phrase
    if first < k and HAN.match(name) and 2 <= len(name) <= 5 and not covered & set(range(first, k + 1)):
        return first, k, None
    return None


def _split_name(head: str, tail: str, rules: RuleSet) -> bool:
    return head in rules.surnames and HAN.match(tail) is not None and 2 <= len(head) + len(tail) <= 4


def _known_at(ms: MatchedSentence, k: int) -> tuple[int, int, KnownPerson] | None:
    for h in ms.hits:
        if h.person is not None and h.last - 1 == k and not (h.first > 0 and ms.tokens[h.first - 1].text == "·"):
            return h.first, h.last - 1, h.person  # (大卫·布朗 is not the known 布朗: the dotted name is read whole)
    return None


class Speakers(list[Speaker]):
    """The speakers met so far, in order, indexed so that finding one costs a lookup, not a scan.

    `find` returns the first speaker, in the article's order, who is the same person: the name or
    an alias is the name, or a four-character name starts with the two-character one (田中 for
    田中健一), or both are the same known person.
    """

    def __init__(self, titled: Introductions | None = None) -> None:
        super().__init__()
        self.titled: Callable[[str], str | None] = titled if titled is not None else (lambda name: None)
        self._by_name: dict[str, int] = {}  # name or alias -> the first speaker's position
        self._by_family: dict[str, int] = {}  # two leading characters of four-character names
        self._by_known: dict[int, int] = {}

    def find(self, name: str, known: KnownPerson | None = None) -> Speaker | None:
        found = [self._by_name.get(name)]
        if len(name) == 2:
            found.append(self._by_family.get(name))
        if known is not None:
            found.append(self._by_known.get(id(known)))
        at = min((i for i in found if i is not None), default=None)
        return None if at is None else self[at]

    def add(self, sp: Speaker) -> None:
        self.append(sp)
        at = sp.position = len(self) - 1
        for key in (sp.name, *sp.aliases):
            self._by_name.setdefault(key, at)
        if len(sp.name) == 4:
            self._by_family.setdefault(sp.name[:2], at)
        if sp.known is not None:
            self._by_known.setdefault(id(sp.known), at)

    def add_alias(self, sp: Speaker, alias: str) -> None:
        sp.aliases.append(alias)
        self._by_name[alias] = min(self._by_name.get(alias, sp.position), sp.position)


def _introduced(name: str, speakers: Speakers) -> bool:
    return speakers.find(name) is not None or speakers.titled(name) is not None


class Introductions:
    """Names the article introduces with a post in a sentence with no speech verb (研究员李巍日前接受
    专访; 接连访问学者沙青青、研究中心主任廉德瑰), so that a later bare 李巍表示 is the same titled
    person: the description of the first such mention, or None. Looked up lazily, a name at a time."""

    def __init__(self, views: list[SentenceView], rules: RuleSet) -> None:
        self._views, self._rules = views, rules
        self._seen: dict[str, str | None] = {}
        self._after_posts: dict[str, list[tuple[MatchedSentence, int]]] | None = None

    def __call__(self, name: str) -> str | None:
        name = normalize(name)  # the sentences are searched in their normalised (simplified) form
        if name not in self._seen:
            self._seen[name] = self._find(name) if len(name) >= 2 and HAN.match(name) else None
        return self._seen[name]

    def _posts(self) -> dict[str, list[tuple[MatchedSentence, int]]]:
        """Each place right after a post (顾问的/某某 skips the 的), by the two characters there: built once,
        so a name is looked up among the posts it can follow, not in every sentence (linear in the article)."""
        if self._after_posts is None:
            attributive = self._rules.word_list("attributive")
            index: dict[str, list[tuple[MatchedSentence, int]]] = {}
            for view in self._views:
                ms = view.ms
                toks = ms.tokens
                for h in ms.hits:
                    if h.group != "title" or h.last >= len(toks):
                        continue
                    k = h.last + 1 if toks[h.last].text in attributive and h.last + 1 < len(toks) else h.last
                    at = toks[k].start - ms.sentence.start
                    index.setdefault(ms.sentence.norm[at:at + 2], []).append((ms, k))
            self._after_posts = index
        return self._after_posts

    def _find(self, name: str) -> str | None:
        for ms, k in self._posts().get(name[:2], ()):
            s, toks = ms.sentence, ms.tokens
            at = toks[k].start - s.start
            if not s.norm.startswith(name, at) or _name_goes_on(ms, at + len(name), self._rules) \
                    or not _name_like(ms, toks[k].start, name, self._rules):
                continue
            description = _description(ms, k, self._rules)
            if description and not _unnamed(description, self._rules):
                return description
        return None


def _name_like(ms: MatchedSentence, start: int, name: str, rules: RuleSet) -> bool:
    """What follows a post may be a name: no word (see _word_not_name), and closed as a name is."""
    return not _word_not_name(ms, start, name, rules) and _name_closed(ms, start + len(name), rules)


def _word_not_name(ms: MatchedSentence, start: int, text: str, rules: RuleSet) -> bool:
    """A joined noun (专家和舆论), a place phrase (教授在会上), a word jieba knows well, or a country,
    title or other word a rule knows, where a name would stand."""
    words = _words(rules)
    end = start + len(text)
    return text.startswith(tuple(words.joiner)) or text.startswith(words.place_open) \
        or _common_word(ms, start, text) or any(h.start < end and h.end > start for h in ms.hits if h.group != "person")


def _name_closed(ms: MatchedSentence, end: int, rules: RuleSet) -> bool:
    """What follows a name written after a post closes it as a name does: a clause's edge, 、, a bracket
    (its Latin form), a post, a joiner, an adverb or a function word (廉德瑰、, 李巍日前接受, 傅高义教授),
    a date or a speech verb; not 的 or a noun (官员辩论的话题: 辩论 is no name)."""
    s, words = ms.sentence, _words(rules)
    if end >= s.end:
        return True
    tok = next((t for t in ms.tokens if t.start <= end < t.end), None)
    rest = s.norm[end - s.start:]
    if tok is not None and tok.start < end:  # a word jieba glued on after the name
        return tok.text[end - tok.start:] in rules.adverbs or tok.text.endswith(words.glued)
    nxt = tok.text if tok is not None else rest[:1]
    return (nxt in STOP or rest.startswith(("(", "（")) or nxt in words.joiner or nxt in rules.adverbs
            or nxt in words.glued or any(h.start == end and h.group in ("title", "speech") for h in ms.hits)
            or any(0 <= d.start - end <= 2 for d in ms.dates))  # 翁立德今(21日)于…: a date just after


def _name_goes_on(ms: MatchedSentence, end: int, rules: RuleSet) -> bool:
    """Whether the name ending at sentence offset `end` is only the start of a longer word (李风 in
    李风华); a word jieba glued on after the name (廉德瑰则, 李巍为) does not make it longer."""
    s = ms.sentence
    tok = next((t for t in ms.tokens if t.start - s.start < end <= t.end - s.start), None)
    if tok is None or tok.end - s.start == end:
        return False
    rest = tok.text[end - (tok.start - s.start):]
    return rest not in rules.adverbs and not rest.endswith(_words(rules).glued)


def _looks_like_name(name: str, rules: RuleSet) -> bool:
    return 2 <= len(name) <= 3 and (name[0] in rules.surnames or name[:2] in rules.surnames)


def _plausible_name(ms: MatchedSentence, first: int, last: int, rules: RuleSet) -> bool:
    """A speaker with no title before the name: a family name, or a word jieba has never seen."""
    toks = ms.tokens[first:last + 1]
    if any(d.start < toks[-1].end and toks[0].start < d.end for d in ms.dates):
        return False  # 同日表示: a date, not a name
    name = "".join(t.text for t in toks)
    return _looks_like_name(name, rules) or "·" in name or all(t.freq == 0 for t in toks)


def _description(ms: MatchedSentence, first: int, rules: RuleSet, floor: int = 0) -> str:
    """The words before the name back to the start of its clause, to a reporter's quoting verb (援引…: word
    class `quoting_verb`) or to token `floor`: 澳洲国立大学政治学者, and a chain of posts joined by 、
    (美国乔治敦大学教授、外交关系专家)."""
    toks = ms.tokens
    quoting, attributive = rules.words("quoting_verb"), rules.words("attributive")
    j = first - 1
    while j >= floor:
        if toks[j].text in quoting and not (j + 1 < first and toks[j + 1].text in attributive):
            break  # 援引/专家王明; not 被广泛引用/的/教授王明, a relative clause of the description
        if toks[j].text in STOP and toks[j].text not in POST_JOINER:
            opened = _marked_name_open(ms, j, floor)
            if opened is None:
                break
            j = opened  # 智库「某某研究所」的研究员: a name in quotation marks inside the description
        j -= 1
    if j + 1 < first and toks[j + 1].text in rules.words("place_open"):
        j += 1  # 在北方大学教授王明看来: 在 opens the phrase, it is no part of the post
    s = ms.sentence
    start = toks[j + 1].start if j + 1 < first else toks[first].start
    return s.text[start - s.start: toks[first].start - s.start].strip()


MARKED_NAME_CHARS = 20  # the longest name a description writes in quotation marks (智库「某某研究所」)


def _marked_name_open(ms: MatchedSentence, close: int, floor: int) -> int | None:
    """The token of the opening mark, where token `close` closes an institution's name written in
    quotation marks inside a phrase (智库「某某研究所」的): short, ending as an institution does, with
    no clause mark inside, and glued to a word before it, unlike a quotation that opens its clause
    (“不会有突破”王明说) or words a verb quotes (痛批「无视承诺」). Else None. The name may also follow
    a kind of institution (智库「国防优先」, whatever it ends with), or open the clause where a post or
    its Latin form in brackets goes on after it (「大西洋理事会」资深研究员王明: a quotation is followed
    by its speaker, not by a post)."""
    toks = ms.tokens
    closing = toks[close].text
    opening = next((o for o, c in _QUOTE_CLOSE.items() if c == closing), None)
    if opening is None:
        return None
    for j in range(close - 1, max(close - 12, floor - 1), -1):
        text = toks[j].text
        if text == opening:
            inner = ms.sentence.norm[toks[j].end - ms.sentence.start:toks[close].start - ms.sentence.start]
            glued = j > floor and toks[j - 1].text not in STOP and not toks[j - 1].text.isspace()
            after_kind = glued and any(h.group.startswith("institution") and h.end == toks[j].start for h in ms.hits)
            named = after_kind or any(h.group.startswith("institution") and h.end == toks[close].start
                                      for h in ms.hits)
            opens = (j == floor or toks[j - 1].text in STOP) and close + 1 < len(toks) and (
                toks[close + 1].text == "(" or any(h.group == "title" and h.first == close + 1 for h in ms.hits))
            return j if (glued or opens) and named and 0 < len(inner) <= MARKED_NAME_CHARS else None
        if text in STOP:
            return None
    return None


_QUOTE_CLOSE = {"“": "”", "「": "」", "『": "』"}  # normalised marks as STOP holds them
_OPENING_MARKS = "".join(_QUOTE_CLOSE)


def _unnamed(description: str, rules: RuleSet) -> bool:
    """一个记者打趣说: a quantifier and a title, then a verb, is nobody in particular."""
    description = normalize(description)  # the rules' words are simplified (多數分析師)
    _, post = _last_title(description, rules)
    if not post or not description.endswith(post):
        return False
    head = description[: -len(post)]
    return any(head.endswith(q) for q in rules.quantifiers)


def _anonymous_source(ms: MatchedSentence, verb: Hit, rules: RuleSet) -> bool:
    toks = ms.tokens[:verb.first]
    clause = []
    for t in reversed(toks):
        if t.text in STOP:
            break
        clause.append(t.text)
    return any(w in rules.anonymous for w in clause)


# ---------------------------------------------------------------- their words
def _quote_for(ms: MatchedSentence, verb: Hit, name_token: int | None, rules: RuleSet) -> Quote | None:
    s = ms.sentence
    spans = _quoted_spans(s.norm, rules)
    verb_at = verb.end - s.start
    name_at = ms.tokens[name_token].start - s.start if name_token is not None else verb.start - s.start
    if name_at > verb_at:
        return None  # 持相同观点的还有王明: the view is told before the speaker, the words come later
    after = [sp for sp in spans if sp[0] >= verb_at and s.norm[verb_at:sp[0]].strip(" ,:") == ""]
    before = [sp for sp in spans if sp[1] <= name_at and _description_gap(s.norm[sp[1] + 1:name_at])
              and not _marked_name(ms, sp)]
    chosen = after[0] if after else before[-1] if before else None
    if chosen is None:
        rest = s.norm[verb_at:].lstrip(" ,:")
        if len(rest) < 4:
            return None
        start = len(s.norm) - len(rest)
        chosen = (start, len(s.norm))
    a, b = chosen
    return Quote(s.text[a:b], s.start + a, s.start + b, verb.text)


def _marked_name(ms: MatchedSentence, span: tuple[int, int]) -> bool:
    """A span in marks that names an institution (智库「某某研究所」) is no quotation: the test the
    description reads it by (_marked_name_open), so that words a verb quotes (称其为「红线」) stay words."""
    at = ms.sentence.start + span[1]
    close = next((i for i, t in enumerate(ms.tokens) if t.start == at), None)
    return close is not None and _marked_name_open(ms, close, 0) is not None


def _description_gap(text: str) -> bool:
    """What may stand between a closing quotation mark and its speaker: the speaker's description."""
    return len(text) <= 40 and not any(ch in text for ch in "。!?“”「」『』")


def _quoted_spans(text: str, rules: RuleSet) -> list[tuple[int, int]]:
    """(start, end) of each top-level quotation, marks excluded."""
    words = _words(rules)
    pairs = words.quote_pairs
    spans, stack = [], []
    for m in words.quote_marks.finditer(text):  # only the marks count: skip to them
        i, ch = m.start(), m.group()
        if ch in pairs:
            stack.append((ch, i))
        elif stack and ch == pairs[stack[-1][0]]:
            _, start = stack.pop()
            if not stack:
                spans.append((start + 1, i))
    return spans


# ---------------------------------------------------------------- one person, many mentions
def _link(name: str, alias: str | None, description: str, known: KnownPerson | None,
          speakers: Speakers) -> Speaker:
    found = speakers.find(name, known)
    if found is not None:
        if name != found.name and name not in found.aliases:
            speakers.add_alias(found, name)
        if alias and alias not in found.aliases:
            speakers.add_alias(found, alias)
        if description and not found.description:
            found.description = description
        return found
    sp = Speaker(name=name, description=description or speakers.titled(name) or "", known=known)
    dot = "·" if "·" in name else "-" if "-" in name and HAN.match(name.replace("-", "")) else None
    if dot is not None:
        sp.aliases.append(name.rsplit(dot, 1)[1])  # 考伯垂 for 詹姆斯·考伯垂, 贝尔 for 丹-贝尔
    if alias:
        sp.aliases.append(alias)
    if known is not None:
        sp.aliases.extend(a for a in (known.name, *known.aliases) if a != name and a not in sp.aliases)
    speakers.add(sp)
    return sp


def _classify(sp: Speaker, rules: RuleSet, published: dt.date | None) -> None:
    """Role, post and affiliation from the description, the titles and the leaders' terms."""
    desc = normalize(sp.description)  # rules are simplified; slices of `original` keep the article's script
    cut = _current_part(desc, rules)
    cut += next((len(w) for w in rules.words("attribution_lead") if desc.startswith(w, cut)), 0)
    original, desc = sp.description[cut:], desc[cut:]
    tail = next((w for w in rules.word_list("attributive") if desc.endswith(w) and len(desc) > len(w)), "")
    if tail:  # 高级顾问的郭嘉明: the 的 that ties the post to the name is no part of either
        original, desc = original[:-len(tail)].rstrip(), desc[:-len(tail)].rstrip()
    post_rule, post = _last_title(desc, rules)
    institution, inst_rule = _institution(desc, rules)
    sp.post = _original_slice(original, desc, post)
    former = _former(desc, post, rules) if post else False
    former = former or (_mentions(desc, rules, "former_adverb") and _mentions(desc, rules, "hold_office"))
    then = _mentions(desc, rules, "then_serving")  # 时任国务卿: the post held at the time told
    if sp.known is not None:
        sp.country = sp.known.country
    if post_rule is not None and post_rule.role not in (None, "other"):  # the schema requires the role of both
        sp.role = post_rule.role  # a post whose role is `other` leaves it to the institution
    elif inst_rule is not None and inst_rule.role is not None:
        sp.role = inst_rule.role
    elif former or sp.known is not None:
        sp.role = "official"
    if sp.known is not None and post_rule is None and not then and published is not None \
            and sp.known.term_at(published) is None and sp.known.terms:
        sp.role = "other"  # a leader out of office, named without a post, speaks for no government now
    if former and sp.role == "official" and not (post_rule and post_rule.leader):
        sp.role = "analyst"  # a former official who comments is a commentator
    if then and post_rule is not None and post_rule.role == "official":
        sp.role = "official"
    if inst_rule is not None and inst_rule.role == "analyst" and sp.role == "official" and not former \
            and not (post_rule and post_rule.leader):
        sp.role = "analyst"  # a think tank's 主席 or 主任 speaks as an analyst
    if post and sp.role == "official" and sp.known is None and not then and not (post_rule and post_rule.leader) \
            and _analyst_post_joined(desc, post, rules):
        sp.role = "analyst"  # 研究员和外交官: a scholar who also serves, quoted for her reading
    institution = _original_slice(original, desc, institution)
    sp.affiliation = institution or (original if original and sp.role == "analyst" else None)


def _analyst_post_joined(desc: str, post: str, rules: RuleSet) -> bool:
    """Whether an analyst's post comes right before the last post, joined to it (研究员和外交官): one
    person holding both, the scholar's post told first. The last post must be a calling
    (`calling_post`), not an office: 历史学家、外交部长 is a serving minister."""
    if post not in rules.word_list("calling_post"):
        return False
    head = desc[:desc.rfind(post)].rstrip()
    joiner = next((j for j in (*POST_JOINER, *rules.word_list("speaker_joiner")) if head.endswith(j)), None)
    if joiner is None:
        return False
    head = head[:-len(joiner)].rstrip()
    rule, title = _last_title(head, rules)
    return rule is not None and title is not None and head.endswith(title) and rule.role == "analyst"


def _current_part(desc: str, rules: RuleSet) -> int:
    """Where the post held now is told: after an aside in brackets that opens the description (a photo
    credit), and after the last word of `current_post` (曾任某部官员、现为某研究所研究员: the institute)."""
    aside = LEADING_ASIDE.match(desc)
    floor = aside.end() if aside else 0
    # the furthest end of any word found, so that 现任 inside 现任职于 does not stop short of the longer one
    ends = [at + len(word) for word in rules.word_list("current_post") if (at := desc.rfind(word)) >= floor]
    return max(ends, default=floor)


def _mentions(text: str, rules: RuleSet, class_id: str) -> bool:
    return any(w in text for w in rules.word_list(class_id))


def _original_slice(original: str, norm: str, piece: str | None) -> str | None:
    """`piece` found in the normalised text, as the article wrote it (normalising keeps offsets)."""
    if not piece:
        return None
    at = norm.rfind(piece)
    return original[at:at + len(piece)] if at >= 0 else piece


def _former(desc: str, post: str, rules: RuleSet) -> bool:
    """前驻日本大使, 原外长, 曾任部长: a former word before the post (not 目前 or 此前)."""
    end = desc.rfind(post)
    not_former = rules.word_list("not_former_before")
    for word in rules.former:
        at = desc.rfind(word, 0, end)
        while at >= 0:
            if end - at <= 8 and not desc[:at].endswith(not_former):  # 目前, 此前, 之前 … are not "former"
                return True
            at = desc.rfind(word, 0, at)
    return False


def _last_title(desc: str, rules: RuleSet) -> tuple[WordRule | None, str | None]:
    """The title that ends last in the description, the longer one where two end together."""
    titles = _titles(rules)
    for end in range(len(desc), 0, -1):  # from the right: the first end that closes a title is the last
        if desc[end - 1] not in titles.last_chars:
            continue
        for n in titles.lengths:
            rule = titles.rule_of.get(desc[end - n:end]) if n <= end else None
            if rule is not None:
                return rule, desc[end - n:end]
    return None, None


@dataclass(frozen=True)
class _Titles:
    """The title words, indexed so that reading the last title costs a few lookups per character."""

    rule_of: dict[str, WordRule]  # each title word, with the first rule that lists it
    lengths: tuple[int, ...]  # the words' lengths, longest first
    last_chars: frozenset[str]

    @staticmethod
    def of(rules: RuleSet) -> _Titles:
        rule_of: dict[str, WordRule] = {}
        for rule in rules.rules_in("title"):
            for word in rule.words:
                rule_of.setdefault(word, rule)
        return _Titles(rule_of, tuple(sorted({len(w) for w in rule_of}, reverse=True)),
                       frozenset(w[-1] for w in rule_of))


def _titles(rules: RuleSet) -> _Titles:
    return rules.derive("people.titles", lambda: _Titles.of(rules))


def _institution(desc: str, rules: RuleSet) -> tuple[str | None, WordRule | None]:
    """The first institution named: 圣路易斯华盛顿大学 of 圣路易斯华盛顿大学东亚系副教授, or the
    one a generic word introduces (英国智库查塔姆研究所: 查塔姆研究所)."""
    found = _first_institution(desc, 0, rules)
    if found is None:
        return None, None
    generic = rules.word_list("generic_institution")
    rest = desc[found[0]:]
    if desc[:found[0]].endswith(generic) and rest[:1] in _QUOTE_CLOSE:  # 智库「国防优先」: the name in marks
        inner = rest[1:rest.find(_QUOTE_CLOSE[rest[0]])]
        if 0 < len(inner) <= MARKED_NAME_CHARS and _QUOTE_CLOSE[rest[0]] in rest:
            return inner.strip(), found[1]
    named = _first_institution(desc, found[0], rules) if desc[:found[0]].endswith(generic) else None
    end, rule, at = named or found
    start = at if named else max((desc.rfind(f) + len(f) for f in rules.former if desc.startswith(f)), default=0)
    start = max([start] + [desc.rfind(j, 0, at) + 1 for j in POST_JOINER])  # 前官员、西湖研究所: its own post
    name = desc[start:end].strip()
    marked = max(name.rfind(mark) for mark in _OPENING_MARKS)  # 智库「某某研究所」: the name in the marks
    return name[marked + 1:].strip() or None, rule


def _first_institution(desc: str, since: int, rules: RuleSet) -> tuple[int, WordRule, int] | None:
    """(end, rule, start) of the institution that ends first in desc[since:].

    One Aho–Corasick pass finds each word's first place (a find per word, for every one of some
    hundred words, cost more than the rest of classifying a speaker); the words found are then
    weighed in the rules' order, as a find per word would weigh them."""
    table = _institution_table(rules)
    first_at: dict[int, int] = dict.fromkeys(table.empty, since) if since <= len(desc) else {}
    if table.keys is not None:
        for end, indices in table.keys.iter(desc, since):
            for i in indices:
                first_at.setdefault(i, end + 1 - len(table.words[i][0]))
    found: tuple[int, WordRule, int] | None = None
    for i in sorted(first_at):
        text, suffix, rule = table.words[i]
        at = first_at[i]
        if (at > since if suffix else at >= 0) and (found is None or at + len(text) < found[0]):
            found = (at + len(text), rule, since if since else at)  # a suffix (大学) names one only after its name
    return found


@dataclass(frozen=True)
class _InstitutionTable:
    words: list[tuple[str, bool, WordRule]]  # (word or suffix, whether a suffix, its rule), in the rules' order
    keys: Any  # ahocorasick.Automaton: a word -> the indices in `words` that spell it; None: no words
    empty: tuple[int, ...]  # the indices of empty words (found wherever the search starts)


def _institution_table(rules: RuleSet) -> _InstitutionTable:
    def build() -> _InstitutionTable:
        words = _institution_words(rules)
        spelt: dict[str, list[int]] = {}
        for i, (text, _, _) in enumerate(words):
            spelt.setdefault(text, []).append(i)
        empty = tuple(spelt.pop("", ()))
        return _InstitutionTable(words, automaton({text: tuple(indices) for text, indices in spelt.items()}), empty)
    return rules.derive("people.institution_table", build)


def _institution_words(rules: RuleSet) -> list[tuple[str, bool, WordRule]]:
    """(word or suffix, whether a suffix, its rule) of every institution rule, in the rules' order."""
    return rules.derive("people.institution_words", lambda: [
        (text, suffix, rule) for rule in rules.rules_in("institution")
        for texts, suffix in ((rule.words, False), (rule.suffixes, True)) for text in texts])


def _person(sp: Speaker) -> Person:
    return Person(sp.name, tuple(sp.aliases), sp.role, sp.affiliation, sp.post, sp.country,
                  tuple(sp.quotes), tuple(sp.evidence), Explanation(rules=tuple(sp.fired)))


# What a start would otherwise build first: kept in the cached rules (pipeline.prepare_with).
PREPARED = (_words, _adverbs_longest_first)
