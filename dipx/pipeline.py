"""extract(): the order of the stages, and the per-article error and time boundary around them.

read → clean → normalise + split sentences → tokenize → match → resolve → assemble.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from . import assemble, match
from .assemble import assemble_meetings
from .clean import clean, dateline_day, dateline_month_day
from .errors import ArticleTimeout, DipxError, ExtractionError, InputError
from .limits import MAX_BYTES, TIMEOUT
from .match import MatchedSentence, match_sentence
from .model import BODY_DATE, INFERRED, Document, RawDocument, Result
from .read import iter_bytes, iter_documents
from .resolve import actors, countries, dates, people
from .resolve.countries import count_countries, country_mentions, disambiguate
from .resolve.dates import DateResolver, summit_anchor
from .resolve.people import find_people
from .resolve.published import PREPARED as PUBLISHED_PREPARED
from .resolve.published import infer_published
from .resolve.view import sentence_views
from .ruleset import RuleSet, load_rules
from .ruleset.compile import prepare_with
from .segment import RjiebaTokenizer, Tokenizer, backend, choose_backend, shared_tokenizer, split_sentences
from .startup import resume_gc

# The derived tables a start would build first (every date pattern parsed for its gates, names by
# first character, word lists, regexes made from word classes): built into the cached rules instead.
prepare_with(*match.PREPARED, *countries.PREPARED, *people.PREPARED, *actors.PREPARED, *dates.PREPARED,
             *PUBLISHED_PREPARED, *assemble.PREPARED)


def extract(
    source: str | Path | RawDocument,
    *,
    published: dt.datetime | None = None,
    rules: RuleSet | None = None,
    rules_dirs: Sequence[str] = (),
    max_bytes: int = MAX_BYTES,
    timeout: float | None = TIMEOUT,
) -> Result:
    """Everything dipx finds in one article.

    `source` is a path (str or Path), "-" for stdin, a RawDocument, or the article itself as
    text (a str that names no existing file). `published` overrides the article's own date.
    A source holding several articles (JSON Lines) gives the first; use `extract_all` for all.
    """
    for item in extract_all(source, published=published, rules=rules, rules_dirs=rules_dirs, max_bytes=max_bytes,
                            timeout=timeout):
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
    max_bytes: int = MAX_BYTES,
    timeout: float | None = TIMEOUT,
) -> Iterator[Result | DipxError]:
    """One Result per article in `source`, or a DipxError for an article that cannot be read."""
    rules = rules or load_rules(tuple(str(d) for d in rules_dirs))
    for raw in _raw_documents(source, max_bytes):
        yield raw if isinstance(raw, InputError) else process(raw, rules, published, timeout=timeout)


def process(
    raw: RawDocument, rules: RuleSet, published: dt.datetime | None = None, *, timeout: float | None = TIMEOUT
) -> Result | DipxError:
    """The one per-document step: the CLI, the tests and batch workers all call this.

    It never raises for a bad article, a bug in dipx or an article over its time budget
    (`timeout` seconds; None or 0 for none): the error comes back as a value naming the
    article, so a caller processing many articles loses only this one.
    """
    try:
        tokenizer = shared_tokenizer(rules.user_words)  # built once per process, outside any article's budget
        resume_gc()  # start-up is over (startup.py)
        with time_budget(timeout):
            result = analyse(clean(raw, published), rules, tokenizer)
        warnings = (*raw.warnings, *result.warnings, *_date_warnings(raw, result))
        return replace(result, warnings=warnings)
    except InputError as exc:
        return exc
    except _Expired:
        return ArticleTimeout(raw.source, timeout or 0)
    except Exception as exc:  # a bug must cost one article, not the batch
        if os.environ.get("DIPX_DEBUG"):
            raise
        return ExtractionError(raw.source, exc)


# ---------------------------------------------------------------- the time budget
class _Expired(BaseException):
    """Raised inside an article over its budget. A BaseException, so no stage's `except Exception` hides it."""


_deadline = threading.local()
# setitimer takes no more than the platform's time_t: a budget past a year is as good as none.
MAX_TIMER_SECONDS = 365 * 86400.0


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Stop the work inside after `seconds`, raising _Expired.

    In a process's main thread (the CLI, and batch workers forked from it, which run their
    tasks in their own main thread) a SIGALRM interval timer interrupts any stage wherever
    it is. Elsewhere (a thread pool, or no SIGALRM) signals cannot be used; the stages then
    stop at the next `check_budget()` between sentences and between stages.
    """
    if not seconds or seconds <= 0 or not math.isfinite(seconds):
        yield  # no limit (--timeout 0, or inf)
        return
    seconds = min(seconds, MAX_TIMER_SECONDS)
    _deadline.at = time.monotonic() + seconds
    alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _on_alarm) if alarm else None
    if alarm:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        _deadline.at = None
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _on_alarm(signum: int, frame: object) -> None:
    raise _Expired()


def check_budget() -> None:
    at = getattr(_deadline, "at", None)
    if at is not None and time.monotonic() > at:
        raise _Expired()


def use_tokenizer(name: str | None) -> str:
    """Force jieba or rjieba for this process (None: $DIPX_TOKENIZER, else rjieba when installed).

    Returns the backend in force; LookupError (a one-line reason) when it cannot be used.
    """
    choose_backend(name)
    return backend()


def _raw_documents(source: str | Path | RawDocument, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | InputError]:
    if isinstance(source, RawDocument):
        yield source
    elif isinstance(source, Path) or source == "-" or _names_file(source):
        yield from iter_documents(str(source), max_bytes=max_bytes)
    else:
        yield from iter_bytes(source.encode("utf-8", errors="replace"), "<text>")


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


def _dated_by_body(doc: Document, matched: list[MatchedSentence], rules: RuleSet) -> Document:
    """A page that shows no publication date, dated by its body where that is unambiguous (see summit_anchor)."""
    if doc.published is not None:
        return doc
    origin = "page" if doc.format == "html" else "text"
    stamp = doc.published_estimate  # the page's own stamp of its month: what the body implies must agree with it
    day = summit_anchor(matched, rules, dateline_month_day(doc))
    if day is not None and (stamp is None or day.isoformat().startswith(stamp.value)):
        return replace(doc, published=dt.datetime(day.year, day.month, day.day), published_source=BODY_DATE,
                       published_from=origin, published_estimate=None)
    estimate = infer_published(matched, rules)
    if stamp is not None and (estimate is None or estimate.precision != "day"
                              or not estimate.value.startswith(stamp.value)):
        return doc  # the stamp's month stands; a year or another month from the body is not taken over it
    if estimate is None:
        return doc
    if estimate.precision != "day":  # a year alone: `published` stays unknown
        return replace(doc, published_estimate=estimate)
    on = dt.date.fromisoformat(estimate.value)
    return replace(doc, published=dt.datetime(on.year, on.month, on.day), published_source=INFERRED,
                   published_from=origin, published_estimate=estimate)


def _date_warnings(raw: RawDocument, result: Result) -> list[str]:
    if result.document.published_source == BODY_DATE:
        day = result.document.published.date().isoformat() if result.document.published else "?"
        return [f"no publication date found; relative dates are resolved against {day}, inferred from the body "
                "(the dateline's or the lead's day in the year of a summit it names); give one with --published"]
    estimate = result.document.published_estimate
    if estimate is not None:
        when = {"day": "resolved against", "month": "resolved against the month"}.get(estimate.precision,
                                                                             "resolved against the year")
        return [f"no publication date found; relative dates are {when} {estimate.value}, inferred from the text "
                f"({'; '.join(estimate.evidence)}); give one with --published"]
    if result.document.published is not None:
        return []
    if raw.published:
        return [f"could not read the publication date {raw.published!r}; relative dates are left unresolved"]
    return ["no publication date found; relative dates are left unresolved (give one with --published)"]


def analyse(doc: Document, rules: RuleSet, tokenizer: Tokenizer | RjiebaTokenizer | None = None) -> Result:
    """The stages after cleaning, for a Document already in hand (`tokenizer`: the process's, if known)."""
    sentences = split_sentences(doc)
    # finding the shared tokenizer hashes every user word: process() looks it up once per article
    tokenizer = tokenizer or shared_tokenizer(rules.user_words)
    found = []
    for s in sentences:
        check_budget()
        found.append(match_sentence(s, tokenizer.tokens(s), rules))
    matched = disambiguate(found, rules)
    check_budget()
    doc = _dated_by_body(doc, matched, rules)
    estimate = doc.published_estimate
    year = int(estimate.value[:4]) if estimate else None
    month = int(estimate.value[5:7]) if estimate and estimate.precision == "month" else None
    resolver = DateResolver(rules, doc.published.date() if doc.published else None, year,
                            nearest=doc.published_source == INFERRED, month=month, dateline=dateline_day(doc))
    resolver.learn_weekdays(matched)
    dates = [m for ms in matched for m in resolver.resolve_sentence(ms)]
    countries = [c for ms in matched for c in country_mentions(ms, rules)]
    check_budget()
    views = sentence_views(matched, dates, rules)
    assembled = assemble_meetings(doc, views, rules)
    check_budget()
    people, anonymous, speaker_misses = find_people(doc, views, rules)
    return Result(
        document=doc,
        sentences=tuple(sentences),
        countries=tuple(count_countries(countries, rules)),
        dates=tuple(dates),
        meetings=tuple(assembled.meetings),
        people=tuple(people),
        anonymous_quotes=tuple(anonymous),
        near_misses=tuple(assembled.near_misses + speaker_misses),
        rules_fingerprint=rules.fingerprint,
    )
