"""The shared vocabulary of dipx: small frozen dataclasses passed from stage to stage.

Offsets (`start`, `end`) always index `Document.text`, the cleaned article text in its
original script. Normalisation is length-preserving, so the same offsets index the
normalised text used for matching.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Block kinds, in the order a reader meets them.
HEADLINE, BYLINE, PARAGRAPH, SUBHEADING, CAPTION = "headline", "byline", "paragraph", "subheading", "caption"
BODY_KINDS = frozenset({HEADLINE, PARAGRAPH, SUBHEADING, CAPTION})


@dataclass(frozen=True)
class RawDocument:
    """What `read` hands to `clean`: decoded content plus whatever metadata the envelope gave."""

    source: str  # a path, "-" for stdin, or "path:line" for one line of JSON Lines
    format: str  # seed | html | text | jsonl
    encoding: str  # how the bytes were decoded (utf-8, utf-8-sig, gb18030, big5, ...)
    body: str  # HTML (seed, html, jsonl "html") or plain text (text, jsonl "text")
    body_is_html: bool
    title: str | None = None
    url: str | None = None
    published: str | None = None  # as the envelope wrote it; parsed by clean
    doc_id: str | None = None
    warnings: tuple[str, ...] = ()  # what reading repaired (bad bytes replaced, lone surrogates)


@dataclass(frozen=True)
class Block:
    kind: str  # headline | byline | paragraph | subheading | caption
    start: int
    end: int


# Document.published_source of a page dated by its body alone (a dateline's day, a named summit's year)
BODY_DATE = "body_date_inferred"
# … of a page dated by what its text implies (a weekday fitting one year of the named leaders' terms)
INFERRED = "inferred"


@dataclass(frozen=True)
class PublishedEstimate:
    """A page's publication time inferred from its text: a day, or only a year (then `published` stays None)."""

    value: str  # YYYY | YYYY-MM | YYYY-MM-DD
    precision: str  # year | month | day
    evidence: tuple[str, ...]  # what it rests on, in words (the text quoted, the rule used)


@dataclass(frozen=True)
class Document:
    """A cleaned article: one text, ordered blocks over it, and metadata."""

    source: str
    format: str
    encoding: str
    text: str
    blocks: tuple[Block, ...]
    title: str | None = None
    url: str | None = None
    published: dt.datetime | None = None  # naive, in the article's own clock
    doc_id: str | None = None
    alt_texts: tuple[str, ...] = ()  # image alt text: English evidence, not body
    published_from: str | None = None  # option | header | text | page: where `published` was read
    # The same, finer: meta | time_tag | date_line | url | dateline_year_inferred | body_date_inferred | inferred |
    # option
    published_source: str | None = None
    published_estimate: PublishedEstimate | None = None  # set by the inference from the text (resolve/published.py)


@dataclass(frozen=True)
class Sentence:
    index: int
    block: int  # index into Document.blocks
    start: int
    end: int
    text: str  # original script
    norm: str  # normalised (simplified, width-folded); same length as text


# Not frozen: a frozen dataclass sets every field through object.__setattr__, which made building
# tokens four times dearer, and an article makes thousands. No stage assigns to a token's fields.
@dataclass(slots=True)
class Token:
    text: str  # normalised form
    start: int  # offsets into Document.text
    end: int
    freq: int = 0  # frequency in jieba's dictionary (0: a word jieba made up, such as a new name)


@dataclass(frozen=True)
class Evidence:
    sentence: str
    start: int
    end: int
    rule: str
    text: str = ""  # the words that fired, original script

    def to_dict(self) -> dict:
        return {"rule": self.rule, "text": self.text, "start": self.start, "end": self.end, "sentence": self.sentence}


@dataclass(frozen=True)
class DateValue:
    """A point or span of time in ISO form: `2022-11-15`, `2020-02`, `2011`, `START/END`; None if unresolved."""

    value: str | None
    precision: str  # day | month | year | range | unresolved
    text: str
    modifier: str | None = None  # early | mid | late | afternoon | ... (kept apart from the value)


@dataclass(frozen=True)
class DateMention:
    date: DateValue
    evidence: Evidence
    sentence: int
    kind: str = "absolute"  # absolute | relative | event | anchored
    block: int = 0
    opens_span: bool = False  # 自2022年…以来: a span runs from it up to now, so it is no point of the story


@dataclass(frozen=True)
class CountryMention:
    code: str
    evidence: Evidence
    sentence: int
    via: str  # name | abbreviation | leader | capital | organisation


@dataclass(frozen=True)
class CountryCount:
    code: str
    name: str
    count: int
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Party:
    code: str  # ISO alpha-3 or an organisation code
    people: tuple[tuple[str, str | None], ...] = ()  # (name or description, title) of those who met
    name: str = ""  # the country's or organisation's name, from the rules


@dataclass(frozen=True)
class Decision:
    """Which step set a field of an output item, and the rule behind it (id and file:line)."""

    field: str  # parties | kind | status | date | place | merge | …
    step: str  # what the engine did, in a few words
    rule: str | None = None
    where: str | None = None


@dataclass(frozen=True)
class SlotFill:
    """A construction's slot and the words that filled it, with offsets into Document.text."""

    slot: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Explanation:
    rules: tuple[tuple[str, str], ...] = ()  # (rule id, file:line) of every rule that fired
    slots: tuple[SlotFill, ...] = ()
    decisions: tuple[Decision, ...] = ()


@dataclass(frozen=True)
class NearMiss:
    """Something that almost became an output item, and why it did not."""

    kind: str  # meeting | speaker
    reason: str
    sentence: int
    start: int
    end: int
    text: str  # the words that fired
    rule: str | None = None
    where: str | None = None


@dataclass(frozen=True)
class Meeting:
    parties: tuple[Party, ...]
    kind: str  # talks | conversation | phone_call | video_call | visit | meal
    status: str  # held | planned | cancelled
    date: DateValue | None
    place: str | None
    place_country: str | None
    evidence: tuple[Evidence, ...]
    explain: Explanation = field(default_factory=Explanation)


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    verb: str


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    role: str  # analyst | official | journalist | other
    affiliation: str | None
    post: str | None
    country: str | None
    quotes: tuple[Quote, ...]
    evidence: tuple[Evidence, ...]
    explain: Explanation = field(default_factory=Explanation)


@dataclass(frozen=True)
class Result:
    document: Document
    countries: tuple[CountryCount, ...] = ()
    dates: tuple[DateMention, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    people: tuple[Person, ...] = ()
    anonymous_quotes: tuple[Quote, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    near_misses: tuple[NearMiss, ...] = ()
    rules_fingerprint: str = ""  # which rules made this result (RuleSet.fingerprint)
    sentences: tuple[Sentence, ...] = ()  # every sentence the evidence may quote, in order
