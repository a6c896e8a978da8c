"""The cached rules load as they were saved, with the tables the pipeline prepares."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from dipx import cache
from dipx.ruleset import load_rules


def _saved(tmp_path, monkeypatch, value):
    monkeypatch.setenv("DIPX_CACHE_DIR", str(tmp_path))
    cache.save("t", "k", value)
    return (tmp_path / "t-k.pickle").read_bytes()


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


def test_two_rule_folders_of_one_relative_name_are_kept_apart(tmp_path, monkeypatch):
    from dipx.ruleset import compile as rules_compile

    for side, word in (("a", "甲"), ("b", "乙")):  # same size, same time: only the place tells them apart
        rules = tmp_path / side / "ur"
        rules.mkdir(parents=True)
        (rules / "words.yaml").write_text(f"# {word}\n", encoding="utf-8")
        os.utime(rules / "words.yaml", ns=(1_700_000_000_000_000_000,) * 2)
    keys = []
    for side in ("a", "b"):
        monkeypatch.chdir(tmp_path / side)
        keys.append(rules_compile._rules_key([Path("ur")]))
    assert None not in keys and keys[0] != keys[1]
