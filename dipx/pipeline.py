"""extract(): the order of the stages, and nothing else.

read → clean → normalise + split sentences → tokenize → match → resolve → assemble.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from .assemble import assemble_meetings
from .clean import clean
from .errors import DipxError, ExtractionError, InputError
from .match import match_sentence
from .model import Document, RawDocument, Result
from .read import iter_bytes, iter_documents
from .resolve.countries import count_countries, country_mentions, disambiguate
from .resolve.dates import DateResolver
from .resolve.people import find_people
from .resolve.view import sentence_views
from .ruleset import RuleSet, load_rules
from .segment import shared_tokenizer, split_sentences


def extract(
    source: str | Path | RawDocument,
    *,
    published: dt.datetime | None = None,
    rules: RuleSet | None = None,
    rules_dirs: Sequence[str] = (),
) -> Result:
    """Everything dipx finds in one article.

    `source` is a path (str or Path), "-" for stdin, a RawDocument, or the article itself as
    text (a str that names no existing file). `published` overrides the article's own date.
    A source holding several articles (JSON Lines) gives the first; use `extract_all` for all.
    """
    for item in extract_all(source, published=published, rules=rules, rules_dirs=rules_dirs):
        if isinstance(item, DipxError):
            raise item
        return item
    raise InputError(str(source), "no article found")


def extract_all(
    source: str | Path | RawDocument,
    *,
    published: dt.datetime | None = None,
    rules: RuleSet | None = None,
    rules_dirs: Sequence[str] = (),
) -> Iterator[Result | DipxError]:
    """One Result per article in `source`, or a DipxError for an article that cannot be read."""
    rules = rules or load_rules(tuple(str(d) for d in rules_dirs))
    for raw in _raw_documents(source):
        yield raw if isinstance(raw, InputError) else process(raw, rules, published)


def process(raw: RawDocument, rules: RuleSet, published: dt.datetime | None = None) -> Result | DipxError:
    """The one per-document step: the CLI, the tests and batch workers all call this.

    It never raises for a bad article or a bug in dipx: the error comes back as a value, so a
    caller processing many articles loses only this one.
    """
    try:
        result = analyse(clean(raw, published), rules)
        return replace(result, warnings=(*result.warnings, *_date_warnings(raw, result)))
    except InputError as exc:
        return exc
    except Exception as exc:  # a bug must cost one article, not the batch
        if os.environ.get("DIPX_DEBUG"):
            raise
        return ExtractionError(raw.source, exc)


def _raw_documents(source: str | Path | RawDocument) -> Iterator[RawDocument | InputError]:
    if isinstance(source, RawDocument):
        yield source
    elif isinstance(source, Path) or source == "-" or _names_file(source):
        yield from iter_documents(str(source))
    else:
        yield from iter_bytes(source.encode("utf-8"), "<text>")


PATH_ENDINGS = (".txt", ".html", ".htm", ".jsonl", ".json", ".xml")


def _names_file(text: str) -> bool:
    """A one-line string that exists as a file, or looks like a path (新闻/稿件.txt): read it as one."""
    if "\n" in text or len(text) > 4096:
        return False
    if text.lower().endswith(PATH_ENDINGS) or text.startswith(("/", "./", "../", "~")):
        return True  # a mistyped path must say "no such file", not be analysed as an article
    try:
        return os.path.exists(text)
    except (OSError, ValueError):
        return False


def _date_warnings(raw: RawDocument, result: Result) -> list[str]:
    if result.document.published is not None:
        return []
    if raw.published:
        return [f"could not read the publication date {raw.published!r}; relative dates are left unresolved"]
    return ["no publication date found; relative dates are left unresolved (give one with --published)"]


def analyse(doc: Document, rules: RuleSet) -> Result:
    """The stages after cleaning, for a Document already in hand."""
    sentences = split_sentences(doc)
    tokenizer = shared_tokenizer(rules.user_words)
    matched = disambiguate([match_sentence(s, tokenizer.tokens(s), rules) for s in sentences], rules)
    resolver = DateResolver(rules, doc.published.date() if doc.published else None)
    resolver.learn_weekdays(matched)
    dates = [m for ms in matched for m in resolver.resolve_sentence(ms)]
    countries = [c for ms in matched for c in country_mentions(ms, rules)]
    views = sentence_views(matched, dates, rules)
    assembled = assemble_meetings(doc, views, rules)
    people, anonymous, speaker_misses = find_people(doc, views, rules)
    return Result(
        document=doc,
        countries=tuple(count_countries(countries, rules)),
        dates=tuple(dates),
        meetings=tuple(assembled.meetings),
        people=tuple(people),
        anonymous_quotes=tuple(anonymous),
        near_misses=tuple(assembled.near_misses + speaker_misses),
        rules_fingerprint=rules.fingerprint,
    )
