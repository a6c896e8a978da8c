"""`dipx batch --engine dask` on a LocalCluster of 2 workers, and the Parquet / JSON Lines sink.

The dask store must equal the local engine's table by table, also when a worker process is
killed mid-run; a rerun takes in nothing. Each LocalCluster costs a few seconds to start, so the
tests share one corpus and one reference store.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'dipx[dask]'")
pytest.importorskip("pyarrow", reason="the lake extra is not installed: pip install 'dipx[lake]'")

import pyarrow.dataset as pads  # noqa: E402
from distributed import WorkerPlugin  # noqa: E402

from dipx import batch as engine  # noqa: E402
from dipx.dask_engine import DaskBatch, DaskOptions  # noqa: E402
from dipx.errors import ExitCode  # noqa: E402
from dipx.store import Store  # noqa: E402

from .store_corpus import build_corpus, dump, sample_variant  # noqa: E402
from .test_store import dipx  # noqa: E402

FACT_TABLES = ("documents", "meetings", "events", "countries", "dates", "people")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("news") / "news", variants=6)


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("local") / "local.db"
    proc = dipx("batch", str(corpus), "--db", str(db), "--engine", "local")
    assert proc.returncode == ExitCode.PARTIAL, proc.stderr  # the broken files of the corpus
    return db


@pytest.fixture(scope="module")
def on_dask(corpus, tmp_path_factory):
    """The CLI with --engine dask on a LocalCluster of 2, writing Parquet beside the store."""
    out = tmp_path_factory.mktemp("dask")
    db, lake = out / "dask.db", out / "lake"
    proc = dipx("batch", str(corpus), "--db", str(db), "--engine", "dask", "--workers", "2",
                "--output-dir", str(lake), "--format", "parquet")
    return db, lake, proc


def _same_stores(a: Path, b: Path) -> None:
    left, right = dump(a), dump(b)
    for table in FACT_TABLES:
        assert left[table], f"{table}: empty, the comparison would prove nothing"
        assert left[table] == right[table], f"{table} differs"
    assert left == right  # and every other table: sources, files, failures, evidence…


def test_dask_gives_the_same_store_as_the_local_engine(local, on_dask):
    db, _, proc = on_dask
    assert proc.returncode == ExitCode.PARTIAL, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "taken in 31, skipped as seen 1, failed 5" in proc.stderr.splitlines()[-1], proc.stderr
    _same_stores(local, db)


def test_a_worker_killed_mid_run_loses_nothing_and_stores_nothing_twice(corpus, local, tmp_path):
    killed: list[int] = []
    listening: list[tuple[str, int]] = []

    def kill_a_busy_worker(client) -> None:  # after the first results are written: the run is mid-way
        if killed:
            return
        listening.extend(_listening(client))
        pids = client.run(os.getpid)
        busy = [addr for addr, keys in client.processing().items() if keys] or list(pids)
        killed.append(pids[busy[0]])
        os.kill(killed[0], signal.SIGKILL)

    db = tmp_path / "dask.db"
    options = DaskOptions(workers=2, chunk=2, window=6, after_write=kill_a_busy_worker)
    summary = _run(db, corpus, options)
    assert killed, "the hook never ran"
    assert listening and {host for host, _ in listening} == {"127.0.0.1"}, listening  # nothing beyond loopback
    assert 8787 not in {port for _, port in listening}  # no dashboard on its fixed port
    assert summary.failed == 5  # the corpus's broken files, and no article lost with the worker
    _same_stores(local, db)

    again = _run(db, corpus, DaskOptions(workers=2))
    assert (again.taken, again.failed, again.read) == (0, 0, 0)
    _same_stores(local, db)


def _listening(client) -> list[tuple[str, int]]:
    """The TCP ports the driver (scheduler, nannies) and the workers listen on."""
    import psutil  # a dependency of distributed

    def mine() -> list[tuple[str, int]]:
        return [(c.laddr.ip, c.laddr.port) for c in psutil.Process().net_connections("tcp")
                if c.status == psutil.CONN_LISTEN]

    return mine() + [addr for found in client.run(mine).values() for addr in found]


def _run(db: Path, corpus: Path, options: DaskOptions) -> engine.Summary:
    from dipx.ruleset import load_rules

    with Store(db) as store:
        store.lock()
        run = DaskBatch(store, load_rules(()), engine.Options(), dask_options=options)
        return run.run(engine.iter_inputs([str(corpus)]))


def test_parquet_reads_back_with_the_store_counts(on_dask):
    db, lake, _ = on_dask
    with Store(db, readonly=True) as store:
        counts = store.counts()
        months = {(r["published"] or "unknown")[:7] for r in store.rows("SELECT published FROM documents")}
    documents = pads.dataset(lake / "documents", format="parquet", partitioning="hive")
    meetings = pads.dataset(lake / "meetings", format="parquet", partitioning="hive")
    assert documents.count_rows() == counts["documents"] > 0
    assert meetings.count_rows() == counts["meetings"] > 0
    assert set(documents.to_table(columns=["published_month"]).column(0).to_pylist()) == months
    for folder in (lake / "documents").iterdir():  # one file per partition per run, named by the run
        assert [f.name for f in folder.iterdir()] == ["run-000001.parquet"]
    if importlib.util.find_spec("duckdb"):  # the data-lake reader the sink is for, where it is installed
        import duckdb

        sql = f"SELECT count(*) FROM read_parquet('{lake}/meetings/*/*.parquet', hive_partitioning = true)"
        assert duckdb.sql(sql).fetchone()[0] == counts["meetings"]


def test_jsonl_sink_writes_each_run_its_own_files(tmp_path):
    corpus = build_corpus(tmp_path / "news", variants=1, heldout=False, broken=False)
    db, lake = tmp_path / "s.db", tmp_path / "lake"
    first = dipx("batch", str(corpus), "--db", str(db), "--output-dir", str(lake), "--format", "jsonl")
    assert first.returncode == 0, first.stderr
    rows = [json.loads(line) for f in sorted(lake.glob("documents/*/*.jsonl")) for line in f.open(encoding="utf-8")]
    with Store(db, readonly=True) as store:
        assert len(rows) == store.counts()["documents"] > 0
    assert {f.name for f in lake.glob("documents/*/*")} == {"run-000001.jsonl"}

    (corpus / "later.txt").write_bytes(sample_variant(5))  # one new article: its month alone gets a file
    second = dipx("batch", str(corpus), "--db", str(db), "--output-dir", str(lake), "--format", "jsonl")
    assert second.returncode == 0, second.stderr
    with Store(db, readonly=True) as store:
        month = store.rows("SELECT substr(published, 1, 7) AS m FROM documents WHERE source LIKE '%later.txt'")[0]["m"]
    assert [f.parent.name for f in lake.glob("documents/*/run-000002.jsonl")] == [f"published_month={month}"]


def test_a_missing_dask_is_one_line_naming_the_extra(tmp_path):
    code = ("import sys; sys.modules['distributed'] = None; sys.modules['dask'] = None; "
            "from dipx.cli import main; sys.argv = ['dipx', 'batch', sys.argv[1], '--db', sys.argv[2], "
            "'--engine', 'dask']; main()")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    proc = dipx_python(code, str(tmp_path / "a.txt"), str(tmp_path / "s.db"))
    assert proc.returncode == ExitCode.USAGE
    line = "dipx: error: --engine dask needs dask.distributed: pip install 'dipx[dask]'"
    assert proc.stderr.strip().splitlines() == [line]


def dipx_python(code: str, *args: str):
    import subprocess
    import sys

    from .store_corpus import ROOT

    env = {**os.environ, "DIPX_CACHE_DIR": str(ROOT / ".cache-dev"), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120)


def test_an_article_that_fails_on_every_try_is_recorded_and_its_chunk_mates_are_not(corpus, local, tmp_path,
                                                                                      monkeypatch):
    """A fault below process() (a lost worker, a MemoryError): retried by Dask, then recorded as failed.

    A threads-only cluster in this process, so the monkeypatched step is the one the workers run.
    """
    from distributed import LocalCluster

    from dipx import dask_engine

    tries: list[str] = []
    real = dask_engine._work

    def flaky(raw, rules):
        if raw.source.endswith("sample_002.txt"):
            tries.append(raw.source)
            raise MemoryError("out of memory")
        return real(raw, rules)

    monkeypatch.setattr(dask_engine, "_work", flaky)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        db = tmp_path / "dask.db"
        summary = _run(db, corpus, DaskOptions(scheduler=cluster.scheduler_address, chunk=4, retries=1))
    assert summary.failed == 5 + 1
    assert len(tries) == 2 + 2  # in its chunk: a try and a retry; then alone: a try and a retry
    with Store(db, readonly=True) as store:
        failure = store.rows("SELECT error, kind FROM failures WHERE source LIKE '%sample_002.txt'")
    assert failure == [{"error": failure[0]["error"], "kind": "internal"}]
    assert "MemoryError: out of memory" in failure[0]["error"]
    ours, theirs = dump(db), dump(local)
    assert len(ours["documents"]) == len(theirs["documents"]) - 1


class HangOn(WorkerPlugin):
    """On each worker (and each that restarts): the step hangs on one article, as a runaway regex would."""

    def __init__(self, ending: str):
        self.ending = ending

    def setup(self, worker: object) -> None:
        from dipx import dask_engine

        real, ending = dask_engine._work, self.ending

        def hang(raw, rules):
            if raw.source.endswith(ending):
                time.sleep(3600)
            return real(raw, rules)

        dask_engine._work = hang


def test_an_article_that_hangs_is_bounded_by_the_budget_and_recorded(tmp_path):
    small = build_corpus(tmp_path / "news", variants=6, heldout=False, broken=False)
    installed: list[bool] = []

    def install_the_hang(client) -> None:  # mid-run, before the last variant is sent (variants come last)
        if not installed:
            client.register_plugin(HangOn("sample_006.txt"), name="hang")
            installed.append(True)

    began = time.monotonic()
    options = DaskOptions(workers=2, chunk=1, window=3, retries=1, article_seconds=1.0, after_write=install_the_hang)
    summary = _run(tmp_path / "dask.db", small, options)
    assert time.monotonic() - began < 90
    assert (summary.taken, summary.failed) == (_run_local(tmp_path / "local.db", small).taken - 1, 1)
    with Store(tmp_path / "dask.db", readonly=True) as store:
        failure = store.rows("SELECT error, kind FROM failures")
    assert len(failure) == 1 and failure[0]["kind"] == "internal" and "KilledWorker" in failure[0]["error"]


def _run_local(db: Path, corpus: Path) -> engine.Summary:
    from dipx.ruleset import load_rules

    with Store(db) as store:
        store.lock()
        return engine.Batch(store, load_rules(()), engine.Options()).run(engine.iter_inputs([str(corpus)]))


def test_articles_travel_as_text_when_the_workers_do_not_see_the_files(corpus, local, tmp_path, monkeypatch):
    """A cluster elsewhere: the driver sends the decoded articles; the store is the same."""
    from distributed import LocalCluster

    from dipx import dask_engine

    rereads: list[str] = []
    real_reread = dask_engine._reread
    monkeypatch.setattr(dask_engine, "_paths_shared", lambda client, task: False)
    monkeypatch.setattr(dask_engine, "_reread", lambda *args: rereads.append(args[1]) or real_reread(*args))
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        _run(tmp_path / "dask.db", corpus, DaskOptions(scheduler=cluster.scheduler_address))
    assert rereads == []
    _same_stores(local, tmp_path / "dask.db")
