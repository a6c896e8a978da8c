"""The store on real SQLite files: batch runs, reruns, failures, provenance, kill -9, two runs at once,
workers, queries, export. The CLI runs as a subprocess where it matters (signals, locks, forks)."""

from __future__ import annotations

import copy
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dipx import batch as engine
from dipx.cli import app
from dipx.cli import batch as _batch_command  # noqa: F401  registers the commands
from dipx.cli import query as _query_commands  # noqa: F401
from dipx.errors import ExitCode, ExtractionError, StoreError, StoreLockedError
from dipx.store import MIGRATIONS, Store, published_schema, result_rows

from .store_corpus import ROOT, build_corpus, dump

DIPX = [sys.executable, "-m", "dipx"]
def dipx(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "DIPX_CACHE_DIR": str(ROOT / ".cache-dev"), "PYTHONPATH": str(ROOT)}
    return subprocess.run([*DIPX, *args], capture_output=True, text=True, env=env, timeout=300, **kw)


def cli(*args: str, input: str | None = None):
    """In-process, where no signal, lock or fork is tested: a subprocess costs a second of start-up each."""
    return CliRunner().invoke(app, list(args), input=input)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("news") / "news")


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """One uninterrupted run of the CLI over the corpus: what every other way of running must equal."""
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    return db, dipx("batch", str(corpus), "--db", str(db))


# ---------------------------------------------------------------- first run, rerun, touch
def test_first_run_takes_all_in_and_records_the_broken_ones(reference):
    db, proc = reference
    assert proc.returncode == ExitCode.PARTIAL, proc.stderr
    assert proc.stdout == ""
    problems = [line for line in proc.stderr.splitlines() if line.startswith("dipx: failed:")]
    assert len(problems) == 5  # one line per problem, nothing else but the summary
    assert "taken in 28, skipped as seen 1, failed 5" in proc.stderr.splitlines()[-1]
    with Store(db, readonly=True) as store:
        failures = {Path(r["source"]).name: r["error"] for r in store.rows("SELECT source, error FROM failures")}
        assert set(failures) == {"binary.txt", "empty.txt", "english.txt", "latin1.txt", "truncated.html"}
        assert "no Chinese text" in failures["english.txt"]
        (doc,) = store.rows("SELECT id, rules_fingerprint FROM documents WHERE url LIKE '%63672515'")
        assert doc["rules_fingerprint"]
        sources = store.rows("SELECT source FROM sources WHERE document_id = ?", (doc["id"],))
        assert sorted(Path(r["source"]).name for r in sources) == ["sample.txt", "sample_again.txt"]  # one article
        assert store.rows("SELECT max(version) AS v FROM schema_version")[0]["v"] == len(MIGRATIONS)
        assert store.rows("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
        assert store.rows("PRAGMA integrity_check")[0]["integrity_check"] == "ok"


def test_rerun_takes_in_nothing_and_a_changed_file_alone_is_redone(reference, corpus, tmp_path):
    db, _ = reference
    local = tmp_path / "copy.db"
    local.write_bytes(db.read_bytes())
    again = cli("batch", str(corpus), "--db", str(local))
    assert again.exit_code == ExitCode.OK, again.stderr
    assert "taken in 0, skipped as seen 34, failed 0 (34 files, 0 read," in again.stderr
    assert dump(local) == dump(db)
    target = corpus / "team" / "rus_talks_next_year.txt"
    original, stat = target.read_bytes(), target.stat()
    try:
        os.utime(target)  # touched, same content: read again, nothing new to take in
        touched = cli("batch", str(corpus), "--db", str(local))
        assert "taken in 0, skipped as seen 34, failed 0 (34 files, 1 read," in touched.stderr  # that one alone
        target.write_bytes(original.replace(b"16" + "日".encode(), b"17" + "日".encode()))
        changed = cli("batch", str(corpus), "--db", str(local))
        assert "taken in 1, skipped as seen 33, failed 0 (34 files, 1 read," in changed.stderr, changed.stderr
        with Store(local, readonly=True) as store:
            assert store.rows("SELECT count(*) AS n FROM documents")[0]["n"] == 29  # the old version stays
    finally:  # the corpus is shared with the other tests: as it was, to the nanosecond
        target.write_bytes(original)
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_an_empty_folder_is_a_quiet_success(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = cli("batch", str(tmp_path / "empty"), "--db", str(tmp_path / "x.db"))
    assert (proc.exit_code, proc.stdout, proc.stderr) == (0, "", "")


def test_files_from_and_glob(corpus, tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text(f"# tonight's files\n{corpus / 'sample.txt'}\n\n{corpus / 'team'}\n", encoding="utf-8")
    proc = cli("batch", "--files-from", "-", "--glob", "rus_*", "--db", str(tmp_path / "x.db"),
               input=listing.read_text(encoding="utf-8"))
    assert proc.exit_code == 0, proc.stderr
    assert "taken in 5, skipped as seen 0, failed 0 (5 files" in proc.stderr  # the sample and four rus_* files


# ---------------------------------------------------------------- failures and provenance (library)
def test_retry_failed_and_reextract_outdated(corpus, tmp_path, rules, monkeypatch):
    files = list(engine.iter_inputs([str(corpus / "team")]))
    real = engine.process

    def buggy(raw, rules, published=None):
        if raw.source.endswith("jpn_visit_planned.txt"):
            return ExtractionError(raw.source, RuntimeError("a bug"))
        return real(raw, rules, published)

    with Store(tmp_path / "x.db") as store:
        store.lock()
        monkeypatch.setattr(engine, "process", buggy)
        first = engine.Batch(store, rules, engine.Options()).run(files)
        assert (first.taken, first.failed) == (5, 1)
        assert store.rows("SELECT kind FROM failures")[0]["kind"] == "internal"
        monkeypatch.setattr(engine, "process", real)  # the bug is fixed
        assert engine.Batch(store, rules, engine.Options()).run(files).taken == 0  # unchanged files are not reread
        retried = engine.Batch(store, rules, engine.Options(retry_failed=True)).run(files)
        assert (retried.taken, retried.failed) == (1, 0) and store.counts()["failures"] == 0
        newer = copy.copy(rules)
        newer.fingerprint = "other-rules"
        assert engine.Batch(store, newer, engine.Options()).run(files).taken == 0
        redone = engine.Batch(store, newer, engine.Options(reextract_outdated=True)).run(files)
        assert redone.taken == 6
        prints = {r["rules_fingerprint"] for r in store.rows("SELECT rules_fingerprint FROM documents")}
        assert prints == {"other-rules"}


# ---------------------------------------------------------------- crash safety and concurrency
def test_kill_9_then_rerun_gives_the_same_store(reference, corpus, tmp_path):
    db = tmp_path / "killed.db"
    env = {**os.environ, "DIPX_CACHE_DIR": str(ROOT / ".cache-dev"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([*DIPX, "batch", str(corpus), "--db", str(db)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    taken = 0
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if db.exists():
            try:
                with Store(db, readonly=True) as store:
                    taken = store.rows("SELECT count(*) AS n FROM documents")[0]["n"]
            except StoreError:  # created but not yet migrated
                taken = 0
        if taken >= 5:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert 5 <= taken < 28
    rerun = dipx("batch", str(corpus), "--db", str(db))
    assert rerun.returncode == ExitCode.OK, rerun.stderr  # the broken files, listed first, were recorded before
    assert dump(db) == dump(reference[0])
    with Store(db, readonly=True) as store:
        assert [r["status"] for r in store.rows("SELECT status FROM runs ORDER BY id")] == ["interrupted", "done"]


def test_two_runs_at_once_do_not_corrupt_the_store(reference, corpus, tmp_path):
    db = tmp_path / "both.db"
    env = {**os.environ, "DIPX_CACHE_DIR": str(ROOT / ".cache-dev"), "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen([*DIPX, "batch", str(corpus), "--db", str(db), "--wait", "120"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [r.communicate(timeout=300) for r in runs]
    assert sorted(r.returncode for r in runs) == [ExitCode.OK, ExitCode.PARTIAL], outs
    assert any("taken in 0, skipped as seen 34" in err for _, err in outs)
    assert dump(db) == dump(reference[0])


def test_a_held_lock_makes_the_second_run_wait_then_exit_6_naming_the_holder(tmp_path, corpus):
    db = tmp_path / "held.db"
    with Store(db) as holder:
        holder.lock(what="test holder")
        began = time.monotonic()
        proc = dipx("batch", str(corpus / "team"), "--db", str(db), "--wait", "1")
        assert time.monotonic() - began >= 1
    assert proc.returncode == ExitCode.LOCKED == 6
    assert f"test holder (pid {os.getpid()}" in proc.stderr and "--wait" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_library_lock_raises(tmp_path):
    with Store(tmp_path / "x.db") as first, Store(tmp_path / "x.db") as second:
        first.lock()
        with pytest.raises(StoreLockedError, match="in use by dipx batch"):
            second.lock(wait=0)


def test_two_workers_give_the_same_store_as_one(reference, corpus, tmp_path):
    db = tmp_path / "two.db"
    proc = dipx("batch", str(corpus), "--db", str(db), "--workers", "2")
    assert proc.returncode == ExitCode.PARTIAL, proc.stderr
    assert dump(db) == dump(reference[0])


# ---------------------------------------------------------------- schema
def test_published_schema_is_the_one_dipx_builds(tmp_path):
    with Store(tmp_path / "x.db") as store:
        store.lock()
        built = store.schema_sql()
    published = (ROOT / "schema" / "dipx-store.sql").read_text(encoding="utf-8")
    assert published == published_schema(), "regenerate it: python -m dipx.store > schema/dipx-store.sql"
    assert published.endswith(built)


def test_a_store_from_a_newer_dipx_is_refused(tmp_path):
    with Store(tmp_path / "x.db") as store:
        store.lock()
        store.db.execute("INSERT INTO schema_version VALUES (99, 'later')")
    with pytest.raises(StoreError, match="newer dipx"):
        Store(tmp_path / "x.db")


def test_not_a_store(tmp_path):
    bad = tmp_path / "x.db"
    bad.write_bytes(b"not sqlite at all" * 100)
    proc = cli("query", "--db", str(bad))
    assert proc.exit_code == ExitCode.INPUT and proc.stderr.startswith("dipx: error:")
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------- query, stats, export
def test_query_country_can_returns_the_xi_trudeau_conversation(reference):
    proc = dipx("query", "--country", "CAN", "--until", "2022-12", "--db", str(reference[0]))
    rows = json.loads(proc.stdout)
    assert isinstance(rows, list) and len(rows) == 1  # JSON is an array, even of one
    (row,) = rows
    assert (row["parties"], row["kind"], row["date"]) == (["CAN", "CHN"], "conversation", "2022-11-15")
    assert any(p.startswith("特鲁多") for p in row["people"])


def test_same_meeting_in_differently_written_articles_is_one_event(reference):
    proc = cli("query", "--country", "CHN", "--country", "RUS", "--since", "2023-03", "--until", "2023-03",
                "--db", str(reference[0]))
    (event,) = json.loads(proc.stdout)
    assert (event["status"], event["articles"]) == ("held", 3)  # announced visit, Xinhua, another outlet
    assert {Path(s).name for s in event["sources"]} == {
        "rus_visit_announced.txt", "rus_talks_xinhua.txt", "rus_talks_other_outlet.txt"}
    later = json.loads(cli("query", "-c", "CHN", "-c", "RUS", "--since", "2024-05", "--until", "2024-05",
                            "--db", str(reference[0])).stdout)
    assert len(later) == 1 and later[0]["date"] == "2024-05-16"  # a year later: another event
    japan = json.loads(cli("query", "-c", "JPN", "-c", "CHN", "--since", "2023-04", "--until", "2023-04",
                            "--db", str(reference[0])).stdout)
    assert [(e["status"], e["articles"]) for e in japan] == [("cancelled", 2)]  # planned, then called off


def test_query_formats_and_filters(reference):
    db = str(reference[0])
    assert json.loads(cli("query", "-c", "XXX", "--db", db).stdout) == []
    lines = cli("query", "meetings", "-c", "CAN", "--format", "jsonl", "--db", db).stdout.splitlines()
    assert lines and all(json.loads(line)["parties"] == ["CAN", "CHN"] for line in lines)
    csv_out = cli("query", "people", "--role", "analyst", "--format", "csv", "--db", db).stdout
    assert csv_out.startswith("name,role,affiliation") and "宋文笛" in csv_out
    by_person = json.loads(cli("query", "--person", "特鲁多", "--db", db).stdout)
    assert by_person and all("CAN" in e["parties"] or "MEX" in e["parties"] for e in by_person)
    ranked = json.loads(cli("query", "countries", "--limit", "3", "--db", db).stdout)
    assert ranked[0]["code"] == "CHN" and len(ranked) == 3
    partners = json.loads(cli("stats", "partners", "--country", "CHN", "--db", db).stdout)
    assert partners[0]["partner"] == "USA"
    months = json.loads(cli("stats", "months", "-c", "CAN", "--db", db).stdout)
    assert {"pair": "CAN-CHN", "month": "2022-11", "events": 1, "articles": 1} in months
    said = json.loads(cli("query", "--text", "特鲁多的交谈", "--kind", "conversation", "--until", "2022",
                          "--db", db).stdout)
    assert [e["parties"] for e in said] == [["CAN", "CHN"]]
    url = "https://www.bbc.com/zhongwen/simp/chinese-news-63672515"
    of_sample = json.loads(cli("query", "meetings", "--article", url, "--status", "cancelled", "--db", db).stdout)
    assert [(m["parties"], m["kind"], m["date"]) for m in of_sample] == [(["CHN", "JPN"], "visit", "2020-04")]
    bad = cli("query", "--since", "yesterday", "--db", db)
    assert bad.exit_code == 2 and "YYYY" in bad.stderr


def test_export_graphml_round_trips_through_networkx(reference, tmp_path):
    import networkx as nx

    out = tmp_path / "net.graphml"
    proc = cli("export", "--format", "graphml", "-o", str(out), "--db", str(reference[0]))
    assert proc.exit_code == 0, proc.stderr
    graph = nx.read_graphml(out, force_multigraph=True)
    edges = [d for a, b, d in graph.edges(data=True) if {a, b} == {"CAN", "CHN"}]
    assert any(e["date"] == "2022-11-15" and e["kind"] == "conversation" and e["articles"] == 1 for e in edges)
    with Store(reference[0], readonly=True) as store:
        pairs = store.rows("SELECT count(*) AS n FROM event_parties a JOIN event_parties b"
                           " ON a.event_id = b.event_id AND a.code < b.code")[0]["n"]
    assert graph.number_of_edges() == pairs
    gexf = cli("export", "--format", "gexf", "--db", str(reference[0]))
    assert gexf.stdout.startswith("<?xml") and "gexf" in gexf.stdout
    jsonl = cli("export", "--format", "jsonl", "--db", str(reference[0])).stdout.splitlines()
    assert len(jsonl) == pairs and {"source", "target", "kind", "articles"} <= set(json.loads(jsonl[0]))


def test_the_readme_library_example_runs(corpus, tmp_path, monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```python\nfrom dipx.batch import")
    code = readme[start + len("```python\n"): readme.index("```", start + 10)]
    monkeypatch.chdir(tmp_path)
    exec(compile(code.replace("/data/news", str(corpus / "sample.txt")), "README.md", "exec"), {})
    assert capsys.readouterr().out.splitlines() == ["2022-11-15 ['CAN', 'CHN'] 1"]


def test_a_new_migration_is_applied_once_under_the_lock(tmp_path, monkeypatch):
    from dipx import store as store_module

    with Store(tmp_path / "x.db") as store:
        store.lock()
        assert store.version() == len(MIGRATIONS)
    later = [*MIGRATIONS, "ALTER TABLE documents ADD COLUMN section TEXT;"]
    monkeypatch.setattr(store_module, "MIGRATIONS", later)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(later))
    with Store(tmp_path / "x.db") as store:
        store.lock()
        store.lock()  # again: nothing more to apply
        columns = [r["name"] for r in store.rows("PRAGMA table_info(documents)")]
        applied = [r["version"] for r in store.rows("SELECT version FROM schema_version ORDER BY version")]
    assert "section" in columns and applied == list(range(1, len(later) + 1))


def test_the_default_store_is_in_the_xdg_data_folder(monkeypatch, tmp_path):
    from dipx.store import default_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "dipx" / "dipx.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_path() == Path.home() / ".local" / "share" / "dipx" / "dipx.db"


def test_the_readme_worked_example_shows_real_output(tmp_path):
    """The README's November 2022 question, answered again: its printed lines must be what dipx says now."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("    $ dipx batch seeds"): readme.index("\n\n", readme.index("| @tsv'"))]
    printed = [line[4:] for line in block.splitlines()[4:]]
    db = str(tmp_path / "news.db")
    folders = [str(ROOT / p) for p in ("seeds", "tests/heldout/docs", "tests/heldout2/docs", "tests/store_docs")]
    took = cli("batch", *folders, "--db", db)
    assert "taken in 25, skipped as seen 0, failed 0 (25 files, 25 read, 99 events)" in took.stderr
    rows = json.loads(cli("query", "--country", "CHN", "--since", "2022-11", "--until", "2022-11", "--db", db).stdout)
    lines = ["\t".join([r["date"], "-".join(r["parties"]), r["kind"], str(r["articles"]), " ".join(r["people"])])
             for r in rows]
    assert [line.rstrip() for line in lines] == printed


def test_a_json_lines_file_that_grows_gives_only_its_new_lines(tmp_path, rules):
    texts = [(ROOT / "tests" / "store_docs" / name).read_text(encoding="utf-8")
             for name in ("rus_talks_xinhua.txt", "rus_talks_other_outlet.txt", "jpn_visit_planned.txt")]
    crawl = tmp_path / "crawl.jsonl"

    def line(n: int) -> str:
        return json.dumps({"url": f"https://example.org/{n}", "text": texts[n]}, ensure_ascii=False) + "\n"

    crawl.write_text(line(0) + "{not json\n" + line(1), encoding="utf-8")
    with Store(tmp_path / "x.db") as store:
        store.lock()
        first = engine.Batch(store, rules, engine.Options()).run([str(crawl)])
        assert (first.taken, first.failed) == (2, 1)
        assert store.rows("SELECT source FROM failures")[0]["source"] == f"{crawl}:2"  # the bad line, by number
        with crawl.open("a", encoding="utf-8") as fh:
            fh.write(line(2))
        grown = engine.Batch(store, rules, engine.Options()).run([str(crawl)])
        assert (grown.taken, grown.seen, grown.failed) == (1, 3, 0)  # the bad line was recorded already
        urls = [r["url"] for r in store.rows("SELECT url FROM documents ORDER BY id")]
        assert urls == [f"https://example.org/{n}" for n in range(3)]


def test_a_group_commits_whole_articles_and_a_failed_one_not_at_all(tmp_path):
    """Store.group: many articles a commit; an article whose write fails leaves nothing, its group-mates stay."""
    doc = {"document": {"source": "a.txt"}, "meetings": [{"kind": "talks", "status": "held", "parties": ["CHN"]}]}
    with Store(tmp_path / "g.db") as store:
        store.lock()
        run = store.begin_run("v", "fp", [])
        with store.group(articles=2, seconds=60) as group:
            store.add_result("a" * 64, doc, "a.txt", run, "v", "fp")
            group.written()
            with pytest.raises(KeyError):  # a meeting without its status: the row cannot be built
                store.add_result("b" * 64, {**doc, "meetings": [{"kind": "talks"}]}, "b.txt", run, "v", "fp")
            with pytest.raises(sqlite3.IntegrityError):  # rows built, the insert refused half-way
                store.add_rows("c" * 64, result_rows({**doc, "document": {"source": "c.txt"}})._replace(
                    evidence=[("meeting", 1, *[None] * 11)]), "c.txt", -1, "v", "fp")
            store.add_result("d" * 64, {**doc, "document": {"source": "d.txt"}}, "d.txt", run, "v", "fp")
            group.written()  # the second: the group commits
            assert not store.db.in_transaction or store._savepoints == 0
    with Store(tmp_path / "g.db", readonly=True) as store:
        assert [r["source"] for r in store.rows("SELECT source FROM documents ORDER BY id")] == ["a.txt", "d.txt"]
        assert store.rows("SELECT count(*) AS n FROM meetings")[0]["n"] == 2
