"""Hits → country mentions: names, abbreviations (中美, 美方), capitals and leaders, as ISO alpha-3."""

from __future__ import annotations

from dataclasses import replace

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


def disambiguate(matched: list[MatchedSentence], rules: RuleSet) -> list[MatchedSentence]:
    """Read one-character forms in the light of the whole article: 中巴 in an article about Brazil is Brazil.

    A form's usual country (巴 → PAK) stands unless the article never names that country in full
    but does name exactly one other whose name begins with the same character (巴西).
    """
    named = {h.value for ms in matched for h in ms.hits if h.group == "country"}
    remap: dict[str, str] = {}
    for char, code in rules.abbr.items():
        if code in named:
            continue
        others = {c for c in named if any(n.startswith(char) for n in rules.countries[c].names)}
        if len(others) == 1:
            remap[code] = others.pop()
    if not remap:
        return matched
    out = []
    for ms in matched:
        hits = [_remapped(h, remap) for h in ms.hits]
        out.append(replace(ms, hits=hits))
    return out


def _remapped(hit: Hit, remap: dict[str, str]) -> Hit:
    if hit.rule != "country.abbreviation":
        if hit.group == "trigger" and isinstance(hit.value, tuple) and len(hit.value) == 2:
            rule, codes = hit.value
            if isinstance(codes, tuple) and any(c in remap for c in codes):
                return replace(hit, value=(rule, tuple(remap.get(c, c) for c in codes)))
        return hit
    return replace(hit, value=tuple(remap.get(c, c) for c in hit.value))


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
