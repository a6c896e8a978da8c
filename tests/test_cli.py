"""The command line, through typer's runner and as a real process: formats, stdin, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dipx.cli import app
from dipx.cli import extract as _extract_command  # noqa: F401  registers the command

from .conftest import ROOT, SEED

runner = CliRunner()


def invoke(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_json_for_one_input_keeps_the_scorer_contract():
    result = invoke("extract", str(SEED), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"].startswith("dipx.extract/")
    assert {"CHN", "USA", "IDN"} <= {c["code"] for c in data["countries"]}
    m = data["meetings"][0]
    assert set(m) >= {"parties", "kind", "status", "date", "evidence"} and len(m["parties"]) >= 2
    assert all(set(d) >= {"value", "precision", "text", "evidence"} for d in data["dates"])
    assert all(set(p) >= {"name", "aliases", "role", "affiliation"} for p in data["people"])
    ev = data["countries"][0]["evidence"][0]
    assert set(ev) == {"rule", "text", "start", "end", "sentence"}
    assert result.stderr == ""


def test_several_inputs_give_an_array_and_jsonl_one_line_each(tmp_path):
    other = tmp_path / "b.txt"
    other.write_text("中日外长会晤\n2023-04-02 10:00\n日本外相与中国外长2日在北京举行会谈。\n", encoding="utf-8")
    result = invoke("extract", str(SEED), str(other), "-f", "json")
    assert result.exit_code == 0
    assert [d["document"]["source"] for d in json.loads(result.stdout)] == [str(SEED), str(other)]
    result = invoke("extract", str(SEED), str(other), "-f", "jsonl")
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2 and set(json.loads(lines[1])["meetings"][0]["parties"]) == {"JPN", "CHN"}


def test_stdin():
    result = invoke("extract", "-", "-f", "json", stdin=SEED.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["title"].startswith("习近平")


def test_csv_has_a_row_per_fact():
    result = invoke("extract", str(SEED), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    sections = {r["section"] for r in rows}
    assert sections == {"meeting", "country", "date", "person"}
    assert all(r["evidence"] and r["rule"] for r in rows)


def test_table_fits_the_width():
    from dipx import extract
    from dipx.render import render_table

    out = io.StringIO()
    render_table(extract(SEED), out, width=90)
    text = out.getvalue()
    assert "Meetings" in text and "CHN–USA" in text
    assert max(len(line) for line in text.splitlines()) <= 90


@pytest.mark.parametrize("content,message", [
    (None, "no such file"),
    (b"", "is empty"),
    (b"\x00\x01\x02binary\x00" * 50, "binary"),
    (b"Only English text here.\nNothing else.", "no Chinese"),
    (bytes([0xFF, 0xFE, 0xFD]) * 200, "cannot decode"),
])
def test_bad_input_is_one_line_and_non_zero(tmp_path, content, message):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = invoke("extract", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0]


def test_a_directory_is_an_error(tmp_path):
    result = invoke("extract", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_one_bad_input_does_not_stop_the_others(tmp_path):
    result = invoke("extract", str(tmp_path / "missing.txt"), str(SEED), "-f", "jsonl")
    assert result.exit_code == 1  # partial: something failed, the rest was printed
    assert json.loads(result.stdout)["document"]["source"] == str(SEED)
    assert "missing.txt" in result.stderr


def test_published_override_and_bad_value():
    result = invoke("extract", "-", "--published", "2024-03-01", "-f", "json",
                    stdin="测试\n两国外长昨天通话。".encode())
    assert json.loads(result.stdout)["dates"][0]["value"] == "2024-02-29"
    result = invoke("extract", str(SEED), "--published", "someday")
    assert result.exit_code == 2 and "someday" in result.stderr


def test_broken_rules_folder_lists_every_problem(tmp_path):
    (tmp_path / "bad.yaml").write_text("version: 1\ncues:\n  - id: x\n    efect: planned\n", encoding="utf-8")
    result = invoke("extract", str(SEED), "--rules", str(tmp_path))
    assert result.exit_code == 3
    first, *rest = result.stderr.splitlines()
    assert first.startswith("dipx: error: ") and "bad.yaml:4" in first and "efect" in first
    assert rest and all("bad.yaml" in line for line in rest)


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("dipx ")


# ---------------------------------------------------------------- as a real process
def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "dipx", *args], input=stdin, capture_output=True, env=env,
                          cwd=ROOT, timeout=120)


def test_pipeline_use_as_a_subprocess():
    done = run("extract", "-", stdin=SEED.read_bytes())  # stdout is a pipe: JSON by default
    assert done.returncode == 0, done.stderr
    assert "CHN" in {c["code"] for c in json.loads(done.stdout)["countries"]}


def test_missing_file_as_a_subprocess_is_one_line():
    done = run("extract", "missing.txt")
    assert done.returncode == 2
    assert done.stderr.decode().strip() == "dipx: error: missing.txt: no such file"
    assert b"Traceback" not in done.stderr


def test_help_does_not_load_jieba():
    code = ("import sys; sys.argv=['dipx','--help']\nfrom dipx.cli import main\ntry:\n    main()\n"
            "except SystemExit:\n    pass\nprint('jieba' in sys.modules, 'opencc' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=60)
    assert done.stdout.decode().strip().splitlines()[-1] == "False False"


def test_several_seed_articles_on_stdin_are_read_one_by_one():
    result = invoke("extract", "-", "-f", "jsonl", stdin=SEED.read_bytes() + b"\n" + SEED.read_bytes())
    sources = [json.loads(line)["document"]["source"] for line in result.stdout.splitlines()]
    assert sources == ["-:1", "-:2"]


def test_table_takes_article_text_as_text_not_markup(tmp_path):
    from dipx import extract
    from dipx.render import render_table

    path = tmp_path / "a.txt"
    path.write_text("标题[/i][bold]\n2023-04-02 10:00\n日本外相与中国外长2日在北京举行会谈[/b]。\n", encoding="utf-8")
    out = io.StringIO()
    render_table(extract(path), out, width=100)
    assert "[/i][bold]" in out.getvalue()


def test_closing_the_pipe_early_is_not_a_failure():
    cmd = f"{sys.executable} -m dipx extract {SEED} {SEED} {SEED} -f jsonl | head -c 5 > /dev/null; " \
          "echo ${PIPESTATUS[0]}"
    done = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "0", done.stderr


def test_a_mistyped_path_is_reported_not_analysed():
    import dipx
    from dipx.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        dipx.extract("新闻/稿件.txt")


def test_an_impossible_date_line_is_not_the_publication_date(tmp_path):
    from dipx import extract

    path = tmp_path / "a.txt"
    path.write_text("标题\n发布时间：2023年2月30日\n日本外相与中国外长在北京举行会谈。\n", encoding="utf-8")
    result = extract(path)
    assert result.document.published is None  # the line stays in the body: no such day
    assert result.warnings and "no publication date" in result.warnings[0]
    cli = invoke("extract", str(path), "-f", "json")
    assert cli.exit_code == 0 and "dipx: warning: " in cli.stderr and json.loads(cli.stdout)["warnings"]
