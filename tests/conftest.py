"""Shared fixtures: the compiled rules and the sample article's result, built once per session."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_48ad92835f6f67ab.txt"
SHARED_EVAL = ROOT.parent / "shared" / "eval"

# Never the user's real ~/.cache/dipx: the tests' own cache, kept between runs so they stay fast.
# Set before dipx is imported; subprocesses inherit it.
os.environ["DIPX_CACHE_DIR"] = str(ROOT / ".pytest_cache" / "dipx-cache")

import dipx  # noqa: E402
from dipx.ruleset import load_rules  # noqa: E402


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture(scope="session")
def seed_result():
    return dipx.extract(SEED)


def run_text(text: str, published: str | None = "2022-11-18"):
    """Extract from a short text article (a title line is added so the text is the body)."""
    when = dt.datetime.fromisoformat(str(published)) if published else None
    return dipx.extract("测试\n" + text, published=when)


def pytest_terminal_summary(terminalreporter):
    """Say it out loud when the accuracy tests could not run, rather than a quiet `s` in the dots."""
    if not (SHARED_EVAL / "score.py").exists():
        terminalreporter.write_line(
            f"dipx: the accuracy tests (tests/test_eval.py) did NOT run: {SHARED_EVAL} is absent. "
            "Put the team's shared/eval folder beside this checkout to score dipx against the gold.",
            yellow=True, bold=True)
