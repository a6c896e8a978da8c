"""Hits → country mentions: names, abbreviations (中美, 美方), capitals and leaders, as ISO alpha-3."""

from __future__ import annotations

from dataclasses import replace

from ..match import Hit, HostVisit, MatchedSentence
from ..model import CountryCount, CountryMention, Evidence
from ..ruleset import RuleSet
from .patterns import NAME_DOT

VIA = {"country": "name", "compound": "abbreviation", "capital": "capital", "person": "leader"}


def hit_codes(hit: Hit) -> tuple[str, ...]:
    """The country codes a hit names, if any."""
    if hit.group in ("country", "capital") and hit.code is not None:
        return (hit.code,)
    if hit.group == "compound":
        return hit.codes
    if hit.person is not None:
        return (hit.person.country,)
    return ()


def disambiguate(matched: list[MatchedSentence], rules: RuleSet) -> list[MatchedSentence]:
    """Read one-character forms in the light of the whole article: 中巴 in an article about Brazil is Brazil.

    A form's usual country (巴 → PAK) stands unless the article never names that country in full
    but does name exactly one other whose name begins with the same character (巴西).
    """
    matched = [_without_foreign_titled_names(_without_date_pieces(ms), rules) for ms in matched]
    named = {h.code for ms in matched for h in ms.hits if h.group == "country" and h.code is not None}
    remap: dict[str, str] = {}
    named_from = _named_from(rules)
    for char, code in rules.abbr.items():
        if code in named:
            continue
        others = named_from[char] & named
        if len(others) == 1:
            remap[code] = next(iter(others))
    if not remap:
        return matched
    out = []
    for ms in matched:
        hits = [_remapped(h, remap) for h in ms.hits]
        out.append(ms if hits == ms.hits else replace(ms, hits=hits))
    return out


def _without_date_pieces(ms: MatchedSentence) -> MatchedSentence:
    """Drop one-character forms that share a character with a date: the day's last character glued to the next
    word by jieba (9日 + 新媒体 read as a pair of forms) names no country."""
    if not ms.dates:
        return ms
    days = [d for d in ms.dates if d.kind != "event"]  # a summit's name (中日韩领导人会议) names its members
    hits = [h for h in ms.hits if h.rule != "country.abbreviation"
            or not any(d.start < h.end and h.start < d.end for d in days)]
    return ms if len(hits) == len(ms.hits) else replace(ms, hits=hits)


def _without_foreign_titled_names(ms: MatchedSentence, rules: RuleSet) -> MatchedSentence:
    """Drop a known person whose name follows another country's post: 法国总统外交顾问博纳 is not the American
    博纳, 巴拉圭新任总统潘尼亚 not Mexico's. Envoys are left alone: 美国驻华大使 serves in China but is American."""
    drop = {i for i, hit in enumerate(ms.hits) if hit.person is not None and hit.person.country in rules.countries
            and _post_country(ms, i, rules) not in (None, hit.person.country)}
    if not drop:
        return ms
    return replace(ms, hits=[h for i, h in enumerate(ms.hits) if i not in drop])


def _post_country(ms: MatchedSentence, i: int, rules: RuleSet) -> str | None:
    """The one country whose post the name at hit i follows (country, then titles, then the name), if any.
    Only a word saying which holder of the post (前, 新任) may stand between the country and the post."""
    at, titled = ms.hits[i].first, False
    for prev in reversed(ms.hits[:i]):
        if prev.last > at:
            continue  # a hit inside or over this one
        gap = ms.tokens[prev.last:at]
        if len(gap) > 1 or any(t.text not in rules.words("post_modifier") for t in gap):
            return None
        if prev.group == "title":
            at, titled = prev.first, True
            continue
        codes = hit_codes(prev) if prev.group in ("country", "compound") else ()
        if not titled or len(codes) != 1 or _stationed(ms, prev, rules):
            return None
        return codes[0]
    return None


def _stationed(ms: MatchedSentence, hit: Hit, rules: RuleSet) -> bool:
    """驻华, 驻美国: the country where an envoy serves."""
    words = rules.words("stationed")
    before = ms.tokens[hit.first - 1].text if hit.first > 0 else ""
    return before in words or any(hit.text.startswith(w) for w in words)


def _named_from(rules: RuleSet) -> dict[str, frozenset[str]]:
    """Per one-character form, the countries one of whose names begins with it (巴 → 巴西, 巴基斯坦, …)."""
    return rules.derive("countries.named_from", lambda: {
        char: frozenset(c for c, country in rules.countries.items() if any(n.startswith(char) for n in country.names))
        for char in rules.abbr})


def _remapped(hit: Hit, remap: dict[str, str]) -> Hit:
    if hit.rule != "country.abbreviation":
        host = hit.host if hit.group == "trigger" else None
        if host is not None and any(c in remap for c in host.codes):
            return replace(hit, value=HostVisit(host.rule, tuple(remap.get(c, c) for c in host.codes)))
        return hit
    codes = tuple(remap.get(c, c) for c in hit.codes)
    return hit if codes == hit.codes else replace(hit, value=codes)


def country_mentions(ms: MatchedSentence, rules: RuleSet) -> list[CountryMention]:
    out = []
    s = ms.sentence
    for hit in ms.hits:
        if hit.group == "person" and _in_dotted_name(ms, hit):
            continue  # 卡梅伦·哈德森 is not the known 卡梅伦: a dotted foreign name is read whole
        for code in hit_codes(hit):
            if code not in rules.countries:
                continue  # organisations (EU via 访欧) are parties, not countries
            text = s.text[hit.start - s.start: hit.end - s.start]
            out.append(CountryMention(code, Evidence(s.text, hit.start, hit.end, hit.rule, text), s.index,
                                      VIA.get(hit.group, hit.group)))
    return out


def _in_dotted_name(ms: MatchedSentence, hit: Hit) -> bool:
    """A known person's name joined by a middle dot to a part no rule knows (卡梅伦·哈德森); two known names
    joined by one (特朗普·金正恩会晤) are still both people."""
    s = ms.sentence
    start, end = hit.start - s.start, hit.end - s.start
    others = [h for h in ms.hits if h.group == "person" and h is not hit]
    if s.norm[end:end + 1] == NAME_DOT:
        return not any(h.start == hit.end + 1 for h in others)
    if start > 0 and s.norm[start - 1:start] == NAME_DOT:
        return not any(h.end == hit.start - 1 for h in others)
    return False


def count_countries(mentions: list[CountryMention], rules: RuleSet) -> list[CountryCount]:
    """One entry per code, most mentioned first, with every mention as evidence."""
    by_code: dict[str, list[CountryMention]] = {}
    for m in mentions:
        by_code.setdefault(m.code, []).append(m)
    ordered = sorted(by_code.items(), key=lambda kv: (-len(kv[1]), kv[1][0].evidence.start))
    return [CountryCount(code, rules.country_name(code), len(ms), tuple(m.evidence for m in ms))
            for code, ms in ordered]


# What a start would otherwise build first: kept in the cached rules (pipeline.prepare_with).
PREPARED = (_named_from,)
