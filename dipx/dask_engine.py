"""`dipx batch --engine dask`: the per-article step on a Dask cluster, the store written here.

The only module that imports dask. The driver (this process) lists the inputs, skips what the
store has seen, and keeps the only connection to the store, exactly as the local engine does
(it is a subclass of dipx.batch.Batch and overrides only how tasks are processed). Workers get
the rules once, through a worker plugin that also warms jieba, and run `process()` on chunks of
a few articles: re-read from disk when the worker sees the same files, or sent as decoded text
otherwise. Results are written in the listed order, a window of chunks at a time, one
transaction per batch of ready chunks, so the store comes out equal to the local engine's.
"""

from __future__ import annotations

import itertools
import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed

from .batch import Batch, _failure, _Task, _work, digest, warm_up
from .errors import DipxError, ExitCode, InputError
from .limits import TIMEOUT
from .model import RawDocument
from .read import iter_bytes, read_limited
from .ruleset import RuleSet

CHUNK = 8  # articles per Dask task: big enough to amortise the scheduler's ~1 ms a task, small enough to balance
CHUNKS_PER_WORKER = 4  # chunks pending per worker: keeps each busy while the driver writes, bounds memory
RETRIES = 2  # a task that raised is run again this often; a task whose worker died, as often again
# the per-article budget process() keeps itself (between sentences, in a worker's thread); the watchdog
# below is the backstop for work that never reaches a check: its worker is killed after twice as long
ARTICLE_SECONDS = TIMEOUT
PLUGIN = "dipx-rules"


class ClusterError(DipxError):
    """The scheduler cannot be reached, or the cluster will not start."""

    exit_code = ExitCode.USAGE


@dataclass
class DaskOptions:
    scheduler: str | None = None  # tcp://host:8786; None: a LocalCluster on this machine
    workers: int = 2  # LocalCluster processes (one thread each); ignored with a scheduler
    chunk: int = CHUNK
    retries: int = RETRIES
    window: int = 0  # chunks pending at most; 0: CHUNKS_PER_WORKER per worker thread
    article_seconds: float | None = ARTICLE_SECONDS  # None: no budget
    # test hook: called after each batch of writes with the client (the fault test kills a worker there)
    after_write: Callable[[Client], None] | None = field(default=None, repr=False)


class RulesPlugin(WorkerPlugin):
    """Ships the loaded rules to each worker once (and to a worker that restarts), and warms jieba there."""

    def __init__(self, rules: RuleSet):
        self.rules = rules

    def setup(self, worker: object) -> None:
        _RULES[self.rules.fingerprint] = self.rules  # by fingerprint: two drivers with other rules may share workers
        warm_up(self.rules)


class DaskBatch(Batch):
    """`DaskBatch(store, rules, options, dask_options).run(paths)`: Batch with the extraction on Dask."""

    def __init__(self, *args, dask_options: DaskOptions | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dask = dask_options or DaskOptions()

    def _process_all(self, tasks: Iterator[_Task]) -> None:
        first = next(tasks, None)
        if first is None:  # nothing new (a cron rerun): no cluster to start or reach
            return
        tasks = itertools.chain([first], tasks)
        with _client(self.dask) as client:
            client.register_plugin(RulesPlugin(self.rules), name=f"{PLUGIN}-{self.rules.fingerprint[:16]}")
            threads = sum(client.nthreads().values()) or 1
            dispatch = _Dispatch(self, client, self.dask.window or threads * CHUNKS_PER_WORKER)
            with _Watchdog(client, dispatch, self.dask.article_seconds):
                dispatch.run(tasks)


@dataclass
class _Slot:
    """One chunk in the window: its tasks in listed order, and the futures computing the ones to process."""

    tasks: list[_Task]
    futures: list[tuple[list[_Task], Future]]
    outcomes: dict[int, tuple] = field(default_factory=dict)  # id(task) -> outcome, as they come

    def done(self) -> bool:
        return not self.futures


class _Dispatch:
    def __init__(self, batch: DaskBatch, client: Client, window: int):
        self.batch, self.client, self.window = batch, client, max(window, 1)
        self.pending: deque[_Slot] = deque()
        self.by_future: dict[Any, tuple[_Slot, list[_Task], Future]] = {}  # by the future's key
        self.completed = as_completed()
        self.shared: bool | None = None if batch.dask.scheduler else True  # a LocalCluster sees our files

    def run(self, tasks: Iterator[_Task]) -> None:
        for chunk in _chunks(tasks, self.batch.dask.chunk):
            self.pending.append(self._submit_chunk(chunk))
            while len(self.pending) >= self.window:
                self._write_ready(wait=True)
            self._write_ready(wait=False)
        while self.pending:
            self._write_ready(wait=True)

    def _submit_chunk(self, chunk: list[_Task]) -> _Slot:
        slot = _Slot(chunk, [])
        todo = [t for t in chunk if t.outcome is None]
        for task in chunk:
            if task.outcome is not None:  # a failure found while reading: nothing to send
                slot.outcomes[id(task)] = task.outcome
        if todo:
            self._submit(slot, todo)
        return slot

    def _submit(self, slot: _Slot, todo: list[_Task]) -> None:
        if self.shared is None:
            self.shared = _paths_shared(self.client, todo[0])
        # shared: only where to find each article goes over the wire; the worker reads the file itself
        payload = [(t.file, t.source, t.key, None if self.shared else t.raw) for t in todo]
        fingerprint = self.batch.rules.fingerprint
        future = self.client.submit(_work_chunk, fingerprint, payload, retries=self.batch.dask.retries, pure=False)
        slot.futures.append((todo, future))
        self.by_future[future.key] = (slot, todo, future)
        self.completed.add(future)

    def _write_ready(self, wait: bool) -> None:
        """Write the finished chunks at the head of the window; with `wait`, first wait for the head one."""
        if wait:
            while self.pending and not self.pending[0].done():
                self._collect(next(self.completed))
        else:
            self._collect_finished()
        ready = []
        while self.pending and self.pending[0].done():
            ready.append(self.pending.popleft())
        if ready:
            self._write(ready)

    def _collect_finished(self) -> None:
        """Take in whatever has finished without blocking (as_completed's batches)."""
        while self.completed.has_ready():
            for future in self.completed.next_batch(block=False):
                self._collect(future)

    def _collect(self, future: Future) -> None:
        slot, todo, _ = self.by_future.pop(future.key)
        slot.futures = [(t, f) for t, f in slot.futures if f.key != future.key]
        try:
            outcomes = future.result()
        except Exception as exc:  # retries spent, or the worker died `allowed-failures` times
            if len(todo) > 1:  # one bad article must not sink its chunk-mates: try them one by one
                for task in todo:
                    self._submit(slot, [task])
                return
            outcomes = [("error", "internal", f"{todo[0].source}: lost on the cluster: {type(exc).__name__}: {exc}")]
        finally:
            future.release()
        for task, outcome in zip(todo, outcomes, strict=True):
            slot.outcomes[id(task)] = outcome

    def _write(self, slots: list[_Slot]) -> None:
        batch = self.batch
        with batch.store.transaction():  # one commit for the lot: a crash leaves each chunk wholly in or out
            for slot in slots:
                for task in slot.tasks:
                    batch._write(task, slot.outcomes[id(task)])
        if batch.dask.after_write:
            batch.dask.after_write(self.client)


class _Watchdog:
    """The per-article budget. A hung article cannot be stopped inside its worker (a regex stuck in C holds
    the GIL), so its worker is killed from outside, by its nanny, which starts another: Dask reschedules
    the chunk and, after `allowed-failures` such deaths, gives it up; its articles are retried one by one
    and the one that hangs is recorded as failed. A chunk is timed from when the scheduler hands it to a worker, and a
    worker may hold one chunk queued behind the running one: hence twice the chunk's budget.
    """

    POLL = 1.0  # seconds between looks at what the workers are doing

    def __init__(self, client: Client, dispatch: _Dispatch, article_seconds: float | None):
        self.client, self.dispatch, self.budget = client, dispatch, article_seconds
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="dipx-budget", daemon=True)
        self.busy_since: dict[str, float] = {}

    def __enter__(self) -> _Watchdog:
        if self.budget:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()

    def _watch(self) -> None:
        while not self.stop.wait(self.POLL):
            try:
                self._check(self.client.processing())
            except Exception:  # noqa: BLE001  a lost look (the cluster closing) must not end the run
                continue

    def _check(self, processing: dict[str, Any]) -> None:
        now, sizes = time.monotonic(), {key: len(todo) for key, (_, todo, _) in dict(self.dispatch.by_future).items()}
        busy = {key: worker for worker, keys in processing.items() for key in keys}
        self.busy_since = {key: self.busy_since.get(key, now) for key in busy}
        assert self.budget is not None
        late = {busy[key] for key, since in self.busy_since.items()
                if now - since > 2 * self.budget * sizes.get(key, 1)}
        if late:
            # its nanny kills it at once (a graceful restart would wait on the hung thread) and starts a new one
            self.client.run(_kill_own_worker, workers=sorted(late), nanny=True, on_error="ignore")
            for key in [k for k in self.busy_since if busy[k] in late]:
                del self.busy_since[key]


def _chunks(tasks: Iterator[_Task], size: int) -> Iterator[list[_Task]]:
    """Bounded chunks; a file's articles may span chunks (the last carries `last`), chunks never wait for a file."""
    chunk: list[_Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@contextmanager
def _client(options: DaskOptions) -> Iterator[Client]:
    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout=30)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from None
        with client:
            yield client
        return
    # a worker that dies while holding a task makes it "suspicious"; after this many it is given up as failed
    with dask.config.set({"distributed.scheduler.allowed-failures": options.retries}), LocalCluster(
        n_workers=options.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        # no dashboard; the scheduler's HTTP server (health, metrics) always runs, so: loopback, a free port
        # (dashboard_address=None would mean the fixed :8787, taken by the first of two runs at once)
        dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False}, silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        yield client


def _kill_own_worker(dask_worker: Any) -> None:
    """Run in a nanny: SIGKILL the worker process it looks after (it restarts it)."""
    process = getattr(getattr(dask_worker, "process", None), "process", None)
    pid = getattr(process, "pid", None)
    if pid:
        os.kill(pid, signal.SIGKILL)


def _paths_shared(client: Client, task: _Task) -> bool:
    """Whether every worker sees the task's file as we do (same size and time): then workers read it."""
    here = _stat(task.file)
    seen = client.run(_stat, task.file)
    return here is not None and bool(seen) and all(s == here for s in seen.values())


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


# ---------------------------------------------------------------- on the workers
_RULES: dict[str, RuleSet] = {}  # fingerprint -> rules, set by RulesPlugin.setup on each worker


def _work_chunk(fingerprint: str, items: list[tuple[str, str, str | None, RawDocument | None]]) -> list[tuple]:
    """process() each article of a chunk: (file, source, key, the article or None to read it from file)."""
    rules = _RULES[fingerprint]  # the plugin sets them up on every worker before it runs a task
    files: dict[str, dict[str, RawDocument]] = {}
    out = []
    for file, source, key, raw in items:
        article = raw if raw is not None else _reread(file, source, key, files)
        out.append(_work(article, rules) if isinstance(article, RawDocument) else article)
    return out


def _reread(file: str, source: str, key: str | None, files: dict[str, dict[str, RawDocument]]) -> RawDocument | tuple:
    if file not in files:
        try:
            data = read_limited(file)
            files[file] = {item.source: item for item in iter_bytes(data, file) if isinstance(item, RawDocument)}
        except OSError as exc:
            return _failure(InputError(source, f"cannot read on the worker ({exc.strerror or exc})"))
        except InputError:  # the driver read it whole: it changed since
            files[file] = {}
    article = files[file].get(source)
    if article is None or (key is not None and digest(article) != key):
        return _failure(InputError(source, "changed while the run read it; the next run takes it in"))
    return article

