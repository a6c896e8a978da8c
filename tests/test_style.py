"""The code stays ruff-clean; the README's commands are the ones CI runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def ruff() -> list[str] | None:
    exe = Path(sys.executable).with_name("ruff")
    if exe.exists():
        return [str(exe)]
    return [shutil.which("ruff")] if shutil.which("ruff") else None


@pytest.mark.skipif(ruff() is None, reason="ruff is not installed")
def test_ruff_clean():
    done = subprocess.run([*ruff(), "check", "dipx", "tests"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_first_screen_commands_are_the_ones_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    first_screen = "\n".join(readme.splitlines()[:40])
    for line in ci.splitlines():
        if line.startswith("run_readme_command "):
            command = line.split(" ", 1)[1].strip().strip("'")
            assert command in first_screen, f"README's first screen lacks: {command}"
