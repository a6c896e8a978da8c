"""Meetings: meeting words + the actors around them + dates → one record per meeting, with evidence.

For each meeting word the assembler finds the subject (the first actor of its clause, else
the sentence's, else the topic carried over), the other side (actors after 与/同/跟, lists,
count groups named later), then the date (in the clause, before it in the sentence, from a
summit named, or from the paragraph's story time), the status (planned, cancelled) and the
place. Mentions of the same meeting merge into one record that keeps all their evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .match import Hit, MatchedSentence, after_group
from .model import (
    INFERRED,
    DateMention,
    DateValue,
    Decision,
    Document,
    Evidence,
    Explanation,
    Meeting,
    NearMiss,
    Party,
    SlotFill,
)
from .resolve.actors import Actor, SentenceActors, alternation, aside_closers, is_clause_break, number_pattern
from .resolve.dates import date_span
from .resolve.patterns import PatternMatch, find_matches
from .resolve.view import SentenceView
from .ruleset import RuleSet
from .ruleset.model import WordRule

SHORT_SENTENCE = 30
REMOTE_KINDS = frozenset({"phone_call", "video_call"})
SOFT_SLACK_DAYS = 2  # bilateral meetings "at" a summit often fall on its eve or the day after
CONTRACTED = "meeting.talks_contracted"  # 习拜会: the rule id match.py gives a contracted form
IN_PERSON_PAIR = frozenset({"talks", "conversation"})  # kinds one encounter is told as, the same day
PART_KINDS = frozenset({"conversation", "meal"})  # what a meeting's parties also did while together
KIND_RANK = {"visit": 0, "talks": 1, "conversation": 2, "phone_call": 2, "video_call": 2, "meal": 3}


@dataclass
class Candidate:
    parties: tuple[str, ...]
    kind: str
    status: str
    date: DateValue | None
    place: str | None
    place_country: str | None
    evidence: list[Evidence]
    people: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)  # code -> (name, title)
    named: dict[str, set[str]] = field(default_factory=dict)  # known people by party: 耶伦 is not 布林肯
    sentence: int = 0
    block: int = 0
    pending: tuple[Actor, ...] = ()  # count groups waiting for their list
    joins: tuple[str, ...] = ()  # 也将参加这次访问: the parties of the meeting told that this one joins
    told: bool = False  # 这次会面, 这是两人首次会谈: a mention of a meeting already told, not a new one
    apart: tuple[str, ...] = ()  # 马克龙和朔尔茨都曾访华: subjects listed together who each met the others
    multilateral: bool = False  # 三方会谈, 中日韩领导人会议: one meeting of all, not one per pair
    soft_date: bool = False  # dated only by the summit it belongs to: a meeting on its eve still fits
    story_dated: bool = False  # dated by the paragraph's story, no date of its own sentence
    bare: bool = False  # no date and no word that it took place: held only by default (中美领导人会晤意义重大)
    marked: bool = False  # a word in its clause says it took place (会见了, 曾访问, 已举行)
    soft_plan: bool = False  # planned only by a plan_ahead cue or a plan carried on: a day already past is held
    later_stop: bool = False  # 开启访问沙特、卡塔尔和阿联酋之行: a host after the first of a tour's list
    tour: bool = False  # 开启访问沙特、卡塔尔和阿联酋之行: the subject sets out on a tour of the hosts listed
    fired: list[tuple[str, str]] = field(default_factory=list)  # (rule id, file:line)
    slots: list[SlotFill] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    merged: list[int] = field(default_factory=list)  # sentences of the mentions merged into this one

    @property
    def key(self) -> frozenset[str]:
        return frozenset(self.parties)


class Discourse:
    """What earlier sentences told: the topic, people met, the last meeting, the story's dates."""

    def __init__(self, before_story: frozenset[str] = frozenset(), published: dt.date | None = None) -> None:
        self.before_story = before_story  # 在此之前: words that put a meeting before the story's day
        self.published = published  # the article's day: a plan is not dated by the past around it
        self.topic: Actor | None = None
        self.topic_block = -1
        self.people: list[Actor] = []
        self.last_parties: tuple[str, ...] = ()
        self.last_parties_sentence = -10
        self.block_dates: dict[int, list[DateMention]] = {}
        self.groups: list[tuple[str, ...]] = []  # the party sets of multilateral meetings told so far
        self.pairs: list[tuple[str, str]] = []  # every two sides told meeting so far, latest last

    def told(self, parties: tuple[str, ...], multilateral: bool) -> None:
        """Note a meeting's sides: a hub's list (先后会见A、B) is one pair each."""
        if len(parties) >= 2 and not multilateral:
            self.pairs.extend((parties[0], other) for other in parties[1:])


@dataclass(frozen=True)
class Assembled:
    meetings: list[Meeting]
    near_misses: list[NearMiss]


def assemble_meetings(doc: Document, views: list[SentenceView], rules: RuleSet) -> Assembled:
    published = _day_of_writing(doc)
    state = Discourse(rules.words("before_story"), published)
    candidates: list[Candidate] = []
    misses: list[NearMiss] = []
    lists: list[tuple[int, int, tuple[str, ...]]] = []  # (sentence, count, codes)
    for view in views:
        sa, ms, sdates = view.sa, view.ms, view.dates
        lists.extend((ms.sentence.index, n, codes) for n, codes in sa.lists)
        built, consumed = _construction_meetings(view, state, rules, misses)
        found = built + _sentence_meetings(sa, sdates, state, rules, consumed, misses)
        if not found:
            _apply_cancellation(ms, sa, candidates)
        candidates.extend(c for c in found if not _joined_to(c, candidates))
        _update_discourse(sa, sdates, state)
    expanded = _between_states(_expand_groups(candidates, lists), rules, misses)
    # a meeting dated after publication is planned before merging: it is not the one held last week
    planned = [_later_stop_ahead(_future_is_planned(_past_is_held(c, published), published), published)
               for c in expanded]
    meetings = [_to_meeting(_future_is_planned(c, published), rules, published)
                for c in merge(planned, _naming_no_one(rules), published)]
    return Assembled(meetings, misses)


def _between_states(candidates: list[Candidate], rules: RuleSet, misses: list[NearMiss]) -> list[Candidate]:
    """A meeting of a state and one of its own regions (习近平访问香港: HKG is part_of CHN) is no diplomacy:
    it becomes a near miss."""
    kept = []
    for c in candidates:
        sides = set(c.parties)
        region = next((code for code in sides if (country := rules.countries.get(code)) is not None
                       and country.part_of in sides), None)
        if region is None or len(sides) != 2:
            kept.append(c)
            continue
        e = c.evidence[0]
        misses.append(NearMiss("meeting", f"{region} is a region of {rules.countries[region].part_of}: no meeting "
                               "between states", c.sentence, e.start, e.end, e.text, e.rule))
    return kept


def _day_of_writing(doc: Document) -> dt.date | None:
    """The day the article was written, if known: a date inferred from the lead is its event's day, which
    may come before the days the article goes on to tell, so it says nothing of what is still ahead."""
    if doc.published is None or doc.published_source == INFERRED:
        return None
    return doc.published.date()


def _joined_to(cand: Candidate, candidates: list[Candidate]) -> bool:
    """One more party for a meeting already told: each mention of it takes the newcomer in."""
    if not cand.joins:
        return False  # most meetings: no need to walk the article's candidates
    told = [c for c in candidates if c.key == frozenset(cand.joins)]
    for c in told:
        c.parties = tuple(dict.fromkeys((*c.parties, *cand.parties)))
        c.decisions.append(Decision("parties", f"sentence {cand.sentence} adds a party to this meeting",
                                    *(cand.fired[0] if cand.fired else (None, None))))
    if told:
        told[-1].evidence.extend(cand.evidence)
    return bool(told)


def _with_title(person: tuple[str, str | None], rules: RuleSet, published: dt.date | None) -> tuple[str, str | None]:
    """拜登 alone: his title at the meeting's time, from his terms of office in the rules."""
    name, title = person
    if title is None:
        for entry in rules.lookup(name):
            if entry.person is not None:
                term = entry.person.term_at(published)
                title = term.title if term else None
    return name, title


def _future_is_planned(c: Candidate, published: dt.date | None) -> Candidate:
    """A meeting dated after the article was published cannot have been held yet."""
    span = date_span(c.date.value) if c.date and c.date.value else None
    if c.status == "held" and span and published and span[0] > published:
        c.status = "planned"
        c.decisions.append(Decision("status", "dated after the article was published, so not held yet"))
    return c


def _past_is_held(c: Candidate, published: dt.date | None) -> Candidate:
    """为出席峰会抵达利马，并于16日会见…, read on the 20th: a plan told only by a soft cue (plan_ahead, or carried on
    from the clause before) on a day already past when the article was written tells a meeting held."""
    span = date_span(c.date.value) if c.date and c.date.value else None
    if c.status == "planned" and c.soft_plan and span and published and span[1] < published:
        c.status = "held"
        c.decisions.append(Decision("status", "planned only by a soft cue, on a day already past: held"))
    return c


def _later_stop_ahead(c: Candidate, published: dt.date | None) -> Candidate:
    """星期日抵达巴黎，展开访问法国、塞尔维亚及匈牙利之行, read on Monday: a tour that set out on the day
    of writing or the day before is at its first host; the hosts listed after it are still ahead."""
    span = date_span(c.date.value) if c.date and c.date.value else None
    if not (c.later_stop and span and span[0] == span[1]):
        return c
    if c.status == "held" and published and 0 <= (published - span[0]).days <= 1:
        c.status = "planned"
        c.decisions.append(Decision("status", "a later host of a tour that set out the day of writing or the "
                                              "day before: still ahead"))
    # the one day given is the day the tour set out, at its first host: not the day it reaches this one
    c.date, c.soft_date = None, False
    c.decisions.append(Decision("date", "a later host of a tour: the day the tour set out is not its day"))
    return c


# ---------------------------------------------------------------- one sentence
def _sentence_meetings(sa: SentenceActors, sdates: list[DateMention], state: Discourse, rules: RuleSet,
                       consumed: frozenset[tuple[int, int]] = frozenset(),
                       misses: list[NearMiss] | None = None) -> list[Candidate]:
    """The default reading of each meeting word a construction did not already take."""
    ms = sa.ms
    out: list[Candidate] = []
    seen_clauses: dict[int, Candidate] = {}
    misses = [] if misses is None else misses
    for trig in (h for h in ms.hits if h.group == "trigger" and (h.start, h.end) not in consumed):
        clause = sa.clause_of_token[trig.first]
        if _suppressed(trig, sa, clause, rules):
            misses.append(_near_miss(sa, trig, "suppressed by a cue in its clause", _suppressing_cue(sa, clause)))
            continue
        if _in_work_title(trig, sa):
            misses.append(_near_miss(sa, trig, "inside the title of a work (《…》), not a meeting told"))
            continue
        if _attending(trig, sa, clause):
            misses.append(_near_miss(sa, trig, "a summit attended, not a meeting of its own"))
            continue
        parties, people, named, pending = _parties(trig, sa, clause, state)
        if _within_meeting(trig, sa):
            # 在会谈中呼吁韩方向乌克兰提供援助: the talks already told, not a meeting with Ukraine
            if not (set(parties) & set(state.last_parties)) or len(state.last_parties) < 2:
                continue
            # 习近平在会谈上首先祝贺卢拉: the talks told with both of them, though another meeting was told since
            told_pair = None if set(parties) <= set(state.last_parties) or len(set(parties)) < 2 else next(
                (p for p in reversed(state.pairs) if set(parties) == set(p)), None)
            parties, pending = told_pair or state.last_parties, ()
        went_on = _continued(trig, sa, clause, seen_clauses, state)
        if went_on is not None:
            went_on.evidence.append(_evidence(ms, trig))  # 访问乌克兰，与泽连斯基进行会谈: one meeting
            went_on.fired.append(_rule_ref(trig))
            if went_on.kind == "visit":
                # 计划于周四访问乌克兰，与总统进行会谈: a trip told as ahead stays a visit, the talks it
                # will hold are part of the plan announced
                ahead = _status(trig, sa, clause) == "planned"
                if not ((went_on.status == "planned" or (ahead and _trip_span(went_on))) and _kind(trig) == "talks"):
                    went_on.kind = _kind(trig)  # the talks or the meal the visit held says more, as when merging
                if went_on.status == "held" and ahead:
                    went_on.status = "planned"  # 3日至5日对中国国事访问，将与习近平举行会谈: the talks are ahead
            continue
        co = _co_subjects(trig, sa, clause)
        together = _together(co, parties, sa, clause)
        co_codes = tuple(dict.fromkeys(code for a in co for code in a.codes))
        listed = [a for a in co if a.codes and a.kind in ("person", "country", "group")]
        apart = co_codes if len(listed) >= 2 and not together and set(parties) - set(co_codes) else ()
        if together:
            pending = tuple(p for p in pending if p not in co)  # 德法意三国领导人: the count is the list's
        if len(set(parties)) < 2 and _kind(trig) == "meal":
            parties = _host_and_guest(parties, sa, clause)  # 斯托尔滕贝格抵达首尔，朴振当晚设宴款待
        if len(set(parties)) < 2 and not pending:
            misses.append(_near_miss(sa, trig, "a meeting word with no second party"))
            continue
        if _visitors_only(trig, sa, clause, parties, listed, together):
            # 卢拉及德国外长贝尔伯克接着到访: visitors listed together each visit a host left unnamed
            misses.append(_near_miss(sa, trig, "visitors listed as subjects, and no host named"))
            continue
        prev = seen_clauses.get(clause)
        if prev is not None and (set(parties) <= set(prev.parties) or not parties):
            prev.evidence.append(_evidence(ms, trig))  # a second meeting word for the same meeting
            if prev.kind == "visit" or (_kind(trig) in REMOTE_KINDS and prev.kind == "talks"):
                prev.kind = _kind(trig)  # 访华期间共进晚餐, 以视频方式举行会晤: the more telling word wins
            continue
        told = _same_meeting(trig, sa, clause)
        if told and len(state.last_parties) >= 2 and ms.sentence.index - state.last_parties_sentence <= 2 \
                and _pointed_at_only(trig, sa, clause):
            # 这次会晤恰逢美国对印度施加高额关税: the meeting just told; who comes after is what the
            # clause goes on about
            parties, people, named, pending = state.last_parties, {}, {}, ()
        when = None if told else _meeting_date(trig, sa, clause, sdates, state)
        status, soft = ("cancelled", False) if _cancelled_later(trig, sa, clause) else _status_read(trig, sa, clause)
        cand = Candidate(
            parties=parties, kind=_clause_kind(trig, sa, clause), status=status, soft_plan=soft,
            date=when.date if when else None, place=None, place_country=None,
            evidence=[_evidence(ms, trig)], people=people, named=named, sentence=ms.sentence.index,
            block=ms.sentence.block, pending=pending, soft_date=bool(when and when.kind == "event"),
            story_dated=bool(when and when.kind != "event" and when.sentence != ms.sentence.index),
        )
        cand.place, cand.place_country = _place(sa, clause)
        rule = _rule(trig)
        cand.multilateral = together or not rules.words("in_turn") & set(sa.clause_words(clause)) and (
            bool(sa.cues(clause, "multilateral")) or (rule is not None and rule.after_group)
            or after_group(ms.hits, trig.first, 3)  # 日中韩领袖会谈: talks named by three countries together
            or _side_by_side(trig, sa, clause)
            or tuple(parties) in state.groups or _count_subject(trig, sa, clause))
        if together:
            cand.decisions.append(Decision("parties", "subjects listed together meet as one party of "
                                           "the meeting, not one meeting each", *_rule_ref(trig)))
        cand.apart, cand.told = apart, told
        cand.tour = _tour_sets_out(trig, sa, clause, parties)
        cand.marked = _past_marked(trig, sa, clause)
        cand.bare = status == "held" and when is None and not cand.marked
        cand.joins = _joins(trig, sa, clause, parties, state)
        cand.multilateral = cand.multilateral or bool(cand.joins)
        if cand.multilateral and len(set(parties)) >= 3:
            state.groups.append(tuple(parties))
        _explain_default(cand, trig, sa, clause, when)
        seen_clauses[clause] = cand
        out.extend(_one_per_date(cand, _date_list(trig, sa, clause, sdates, parties)))
        state.last_parties, state.last_parties_sentence = parties, ms.sentence.index
        state.told(parties, cand.multilateral)
    out.extend(_previous_meetings(sa, sdates, out))
    return out


def _visitors_only(trig: Hit, sa: SentenceActors, clause: int, parties: tuple[str, ...], listed: list[Actor],
                   together: bool) -> bool:
    """A visit word closing its clause whose sides are all the subjects listed before it: never a visit of
    the listed ones to one another (A及B接着到访 each came to a host the clause leaves unnamed). A place after
    the word (岸田和拜登到访广岛) may be one visitor's country, so there the visit stands."""
    listed_codes = {code for a in listed for code in a.codes}
    toks = sa.ms.tokens
    closes = trig.last >= len(toks) or sa.clause_of_token[trig.last] != clause \
        or toks[trig.last].text in sa.rules.words("clause_break")
    return _kind(trig) == "visit" and trig.host is None and not together and len(listed) >= 2 \
        and set(parties) <= listed_codes and closes


def _side_by_side(trig: Hit, sa: SentenceActors, clause: int) -> bool:
    """法国总统与德国总理一起会见了中国国家主席: a word of togetherness between the subject and the meeting
    word. Not for a visit: those who travel together (与马克龙一同访华) each visit the host."""
    if _kind(trig) == "visit":
        return False
    together = sa.rules.words("together_adverb")
    subject = [a for a in sa.actors if a.clause == clause and a.end <= trig.start and not a.object and not a.place]
    return bool(subject) and any(t.text in together for t in sa.ms.tokens[subject[0].last:trig.first])


def _tour_sets_out(trig: Hit, sa: SentenceActors, clause: int, parties: tuple[str, ...]) -> bool:
    """印度总理2日开启访问埃及、约旦和阿曼的行程: a visit word with several hosts, after a word of setting
    out (tour_start) and before the trip's name (tour_noun, in its clause or the next), whose subject, the
    first party, travels; no word says the trip took place or ended (past_marker, tour_end). Only then are
    the hosts after the first still ahead: 访问了美国和加拿大, 结束对美加的访问, 欢迎来访的法德领导人 are not."""
    if _kind(trig) != "visit" or len(set(parties)) < 3:
        return False
    words = sa.rules.words
    before = "".join(_words_before(trig, sa, clause))
    toks = sa.ms.tokens
    rest = "".join(t.text for k, t in enumerate(toks)
                   if k >= trig.last and sa.clause_of_token[k] in (clause, clause + 1))
    if not any(w in before for w in words("tour_start")) or not any(w in rest for w in words("tour_noun")):
        return False
    marks, particle = words("past_marker"), words("aspect_particle")
    next_word = toks[trig.last].text if trig.last < len(toks) else ""
    last_word = toks[trig.first - 1].text if trig.first else ""  # 曾访问, 已访问; the 了 of 开启了 is the setting out's
    if next_word in marks or (last_word in marks and last_word not in particle) \
            or any(m in trig.text for m in particle) or any(w in before for w in words("tour_end")):
        return False  # 访问了, 曾访问, 结束对…的访问: the trip took place (开启了…之行 only set out)
    hub = parties[0]
    travels = any(hub in a.codes and a.end <= trig.start and not a.object and not a.place for a in sa.actors)
    hosted = any(hub in a.codes and a.start >= trig.end for a in sa.actors)
    return travels and not hosted


def _past_marked(trig: Hit, sa: SentenceActors, clause: int) -> bool:
    """会见了, 曾会面, 已举行会谈: a word in the clause that says the meeting took place."""
    marks = sa.rules.words("past_marker")
    toks = sa.ms.tokens
    after = toks[trig.last].text if trig.last < len(toks) else ""
    return bool(marks.intersection(_words_before(trig, sa, clause))) or after in marks or any(
        m in trig.text for m in sa.rules.words("aspect_particle"))


def _words_before(trig: Hit, sa: SentenceActors, clause: int) -> list[str]:
    """The words of the meeting word's clause that stand before it."""
    return [t.text for k, t in enumerate(sa.ms.tokens[:trig.first]) if sa.clause_of_token[k] == clause]


def _joins(trig: Hit, sa: SentenceActors, clause: int, parties: tuple[str, ...],
           state: Discourse) -> tuple[str, ...]:
    """罗马尼亚总统也将参加这次访问: a newcomer to the meeting of three or more just told (这次, 此次)."""
    told = state.last_parties
    points = any(a.same_meeting and a.clause == clause and a.end <= trig.start for a in sa.actors)
    if points and len(set(told)) >= 3 and tuple(told) in state.groups and not set(parties) <= set(told):
        return tuple(told)
    return ()


def _in_work_title(trig: Hit, sa: SentenceActors) -> bool:
    """《习近平选定俄罗斯作为出访第一站》: a meeting word in the title of an article or a book."""
    depth = 0
    text = sa.ms.sentence.norm[:trig.start - sa.ms.sentence.start]
    for pair in sa.rules.word_list("title_pair"):
        depth += text.count(pair[0]) - text.count(pair[1:])
    return depth > 0


def _cancelled_later(trig: Hit, sa: SentenceActors, clause: int) -> bool:
    """原定24日举行，但…，这场峰会也跟着取消: a later clause that points at the meeting and drops it."""
    later = {a.clause for a in sa.actors if a.same_meeting and a.clause > clause}
    return any(sa.cues(k, "cancelled") for k in later)


def _own_subject(trig: Hit, sa: SentenceActors, clause: int) -> bool:
    return any(a.clause == clause and a.end <= trig.start and not (a.object or a.place or a.addressee)
               for a in sa.actors)


def _continued(trig: Hit, sa: SentenceActors, clause: int, seen: dict[int, Candidate],
               state: Discourse) -> Candidate | None:
    """三国领导人访问乌克兰，与泽连斯基进行会谈: a clause with no subject of its own goes on with the
    meeting of three or more an earlier clause of the sentence told, as long as it names nobody that
    meeting lacks; read alone, it would make a pair of two of them. After a meeting with a count still
    to be listed, a clause naming no one goes on with it too."""
    earlier = [c for k, c in seen.items() if k < clause]
    if not earlier or _own_subject(trig, sa, clause):
        return None
    prev = earlier[-1]
    named = {code for a in sa.actors if a.clause == clause and not a.place and not a.addressee
             for code in _codes(a, state, sa, is_subject=False)}
    if prev.pending and not named:
        return prev  # 与三位领导人单独会晤，分别是…，并共进晚餐: the same meetings, whoever the list names
    if not prev.multilateral or len(set(prev.parties)) < 3:
        return None
    return prev if named <= set(prev.parties) else None


def _co_subjects(trig: Hit, sa: SentenceActors, clause: int) -> list[Actor]:
    """德国总理、法国总统和意大利总理访问乌克兰, 德法意三国领导人: the subject and those listed with it.

    The list runs on through 、/和/及 (never 与/同/跟, which mark the other side) and through a
    count right after it (三国领导人), before the meeting word.
    """
    before = [a for a in sa.actors if a.clause == clause and a.end <= trig.start and not a.place and not a.addressee]
    if not before or before[0].object:
        return []
    run = [before[0]]
    words = sa.rules.words
    joiners = words("coordinator") - words("comitative_strict")
    seen: list[str] = []
    for a in before[1:]:
        between = "".join(t.text for t in sa.ms.tokens[run[-1].last:a.first])
        if not (between == "" or between in joiners) or a.reference is not None:
            break  # 日韩两国首脑: a reference beside the list names the same countries again
        if a.kind != "count":  # 俄罗斯、土耳其和伊朗三国总统: the count closing the list joins no one
            seen.append(between)
        run.append(a)
    if any(j and j not in words("list_separator") for j in seen[:-1]):
        return run[:1]  # 习近平和拜登、阿尔巴尼斯: a 和 before a 、 opens the other side, it joins no subjects
    return run


def _together(co: list[Actor], parties: tuple[str, ...], sa: SentenceActors, clause: int) -> bool:
    """Subjects of two or more countries listed together meet as one: one meeting of all the parties,
    unless a word says each did on their own (先后, 分别, 都)."""
    codes = {code for a in co for code in a.codes}
    if len(codes) < 2 or len(set(parties)) < 3:
        return False  # most meeting words: the clause's words need not be read
    words = set(sa.clause_words(clause))
    apart = (sa.rules.words("in_turn") | sa.rules.words("distributive")) & words
    bilateral = any(b in w for w in words for b in sa.rules.word_list("bilateral"))  # 双边会谈 is one token
    return not apart and not bilateral


def _previous_meetings(sa: SentenceActors, sdates: list[DateMention], found: list[Candidate]) -> list[Candidate]:
    """会晤，上一次是2019年在印度金奈: a clause naming when the same pair last met, without a meeting word."""
    if not found:
        return []
    out = []
    for a in sa.actors:
        ref = a.reference
        if ref is None or ref.refers != "previous_meeting" or _clause_has_trigger(sa, a.clause):
            continue
        dates = [d for d in sdates if d.kind != "event" and d.date.value and d.evidence.start >= a.end
                 and sa.clause_of_token[_token_at(sa, d.evidence.start)] == a.clause]
        if dates:
            copy = _with_parties(found[-1], found[-1].parties)
            copy.date, copy.soft_date, copy.status, copy.told = dates[0].date, False, "held", False
            s = sa.ms.sentence
            copy.evidence = [Evidence(s.text, a.start, a.end, ref.id, a.text)]
            out.append(copy)
    return out


def _date_list(trig: Hit, sa: SentenceActors, clause: int, sdates: list[DateMention],
               parties: tuple[str, ...] = ()) -> list[DateMention]:
    """今年2月和9月两度通电话: dates joined by 和 or 、 before the meeting word, one meeting each."""
    text, start = sa.ms.sentence.norm, sa.ms.sentence.start
    found = [d for d in sdates if d.kind != "event" and d.date.value and d.evidence.end <= trig.start
             and sa.clause_of_token[_token_at(sa, d.evidence.start)] == clause]
    run: list[DateMention] = []
    for d in found:
        if run and text[run[-1].evidence.end - start:d.evidence.start - start] not in sa.rules.words("coordinator"):
            run = []
        run.append(d)
    return run if len(run) >= 2 else _dates_listed_after(trig, sa, clause, sdates, parties)


def _dates_listed_after(trig: Hit, sa: SentenceActors, clause: int, sdates: list[DateMention],
                        parties: tuple[str, ...] = ()) -> list[DateMention]:
    """举行过两次非正式会晤，分别是2018年4月的武汉、2019年10月的金奈: the next clause opens with a word
    of listing each (分别是) and names as many dates as the meeting word's clause counts meetings (两次),
    one meeting each. Without that count (会谈，分别于3日和4日抵达) the dates are something else's; with
    several other sides (会见了法国外长和德国外长，分别是3日和4日) the dates go one to each side, not one
    to each pair of side and date."""
    nxt = clause + 1
    if clause != sa.clause_of_token[trig.first] or len(set(parties)) > 2 or not any(
            sa.clause_text(nxt).startswith(w) for w in sa.rules.words("listing_each")):
        return []
    found = [d for d in sdates if d.kind != "event" and d.date.value
             and sa.clause_of_token[_token_at(sa, d.evidence.start)] == nxt]
    if len(found) < 2 or _occasions_counted(sa, clause) != len(found):
        return []
    text, start = sa.ms.sentence.norm, sa.ms.sentence.start
    joiners = sa.rules.words("coordinator") | sa.rules.words("list_separator")
    for a, b in zip(found, found[1:], strict=False):
        between = text[a.evidence.end - start:b.evidence.start - start]
        if not any(j in between for j in joiners):
            return []  # 2018年4月至5月: a range or one date's parts, not a list
    return found


def _occasions_counted(sa: SentenceActors, clause: int) -> int | None:
    """两次会晤, 三轮会谈: the number of meetings a clause counts (a number and occasion_measure), if one."""
    pattern = sa.rules.derive("assemble.occasion_count", lambda: re.compile(
        number_pattern(sa.rules) + alternation(sa.rules.word_list("occasion_measure"))))
    text, ordinal = sa.clause_text(clause), sa.rules.words("ordinal_prefix")
    counts = {sa.rules.number(m.group("n")) for m in pattern.finditer(text)
              if not (m.start() and text[m.start() - 1] in ordinal)}  # 第二次会晤 is one meeting
    return counts.pop() if len(counts) == 1 else None


def _one_per_date(cand: Candidate, dates: list[DateMention]) -> list[Candidate]:
    if not dates:
        return [cand]
    out = []
    for d in dates:
        copy = _with_parties(cand, cand.parties)
        copy.date, copy.soft_date, copy.pending = d.date, False, cand.pending
        out.append(copy)
    return out


def _same_meeting(trig: Hit, sa: SentenceActors, clause: int) -> bool:
    """为这次会晤铺平了道路, 这是两人首次会谈: a mention of the meeting already told takes no date."""
    nxt = sa.ms.tokens[trig.last].text if trig.last < len(sa.ms.tokens) else ""
    if nxt in sa.rules.words("after_word"):
        return False  # 这是去年11月会晤后首次沟通: an earlier meeting, with its own date
    # 这将是安瓦尔上任以来，第二次与李显龙举行会晤: the sentence's opening clause points for a clause with no subject
    # (a sentence that holds 这是 nowhere opens no clause with it: most are answered by one search)
    if sa.sentence_holds("this_is", _this_is_anywhere(sa.rules)):
        words = sa.clause_text(clause)
        opening = sa.clause_text(0) if not _own_subject(trig, sa, clause) else words
        if _this_is(sa.rules).match(words) or _this_is(sa.rules).match(opening):
            return True
    return any(a.same_meeting and a.clause == clause and a.end <= trig.start for a in sa.actors)


def _pointed_at_only(trig: Hit, sa: SentenceActors, clause: int) -> bool:
    """这次会晤…: the meeting word has only its pointer before it in the clause, no actor of its own."""
    return not any(a.clause == clause and a.end <= trig.start and not a.same_meeting for a in sa.actors)


def _this_is(rules: RuleSet) -> re.Pattern:
    """这是…, 此次也是…: a clause that opens by pointing at the meeting told (这是两人首次会谈)."""
    # kept with the rule set: the lru_cache key alone hashes three word tuples per meeting word
    return rules.derive("assemble.this_is", lambda: _compiled_this_is(
        rules.word_list("demonstrative"), rules.word_list("copula_adverb"), rules.word_list("copula")))


def _this_is_anywhere(rules: RuleSet) -> re.Pattern:
    """The same words, unanchored: found nowhere in a sentence, they open none of its clauses."""
    return rules.derive("assemble.this_is_anywhere", lambda: re.compile(_this_is(rules).pattern.removeprefix("^")))


@lru_cache(maxsize=8)
def _compiled_this_is(pointers: tuple[str, ...], adverbs: tuple[str, ...], copulas: tuple[str, ...]) -> re.Pattern:
    return re.compile("^" + alternation(pointers) + alternation(adverbs) + "?" + alternation(copulas))


def _clause_kind(trig: Hit, sa: SentenceActors, clause: int) -> str:
    if sa.cues(clause, "by_video"):
        return "video_call"
    if sa.cues(clause, "by_phone"):
        return "phone_call"
    return _kind(trig)


def _rule(trig: Hit) -> WordRule | None:
    """The meeting word's rule; a contracted form (习拜会) carries the two people instead."""
    if trig.rule == CONTRACTED:
        return None
    return trig.word_rule


def _kind(trig: Hit) -> str:
    rule = _rule(trig)
    return rule.kind if rule is not None and rule.kind is not None else "talks"  # the schema requires a kind


def _is_cue(h: Hit, effect: str) -> bool:
    return h.group == "cue" and h.word_rule is not None and h.word_rule.effect == effect


def _suppressed(trig: Hit, sa: SentenceActors, clause: int, rules: RuleSet) -> bool:
    """Generic statements, rumours, denials and meetings with the press are not meetings."""
    if sa.cues(clause, "generic") or _clause_says(sa, clause, rules, "generic"):
        return True
    if any(c.last <= trig.first for c in sa.cues(clause, "rumour")):
        return True  # 据传…会面, 何时能会面; not 在会见马克龙时希望…
    if _possibility_after(trig.last, sa, clause):
        return True  # 研究举行第二次峰会的可能性: a possibility weighed
    toks = sa.ms.tokens
    particles = rules.words("aspect_particle")
    nxt = next((t.text for t in toks[trig.last: trig.last + 3] if t.text not in particles), None)
    if nxt is not None and nxt in _not_meeting_words(rules):
        return True
    for neg in sa.cues(clause, "negation"):
        if neg.last <= trig.first:
            between = toks[neg.last: trig.first]
            actor_tokens = {k for a in sa.actors for k in range(a.first, a.last)}
            if all(t.text in rules.negation_reach or t.text in rules.words("coordinator") or k in actor_tokens
                   for k, t in enumerate(between, start=neg.last)):
                return True
    return False


def _possibility_after(k: int, sa: SentenceActors, clause: int) -> bool:
    """举行第二次峰会的可能性: a word of possibility right after the meeting word (token k, or the one after a
    linking word) weighs the meeting as a possibility; it tells none. Further on in the clause it is about
    something else (会见…并讨论了合作的可能性)."""
    nouns = sa.rules.words("possibility_noun")
    toks = sa.ms.tokens
    return any(j < len(toks) and sa.clause_of_token[j] == clause and toks[j].text in nouns for j in (k, k + 1))


def _not_meeting_words(rules: RuleSet) -> frozenset[str]:
    """The words a lexicon entry makes a not_meeting cue (会见记者: 记者 after the meeting word), read
    from the lexicon once rather than from a word's entries for every meeting word."""
    return rules.derive("assemble.not_meeting_words", lambda: frozenset(
        word for word, entries in rules.lexicon.items()
        if any(e.group == "cue" and e.word_rule and e.word_rule.effect == "not_meeting" for e in entries)))


def _attending(trig: Hit, sa: SentenceActors, clause: int) -> bool:
    """出席金砖国家领导人会晤期间: the summit attended frames the sentence; it is no meeting of its own."""
    toks = sa.ms.tokens
    attend = sa.rules.words("attend_verb")
    after = toks[trig.last].text if trig.last < len(toks) else ""
    before = _words_before(trig, sa, clause)
    glued = toks[trig.first].text != trig.text and toks[trig.first].text.startswith(tuple(attend))
    if glued or (before and before[-1] in attend):
        return True  # 日本首相出席会议, 代表团成员参加会谈: the meeting told, attended; none of their own
    return after in sa.rules.words("frame_close") and any(w in attend for w in before)


def _within_meeting(trig: Hit, sa: SentenceActors) -> bool:
    """在会谈中, 在会见时, 会谈后: a meeting word used to place something else in time."""
    toks, words = sa.ms.tokens, sa.rules.words
    opening = sa.rules.word_list("place_open")
    if toks[trig.first].text.startswith(opening) and toks[trig.first].text != trig.text:
        return True  # 在会谈 glued into one token
    before = toks[trig.first - 1].text if trig.first > 0 else ""
    after = toks[trig.last].text if trig.last < len(toks) else ""
    return before in words("place_open") and after in words("frame_close")


def _host_and_guest(parties: tuple[str, ...], sa: SentenceActors, clause: int) -> tuple[str, ...]:
    """A host's banquet with the guest left unsaid: the person an earlier clause of the sentence named."""
    for a in sa.actors:
        if a.clause < clause and a.kind == "person" and a.codes and not set(a.codes) & set(parties):
            return (*parties, *a.codes)
    return parties


def _clause_says(sa: SentenceActors, clause: int, rules: RuleSet, effect: str) -> bool:
    """A cue word anywhere in the clause's text, even inside a longer token (每十年)."""
    found = _cue_word_pattern(rules, effect)
    return found is not None and sa.sentence_holds(f"cue.{effect}", found) and found.search(
        sa.clause_text(clause)) is not None


def _cue_word_pattern(rules: RuleSet, effect: str) -> re.Pattern | None:
    """Any cue word of the effect, as one regex (None: the effect has no words): one search of
    the clause's text finds what a test per word would."""
    def build() -> re.Pattern | None:
        words = tuple(w for r in rules.rules_in("cue") if r.effect == effect for w in r.words)
        return re.compile(alternation(words)) if words else None
    return rules.derive(f"assemble.cue_pattern.{effect}", build)


# What a meeting word's parties come to: codes, people by code (name, title), known names by code,
# and count groups (11个国家领导人) still to be filled in.
People = dict[str, list[tuple[str, str | None]]]
Parties = tuple[tuple[str, ...], People, dict[str, set[str]], tuple[Actor, ...]]


def _parties(trig: Hit, sa: SentenceActors, clause: int, state: Discourse) -> Parties:
    """(codes, people by code, pending count groups) of the meeting this word reports."""
    if trig.pair is not None:
        p, q = trig.pair.first, trig.pair.second
        pair: People = {p.country: [(p.name, None)], q.country: [(q.name, None)]}
        return (p.country, q.country), pair, {p.country: {p.name}, q.country: {q.name}}, ()
    visit = _kind(trig) == "visit"
    # A capital after a visit word is its host (访问首尔); elsewhere a capital or place is where.
    actors = [a for a in sa.actors if a.clause == clause and not a.addressee and
              (not a.place or (visit and a.via_capital and a.start >= trig.end))]
    actors += _addition_actors(sa, clause)
    before = _without_venue(_after_since_frame([a for a in actors if a.end <= trig.start], sa, trig), actors, trig)
    after = [a for a in actors if a.start >= trig.end and not _talked_about(trig, a, sa)
             and not _attended_after(trig, a, sa)]
    if after_group(sa.ms.hits, trig.first, 2):
        # 中日韩领导人会议为…的三国领导人会议: the meeting named by its members, then what it is said to be
        after = [a for a in after if not _copula_between(sa, trig.last, a.first)]
        before = _members_naming(before, trig)
    if not before and not after:
        # 安倍与文在寅4日在曼谷…，于会场进行了交谈: both sides were named, joined by 与, in an earlier clause
        # (针对乌俄局势, in a clause between them: what they talked about, no side)
        earlier = [a for a in sa.actors if a.clause < clause and not a.place and not a.addressee
                   and not _clause_has_trigger(sa, a.clause)]
        if any(a.object for a in earlier):
            before = earlier
    if _kind(trig) == "visit":
        after = _visit_hosts(after + _run_on_actors(sa, clause), sa, trig)
    # the subject comes before the other side: 与拜登举行了两人任内最后一次会晤 has none of its own
    subject = before[0] if before and not before[0].object else None
    others = [a for a in before + after if a is not subject]
    if trig.host is not None and before:
        # 岩屋毅年内访华, 冯德莱恩与马克龙一同访华: those before a 访华-type word are visitors, the host
        # inside the word meets each of them
        return _host_visit(trig.host.codes, before, sa, state)
    if subject is None:
        subject = _sentence_subject(sa, clause, state)
    if subject is None and not any(a.kind in ("pair", "group") for a in others):
        return (), {}, {}, ()
    hub = _codes(subject, state, sa, is_subject=True) if subject else ()
    if subject is not None and subject.kind == "count":
        # 四国领导人在明斯克会谈: as many countries' leaders as a group already met together
        group = next((g for g in reversed(state.groups) if len(g) == subject.count), ())
        return group or _listed_before(subject, sa, state), {}, {}, ()
    if subject is not None and (subject.kind == "collective" or not hub):
        return (), {}, {}, ()  # 各国领导人 / 总统 (whose?): the subject cannot be told
    host = trig.host.codes if trig.host is not None else ()
    codes: list[str] = list(hub)
    people: People = {}
    named: dict[str, set[str]] = {}
    _note_person(subject, hub, people, named)
    pending: list[Actor] = []
    named_other = any(a.reference is None and a.kind in ("person", "country", "org") for a in others)
    for a in others:
        if a.kind == "count":
            pending.append(a)
            continue
        own_last = a.reference is not None and a.reference.refers == "previous_meeting" and named_other
        if a.reference is not None and (len(set(codes)) >= 2 or own_last or _own_trip(a, subject, hub, trig, state)):
            # 川普與普亭上一次會面: 上一次 points at the two already named, not at the last meeting;
            # 与拜登举行了两人任内最后一次会晤: 两人 are the two just named; 习近平上一次外访是对缅甸进行国事访问:
            # his own last trip, whose other side the clause names
            continue
        got = _codes(a, state, sa, is_subject=False, subject=subject)
        _note_person(a, got, people, named)
        codes.extend(got)
    codes.extend(host)
    return tuple(dict.fromkeys(codes)), people, named, tuple(pending)


def _without_venue(before: list[Actor], actors: list[Actor], trig: Hit) -> list[Actor]:
    """特朗普与金正恩去年六月的新加坡会谈: one country written right before the meeting word, where two other
    sides are named, is where they met (the Singapore summit), not a third side."""
    venue = [a for a in before if a.kind == "country" and len(a.codes) == 1 and a.last == trig.first]
    if not venue:
        return before
    others = {c for a in actors if a not in venue for c in a.codes} - set(venue[0].codes)
    return [a for a in before if a not in venue] if len(others) >= 2 else before


def _after_since_frame(before: list[Actor], sa: SentenceActors, trig: Hit) -> list[Actor]:
    """两年前俄罗斯全面入侵乌克兰以来普京首度访问北约成员国: who stands inside a since-frame (from its opener
    自/从, or the clause's start, to 以来) before the meeting word dates the meeting; only those after it meet."""
    toks, since = sa.ms.tokens, sa.rules.words("since_now")
    close = next((k for k in range(trig.first - 1, -1, -1) if toks[k].text in since), None)
    if close is None or sa.clause_of_token[close] != sa.clause_of_token[trig.first]:
        return before
    opener = sa.rules.words("since_open")
    start = next((k for k in range(close - 1, -1, -1) if toks[k].text in opener
                  and sa.clause_of_token[k] == sa.clause_of_token[close]), None)
    inside = [a for a in before if (start is None or a.first > start) and a.last <= close]
    if start is None and any(a.object for a in inside):
        return before  # 与莫迪举行了他上任以来的首次会谈: with no 自 to open it, the frame lies inside the object
    kept = [a for a in before if a not in inside]
    return kept if inside and kept else before


def _members_naming(before: list[Actor], trig: Hit) -> list[Actor]:
    """中俄峰会: the members named right before the meeting noun are its sides; a country earlier in the clause
    is one only as one of them (自2022年俄罗斯入侵乌克兰以来的第4次中俄峰会 is no summit of Ukraine's)."""
    group = next((a for a in reversed(before) if len(set(a.codes)) >= 2 and trig.first - a.last <= 2), None)
    if group is None:
        return before
    members = set(group.codes)
    return [a for a in before if a is group or not a.codes or set(a.codes) <= members]


def _own_trip(a: Actor, subject: Actor | None, hub: tuple[str, ...], trig: Hit, state: Discourse) -> bool:
    """中国外长这次出访南太平洋: 这次 between a subject and the meeting word is the subject's own trip;
    when the meeting just told is not the subject's, it points at no one else."""
    return a.same_meeting and subject is not None and subject.last == a.first and a.last == trig.first \
        and not set(hub) & set(state.last_parties)


def _copula_between(sa: SentenceActors, first: int, last: int) -> bool:
    copulas = sa.rules.words("copula")
    return any(t.text in copulas for t in sa.ms.tokens[first:last])


def _attended_after(trig: Hit, a: Actor, sa: SentenceActors) -> bool:
    """与李强进行双边会谈、并参加了东盟与中日韩会议: an actor after an attend verb that follows the meeting word
    names the summit attended next, no side of this meeting."""
    words, toks = sa.rules.words, sa.ms.tokens
    attend, then = words("attend_verb"), words("plan_goes_on") | words("list_separator")
    # only a second predicate (、并参加): 会见来华出席峰会的肯尼亚总统 meets the one who came to attend
    # the actor is after the meeting word in its clause; k - 1 never reaches back before the word's last token
    return any(toks[k].text in attend and toks[k - 1].text in then for k in range(trig.last, a.first))


def _talked_about(trig: Hit, a: Actor, sa: SentenceActors) -> bool:
    """会谈的开场白中就提到了习近平: an actor after a word of mentioning is what the meeting spoke of."""
    mention = sa.rules.words("mention_verb")
    return any(t.text in mention for t in sa.ms.tokens[trig.last:a.first])


def _count_subject(trig: Hit, sa: SentenceActors, clause: int) -> bool:
    """4人举行会谈, 四国领导人会谈: a count as the subject meets as one group."""
    return any(a.kind == "count" and a.clause == clause and a.end <= trig.start and not a.object for a in sa.actors)


def _listed_before(count: Actor, sa: SentenceActors, state: Discourse) -> tuple[str, ...]:
    """拜登、岸田、莫迪以及他都将出席峰会，4人…: the clause before a count lists as many sides as it counts."""
    listed = [a for a in sa.actors if a.clause == count.clause - 1 and a.kind in ("person", "country", "pronoun")
              and not a.place]  # 在北京: where they were, not one of them
    codes: list[str] = []
    for a in listed:
        codes.extend(_codes(a, state, sa, is_subject=a is listed[0]))
    codes = list(dict.fromkeys(codes))
    return tuple(codes) if len(codes) == count.count == len(listed) else ()


def _joined_by_and(a: Actor, b: Actor, sa: SentenceActors) -> bool:
    return "".join(t.text for t in sa.ms.tokens[a.last:b.first]) in sa.rules.words("coordinator")


def _clause_has_trigger(sa: SentenceActors, clause: int) -> bool:
    return any(h.group == "trigger" and sa.clause_of_token[h.first] == clause for h in sa.ms.hits)


def _host_visit(host: tuple[str, ...], before: list[Actor], sa: SentenceActors, state: Discourse) -> Parties:
    """The visitor right before 访华, and any joined to it by 与/和 (冯德莱恩与马克龙一同访华)."""
    candidates = [a for a in before if a.kind in ("person", "country", "pronoun", "group")
                  and not _own_title(a, before)]
    if not candidates:
        return (), {}, {}, ()
    visitors = [candidates[-1]]
    for a in reversed(candidates[:-1]):
        if not (visitors[-1].object or _joined_by_and(a, visitors[-1], sa)):
            break
        visitors.append(a)
    codes: list[str] = list(host)
    people: People = {}
    named: dict[str, set[str]] = {}
    for a in visitors:
        got = tuple(c for c in _codes(a, state, sa, is_subject=a is visitors[0]) if c not in host)
        _note_person(a, got, people, named)
        codes.extend(got)
    return tuple(dict.fromkeys(codes)), people, named, ()


def _own_title(a: Actor, before: list[Actor]) -> bool:
    """尼克松总统访华: a bare title right after a known name is that person's own, not a second visitor."""
    if a.kind != "person" or a.codes or a.name is not None:
        return False
    return any(b.kind == "person" and b.name is not None and b.codes and b.last == a.first for b in before)


def _note_person(actor: Actor | None, codes: tuple[str, ...], people: People,
                 named: dict[str, set[str]]) -> None:
    if actor is not None and actor.kind == "person" and len(codes) == 1:
        person = (actor.text if actor.name is None else actor.name, actor.title)
        people.setdefault(codes[0], [])
        if person[0] not in [p[0] for p in people[codes[0]]]:
            people[codes[0]].append(person)
        if actor.name is not None:
            named.setdefault(codes[0], set()).add(actor.name)


def _addition_actors(sa: SentenceActors, clause: int) -> list[Actor]:
    """此外还有个联合国秘书长: a next clause that adds more of the other side."""
    words = sa.clause_words(clause + 1)
    if words and (words[0] in sa.rules.words("addition") or words[0] in sa.rules.words("guest_verb")):
        return [a for a in sa.actors if a.clause == clause + 1 and not a.place]
    return []


def _run_on_actors(sa: SentenceActors, clause: int) -> list[Actor]:
    """海地，以及圣卢西亚(Saint Lucia)…: a next clause opening with 以及 may carry a visit's host list on.

    Every later clause is open to it, as a Latin gloss's spaces part clauses too; _visit_hosts keeps
    only the actors joined one to the next.
    """
    words = sa.clause_words(clause + 1)
    if not words or words[0] not in sa.rules.words("list_continuation"):
        return []
    return [a for a in sa.actors if a.clause > clause and not a.addressee and not a.place]


def _visit_hosts(after: list[Actor], sa: SentenceActors, trig: Hit) -> list[Actor]:
    """A visit's host is the first actor after the word, and those joined to it (访问印尼和马来西亚).

    An actor after 和 that starts a new clause of its own (访问台湾和中国进行军演) is not a host.
    """
    if not after:
        return []
    toks = sa.ms.tokens
    if any(t.text in sa.rules.words("passive_marker") for t in toks[trig.last:after[0].first]):
        return []  # 此程出访被美方利用: the actor after 被 is an agent, not the host
    if sa.clause_of_token[after[0].first] != sa.clause_of_token[trig.first]:
        return []
    hosts = [after[0]]
    words = sa.rules.words
    for a in after[1:]:
        between = _without_asides("".join(t.text for t in toks[hosts[-1].last:a.first]), sa.rules)
        following = _following(a, toks, sa.rules)
        if between in words("list_separator") or (
                (between in words("coordinator") or _list_runs_on(between, sa.rules))
                and (a.last >= len(toks) or is_clause_break(following, sa.rules) or following in words("host_list_end")
                     or following in words("list_separator"))):
            hosts.append(a)
        else:
            break
    return hosts


def _following(a: Actor, toks, rules: RuleSet) -> str:
    """The word after an actor, past a bracketed gloss: 圣卢西亚(Saint Lucia)等 gives 等."""
    k = a.last
    close = aside_closers(rules).get(toks[k].text[:1]) if k < len(toks) else None
    if close is not None:
        while k < len(toks) and close not in toks[k].text:
            k += 1
        k += 1
    return toks[k].text if k < len(toks) else "。"


def _without_asides(text: str, rules: RuleSet) -> str:
    """The text between two hosts less a bracketed gloss or a quoted name: 海地(Haiti)、 / 以及「三圣」."""
    return _aside_pattern(rules).sub("", text)


def _aside_pattern(rules: RuleSet) -> re.Pattern:
    def build() -> re.Pattern:
        pairs = [p for p in rules.word_list("aside_pair") + rules.word_list("quote_pair") if len(p) == 2]
        return re.compile("|".join(re.escape(p[0]) + "[^" + re.escape(p) + "]*" + re.escape(p[1]) for p in pairs))
    return rules.derive("assemble.aside_pattern", build)


def _list_runs_on(between: str, rules: RuleSet) -> bool:
    """，以及: a clause break, then a word that adds one more to the list."""
    return len(between) > 1 and is_clause_break(between[0], rules) and between[1:] in rules.words("list_continuation")


def _sentence_subject(sa: SentenceActors, clause: int, state: Discourse) -> Actor | None:
    """The subject an earlier clause of the sentence gave, else the topic carried over.

    One that opens its clause wins over one after a verb (送走泽连斯基，特朗普又将…接待内塔尼亚胡:
    Zelensky is whom Trump saw off); else the first of them. A country counts only as the side that
    opens the sentence (日本方面正试图…，与习近平举行会谈: word class `side_noun`).
    """
    side = sa.rules.words("side_noun")
    earlier = [a for a in sa.actors if a.clause < clause and not a.place and not a.object
               and (a.kind in ("person", "pronoun", "collective")
                    or (a.kind == "country" and a.first == 0 and a.last < len(sa.ms.tokens)
                        and sa.ms.tokens[a.last].text in side))]
    opening = [a for a in earlier if _opens_clause(a, sa)]
    if opening or earlier:
        return (opening or earlier)[0]
    if state.topic is not None and sa.ms.sentence.block - state.topic_block <= 1:
        return state.topic
    return None


def _opens_clause(a: Actor, sa: SentenceActors) -> bool:
    """The actor is the first word of its clause."""
    return a.first == 0 or sa.clause_of_token[a.first - 1] != a.clause


def _codes(actor: Actor, state: Discourse, sa: SentenceActors, is_subject: bool,
           subject: Actor | None = None) -> tuple[str, ...]:
    if actor.codes:
        return actor.codes
    if actor.kind == "pronoun":
        speaker = _speaker_before(actor, sa)
        if speaker is not None and (subject is None or speaker.identity != subject.identity):
            return speaker.codes  # 艾班尼斯指出，他将与拜登举行会谈: 他 is who speaks
        if is_subject or actor is sa.actors[0]:
            return state.topic.codes if state.topic else ()
        avoid = subject.identity if subject is not None else None
        mentioned = [a for a in sa.actors if a.end <= actor.start and a.kind == "person" and a.codes]
        for a in reversed(state.people + mentioned):
            if a.identity != avoid:
                return a.codes
        return ()
    if actor.kind == "pair":
        if state.last_parties and sa.ms.sentence.index - state.last_parties_sentence <= 2:
            # 美日韩三方峰会… 两人会谈的首要议题: two sides are the last two told meeting, not a summit of three
            # (访问韩日，与两国领导人会谈 stays the visitor's with each of them)
            if len(state.last_parties) > 2 and tuple(state.last_parties) in state.groups:
                return next((p for p in reversed(state.pairs) if set(p) <= set(state.last_parties)),
                            state.last_parties)
            return state.last_parties
        near = [a for a in sa.actors if a.end <= actor.start and a.kind == "person"] + ([subject] if subject else [])
        if len(state.last_parties) == 2 and any(set(a.codes) & set(state.last_parties) for a in near):
            return state.last_parties  # 岸田表示，双方正展开磋商: his side and the one he last met

        recent: list[str] = []
        for a in reversed(state.people + [a for a in sa.actors if a.end <= actor.start and a.kind == "person"]):
            if _org_officials(a, sa) or _commentator(a, sa):
                continue  # 金砖国家外交部长: an organisation's unnamed officials, no side of a pair
            for code in a.codes:
                if code not in recent:
                    recent.append(code)
            if len(recent) >= 2:
                return _pair_met(recent[0], recent[1], state.pairs)
        if recent:  # only one side's people named since: that side and whom it was last told meeting
            return next((p for p in reversed(state.pairs) if recent[0] in p), ())
    return ()


def _org_officials(a: Actor, sa: SentenceActors) -> bool:
    """An organisation's unnamed officials or leaders (金砖国家领导人, 欧盟外长): nobody's own side."""
    return a.led_by_org or (a.name is None and all(code in sa.rules.organizations for code in a.codes))


def _commentator(a: Actor, sa: SentenceActors) -> bool:
    """美国研究员丹-贝尔, 日本记者: someone no rule knows, named by a post that is only an analyst's or a
    journalist's. They comment on a meeting; 两国元首 after them are not their country and another."""
    if a.name is not None or not a.title:
        return False
    roles = {e.value.role for e in sa.rules.lookup(a.title) if e.group == "title" and isinstance(e.value, WordRule)}
    return bool(roles) and roles <= {"analyst", "journalist"}


def _pair_met(latest: str, other: str, pairs: list[tuple[str, str]]) -> tuple[str, ...]:
    """两人 after the two people named last: those two, unless they were never told meeting while the
    one named last was (斯塔默…阿尔巴尼斯…这是两人第二次会面: Albanese and whom he met)."""
    if not any({latest, other} == set(p) for p in pairs):
        met = next((p for p in reversed(pairs) if latest in p), None)
        if met is not None:
            return met
    return (latest, other)


def _speaker_before(actor: Actor, sa: SentenceActors) -> Actor | None:
    """The person whose speech verb, in an earlier clause of the sentence, opens what the pronoun is in."""
    verbs = [h for h in sa.ms.hits if h.group == "speech" and h.end <= actor.start
             and sa.clause_of_token[h.first] < actor.clause]
    if not verbs:
        return None
    verb = verbs[-1]
    near = [a for a in sa.actors if a.kind == "person" and a.codes and a.end <= verb.start
            and a.clause == sa.clause_of_token[verb.first] and verb.first - a.last <= 3]
    return near[-1] if near else None


def _status(trig: Hit, sa: SentenceActors, clause: int) -> str:
    return _status_read(trig, sa, clause)[0]


def _status_read(trig: Hit, sa: SentenceActors, clause: int) -> tuple[str, bool]:
    """The meeting's status, and whether only a soft plan (a plan_ahead cue, or a plan carried on from the
    clause before) made it planned: such a plan gives way to a date already past (_past_is_held)."""
    cancelled = sa.cues(clause, "cancelled")
    s = sa.ms.sentence
    if cancelled and s.norm.startswith(sa.rules.word_list("after_event"), trig.end - s.start) \
            and all(c.first >= trig.last for c in cancelled):
        cancelled = []  # 通话后取消了原定的会面: the call came first and was held; what was called off comes later
    if cancelled:
        return "cancelled", False
    triggers = [h.first for h in sa.ms.hits if h.group == "trigger"]
    # plan_ahead cues (承诺回访, 规划访韩) count only before the meeting word: after it (会谈后承诺) they tell what
    # was agreed at a meeting held; nor across a copula (比较可能的形式是两人2019年的会面: what is likely is a form)
    # and never where a word says the meeting took place (可能在纽约会见了, 可能已于上周举行会谈)
    ahead = [] if _past_marked(trig, sa, clause) else [
        c for c in sa.cues(clause, "plan_ahead")
        if c.last <= trig.first and not _copula_between(sa, c.last, trig.first)]
    firm = {id(c) for c in sa.cues(clause, "planned")}
    for cue in sorted([*sa.cues(clause, "planned"), *ahead], key=lambda c: c.first):
        after = 0 <= cue.first - trig.last <= 1 and not any(trig.last <= k < cue.first for k in triggers)
        if cue.last <= trig.first or after:  # 将会见 / 访问计划 / 访华进行协调 (not 通话确认访日准备)
            later = [h for h in sa.ms.hits if _is_cue(h, "cancelled") and h.first >= trig.last]
            # 近期内没有两人会面的计划: the plan after the meeting word, denied before it, is off
            denied = after and any(n.last <= trig.first for n in sa.cues(clause, "negation"))
            if later or denied:
                return "cancelled", False  # 原定5月访问，但最终取消
            return "planned", id(cue) not in firm
    return ("planned", True) if _plan_carried(trig, sa, clause) else ("held", False)


def _plan_carried(trig: Hit, sa: SentenceActors, clause: int) -> bool:
    """特朗普又将于29日晚，在海湖庄园接待以色列总理: a clause with no subject of its own that opens with a word
    going on (plan_goes_on) carries on the plan of the clause before it, back along such clauses, unless
    a word says the meeting took place (会见了)."""
    before = [a for a in sa.actors if a.clause == clause and a.end <= trig.start]
    others = {a.identity for a in before if a.object}
    # 和义大利总理梅洛尼(Giorgia Meloni): a name glossed in brackets is the other side again, no subject
    if any(not (a.object or a.place or a.addressee) and a.identity not in others for a in before) \
            or _past_marked(trig, sa, clause):
        return False
    goes_on = sa.rules.word_list("plan_goes_on")
    k = clause
    while k > 0 and sa.clause_text(k).startswith(goes_on):
        k -= 1
        met = [h.first for h in sa.ms.hits if h.group == "trigger" and sa.clause_of_token[h.first] == k]
        # a cue before any meeting word of its clause sets up what follows (not 会谈后同意…)
        if any(not any(m < c.first for m in met) for c in (*sa.cues(k, "planned"), *sa.cues(k, "plan_ahead"))):
            return True
    return False


def _apply_cancellation(ms: MatchedSentence, sa: SentenceActors, candidates: list[Candidate]) -> None:
    """但最终还是取消: a sentence that cancels the last planned meeting without naming it again."""
    # the length and the actors first: they turn most sentences away without a look at their hits
    if sa.actors or len(ms.sentence.norm) > SHORT_SENTENCE:
        return  # 新马高铁计划两度推迟 is about something else; 但最终还是取消 is about the plan just told
    if not any(_is_cue(h, "cancelled") for h in ms.hits):
        return
    for cand in reversed(candidates):
        if ms.sentence.block - cand.block > 2:
            break
        if cand.status == "planned":
            cand.status = "cancelled"
            cand.decisions.append(Decision("status", f"a later sentence ({ms.sentence.index}) cancels the plan",
                                           "cue.cancelled"))
            cand.evidence.append(Evidence(ms.sentence.text, ms.sentence.start, ms.sentence.end, "cue.cancelled",
                                          ms.sentence.text))
            return


def _meeting_date(trig: Hit, sa: SentenceActors, clause: int, sdates: list[DateMention],
                  state: Discourse) -> DateMention | None:
    usable = [d for d in sdates if d.date.value and not _bound_after(d, sa, trig) and not _dates_a_report(d, sa)]

    def best(items: list[DateMention]) -> DateMention | None:
        explicit = [d for d in items if d.kind != "event"]
        pool = explicit or items
        found = min(pool, key=lambda d: abs(d.evidence.start - trig.start)) if pool else None
        if found is not None and found.kind != "event":
            # 2024年金砖峰会期间: the edition's days, not the year; a span of days written (9月14日至16日,
            # a trip the summit is part of) is as exact as the edition and is the meeting's own
            return (_edition_within(found, items) if not _of_days(found) else None) or found
        return found

    clause_of = {id(d): sa.clause_of_token[_token_at(sa, d.evidence.start)] for d in usable}
    same = best([d for d in usable if clause_of[id(d)] == clause])
    if same and same.kind != "event":
        return same
    own_subject = any(a.clause == clause and a.end <= trig.start and not a.object and a.kind == "person"
                      for a in sa.actors)
    planned = _status(trig, sa, clause) == "planned"
    earlier = [d for d in usable if clause_of[id(d)] < clause and d.evidence.end <= trig.start
               and not (own_subject and _has_person(sa, clause_of[id(d)]))
               and not (planned and (_speech_between(sa, d.evidence.end, trig.start) or _past(d, state)))]
    if same:
        # 9月3日上午，主席会见来华出席峰会的总统: a day standing as a clause of its own dates the meeting,
        # the summit only why the guest came (从9月2日开始 only bounds it); a day within the summit's days
        # is more exact than its span
        day = best([d for d in earlier if d.kind != "event" and d.date.precision == "day"
                    and _only_date(sa.clause_text(clause_of[id(d)]), d)])
        return _day_within(same, usable) or day or same
    if best(earlier):
        return best(earlier)  # 22日，普京…会见 / G20结束第二天他…，又会见: not 布林肯亦将访华 after 耶伦4日访问
    following = best([d for d in usable if clause_of[id(d)] == clause + 1 and _opens_with_copula(sa, clause + 1)])
    if following:
        return following
    if state.before_story & set(sa.clause_words(clause)):
        return None  # 在此之前…举行会谈: before the story's day, so not on it
    if any(not d.date.value and d.evidence.end <= trig.start for d in sdates):
        return None  # 今年6月…举行了会谈 on a page of unknown year: its own date, unread, not the story's
    story = [d for d in state.block_dates.get(sa.ms.sentence.block, []) if d.date.value and d.kind != "event"]
    if story and planned and (state.published is None or _past(story[-1], state)):
        # 这是2016年1月两国断交以来… 两国外长将举行会晤: the plan is not on the story's past day. Undated
        # pages resolve only dates with a year, mostly of the past: a plan takes none of them from the story.
        return None
    return story[-1] if story else None


def _of_days(d: DateMention) -> bool:
    """A day or a span whose ends are days (2022-09-14/2022-09-16), not a month or a year."""
    value = d.date.value or ""
    return bool(value) and all(len(part) == len("2022-09-14") for part in value.split("/"))


def _only_date(clause: str, d: DateMention) -> bool:
    """9月3日上午， : a clause that holds the date and nothing else (no 从…开始, no verb of its own)."""
    return len(re.sub(r"\W+$", "", clause)) == d.evidence.end - d.evidence.start


def _day_within(event: DateMention, dates: list[DateMention]) -> DateMention | None:
    """2019年6月29日 两国元首在大阪二十国集团峰会期间会晤: the day the sentence writes, within the edition's days."""
    span = date_span(event.date.value)
    inside = [d for d in dates if d.kind != "event" and span is not None
              and (own := date_span(d.date.value)) is not None and span[0] <= own[0] and own[1] <= span[1]]
    return min(inside, key=lambda d: abs(d.evidence.start - event.evidence.start)) if inside else None


def _edition_within(date: DateMention, dates: list[DateMention]) -> DateMention | None:
    """在2024年金砖峰会期间会晤: a summit's edition within the year or month written says more than it."""
    span = date_span(date.date.value)
    inside = [d for d in dates if d.kind == "event" and span is not None
              and (own := date_span(d.date.value)) is not None and span[0] <= own[0] and own[1] <= span[1]
              and own != span]
    return min(inside, key=lambda d: abs(d.evidence.start - date.evidence.start)) if inside else None


def _past(d: DateMention, state: Discourse) -> bool:
    """Whether the date ends before the article was published (unknown: not past)."""
    span = date_span(d.date.value) if d.date.value else None
    return bool(span and state.published and span[1] < state.published)


def _dates_a_report(d: DateMention, sa: SentenceActors) -> bool:
    """《纽约时报》2月22日载文, 在29日报道中指出: the day a report came out is not a meeting's."""
    s = sa.ms.sentence
    rest = s.norm[d.evidence.end - s.start:]  # the text, as jieba may glue 日报 across the date's end
    return rest.startswith(sa.rules.word_list("report_noun"))


def _speech_between(sa: SentenceActors, start: int, end: int) -> bool:
    """本月早些时候，他宣称，两人将举行会谈: a date before the speech verb dates the saying, not the meeting."""
    return any(h.group == "speech" and start <= h.start and h.end <= end for h in sa.ms.hits)


def _has_person(sa: SentenceActors, clause: int) -> bool:
    return any(a.clause == clause and a.kind == "person" for a in sa.actors)


def _opens_with_copula(sa: SentenceActors, clause: int) -> bool:
    words = sa.clause_words(clause)
    leads = sa.rules.word_list("copula") + sa.rules.word_list("date_copula")
    return bool(words) and "".join(words[:2]).startswith(leads)


def _token_at(sa: SentenceActors, offset: int) -> int:
    return sa.token_at(offset)  # asked for each date of the sentence for each meeting word: a bisection


def _bound_after(d: DateMention, sa: SentenceActors, trig: Hit) -> bool:
    """2020年疫情来袭后 / 冲突后: a date that only bounds the time from below is not the meeting's.

    The 后 must stand between the date and the meeting word (去年11月会晤后 dates the meeting).
    """
    if d.date.modifier == "since":
        return True
    k = _token_at(sa, d.evidence.end - 1)
    clause, after_word = sa.clause_of_token[k], sa.rules.words("after_word")
    # the words after the date in its clause and before the meeting word: a clause's tokens are one run
    j, stop = k + 1, min(trig.first, len(sa.ms.tokens))
    while j < stop and sa.clause_of_token[j] == clause:
        if sa.ms.tokens[j].text in after_word:
            return True
        j += 1
    return False


def _place(sa: SentenceActors, clause: int) -> tuple[str | None, str | None]:
    """Where the meeting was: a place in its clause, or one that opens the sentence (在印尼巴厘岛，…)."""
    for a in sa.actors:
        if a.place and a.codes and (a.clause == clause or (a.clause == 0 and a.first <= 1)):
            toks = sa.ms.tokens
            text = a.text
            following = toks[a.last].text if a.last < len(toks) else ""
            if len(following) > 1 and following[-1] in sa.rules.words("place_suffix"):
                s = sa.ms.sentence
                text = s.text[a.start - s.start: toks[a.last].end - s.start]
            return text, a.codes[0]
    return None, None


def _evidence(ms: MatchedSentence, hit: Hit) -> Evidence:
    s = ms.sentence
    return Evidence(s.text, hit.start, hit.end, hit.rule, s.text[hit.start - s.start: hit.end - s.start])


def _update_discourse(sa: SentenceActors, sdates: list[DateMention], state: Discourse) -> None:
    block = sa.ms.sentence.block
    # 他 stands for one person: an organisation's unnamed leaders (金砖国家领导人) are never the topic
    first_person = next((a for a in sa.actors if a.kind == "person" and a.codes and not a.object
                         and not _org_officials(a, sa)), None)
    if first_person is not None:
        state.topic, state.topic_block = first_person, block
    elif state.topic is not None and sa.ms.sentence.block - state.topic_block <= 1:
        pronoun = next((a for a in sa.actors if a.kind == "pronoun"), None)
        if pronoun is not None and pronoun is (sa.actors[0] if sa.actors else None):
            state.topic_block = block  # 他 kept the topic alive
    state.people.extend(a for a in sa.actors if a.kind == "person" and a.codes)
    state.block_dates.setdefault(block, []).extend(d for d in sdates if not d.opens_span)  # 1949年…以来


# ---------------------------------------------------------------- across sentences
def _expand_groups(candidates: list[Candidate], lists: list[tuple[int, int, tuple[str, ...]]]) -> list[Candidate]:
    """A meeting with 11个国家领导人 becomes one meeting per country of the list that names them."""
    out: list[Candidate] = []
    for cand in candidates:
        hub = cand.parties[:1]
        for group in cand.pending:
            for code in _list_for(group, cand, lists):
                if code not in hub:
                    out.append(_with_parties(cand, (*hub, code)))
        if len(set(cand.parties)) >= 2:
            out.extend(_bilateral(cand))
    return [c for c in out if len(set(c.parties)) >= 2]


def _list_for(group: Actor, cand: Candidate, lists: list[tuple[int, int, tuple[str, ...]]]) -> tuple[str, ...]:
    """The list whose length is the group's count: in the same sentence, else the nearest one after."""
    fits = [(s, codes) for s, n, codes in lists if len(codes) == group.count and (n in (0, group.count))]
    after = [codes for s, codes in fits if s >= cand.sentence]
    if after:
        return after[0]
    return fits[-1][1] if fits else ()


def _bilateral(cand: Candidate) -> list[Candidate]:
    """The subject met each of the others: one meeting each, unless a multilateral cue said otherwise."""
    if len(cand.parties) <= 2 or cand.multilateral:
        return [cand]
    if cand.apart:
        others = [code for code in cand.parties if code not in cand.apart]
        return [_with_parties(cand, (one, other)) for one in cand.apart for other in others]
    hub = cand.parties[0]
    out = [_with_parties(cand, (hub, other)) for other in cand.parties[1:]]
    if cand.kind == "visit" and cand.tour:
        for later in out[1:]:
            later.later_stop = True
    return out


def _with_parties(cand: Candidate, parties: tuple[str, ...]) -> Candidate:
    people = {k: v for k, v in cand.people.items() if k in parties}
    named = {k: v for k, v in cand.named.items() if k in parties}
    return Candidate(parties, cand.kind, cand.status, cand.date, cand.place, cand.place_country,
                     list(cand.evidence), people, named, cand.sentence, cand.block, soft_date=cand.soft_date,
                     multilateral=cand.multilateral, fired=list(cand.fired), slots=list(cand.slots),
                     decisions=list(cand.decisions), told=cand.told, bare=cand.bare, marked=cand.marked,
                     soft_plan=cand.soft_plan, tour=cand.tour, story_dated=cand.story_dated)


# Bounds that keep merging linear on a hostile page (thousands of mentions of one pair): a mention is
# compared with the latest MERGE_WINDOW meetings of its parties only, and a meeting quotes at most
# MAX_EVIDENCE mentions. Real articles stay far below both.
MERGE_WINDOW = 64
MAX_EVIDENCE = 50


def _naming_no_one(rules: RuleSet) -> frozenset[str]:
    """The collective titles (领导人, 领袖, 首脑): a person of that title is no one in particular."""
    return rules.derive("assemble.naming_no_one", lambda: frozenset(
        w for r in rules.rules_in("title") if r.collective for w in r.words))


def merge(candidates: list[Candidate], generic: frozenset[str] = frozenset(),
          published: dt.date | None = None) -> list[Candidate]:
    """Mentions of one meeting become one record: same parties, compatible kind and overlapping dates."""
    merged: list[Candidate] = []
    by_key: dict[frozenset[str], list[Candidate]] = {}
    for cand in candidates:
        recent = by_key.setdefault(cand.key, [])
        if cand.told and recent:
            _mention(recent[-1], cand)  # 在这次会面期间: the meeting of these parties told last, whatever its kind
            continue
        target = _merge_target(cand, recent[-MERGE_WINDOW:], generic)
        if target is None:
            merged.append(cand)
            recent.append(cand)
        else:
            _absorb(target, cand, published)
    return merged


def _mention(target: Candidate, cand: Candidate) -> None:
    """A later mention of a meeting told: its evidence, and nothing it would change."""
    if len(target.evidence) < MAX_EVIDENCE:
        target.evidence.extend(e for e in cand.evidence if e not in target.evidence)
    target.fired.extend(r for r in cand.fired if r not in target.fired)
    target.merged.append(cand.sentence)


def _merge_target(cand: Candidate, merged: list[Candidate], generic: frozenset[str] = frozenset()) -> Candidate | None:
    same = [m for m in merged if m.key == cand.key and _statuses_agree(m, cand) and _people_agree(m, cand, generic)]
    dated = [m for m in same if _overlap(m.date, cand.date, _slack(m, cand))]
    for m in dated:
        if m.kind == cand.kind:
            return m
    for m in dated:
        if cand.kind == "talks" and cand.status == "held" and m.kind in REMOTE_KINDS and m.status == "held" and (
                (m.date is not None and cand.date is not None)
                or (cand.date is None and all(e.rule == CONTRACTED for e in cand.evidence))):
            # 两人视讯会谈 … 这次拜习会不太可能…: a later mention of the same days names the call held
            return m
    for m in dated:  # 握手寒暄 on the day of their talks: the talks' opening, not a second meeting
        if {m.kind, cand.kind} == IN_PERSON_PAIR and _one_day_told(m) and _one_day_told(cand):
            return m
    for m in dated:  # 会晤并共进午餐, 两人坐在壁炉前交谈: with no day of its own, a part of the talks told
        if cand.kind in PART_KINDS and _no_day_of_its_own(cand) and m.kind == "talks":
            return m
    for m in dated:  # a visit and the talks or meal it held: same dates, or told in the same breath
        if "visit" in (m.kind, cand.kind) and (
            (m.date is not None and cand.date is not None) or abs(m.sentence - cand.sentence) <= 1
        ) and not _day_within_trip(m, cand):
            return m
    return None


def _day_within_trip(a: Candidate, b: Candidate) -> bool:
    """A trip of several days and talks on one day of it: two records, the visit and the talks it held."""
    visit, other = (a, b) if a.kind == "visit" else (b, a)
    return other.kind == "talks" and visit.date is not None and other.date is not None \
        and visit.date.precision == "range" and other.date.precision == "day" and not visit.soft_date


def _no_day_of_its_own(c: Candidate) -> bool:
    """Undated, or dated only by the paragraph's story (会谈后，两人共进午餐 takes the talks' day)."""
    return c.date is None or c.story_dated


def _one_day_told(c: Candidate) -> bool:
    """Dated by a day of its own, not by the span of a summit it fell in."""
    return c.date is not None and c.date.precision == "day" and not c.soft_date


def _slack(a: Candidate, b: Candidate) -> int:
    """Days two dates may lie apart and still be one meeting."""
    if a.soft_date or b.soft_date:
        return SOFT_SLACK_DAYS
    if a.kind == b.kind and a.kind in REMOTE_KINDS:
        return 1  # a call between Washington and Beijing falls on two calendar days
    return 0


def _people_agree(a: Candidate, b: Candidate, generic: frozenset[str] = frozenset()) -> bool:
    """Two visits to China by two named ministers are two meetings, not one; so are the talks with
    a king and those with his crown prince the same day (会见国王萨勒曼 … 还与王储兼首相举行会谈)."""
    return all((not (a.named.get(code) and b.named.get(code)) or a.named[code] & b.named[code])
               and not _other_people(a.people.get(code, []), b.people.get(code, []), generic)
               for code in a.parties)


def _other_people(xs: list[tuple[str, str | None]], ys: list[tuple[str, str | None]],
                  generic: frozenset[str]) -> bool:
    """Each side names its people with a title, and no one of them shares a name or a title with one of
    the other's: two people, not two mentions of one (国王萨勒曼 and 王储兼首相; not 总统拜登 and 拜登)."""
    if not xs or not ys or not all(t and t not in generic for _, t in xs + ys):
        return False
    titled = [(n, t or "") for n, t in xs], [(n, t or "") for n, t in ys]
    # 北约秘书长 and 秘书长 斯托尔滕贝格 are one: a name or a title inside the other's
    return not any(n1 in n2 or n2 in n1 or t1 in t2 or t2 in t1 for n1, t1 in titled[0] for n2, t2 in titled[1])


def _statuses_agree(a: Candidate, b: Candidate) -> bool:
    """A plan and a meeting that took place are two records unless their dates tie them together."""
    if (a.status == "held") == (b.status == "held"):
        return True
    if any(c.bare and c.status == "held" and c.date is None for c in (a, b)):
        return True  # 将于30日会晤 and 中美领导人会晤意义重大, either way round: a bare mention of the plan told
    if a.date is None or b.date is None:
        return False
    # 本月上旬已举行预备会议 beside 下周二会晤: a month holds the planned day but does not tie them
    return a.date.precision == b.date.precision or a.soft_date or b.soft_date


def _overlap(a: DateValue | None, b: DateValue | None, slack: int = 0) -> bool:
    if a is None or b is None:
        return True
    sa, sb = date_span(a.value), date_span(b.value)
    if sa is None or sb is None:
        return True
    pad = dt.timedelta(days=slack)
    return sa[0] - pad <= sb[1] and sb[0] - pad <= sa[1]


def _plan_of_trip(target: Candidate, cand: Candidate) -> bool:
    """将于2日至3日对南非进行国事访问。其间，将同总统举行会谈: talks told as what a trip told as ahead
    will hold, with no day of their own, are part of the visit announced; the plan stays a visit. So do
    talks told as ahead (将与…举行会谈) on the trip's own days, whether or not the trip's days have come
    when the article is read, for a trip announced with its span (12月3日至5日对中国进行国事访问，将与…会谈,
    read on 1 June or 3 December)."""
    if target.kind != "visit" or cand.kind != "talks":
        return False
    if target.status == "planned":
        return cand.date is None or target.date is None or cand.date.value == target.date.value
    return cand.status == "planned" and _trip_span(target) and cand.date is not None \
        and target.date is not None and cand.date.value == target.date.value


def _trip_span(c: Candidate) -> bool:
    """12月3日至5日对中国进行国事访问: a trip announced with the span of its days, as a trip ahead is, whatever
    the day of reading; a trip told by the day (今天访问印度，预定与总理会谈) is news of it under way, and the
    talks it will hold are the plan (the dev sets' gold reads them so)."""
    return c.kind == "visit" and c.date is not None and c.date.precision == "range"


def _absorb(target: Candidate, cand: Candidate, published: dt.date | None = None) -> None:
    trip_ahead = _plan_of_trip(target, cand)
    if len(target.evidence) < MAX_EVIDENCE:  # the slots behind the mentions quoted, and no more
        target.evidence.extend(e for e in cand.evidence if e not in target.evidence)
        target.slots.extend(f for f in cand.slots if f not in target.slots)
    target.fired.extend(r for r in cand.fired if r not in target.fired)
    target.merged.append(cand.sentence)
    if target.soft_date and cand.date is not None and not cand.soft_date:
        target.date, target.soft_date = cand.date, False  # a day the article names beats the summit's span
    elif not (cand.soft_date and target.date is not None):
        before = target.date
        target.date = _narrower(target.date, cand.date)
        if target.date is not before:
            target.soft_date = cand.soft_date  # the date came with its softness: a summit's span, not a day
    if {target.kind, cand.kind} == IN_PERSON_PAIR:
        target.kind = "talks"  # the handshake opened the talks: the meeting is the talks
    elif target.kind != cand.kind and KIND_RANK[cand.kind] > KIND_RANK[target.kind] and not (
            target.kind == "talks" and cand.kind in PART_KINDS and _no_day_of_its_own(cand)):  # the talks' lunch
        if target.kind == "visit" and target.status == "held" and cand.status == "planned":
            target.status = "planned"  # 3日至5日对中国国事访问 … 将与习近平举行会谈: the talks it becomes are ahead
        if not trip_ahead:
            target.kind = cand.kind
    target.marked = target.marked or (cand.marked and cand.status == "held")
    if cand.status == "cancelled":
        target.status = "cancelled"  # a later word that the plan was dropped wins
    elif _held_by_default(target) and _plan_ahead(cand, published) and (
            target.bare or _same_day(target.date, cand.date)):
        # 印度总理抵达武汉与习近平会面 (a headline) … 今明两日将与习近平举行非正式会晤: a mention held only by
        # default, with no date of its own or the plan's day, is the plan told
        target.status, target.bare = "planned", False
        target.decisions.append(Decision("status", f"a mention held only by default takes the plan of sentence "
                                                   f"{cand.sentence}"))
    target.place = target.place or cand.place
    target.place_country = target.place_country or cand.place_country
    for code, persons in cand.people.items():
        known = [p[0] for p in target.people.setdefault(code, [])]
        target.people[code].extend(p for p in persons if p[0] not in known)
    for code, names in cand.named.items():
        target.named.setdefault(code, set()).update(names)


def _plan_ahead(c: Candidate, published: dt.date | None) -> bool:
    """A plan that names its day, and that day has not begun before the article was written (卢拉将于5月10日至14日
    访华, read on the 13th, tells a visit under way; an undated 将出席…并对沙特进行国事访问 may be the wire's
    announcement of a trip since made)."""
    span = date_span(c.date.value) if c.status == "planned" and c.date and c.date.value else None
    return span is not None and (published is None or span[0] >= published)


def _same_day(a: DateValue | None, b: DateValue | None) -> bool:
    return a is not None and b is not None and a.value == b.value


def _held_by_default(c: Candidate) -> bool:
    """Held for want of a plan cue, with no word that it took place (会见了, 曾访问) in any mention."""
    return c.status == "held" and not c.marked


def _narrower(a: DateValue | None, b: DateValue | None) -> DateValue | None:
    if a is None or a.value is None:
        return b
    if b is None or b.value is None:
        return a
    sa, sb = date_span(a.value), date_span(b.value)
    if sa is None or sb is None:
        return a if sa is not None else b  # a value that reads as no span is the wider one
    return b if (sb[1] - sb[0]) < (sa[1] - sa[0]) else a


def _to_meeting(c: Candidate, rules: RuleSet, published: dt.date | None) -> Meeting:
    span = date_span(c.date.value) if c.date and c.date.value else None
    when = span[0] if span else published  # 2011年拜登访华: his title in 2011, not today's
    parties = tuple(Party(code, tuple(_with_title(p, rules, when) for p in c.people.get(code, ())),
                          rules.country_name(code)) for code in c.parties)
    decisions = list(c.decisions)
    if c.merged:
        where = ", ".join(map(str, sorted(set(c.merged))))
        decisions.append(Decision("merge", f"joined with the mentions in sentence(s) {where} (same parties, "
                                           f"compatible kind and dates); the fields above are those of sentence "
                                           f"{c.sentence}, as the later mentions refined them"))
    fired = tuple((rule, where or rules.rule_where.get(rule, "")) for rule, where in c.fired)
    decisions = [_located(d, rules) for d in decisions]
    explain = Explanation(fired, tuple(c.slots), tuple(decisions))
    return Meeting(parties, c.kind, c.status, c.date, c.place, c.place_country, tuple(c.evidence), explain)


# ---------------------------------------------------------------- constructions and decisions
def _located(d: Decision, rules: RuleSet) -> Decision:
    """The decision with the file:line of its rule; a copy only where that changes it (most do not)."""
    if d.where:
        return d
    where = rules.rule_where.get(d.rule or "")
    return d if where == d.where else replace(d, where=where)


def _construction_meetings(view: SentenceView, state: Discourse, rules: RuleSet,
                           misses: list[NearMiss]) -> tuple[list[Candidate], frozenset[tuple[int, int]]]:
    """Meetings the rules' constructions read in the sentence, and the meeting words they took.

    A meeting word inside a construction's match is not read again by the default reading;
    one inside a `suppress` construction's slot is read by nobody, and noted as a near miss.
    """
    out: list[Candidate] = []
    consumed: set[tuple[int, int]] = set()
    for m in find_matches(view, rules, "suppress"):
        fill = m.slot(m.construction.suppress or "")
        if fill is not None and fill.hit is not None:
            consumed.add((fill.hit.start, fill.hit.end))
            misses.append(_near_miss(view.sa, fill.hit, "no meeting, as a construction reads it",
                                     (m.construction.id, m.construction.where)))
    for m in find_matches(view, rules, "meeting"):
        if _overlaps_taken(m, view, consumed):
            continue
        if _possibility_after(m.last, view.sa, view.clause_of_token[min(m.last, len(view.clause_of_token)) - 1]):
            misses.append(_near_miss(view.sa, _anchor_hit(m, view), "a meeting weighed as a possibility, not told",
                                     (m.construction.id, m.construction.where)))
            continue
        built = _from_construction(m, view, state, rules)
        if not built:
            misses.append(_near_miss(view.sa, _anchor_hit(m, view), "a construction matched, but its parties "
                                     "could not be told", (m.construction.id, m.construction.where)))
            continue
        out.extend(built)
        consumed.update((h.start, h.end) for h in _triggers_in(m, view))
        state.last_parties, state.last_parties_sentence = built[-1].parties, view.ms.sentence.index
        for b in built:
            state.told(b.parties, b.multilateral)
    return out, frozenset(consumed)


def _triggers_in(m: PatternMatch, view: SentenceView) -> list[Hit]:
    return [h for h in view.ms.hits if h.group == "trigger" and m.first <= h.first < m.last]


def _overlaps_taken(m: PatternMatch, view: SentenceView, consumed: set[tuple[int, int]]) -> bool:
    return any((h.start, h.end) in consumed for h in _triggers_in(m, view))


def _anchor_hit(m: PatternMatch, view: SentenceView) -> Hit:
    """The meeting word of the match, else a stand-in spanning its first token."""
    trig = _trigger_fill(m)
    if trig is not None:
        return trig
    tok = view.tokens[m.first]
    return Hit("construction", m.construction.id, None, tok.start, tok.end, m.first, m.first + 1, tok.text)


def _trigger_fill(m: PatternMatch) -> Hit | None:
    return next((f.hit for f in m.fills if f.hit is not None and f.hit.group == "trigger"), None)


def _from_construction(m: PatternMatch, view: SentenceView, state: Discourse, rules: RuleSet) -> list[Candidate]:
    c = m.construction
    spec = c.meeting
    assert spec is not None
    sa, trig = view.sa, _trigger_fill(m)
    clause = view.clause_of_token[trig.first if trig else m.first]
    subject = _construction_subject(m, sa, clause, state)
    sides = _construction_sides(m, spec.parties, subject, sa, state)
    if sides is None:
        return []
    if trig is not None and trig.host is not None:
        sides["host in the word"] = [(None, trig.host.codes)]  # 访华: the host is inside the meeting word
    base = _construction_base(m, view, trig, clause, state, rules)
    groups = _party_groups(sides, spec.each)
    out = []
    for group in groups:
        codes = tuple(dict.fromkeys(code for actor, got in group for code in got))
        if len(codes) < 2:
            continue
        cand = _with_parties(base, codes)
        for actor, got in group:
            _note_person(actor, got, cand.people, cand.named)
        cand.multilateral = spec.multilateral and len(groups) == 1
        if cand.multilateral and len(codes) >= 3:
            state.groups.append(codes)
        cand.decisions.insert(0, Decision("parties", "the construction's slots " + ", ".join(spec.parties),
                                          c.id, c.where))
        out.append(cand)
    return out


def _construction_subject(m: PatternMatch, sa: SentenceActors, clause: int, state: Discourse) -> Actor | None:
    before = [a for a in sa.actors if a.clause == clause and a.last <= m.first and not a.place and not a.object]
    return before[0] if before else _sentence_subject(sa, clause, state)


Side = list[tuple[Actor | None, tuple[str, ...]]]


def _construction_sides(m: PatternMatch, names: tuple[str, ...], subject: Actor | None, sa: SentenceActors,
                        state: Discourse) -> dict[str, Side] | None:
    """Each party slot's actors with the codes they stand for; None when one slot stands for nobody."""
    sides: dict[str, Side] = {}
    for name in names:
        if name == "subject":
            got = _codes(subject, state, sa, is_subject=True) if subject is not None else ()
            sides[name] = [(subject, got)]
        else:
            fill = m.slot(name)
            actors = fill.actors if fill is not None else ()
            sides[name] = [(a, _group_of(a, state) if a.kind == "count" else
                            _codes(a, state, sa, is_subject=False, subject=subject)) for a in actors]
        if not any(got for _, got in sides[name]) and not _optional_slot(m, name):
            return None
    return {name: side for name, side in sides.items() if side}


def _group_of(count: Actor, state: Discourse) -> tuple[str, ...]:
    """四国领导人: the latest group of as many countries told meeting together, else nobody."""
    return next((g for g in reversed(state.groups) if len(g) == count.count), ())


def _optional_slot(m: PatternMatch, name: str) -> bool:
    return any(s.name == name and s.optional for s in m.construction.slots)


def _party_groups(sides: dict[str, Side], each: str | None) -> list[Side]:
    """All parties in one meeting, or, with `each`, one meeting per actor of that list slot.

    Parties keep the order the construction names them in.
    """
    if each is None:
        return [[pair for side in sides.values() for pair in side]]
    return [[pair for name, side in sides.items() for pair in (side if name != each else [one])]
            for one in sides[each]]


def _construction_base(m: PatternMatch, view: SentenceView, trig: Hit | None, clause: int, state: Discourse,
                       rules: RuleSet) -> Candidate:
    c, spec, sa = m.construction, m.construction.meeting, view.sa
    assert spec is not None
    anchor = _anchor_hit(m, view)
    kind = spec.kind or (_clause_kind(trig, sa, clause) if trig else "talks")
    # With no meeting word in the pattern, its anchor word stands in for one: the cues and dates
    # around it are read as they would be around a meeting word there.
    status, soft = (spec.status, False) if spec.status else _status_read(trig or anchor, sa, clause)
    date_fill = m.slot(spec.date) if spec.date else None
    when = date_fill.date if date_fill is not None else _meeting_date(trig or anchor, sa, clause, view.dates, state)
    cand = Candidate(parties=(), kind=kind, status=status, date=when.date if when else None, place=None,
                     place_country=None, evidence=[_evidence(view.ms, anchor)], sentence=view.ms.sentence.index,
                     block=view.ms.sentence.block, soft_date=bool(when and when.kind == "event"),
                     story_dated=bool(when and date_fill is None and when.kind != "event"
                                      and when.sentence != view.ms.sentence.index),
                     marked=_past_marked(trig or anchor, sa, clause), soft_plan=soft)
    place_fill = m.slot(spec.place) if spec.place else None
    if place_fill is not None and place_fill.actors and place_fill.actors[0].codes:
        cand.place, cand.place_country = place_fill.actors[0].text, place_fill.actors[0].codes[0]
    else:
        cand.place, cand.place_country = _place(sa, clause)
    cand.fired = [(c.id, c.where), *([_rule_ref(trig)] if trig else [])]
    cand.slots = [_slot_fill(view, f) for f in m.fills if f.name]
    kind_cue, status_cue = _kind_and_status_cues(sa, clause, status) if trig else (None, None)
    cand.fired.extend(_rule_ref(cue) for cue in (kind_cue, status_cue) if cue is not None)
    cand.decisions = [
        Decision("kind", "the construction says", c.id, c.where) if spec.kind else
        Decision("kind", "a cue in the clause", *_rule_ref(kind_cue)) if kind_cue else
        Decision("kind", "the meeting word in its slot", *(_rule_ref(trig) if trig else (c.id, c.where))),
        Decision("status", "the construction says", c.id, c.where) if spec.status else
        Decision("status", _status_step(status), *(_rule_ref(status_cue) if status_cue else (None, None))),
        _date_decision(when, date_fill is not None, view.ms.sentence.index),
    ]
    return cand


def _kind_and_status_cues(sa: SentenceActors, clause: int, status: str) -> tuple[Hit | None, Hit | None]:
    """The cues behind a meeting's kind (by video, by phone) and status (planned, cancelled), if any."""
    kind_cue = next(iter(sa.cues(clause, "by_video") or sa.cues(clause, "by_phone")), None)
    status_cue = next(iter(sa.cues(clause, status) or (sa.cues(clause, "plan_ahead") if status == "planned" else [])),
                      None) if status != "held" else None
    return kind_cue, status_cue


def _slot_fill(view: SentenceView, fill) -> SlotFill:
    start, end = view.tokens[fill.first].start, view.tokens[max(fill.first, fill.last - 1)].end
    s = view.ms.sentence
    return SlotFill(fill.name, s.text[start - s.start:end - s.start], start, end)


def _rule_ref(trig: Hit) -> tuple[str, str]:
    rule = _rule(trig)
    return trig.rule, rule.where if rule is not None else ""


def _status_step(status: str) -> str:
    return {"held": "no plan or cancellation cue in the clause", "planned": "a plan cue in the clause",
            "cancelled": "a cancellation cue in the clause"}[status]


def _date_decision(when: DateMention | None, from_slot: bool, sentence: int) -> Decision:
    if when is None:
        return Decision("date", "no date in the clause, the sentence or the paragraph")
    if from_slot:
        step = "the construction's date slot"
    elif when.kind == "event":
        step = "the summit edition it belongs to"
    else:
        step = "a date in the sentence" if when.sentence == sentence else "the paragraph's story date"
    return Decision("date", f"{step}: {when.evidence.text}", when.evidence.rule)


def _explain_default(cand: Candidate, trig: Hit, sa: SentenceActors, clause: int, when: DateMention | None) -> None:
    """What the default reading of a meeting word decided, for --explain."""
    ref = _rule_ref(trig)
    cand.fired.append(ref)
    kind_cue, status_cue = _kind_and_status_cues(sa, clause, cand.status)
    for cue in (kind_cue, status_cue):
        if cue is not None:
            cand.fired.append(_rule_ref(cue))
    cand.decisions.extend([
        Decision("parties", "the subject, the actors joined to it and those after the meeting word", *ref),
        Decision("kind", "a cue in the clause" if kind_cue else "the meeting word",
                 *(_rule_ref(kind_cue) if kind_cue else ref)),
        Decision("status", _status_step(cand.status), *(_rule_ref(status_cue) if status_cue else (None, None))),
        _date_decision(when, False, sa.ms.sentence.index),
    ])


def _suppressing_cue(sa: SentenceActors, clause: int) -> tuple[str, str] | None:
    for effect in ("generic", "rumour", "negation", "not_meeting"):
        cues = sa.cues(clause, effect)
        if cues:
            return _rule_ref(cues[0])
    return None


def _near_miss(sa: SentenceActors, hit: Hit, reason: str, rule: tuple[str, str] | None = None) -> NearMiss:
    ref = rule or (_rule_ref(hit) if hit.group == "trigger" else (hit.rule, ""))
    return NearMiss("meeting", reason, sa.ms.sentence.index, hit.start, hit.end, hit.text, ref[0], ref[1] or None)


# What a start would otherwise build first: kept in the cached rules (pipeline.prepare_with).
PREPARED = (_aside_pattern, _this_is)
