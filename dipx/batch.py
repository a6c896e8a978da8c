"""Batch runs into a store: list the inputs, take in what is new, record what failed, consolidate events.

The parent process is the only writer. With workers, it forks them after the rules and jieba
are loaded (so each starts warm and shares the loaded pages), sends them articles and writes
their results in the order the articles were listed: the store comes out the same as with one
worker.
"""

from __future__ import annotations

import fnmatch
import gc
import hashlib
import json
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from .errors import DipxError, ExtractionError, InputError
from .model import RawDocument
from .pipeline import process
from .read import iter_bytes, read_limited
from .render import to_dict
from .ruleset import RuleSet
from .store import Store, WriteGroup, result_rows
from .version import __version__

PENDING_PER_WORKER = 8  # articles in flight per worker: enough to keep it busy, few enough to bound memory


@dataclass
class Options:
    retry_failed: bool = False
    reextract_outdated: bool = False
    workers: int = 1


@dataclass
class Summary:
    taken: int = 0
    seen: int = 0
    failed: int = 0
    files: int = 0
    read: int = 0  # files opened: new, changed (or touched), or forced by --retry-failed / --reextract-outdated
    events: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.taken / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (f"dipx batch: taken in {self.taken}, skipped as seen {self.seen}, failed {self.failed}"
                f" ({self.files} files, {self.read} read, {self.events} events)"
                f" in {self.seconds:.1f} s, {self.rate:.1f} articles/s")


# ---------------------------------------------------------------- inputs
def iter_inputs(paths: Iterable[str], glob: str | None = None) -> Iterator[str]:
    """Files as given, and the files under each folder (recursive, sorted, hidden ones left out)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                rel = found.relative_to(path)
                if found.is_file() and not any(part.startswith(".") for part in rel.parts) and _wanted(rel, glob):
                    yield str(found)
        else:
            yield given


def _wanted(rel: Path, glob: str | None) -> bool:
    if glob is None:
        return True
    return fnmatch.fnmatch(rel.as_posix() if "/" in glob else rel.name, glob)


def read_list(lines: Iterable[str]) -> Iterator[str]:
    """Paths from --files-from: one a line; blank lines and # comments skipped."""
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def digest(raw: RawDocument) -> str:
    """The content key: the article's text and its envelope, not where it was read from."""
    key = [raw.format, raw.body, raw.title, raw.url, raw.published, raw.doc_id]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- the run
@dataclass(frozen=True)
class _Task:
    source: str
    file: str
    stat: tuple[int, int]
    key: str | None
    raw: RawDocument | None = None  # to process
    outcome: tuple | None = None  # already known: a failure found while reading
    last: bool = False  # the file's last item to write: then the file is marked as read


class Sink(Protocol):
    """Where each article taken in is also written (dipx.lake: JSON Lines or Parquet files), besides the store."""

    def open(self, run_id: int) -> None: ...

    def add(self, key: str, data: dict) -> None: ...

    def close(self) -> None: ...


class _Known:
    """An outcome in hand, queued with the workers' results so the store is written in the listed order."""

    def __init__(self, outcome: tuple):
        self.outcome = outcome

    def ready(self) -> bool:
        return True

    def get(self) -> tuple:
        return self.outcome


class Batch:
    """One run: `Batch(store, rules, options).run(paths)` with the store's lock held."""

    def __init__(self, store: Store, rules: RuleSet, options: Options, log: Callable[[str], None] = lambda s: None,
                 advance: Callable[[int], None] = lambda n: None, sink: Sink | None = None):
        self.store, self.rules, self.options = store, rules, options
        self.sink = sink
        self.log, self.advance = log, advance
        self.summary = Summary()
        self.run_id = 0
        # articles queued but not yet written -> other places the same article was read from meanwhile
        self._in_flight: dict[str, list[str]] = {}
        self._group: WriteGroup | None = None  # the open group of writes, while the local engine runs

    def run(self, files: Iterable[str], argv: Iterable[str] = ()) -> Summary:
        began = time.monotonic()
        fingerprint = self.rules.fingerprint
        self.run_id = self.store.begin_run(__version__, fingerprint, list(argv))
        if self.sink:
            self.sink.open(self.run_id)
        forced = self._forced()
        listed = list(dict.fromkeys([*(os.path.abspath(f) for f in files), *sorted(forced)]))
        self._process_all(self._tasks(listed, forced))
        if self.sink:
            self.sink.close()
        if self.store.events_stale():
            self.store.rebuild_events()
        self.summary.events = self.store.counts()["events"]
        self.summary.seconds = time.monotonic() - began
        s = self.summary
        self.store.finish_run(self.run_id, s.taken, s.seen, s.failed)
        return s

    def _process_all(self, tasks: Iterator[_Task]) -> None:
        """Extract and write every task, in the listed order: the engines (dipx.dask_engine) override this.

        Many articles a commit (Store.group): `_write` tells the group each time one is written.
        """
        with self.store.group() as self._group:
            if self.options.workers > 1:
                self._parallel(tasks)
            else:
                for task in tasks:
                    self._write(task, task.outcome or _work(_raw(task), self.rules))
        self._group = None

    def _forced(self) -> set[str]:
        """Files to read again though unchanged: those with failures, or with outdated results."""
        forced: set[str] = set()
        if self.options.retry_failed:
            forced.update(self.store.failed_files())
        if self.options.reextract_outdated:
            forced.update(self.store.outdated_files(__version__, self.rules.fingerprint))
        return {f for f in forced if os.path.isfile(f)}

    def _tasks(self, files: list[str], forced: set[str]) -> Iterator[_Task]:
        for file in files:
            self.summary.files += 1
            yield from self._file_tasks(file, file in forced)

    def _file_tasks(self, file: str, forced: bool) -> Iterator[_Task]:
        try:
            st = os.stat(file)
        except OSError as exc:
            self._problem(f"{file}: {exc.strerror or exc}")
            self.advance(1)
            return
        stat = (st.st_size, st.st_mtime_ns)
        if not forced and self.store.file_unchanged(file, *stat):
            self.summary.seen += self.store.known_in_file(file)
            self.advance(1)
            return
        todo = list(self._to_process(file, stat))  # one file's articles: a JSON Lines file is read whole anyway
        if not todo:
            self.store.mark_file(file, *stat, self.run_id)
            self.advance(1)
            return
        yield from todo[:-1]
        yield replace(todo[-1], last=True)

    def _to_process(self, file: str, stat: tuple[int, int]) -> Iterator[_Task]:
        self.summary.read += 1
        try:
            data = read_limited(file)  # /dev/zero or a runaway file: read up to the limit, then refused
        except OSError as exc:
            self._problem(f"{file}: cannot read ({exc.strerror or exc})")
            return
        try:
            items = list(iter_bytes(data, file))
        except InputError as exc:  # the file as a whole: empty, binary, undecodable
            yield _Task(file, file, stat, hashlib.sha256(data).hexdigest(), outcome=_failure(exc))
            return
        for item in items:
            if isinstance(item, InputError):  # one bad line of JSON Lines
                if self.store.failed_before(item.source, str(item)) and not self.options.retry_failed:
                    self.summary.seen += 1  # the file grew; this line was already recorded as bad
                else:
                    yield _Task(item.source, file, stat, None, outcome=_failure(item))
                continue
            key = digest(item)
            if key in self._in_flight:  # a copy of an article still being processed: seen, once it is written
                self.summary.seen += 1
                self._in_flight[key].append(item.source)
            elif self._wanted(key):
                self._in_flight[key] = []
                yield _Task(item.source, file, stat, key, raw=item)
            else:
                self.summary.seen += 1
                self.store.add_source(key, item.source)

    def _wanted(self, key: str) -> bool:
        state = self.store.document_state(key)
        if state is None:
            return True
        kind, version, fingerprint = state
        outdated = (version, fingerprint) != (__version__, self.rules.fingerprint)
        if kind == "failed":
            return self.options.retry_failed
        return outdated and self.options.reextract_outdated

    def _parallel(self, tasks: Iterator[_Task]) -> None:
        global _RULES, _KEEP_DATA
        _RULES, _KEEP_DATA = self.rules, self.sink is not None
        warm_up(self.rules)  # before the fork: children inherit loaded rules, jieba and OpenCC
        gc.freeze()  # the loaded objects stay out of the children's collections, so their pages stay shared
        context = multiprocessing.get_context("fork")
        pending: deque = deque()
        limit = self.options.workers * PENDING_PER_WORKER
        with context.Pool(self.options.workers) as pool:
            for task in tasks:
                job = _Known(task.outcome) if task.outcome else pool.apply_async(_work_in_child, (_raw(task),))
                pending.append((task, job))
                while len(pending) >= limit or (pending and pending[0][1].ready()):
                    done, result = pending.popleft()
                    self._write(done, result.get())
            while pending:
                done, result = pending.popleft()
                self._write(done, result.get())
        gc.unfreeze()

    def _write(self, task: _Task, outcome: tuple) -> None:
        copies = self._in_flight.pop(task.key, []) if task.key else []
        if outcome[0] == "ok":
            assert task.key is not None
            _, rows, data = outcome
            self.store.add_rows(task.key, rows, task.file, self.run_id, __version__, self.rules.fingerprint)
            self.summary.taken += 1
            if self.sink:
                assert data is not None, "the workers keep the result dict when there is a sink"
                self.sink.add(task.key, data)
            for source in copies:
                self.store.add_source(task.key, source)
        else:
            _, kind, message = outcome
            self.store.add_failure(task.source, task.file, task.key, message, kind, self.run_id, __version__,
                                   self.rules.fingerprint)
            self._problem(message)
        if task.last:
            self.store.mark_file(task.file, *task.stat, self.run_id)
            self.advance(1)
        if self._group:
            self._group.written()

    def _problem(self, message: str) -> None:
        self.summary.failed += 1
        self.summary.problems.append(message)
        self.log(f"dipx: failed: {message}")


# ---------------------------------------------------------------- the per-article step, in any process
_RULES: RuleSet | None = None  # set in the parent before the fork; the children read it
_KEEP_DATA = True  # likewise: whether the children send back the result dict too (a sink needs it)


def _raw(task: _Task) -> RawDocument:
    assert task.raw is not None, "a task without an article carries its outcome"
    return task.raw


def _work(raw: RawDocument, rules: RuleSet, keep_data: bool = True) -> tuple:
    """process(), to_dict() and the store's rows, as plain values a pipe can carry (DipxErrors do not pickle back).

    ("ok", rows, the result dict or None) or a failure. The rows are built here, in the worker, so that
    the parent, the store's only writer, does no more than insert them; the dict goes back only when
    `keep_data` (a sink writes it), since carrying it costs the parent its unpickling.
    """
    outcome = process(raw, rules)
    if isinstance(outcome, DipxError):
        return _failure(outcome)
    data = to_dict(outcome, explain=True)
    return "ok", result_rows(data), data if keep_data else None


def _failure(exc: DipxError) -> tuple:
    return "error", "internal" if isinstance(exc, ExtractionError) else "input", str(exc)


def _work_in_child(raw: RawDocument) -> tuple:
    assert _RULES is not None
    return _work(raw, _RULES, _KEEP_DATA)


def warm_up(rules: RuleSet) -> None:
    """Load jieba, OpenCC and the cleaner now, on a made-up article of the rules' own words."""
    words = "".join(rules.user_words[:40]) or "x"
    process(RawDocument(source="<warm-up>", format="text", encoding="utf-8", body=f"{words}\n{words}",
                        body_is_html=False), rules)
