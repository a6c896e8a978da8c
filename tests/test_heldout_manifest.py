"""tests/heldout4 onwards keep gold and a manifest for real excerpts whose text stays out of the repository."""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import ROOT

SETS = sorted((p.parent for p in (ROOT / "tests").glob("heldout*/manifest.yaml")), key=lambda p: int(p.name[7:]))
assert len(SETS) >= 10, "the held-out manifests were not found"
FIELDS = {"id", "query", "rank", "url", "length", "script", "why", "sha256", "annotator"}


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_every_gold_file_has_a_manifest_entry_that_can_refetch_it(folder):
    entries = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
    by_id = {e["id"]: e for e in entries}
    assert len(by_id) == len(entries) >= 10
    golds = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (folder / "gold").glob("*.yaml")}
    assert set(golds) == set(by_id)
    for doc_id, gold in golds.items():
        entry = by_id[doc_id]
        assert set(entry) >= FIELDS, doc_id
        assert gold["doc"] == f"{doc_id}.txt"
        assert isinstance(entry["rank"], int) and entry["length"] > 0 and entry["script"] in ("simp", "trad")
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]), doc_id
    assert {e["script"] for e in entries} == {"simp", "trad"}


def test_no_excerpt_text_is_kept_in_the_repository():
    assert not any((s / "docs").exists() for s in SETS)
