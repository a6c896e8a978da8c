"""One view of a sentence, built once: tokens, clauses, and what starts at each token.

The construction matcher asks "which actor, hit or date starts at token k?", "where is this
word spelt?" and "which token holds offset x?"; the view answers from tables built once per
sentence (on the first question) instead of a scan per question.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..match import Hit, MatchedSentence
from ..model import DateMention, Token
from ..ruleset import RuleSet
from ..ruleset.model import Construction
from .actors import Actor, SentenceActors, find_actors
from .lazy import table

RUN_TOKENS = 3  # a word of the rules may be cut by jieba into up to this many tokens


def sentence_views(matched: list[MatchedSentence], dates: list[DateMention], rules: RuleSet) -> list[SentenceView]:
    """One view per sentence, shared by the meeting assembler and the speaker finder."""
    by_sentence: dict[int, list[DateMention]] = {}
    for d in dates:
        by_sentence.setdefault(d.sentence, []).append(d)
    return [SentenceView(find_actors(ms, rules), by_sentence.get(ms.sentence.index, [])) for ms in matched]


@dataclass
class SentenceView:
    """Only the construction matcher asks what starts at a token, and only in the sentences where a
    construction is worth trying: each table is built on its first question, not for every sentence."""

    sa: SentenceActors
    dates: list[DateMention]
    tokens: list[Token] = field(init=False)
    clause_of_token: list[int] = field(init=False)
    # the constructions worth trying here, by what they yield: the matcher's choice, made on first use
    constructions: dict[str, list[Construction]] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.tokens, self.clause_of_token = self.sa.ms.tokens, self.sa.clause_of_token

    @property
    def ms(self) -> MatchedSentence:
        return self.sa.ms

    def token_at(self, offset: int) -> int:
        """The index of the token holding `offset` (the last token for an offset past the end)."""
        return self.sa.token_at(offset)

    def is_break(self, k: int) -> bool:
        """Token k ends its clause (a comma, a semicolon …, as the clause-break words say)."""
        return k + 1 < len(self.clause_of_token) and self.clause_of_token[k + 1] != self.clause_of_token[k]

    def covered(self, k: int) -> bool:
        """Token k is part of a word some rule knows (a title, a country, a meeting word …)."""
        return k in self._covered

    def actors_at(self, k: int) -> list[Actor]:
        return self._actors_at.get(k, [])

    def hits_at(self, group: str, k: int) -> list[Hit]:
        return self._hits_at.get((group, k), [])

    def dates_at(self, k: int) -> list[tuple[DateMention, int]]:
        """Dates whose first token is k, each with the index just past its last token."""
        return self._dates_at.get(k, [])

    def word_starts(self, words: frozenset[str]) -> set[int]:
        """The tokens where a run of one to RUN_TOKENS tokens spells one of `words`."""
        if words in self._word_starts:  # several constructions may ask for one class
            return self._word_starts[words]
        found = self._word_starts[words] = set()
        s = self.sa.ms.sentence
        for word in words:  # the tokens spell the sentence: a run spells a word where the text holds it
            at = s.norm.find(word)
            while at >= 0:
                k = bisect_right(self.sa.token_ends, s.start + at)  # the token holding the word's first character
                if k < len(self.tokens) and self.tokens[k].start == s.start + at and self._spells(k, word):
                    found.add(k)
                at = s.norm.find(word, at + 1)
        return found

    def _spells(self, k: int, word: str) -> bool:
        text = ""
        for t in self.tokens[k:k + RUN_TOKENS]:
            text += t.text
            if text == word:
                return True
        return False

    def actor_starts(self) -> Iterable[int]:
        return self._actors_at.keys()

    def hit_starts(self, group: str) -> set[int]:
        if group not in self._hit_starts:
            self._hit_starts[group] = {k for g, k in self._hits_at if g == group}
        return self._hit_starts[group]

    def date_starts(self) -> Iterable[int]:
        return self._dates_at.keys()

    # ---- the tables, each built on first use
    @table
    def hit_groups(self) -> frozenset[str]:
        """The groups of the sentence's hits (trigger, speech, country …)."""
        return frozenset({h.group for h in self.sa.ms.hits})

    @table
    def _word_starts(self) -> dict[frozenset[str], set[int]]:
        return {}

    @table
    def _hit_starts(self) -> dict[str, set[int]]:
        return {}

    @table
    def _actors_at(self) -> dict[int, list[Actor]]:
        out: dict[int, list[Actor]] = {}
        for a in self.sa.actors:
            out.setdefault(a.first, []).append(a)
        return out

    @table
    def _hits_at(self) -> dict[tuple[str, int], list[Hit]]:
        out: dict[tuple[str, int], list[Hit]] = {}
        for h in self.sa.ms.hits:
            out.setdefault((h.group, h.first), []).append(h)
        return out

    @table
    def _covered(self) -> set[int]:
        return {k for h in self.sa.ms.hits if h.group != "person" for k in range(h.first, h.last)}

    @table
    def _dates_at(self) -> dict[int, list[tuple[DateMention, int]]]:
        out: dict[int, list[tuple[DateMention, int]]] = {}
        for d in self.dates:
            first, last = self.token_at(d.evidence.start), self.token_at(d.evidence.end - 1) + 1
            out.setdefault(first, []).append((d, last))
        return out
