"""Shared fixtures: the compiled rules and the sample article's result, built once per session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import dipx
from dipx.ruleset import load_rules

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_48ad92835f6f67ab.txt"


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
