"""Hits → country mentions: names, abbreviations (中美, 美方), capitals and leaders, as ISO alpha-3."""

from __future__ import annotations

from ..match import Hit, MatchedSentence
from ..model import CountryCount, CountryMention, Evidence
from ..ruleset import RuleSet

VIA = {"country": "name", "compound": "abbreviation", "capital": "capital", "person": "leader"}


def hit_codes(hit: Hit) -> tuple[str, ...]:
    """The country codes a hit names, if any."""
    if hit.group in ("country", "capital"):
        return (hit.value,)
    if hit.group == "compound":
        return tuple(hit.value)
    if hit.group == "person":
        return (hit.value.country,)
    return ()


def country_mentions(ms: MatchedSentence, rules: RuleSet) -> list[CountryMention]:
    out = []
    s = ms.sentence
    for hit in ms.hits:
        for code in hit_codes(hit):
            if code not in rules.countries:
                continue  # organisations (EU via 访欧) are parties, not countries
            text = s.text[hit.start - s.start: hit.end - s.start]
            out.append(CountryMention(code, Evidence(s.text, hit.start, hit.end, hit.rule, text), s.index,
                                      VIA.get(hit.group, hit.group)))
    return out


def count_countries(mentions: list[CountryMention], rules: RuleSet) -> list[CountryCount]:
    """One entry per code, most mentioned first, with every mention as evidence."""
    by_code: dict[str, list[CountryMention]] = {}
    for m in mentions:
        by_code.setdefault(m.code, []).append(m)
    ordered = sorted(by_code.items(), key=lambda kv: (-len(kv[1]), kv[1][0].evidence.start))
    return [CountryCount(code, rules.country_name(code), len(ms), tuple(m.evidence for m in ms))
            for code, ms in ordered]
