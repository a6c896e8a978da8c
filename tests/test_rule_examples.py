"""Every example written in the rules runs here: a rule that stops matching its own examples fails."""

from __future__ import annotations

import datetime as dt

import pytest

from dipx.match import match_dates, match_tokens
from dipx.model import Sentence
from dipx.normalize import normalize
from dipx.resolve.countries import hit_codes
from dipx.resolve.dates import DateResolver
from dipx.ruleset import load_rules
from dipx.segment import shared_tokenizer

from .conftest import run_text

RULES = load_rules()


def _sentence(text: str) -> Sentence:
    return Sentence(0, 0, 0, len(text), text, normalize(text))


def _hits(text: str):
    s = _sentence(text)
    return match_tokens(shared_tokenizer(RULES.user_words).tokens(s), RULES)


@pytest.mark.parametrize("text,expect,where", RULES.country_examples, ids=lambda v: str(v)[:20])
def test_country_examples(text, expect, where):
    found = {c for h in _hits(text) for c in hit_codes(h) if c in RULES.countries}
    assert found == set(expect), f"{where}: {text}"


WORD_EXAMPLES = [(r.id, r.where, text, True) for r in RULES.word_rules for text in r.examples_match] + [
    (r.id, r.where, text, False) for r in RULES.word_rules for text in r.examples_no_match
]


@pytest.mark.parametrize("rule_id,where,text,should", WORD_EXAMPLES, ids=lambda v: str(v)[:20])
def test_word_rule_examples(rule_id, where, text, should):
    fired = any(h.rule == rule_id for h in _hits(text))
    assert fired is should, f"{where}: rule {rule_id} {'should' if should else 'should not'} fire on {text!r}"


DATE_EXAMPLES = [(p.id, p.where, text, published, expect) for p in RULES.date_patterns
                 for text, published, expect in p.examples]


@pytest.mark.parametrize("rule_id,where,text,published,expect", DATE_EXAMPLES, ids=lambda v: str(v)[:20])
def test_date_pattern_examples(rule_id, where, text, published, expect):
    s = _sentence(text)
    hits = match_dates(s, RULES)
    from dipx.match import MatchedSentence

    ms = MatchedSentence(s, shared_tokenizer(RULES.user_words).tokens(s), match_tokens(
        shared_tokenizer(RULES.user_words).tokens(s), RULES), hits)
    day = dt.date.fromisoformat(published) if published else None
    mentions = [m for m in DateResolver(RULES, day).resolve_sentence(ms) if m.evidence.rule == rule_id]
    assert mentions, f"{where}: pattern {rule_id} found nothing in {text!r}"
    value = mentions[-1].date.value or "unresolved"
    assert value == expect, f"{where}: {text!r} gave {value}, expected {expect}"


NO_MATCH = [(p.id, p.where, text) for p in RULES.date_patterns for text in p.no_match]


@pytest.mark.parametrize("rule_id,where,text", NO_MATCH, ids=lambda v: str(v)[:20])
def test_date_pattern_non_examples(rule_id, where, text):
    assert not [h for h in match_dates(_sentence(text), RULES) if h.rule == rule_id], f"{where}: {text!r}"


def _case_id(case) -> str:
    return case["text"][:16]


@pytest.mark.parametrize("case", RULES.meeting_cases, ids=_case_id)
def test_meeting_cases(case):
    result = run_text(case["text"], case.get("published") or "2024-06-01")
    got = [(frozenset(p.code for p in m.parties), m.kind, m.status, m.date.value if m.date else None)
           for m in result.meetings]
    want = case["expect"]
    assert len(got) == len(want), f"{case.where()}: {got}"
    for w in want:
        match = [g for g in got if g[0] == frozenset(w["parties"])]
        assert match, f"{case.where()}: no meeting of {w['parties']} in {got}"
        parties, kind, status, date = match[0]
        assert kind == w.get("kind", kind) and status == w.get("status", status), f"{case.where()}: {match[0]}"
        if "date" in w:
            assert date == str(w["date"]), f"{case.where()}: date {date}, expected {w['date']}"


@pytest.mark.parametrize("case", RULES.people_cases, ids=_case_id)
def test_people_cases(case):
    result = run_text(case["text"], case.get("published") or "2024-06-01")
    people = {p.name: p for p in result.people}
    for w in case["expect"]:
        assert w["name"] in people, f"{case.where()}: {w['name']} not in {list(people)}"
        person = people[w["name"]]
        if "role" in w:
            assert person.role == w["role"], f"{case.where()}: {person}"
        if "affiliation" in w:
            assert person.affiliation and w["affiliation"] in person.affiliation, f"{case.where()}: {person}"
        for alias in w.get("aliases") or []:
            assert alias in person.aliases, f"{case.where()}: {alias} not in {person.aliases}"


def _holds(text: str, word: str, class_id: str) -> bool:
    """A member stands in the text; a pair class's member (“”) stands as its opening mark, then its closing one."""
    if class_id.endswith("_pair") and len(word) == 2:
        opening = text.find(word[0])
        return opening >= 0 and text.find(word[1], opening + 1) > opening
    return word in text


CLASS_EXAMPLES = [(c.id, c.where, normalize(text), True) for c in RULES.word_classes.values()
                  for text in c.examples_match] + [
    (c.id, c.where, normalize(text), False) for c in RULES.word_classes.values() for text in c.examples_no_match]


@pytest.mark.parametrize("class_id,where,text,should", CLASS_EXAMPLES, ids=lambda v: str(v)[:20])
def test_word_class_examples(class_id, where, text, should):
    held = any(_holds(text, w, class_id) for w in RULES.word_list(class_id))
    assert held is should, f"{where}: class {class_id} {'should' if should else 'should not'} hold a word of {text!r}"


@pytest.mark.parametrize("class_id", sorted(RULES.word_classes))
def test_every_word_class_has_both_kinds_of_example(class_id):
    wc = RULES.word_classes[class_id]
    assert wc.examples_match and wc.examples_no_match, f"{wc.where}: class {class_id} needs match and no_match examples"
