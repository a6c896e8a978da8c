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


def test_every_object_says_which_dipx_and_which_rules_made_it():
    from dipx.ruleset import load_rules
    from dipx.version import __version__

    result = invoke("extract", str(SEED), str(SEED), "-f", "jsonl")
    for line in result.stdout.splitlines():
        data = json.loads(line)
        assert data["dipx_version"] == __version__ and data["rules_fingerprint"] == load_rules().fingerprint
        assert data["document"]["published"].endswith("+08:00")


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
    assert set(ev) == {"rule", "text", "start", "end", "sentence", "context"}
    sentence = data["sentences"][ev["sentence"]]  # each sentence once; evidence points at it
    assert ev["text"] in ev["context"] and ev["context"] in sentence["text"]
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


def test_csv_long_form_has_real_columns_and_where_each_row_came_from():
    result = invoke("extract", str(SEED), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["section"] for r in rows} == {"meetings", "countries", "dates", "people", "quotes"}
    assert "detail" not in rows[0]
    assert all(r["source"] == str(SEED) and r["published"] == "2022-11-18T12:13:01+08:00" and r["title"]
               for r in rows)
    meeting = next(r for r in rows if r["section"] == "meetings")
    assert meeting["parties"] == "CHN; USA" and meeting["kind"] == "talks" and meeting["date"] == "2022-11-14"
    assert meeting["text"] in meeting["sentence"]
    quote = next(r for r in rows if r["section"] == "quotes")
    assert quote["quote"] and quote["verb"] and quote["kind"] == ""


@pytest.mark.parametrize("section", ["meetings", "countries", "dates", "people", "quotes"])
def test_csv_of_one_section_has_that_sections_columns(section):
    from dipx.render import CSV_SECTIONS

    result = invoke("extract", str(SEED), "--section", section)  # --section implies csv
    reader = csv.DictReader(io.StringIO(result.stdout))
    rows = list(reader)
    assert result.exit_code == 0 and rows
    assert reader.fieldnames[:5] == ["source", "id", "url", "title", "published"]
    assert set(CSV_SECTIONS[section]) <= set(reader.fieldnames) and "section" not in reader.fieldnames


def test_excel_csv_starts_with_a_bom_and_keeps_the_chinese():
    result = invoke("extract", str(SEED), "--excel", "--section", "countries")
    raw = result.stdout.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["name"] == "中国"
    assert invoke("extract", str(SEED), "--excel", "-f", "json").exit_code == 2


def test_table_fits_the_width():
    from dipx import extract
    from dipx.render import render_table

    out = io.StringIO()
    render_table(extract(SEED), out, width=90)
    text = out.getvalue()
    assert "Meetings" in text and "CHN 中国" in text and "USA 美国" in text
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
    assert result.exit_code == 4  # no input could be read
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0]


def test_a_directory_is_an_error(tmp_path):
    result = invoke("extract", str(tmp_path))
    assert result.exit_code == 4 and "is a directory" in result.stderr


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
    assert result.exit_code == 2 and "someday" in result.stderr  # usage


def test_broken_rules_folder_lists_every_problem(tmp_path):
    (tmp_path / "bad.yaml").write_text("version: 1\ncues:\n  - id: x\n    efect: planned\n", encoding="utf-8")
    result = invoke("extract", str(SEED), "--rules", str(tmp_path))
    assert result.exit_code == 3
    first, *rest = result.stderr.splitlines()
    assert first.startswith("dipx: error: ") and "bad.yaml:4" in first and "efect" in first
    assert rest and all("bad.yaml" in line for line in rest)


def test_bare_dipx_shows_the_help_and_succeeds():
    result = invoke()
    assert result.exit_code == 0 and "Usage: dipx" in result.stdout and "extract" in result.stdout


@pytest.mark.parametrize("args", [["-h"], ["--help"], ["extract", "-h"]])
def test_help_teaches_and_shows_no_python_types(args):
    result = invoke(*args)
    assert result.exit_code == 0
    text = result.stdout
    for needed in ("Examples", "jq", "cron", "DIPX_CACHE_DIR", "DIPX_RULES", "DIPX_DEBUG", "NO_COLOR",
                   "Exit codes", "JSON Lines"):
        assert needed in text, needed
    for python in ("<list", "list[", "<bool>", "<str>", "<Path>", "{INPUT"):
        assert python not in text, python


def test_extract_help_names_the_values_options_take():
    text = invoke("extract", "--help").stdout
    assert "INPUT..." in text and "DIR" in text and "DATE" in text and "FORMAT" in text and "jsonl" in text
    assert "SECTION" in text and "quotes" in text


def test_shell_completion_is_offered():
    assert "--install-completion" in invoke("--help").stdout


def test_quiet_hides_warnings_and_verbose_shows_timing_and_rules(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("标题\n日本外相与中国外长在北京举行会谈。\n", encoding="utf-8")  # no date: a warning
    assert "warning" in invoke("extract", str(path), "-f", "json").stderr
    quiet = invoke("extract", str(path), "-f", "json", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == "" and json.loads(quiet.stdout)["warnings"]
    loud = invoke("extract", str(path), "-f", "json", "-v")
    from dipx.ruleset import load_rules

    assert load_rules().fingerprint in loud.stderr and " ms, " in loud.stderr and "1 meetings" in loud.stderr
    assert invoke("extract", str(path), "-q", "-v").exit_code == 2


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("dipx ")


# ---------------------------------------------------------------- as a real process
def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "dipx", *args], input=stdin, capture_output=True, env=env,
                          cwd=ROOT, timeout=120)


def test_output_does_not_depend_on_the_hash_seed():
    # sets of rule words are iterated in hash order; no answer may hang on it (the speaker finder strips
    # adverbs longest first for this reason)
    docs = [SEED, *sorted((ROOT / "tests" / "heldout3" / "docs").glob("*.txt"))[:6]]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "dipx", "extract", "-f", "jsonl", *map(str, docs)],
                              capture_output=True, env=env, cwd=ROOT, timeout=300)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") == len(docs)


def test_pipeline_use_as_a_subprocess():
    done = run("extract", "-", stdin=SEED.read_bytes())  # stdout is a pipe: JSON by default
    assert done.returncode == 0, done.stderr
    assert "CHN" in {c["code"] for c in json.loads(done.stdout)["countries"]}


def test_missing_file_as_a_subprocess_is_one_line():
    done = run("extract", "missing.txt")
    assert done.returncode == 4
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


def test_tests_do_not_use_the_real_cache():
    from dipx.cache import cache_dir

    assert cache_dir().is_relative_to(ROOT)


def test_an_unwritable_cache_warns_once_and_extract_still_works(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DIPX_CACHE_DIR": str(blocker / "cache")}
    done = subprocess.run([sys.executable, "-m", "dipx", "extract", "-f", "json", str(SEED)], capture_output=True,
                          env=env, cwd=ROOT, timeout=120, text=True)
    assert done.returncode == 0 and json.loads(done.stdout)["meetings"]
    warnings = [line for line in done.stderr.splitlines() if "cache" in line]
    assert len(warnings) == 1 and str(blocker) in warnings[0]


def test_xdg_cache_home_is_honoured(monkeypatch, tmp_path):
    from dipx.cache import cache_dir

    monkeypatch.delenv("DIPX_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "dipx"


def test_stdin_at_a_terminal_says_it_is_waiting():
    master, slave = os.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "dipx", "extract", "-", "-f", "json"], stdin=slave,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True)
    os.close(slave)
    try:
        os.write(master, b"\x04")  # Ctrl-D at the start of a line: the end of the input
        _, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
    assert err.startswith("dipx: reading an article from standard input; end it with Ctrl-D\n")
    assert proc.returncode != 0 and "is empty" in err  # nothing was typed


def test_completions_are_never_kept_as_the_help_page(tmp_path):
    env = {**os.environ, "DIPX_CACHE_DIR": str(tmp_path), "COMP_CWORD": "1"}

    def dipx(**extra: str) -> str:
        # the dipx script, as a shell calls it: its name is what completion keys on (_DIPX_COMPLETE)
        script = [sys.executable, "-c", "import sys; sys.argv[0] = 'dipx'; from dipx.__main__ import main; main()"]
        return subprocess.run(script, capture_output=True, text=True, timeout=60, env={**env, **extra}).stdout

    first = dipx(_DIPX_COMPLETE="complete_bash", COMP_WORDS="dipx extract --f", COMP_CWORD="2")
    assert "--format" in first.split()
    assert "extract" in dipx(_DIPX_COMPLETE="complete_bash", COMP_WORDS="dipx ex").split()
    assert "Usage" in dipx()  # bare dipx: the help page, not a completion kept from before


def test_a_timeout_of_inf_means_no_limit():
    run = invoke("extract", "--timeout", "inf", "-q", "-f", "jsonl", str(SEED))
    assert run.exit_code == 0 and json.loads(run.stdout)["meetings"], run.stderr
