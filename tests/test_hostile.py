"""Hostile and broken inputs (issue 9): no traceback, no hang, nothing injected, nothing good lost.

The corpus is written by tests/hostile/make_corpus.py at test time; each case there says whether
dipx must read it ("ok") or refuse it with one line ("error").
"""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dipx
from dipx import cache
from dipx.cli import app
from dipx.cli import extract as _extract_command  # noqa: F401  registers the command
from dipx.errors import ArticleTimeout, ExtractionError, InputError, RuleError
from dipx.pipeline import process
from dipx.read import iter_documents
from dipx.render import render_table, to_dict

from .conftest import ROOT, SEED
from .hostile.make_corpus import EXPECT, alias_bomb, write_corpus

runner = CliRunner()
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


def invoke(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_every_hostile_input_ends_in_a_result_or_one_line(corpus, name):
    result = invoke("extract", str(corpus[name]), "-f", "jsonl")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    errors = [line for line in result.stderr.splitlines() if line.startswith("dipx: error: ")]
    if EXPECT[name] == "ok":
        assert result.exit_code in (0, 1), result.stderr  # 1: a bad record in a good file (deep_json)
        assert result.stdout.strip(), result.stderr
        for line in result.stdout.splitlines():
            json.loads(line)
    else:
        assert result.exit_code == 4 and len(errors) == 1 and name in errors[0]


def test_a_timestamp_comment_in_a_seed_is_no_new_article(corpus):
    [doc] = [d for d in iter_documents(str(corpus["seed_timestamp_comment.txt"]))]
    assert doc.format == "seed" and "1668744781" not in doc.title
    assert dipx.extract(doc).meetings


def test_deeply_nested_json_costs_its_line_only(corpus):
    items = list(iter_documents(str(corpus["deep_json.jsonl"])))
    assert [type(i).__name__ for i in items] == ["RawDocument", "InputError", "RawDocument"]
    assert "nested too deeply" in str(items[1]) and items[1].source.endswith(":2")


def test_a_few_bad_bytes_are_replaced_and_counted(corpus):
    result = dipx.extract(corpus["bad_byte.txt"])
    assert "2 undecodable bytes replaced" in " ".join(result.warnings)
    assert result.meetings and "\ufffd" in result.document.text


@pytest.mark.parametrize("name,encoding", [("utf16.txt", "utf-16"), ("utf32.txt", "utf-32")])
def test_utf16_and_utf32_with_a_bom_are_decoded(corpus, name, encoding):
    result = dipx.extract(corpus[name])
    assert result.document.encoding == encoding and result.meetings


def test_text_opening_with_a_brace_is_not_json_lines(corpus):
    result = dipx.extract(corpus["brace_text.txt"])
    assert result.document.format == "text" and result.meetings


def test_invisible_characters_do_not_hide_the_meeting(corpus):
    result = dipx.extract(corpus["invisible_in_names.txt"])
    [meeting] = result.meetings
    assert {p.code for p in meeting.parties} == {"CHN", "USA"}
    names = {name for p in meeting.parties for name, _ in p.people}
    assert {"王毅", "布林肯"} <= names
    text = result.document.text
    assert all(text[e.start:e.end] == e.text for e in meeting.evidence)  # offsets still index the text


def test_lone_surrogates_are_replaced_and_warned(corpus):
    result = dipx.extract(corpus["lone_surrogate.jsonl"])
    assert any("lone surrogate" in w for w in result.warnings)
    json.dumps(to_dict(result), ensure_ascii=False).encode("utf-8")  # writable as UTF-8


def test_an_impossible_stamp_is_a_warning(corpus):
    result = dipx.extract(corpus["impossible_stamp.jsonl"])
    assert result.document.published is None and "could not read the publication date" in result.warnings[0]


def test_deep_html_is_refused_before_the_slow_work(corpus):
    start = time.process_time()
    with pytest.raises(InputError, match="nested too deeply"):
        dipx.extract(corpus["nested_divs.html"])
    assert time.process_time() - start < 5


# ---------------------------------------------------------------- output safety
@pytest.mark.parametrize("name", ["terminal_escapes.jsonl", "terminal_escapes.html"])
def test_no_control_character_reaches_the_terminal_or_json(corpus, name):
    result = dipx.extract(corpus[name])
    out = io.StringIO()
    render_table(result, out, width=100)
    assert not CONTROL.search(out.getvalue().replace("\n", ""))
    cli = invoke("extract", str(corpus[name]), "-f", "json")
    assert not CONTROL.search(cli.stdout.replace("\n", ""))
    assert json.loads(cli.stdout)["meetings"]


def test_csv_cells_cannot_be_formulas(corpus):
    cli = invoke("extract", str(corpus["csv_formula.txt"]), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(cli.stdout)))
    assert rows
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert any(c.startswith("'=") for c in cells)


def test_error_lines_print_file_names_safely(tmp_path):
    result = invoke("extract", str(tmp_path / "a\x1b]0;owned\x07.txt"))
    assert result.exit_code == 4 and "\x1b" not in result.stderr and "\\x1b]0;owned\\x07" in result.stderr


def test_output_stays_small_for_long_sentences(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("无标点\n2022-11-14\n" + "中国美国会谈外长访问" * 2000 + "\n", encoding="utf-8")  # 20,000 chars
    out = invoke("extract", str(path), "-f", "jsonl").stdout
    assert len(out.encode()) < 40 * path.stat().st_size  # linear and small (it once repeated each sentence)
    data = json.loads(out)
    assert all(len(s["text"]) <= 400 for s in data["sentences"])


# ---------------------------------------------------------------- limits
def test_max_bytes_for_files_and_stdin(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("标题\n中国外长会谈。\n".encode() * 100)
    for args, stdin in (([str(path)], None), (["-"], path.read_bytes())):
        result = invoke("extract", *args, "--max-bytes", "1000", stdin=stdin)
        assert result.exit_code == 4 and "larger than 1,000 bytes" in result.stderr


def _long_article() -> str:
    lines = (f"{n % 28 + 1}日，中国外长王毅与美国国务卿布林肯会谈。" for n in range(3000))
    return "标题\n2022-11-14\n" + "\n".join(lines)


def test_an_article_over_its_budget_comes_back_as_an_error_naming_it(rules):
    raw = next(iter(dipx.pipeline._raw_documents(_long_article())))
    start = time.monotonic()
    item = process(raw, rules, timeout=0.05)
    assert isinstance(item, ArticleTimeout) and "<text>" in str(item) and "0.05" in str(item)
    assert time.monotonic() - start < 5


def test_the_budget_holds_in_a_thread_too(rules):
    raw = next(iter(dipx.pipeline._raw_documents(_long_article())))
    box: list = []
    worker = threading.Thread(target=lambda: box.append(process(raw, rules, timeout=0.05)))
    worker.start()
    worker.join(30)
    assert isinstance(box[0], ArticleTimeout)


@pytest.mark.skipif(sys.platform == "win32", reason="fork is POSIX")
def test_the_budget_holds_in_a_forked_worker(rules):
    import multiprocessing

    raw = next(iter(dipx.pipeline._raw_documents(_long_article())))
    with multiprocessing.get_context("fork").Pool(1) as pool:
        item = pool.apply_async(process, (raw, rules), {"timeout": 0.05}).get(timeout=60)
    assert isinstance(item, ArticleTimeout) and item.source == "<text>"


def test_errors_travel_between_processes():
    for error in (InputError("a.txt", "is empty"), ArticleTimeout("b", 0.5), RuleError(["r.yaml:1: bad", "more"]),
                  ExtractionError("c", ValueError("bug"))):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and str(again) == str(error)


# ---------------------------------------------------------------- rules and caches
def test_an_alias_bomb_is_refused_in_one_short_line(tmp_path):
    (tmp_path / "bomb.yaml").write_text(alias_bomb(), encoding="utf-8")
    result = invoke("extract", str(SEED), "--rules", str(tmp_path))
    assert result.exit_code == 3 and "expands to more than" in result.stderr
    assert len(result.stderr) < 1000


def test_a_long_offending_value_is_quoted_on_one_short_line(tmp_path):
    (tmp_path / "long.yaml").write_text("version: 1\ncues:\n  - id: x\n    effect: " + "a" * 100_000 + "\n",
                                        encoding="utf-8")
    result = invoke("extract", str(SEED), "--rules", str(tmp_path))
    lines = result.stderr.splitlines()
    assert result.exit_code == 3 and "long.yaml:4" in lines[0] and all(len(line) < 400 for line in lines)


def test_a_backtracking_regex_is_refused_at_load(tmp_path):
    (tmp_path / "evil.yaml").write_text(
        'version: 1\npatterns:\n  - id: date.evil\n    kind: absolute\n    regex: "(\\\\d+)+年"\n', encoding="utf-8")
    result = invoke("extract", str(SEED), "--rules", str(tmp_path))
    assert result.exit_code == 3 and "evil.yaml:5" in result.stderr and "nested quantifiers" in result.stderr


class _Planted:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))  # creating the file proves the pickle ran


@pytest.mark.parametrize("shared", ["folder", "file"])
def test_a_planted_pickle_is_not_executed(tmp_path, monkeypatch, capsys, shared):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    path = folder / "rules-abc.pickle"
    path.write_bytes(pickle.dumps(_Planted(str(marker))))
    os.chmod(folder if shared == "folder" else path, 0o777 if shared == "folder" else 0o666)
    monkeypatch.setenv("DIPX_CACHE_DIR", str(folder))
    monkeypatch.setattr(cache, "_warned", set())
    assert cache.load("rules", "abc") is None and cache.load("rules", "abc") is None
    assert not marker.exists()
    assert capsys.readouterr().err.count("dipx: warning:") == 1  # one warning, not one per load
    os.chmod(folder, 0o700)
    os.chmod(path, 0o600)
    assert cache.load("rules", "abc") is not None  # the same file in a private folder is trusted
    assert marker.exists()


# ---------------------------------------------------------------- the real process
def run(cmd: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **kwargs.pop("env", {})}
    return subprocess.run(["bash", "-c", cmd], capture_output=True, env=env, cwd=ROOT, timeout=120, **kwargs)


DIPX = f"{sys.executable} -m dipx"


def test_output_failures_are_one_line_and_exit_5():
    for redirect in ("> /dev/full", ">&-"):
        done = run(f"{DIPX} extract {SEED} -f json {redirect}")
        assert done.returncode == 5, (redirect, done.stderr)
        assert len(done.stderr.decode().splitlines()) == 1 and b"Traceback" not in done.stderr


def test_closed_stdin_and_stderr():
    done = run(f"{DIPX} extract - -f json <&-")
    assert done.returncode == 4 and b"standard input is closed" in done.stderr
    done = run(f"{DIPX} extract missing.txt 2>&-")
    assert done.returncode == 4


def test_a_table_piped_to_head_exits_0():
    done = run(f"{DIPX} extract {SEED} -f table | head -1 > /dev/null; echo ${{PIPESTATUS[0]}}")
    assert done.stdout.decode().strip() == "0", done.stderr


def test_non_utf8_file_names_and_locale(tmp_path):
    name = os.fsencode(tmp_path) + b"/bad\xff.txt"
    with open(name, "wb") as fh:
        fh.write(SEED.read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "latin-1", "LC_ALL": "C"}
    done = subprocess.run([sys.executable, "-m", "dipx", "extract", name, b"missing\xfe.txt", "-f", "json"],
                          capture_output=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout.decode("utf-8"))
    assert data["document"]["source"].endswith("bad\\xff.txt") and data["meetings"]
    assert done.stderr.decode("ascii").strip() == "dipx: error: missing\\xfe.txt: no such file"


def test_an_unwritable_cache_folder_warns_once_and_works(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run(f"{DIPX} extract {SEED} {SEED} -f jsonl", env={"DIPX_CACHE_DIR": str(blocker / "cache")})
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2
    assert done.stderr.decode().count("dipx: warning:") == 1 and b"Traceback" not in done.stderr


def test_published_past_the_calendar_is_a_usage_error():
    result = invoke("extract", str(SEED), "--published", "9999-12-31T23:59:59-12:00")
    assert result.exit_code == 2 and "cannot read the date" in result.stderr
    assert dipx.clean.parse_published("9999-12-31T23:59:59-12:00") is None
