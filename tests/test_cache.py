"""The cache keeps regexes compiled, and loads nothing but the same pattern from it."""

from __future__ import annotations

import pickle
import re

import pytest

from dipx import cache
from dipx.ruleset import load_rules

PATTERNS = [re.compile(r"(?P<y>\d{4})年(?:(?P<m>\d{1,2})月)?"), re.compile("a|b|[^c-f]+", re.IGNORECASE),
            re.compile(r"^\s*(x)(?=y)\1$", re.MULTILINE | re.DOTALL), re.compile("")]


def _saved(tmp_path, monkeypatch, value):
    monkeypatch.setenv("DIPX_CACHE_DIR", str(tmp_path))
    cache.save("t", "k", value)
    return (tmp_path / "t-k.pickle").read_bytes()


def test_a_cached_regex_loads_as_the_same_pattern_without_compiling(tmp_path, monkeypatch):
    data = _saved(tmp_path, monkeypatch, PATTERNS)
    compiled: list[str] = []
    monkeypatch.setattr(re, "compile", lambda *a: compiled.append(a) or re._compile(*a))
    monkeypatch.setattr(cache.re, "compile", re.compile)
    loaded = cache.load("t", "k")
    assert loaded == PATTERNS and not compiled
    assert [p.groupindex for p in loaded] == [p.groupindex for p in PATTERNS]
    assert loaded[0].match("2023年5月").groupdict() == {"y": "2023", "m": "5"}
    assert pickle.loads(data) == PATTERNS  # a plain unpickler reads it too


def test_on_another_python_the_source_is_compiled(tmp_path, monkeypatch):
    _saved(tmp_path, monkeypatch, PATTERNS)
    monkeypatch.setattr(cache, "_SRE_BUILD", ("another Python", 0, 0))
    assert cache.load("t", "k") == PATTERNS


# _sre checks a program's structure (what could crash it), not what it means: the file itself is
# trusted as every cache pickle is (private folder, owner and mode checked).
@pytest.mark.parametrize("damage", [lambda code: code[:-1], lambda code: [255, *code[1:]], lambda code: []])
def test_a_malformed_program_is_refused_by_sre_and_the_source_compiled(damage):
    build, pattern, flags, program = cache._regex_program(PATTERNS[0])[1]
    damaged = (program[0], damage(program[1]), *program[2:])
    assert cache._regex(build, pattern, flags, damaged) == PATTERNS[0]


def test_the_compiled_rules_keep_their_date_patterns(tmp_path, monkeypatch):
    rules = load_rules(())
    _saved(tmp_path, monkeypatch, rules)
    loaded = cache.load("t", "k")
    assert [p.regex for p in loaded.date_patterns] == [p.regex for p in rules.date_patterns]


def test_the_cached_rules_carry_the_tables_the_pipeline_prepares(tmp_path, monkeypatch):
    import dipx.pipeline  # noqa: F401  names the tables
    from dipx.ruleset import compile as rules_compile

    monkeypatch.setenv("DIPX_CACHE_DIR", str(tmp_path))
    rules_compile._load_rules.cache_clear()
    try:
        load_rules(())
    finally:
        rules_compile._load_rules.cache_clear()
    (saved,) = tmp_path.glob("rules-*.pickle")
    with saved.open("rb") as fh:
        derived = pickle.load(fh).derived
    assert {"match.date_gates", "countries.named_from", "people.words", "assemble.aside_pattern"} <= set(derived)
    layers = [rules_compile.builtin_rules_dir()]
    assert saved.name == f"rules-{rules_compile._rules_key(layers)}.pickle"
    monkeypatch.setattr(rules_compile, "_preparers", [*rules_compile._preparers, _no_table])
    assert saved.name != f"rules-{rules_compile._rules_key(layers)}.pickle"  # other tables, another entry


def _no_table(rules) -> None:
    return None
