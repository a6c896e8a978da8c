"""Golden JSON for the sample article: dipx's own output pinned, to catch unintended changes.

This is not the truth (../shared/eval holds that); it is yesterday's answer. After an
intended change, regenerate with DIPX_UPDATE_GOLDEN=1 and read the diff before committing.
"""

from __future__ import annotations

import json
import os

from dipx.render import to_dict

from .conftest import ROOT, SEED

GOLDEN = ROOT / "tests" / "golden" / f"{SEED.stem}.json"


def test_sample_article_matches_golden(seed_result):
    data = to_dict(seed_result)
    data["document"]["source"] = SEED.name  # the path differs between checkouts
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("DIPX_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), "run once with DIPX_UPDATE_GOLDEN=1 to create the golden file"
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for section in ("meetings", "countries", "dates", "people", "document", "sentences"):
        assert data[section] == expected[section], f"{section} changed; see the module docstring"


def test_every_offset_points_into_the_original_text(seed_result):
    text = seed_result.document.text
    data = to_dict(seed_result)
    sentences = data["sentences"]
    for s in sentences:
        assert text[s["start"]:s["end"]] == s["text"]
    evidence = [e for m in data["meetings"] for e in m["evidence"]]
    evidence += [e for c in data["countries"] for e in c["evidence"]]
    evidence += [d["evidence"] for d in data["dates"]]
    evidence += [e for p in data["people"] for e in p["evidence"]]
    for ev in evidence:
        assert text[ev["start"]:ev["end"]] == ev["text"], ev
        sentence = sentences[ev["sentence"]]
        assert sentence["start"] <= ev["start"] < sentence["end"]
        assert ev["text"] in ev["context"] and ev["context"] in sentence["text"]
    for p in data["people"]:
        for q in p["quotes"]:
            assert text[q["start"]:q["end"]] == q["text"]
