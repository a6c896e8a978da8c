"""One view of a sentence, built once: tokens, clauses, and what starts at each token.

The meeting assembler and the construction matcher both ask "which actor, hit or date starts
at token k?" and "which token holds offset x?"; the view answers from tables built once per
sentence instead of a scan per question.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from ..match import Hit, MatchedSentence
from ..model import DateMention, Token
from ..ruleset import RuleSet
from .actors import Actor, SentenceActors, find_actors


def sentence_views(matched: list[MatchedSentence], dates: list[DateMention], rules: RuleSet) -> list[SentenceView]:
    """One view per sentence, shared by the meeting assembler and the speaker finder."""
    by_sentence: dict[int, list[DateMention]] = {}
    for d in dates:
        by_sentence.setdefault(d.sentence, []).append(d)
    return [SentenceView(find_actors(ms, rules), by_sentence.get(ms.sentence.index, [])) for ms in matched]


@dataclass
class SentenceView:
    sa: SentenceActors
    dates: list[DateMention]
    tokens: list[Token] = field(init=False)
    clause_of_token: list[int] = field(init=False)
    texts: frozenset[str] = field(init=False)  # every token's text: the construction index looks here
    groups: frozenset[str] = field(init=False)  # every hit group present
    _ends: list[int] = field(init=False, repr=False)
    _actors_at: dict[int, list[Actor]] = field(init=False, repr=False)
    _hits_at: dict[tuple[str, int], list[Hit]] = field(init=False, repr=False)
    _dates_at: dict[int, list[tuple[DateMention, int]]] = field(init=False, repr=False)
    _covered: set[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ms = self.sa.ms
        self.tokens, self.clause_of_token = ms.tokens, self.sa.clause_of_token
        # a word slot may join up to three tokens (开始/对), so its anchor may stand in such a run
        words = [t.text for t in ms.tokens]
        self.texts = frozenset([*words, *map("".join, zip(words, words[1:], strict=False)),
                                *map("".join, zip(words, words[1:], words[2:], strict=False))])
        self.groups = frozenset(h.group for h in ms.hits)
        self._ends = [t.end for t in ms.tokens]
        self._actors_at = {}
        for a in self.sa.actors:
            self._actors_at.setdefault(a.first, []).append(a)
        self._hits_at = {}
        for h in ms.hits:
            self._hits_at.setdefault((h.group, h.first), []).append(h)
        self._covered = {k for h in ms.hits if h.group != "person" for k in range(h.first, h.last)}
        self._dates_at = {}
        for d in self.dates:
            first, last = self.token_at(d.evidence.start), self.token_at(d.evidence.end - 1) + 1
            self._dates_at.setdefault(first, []).append((d, last))

    @property
    def ms(self) -> MatchedSentence:
        return self.sa.ms

    def token_at(self, offset: int) -> int:
        """The index of the token holding `offset` (the last token for an offset past the end)."""
        return min(bisect_right(self._ends, offset), len(self.tokens) - 1)

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
