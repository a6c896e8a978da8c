"""dipx's quick option coercion (dipx/cli/coercion.py) gives what typer's own gives, or defers to it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer
import typer.main
from typer._click import Context
from typer._coercion import build_runtime_param

from dipx.cli import app, batch, evaluate, extract, query, report, rules  # noqa: F401  registers the commands
from dipx.cli.coercion import _Slow, quick_value

# Values of every shape a parameter receives: defaults (int, float, None, ()) and command-line strings.
VALUES = ["json", "JSON", "jsonl", "table", "nope", "", "12", "1_000", "-3", "0", "0.5", "nan", "x.txt", "-",
          0, 1, 3, 10**9, -1, 0.0, 2.5, -0.5, float("nan"), True, (), ("a.txt",), ("a.txt", "-"), ["b"], (1,),
          (".",), extract.Format.json]


def _params():
    root = typer.main.get_command(app)
    stack = [(root, "dipx")]
    while stack:
        command, path = stack.pop()
        for param in command.params:
            yield path, command, param
        for name, sub in getattr(command, "commands", {}).items():
            stack.append((sub, f"{path} {name}"))


def _typer(param, ctx, value):
    try:
        return ("ok", build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx))
    except typer.BadParameter as exc:
        return ("error", exc.format_message())


def test_every_quick_value_is_typers_value():
    checked = 0
    for path, command, param in _params():
        ctx = Context(command, info_name=path)
        desc = param.type_descriptor
        for value in VALUES:
            try:
                quick = quick_value(desc.annotation, desc.parameter_info, value, ctx)
            except _Slow:
                continue
            real = _typer(param, ctx, value)
            assert real == ("ok", quick), (path, param.name, value, real, quick)
            assert type(real[1]) is type(quick), (path, param.name, value)
            checked += 1
    assert checked > 100  # the quick path is taken, not only deferred


@pytest.mark.parametrize("args, expected", [
    (["extract", "--max-bytes", "0", "x"], "--max-bytes': Input should be greater than or equal to 1"),
    (["extract", "-f", "xml", "x"], "'xml' is not one of"),
    (["extract", "--timeout", "-1", "x"], "--timeout': Input should be greater than or equal to 0"),
    (["extract", "--max-bytes", "abc", "x"], "--max-bytes': Input should be a valid integer"),
])
def test_values_typer_must_convert_still_get_its_errors(args, expected):
    env = {**os.environ, "COLUMNS": "200"}  # one line per message
    run = subprocess.run([sys.executable, "-m", "dipx", *args], capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 2
    assert expected in run.stderr, run.stderr


def test_extract_does_not_import_pydantic(tmp_path):
    code = ("import sys, runpy; sys.argv = ['dipx', 'extract', '-q', '-f', 'jsonl', 'seeds/000_48ad92835f6f67ab.txt'];"
            "import atexit; atexit.register(lambda: sys.stderr.write('pydantic' in sys.modules and 'LOADED' or ''));"
            "runpy.run_module('dipx', run_name='__main__')")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "DIPX_CACHE_DIR": str(tmp_path)})
    assert run.returncode == 0, run.stderr
    assert "LOADED" not in run.stderr


def test_each_command_is_registered_by_the_module_main_imports_for_it():
    from dipx.cli import COMMAND_MODULES

    group = typer.main.get_command(app)
    assert set(group.commands) == set(COMMAND_MODULES)
    for name, command in group.commands.items():
        callback = command.callback if name != "rules" else command.commands["check"].callback
        assert callback.__module__ == f"dipx.cli.{COMMAND_MODULES[name]}", name


@pytest.mark.parametrize("command", ["extract", "rules"])
def test_a_command_alone_works_as_with_all_registered(command, tmp_path):
    env = {**os.environ, "DIPX_CACHE_DIR": str(tmp_path), "COLUMNS": "200"}
    args = {"extract": ["extract", "-q", "-f", "jsonl", "seeds/000_48ad92835f6f67ab.txt"], "rules": ["rules", "list"]}
    run = subprocess.run([sys.executable, "-m", "dipx", *args[command]], capture_output=True, text=True,
                         timeout=120, env=env)
    assert run.returncode == 0 and run.stdout, run.stderr
