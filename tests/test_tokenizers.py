"""jieba and rjieba give the same extraction on the sample and the test corpus (or the differences are listed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dipx import segment
from dipx.pipeline import extract_all, use_tokenizer
from dipx.render import to_dict

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "000_48ad92835f6f67ab.txt"
CORPUS = [SAMPLE, *sorted(p for p in ROOT.glob("tests/heldout*/docs/*") if p.is_file())]

# (document, section) -> why rjieba's extraction differs from jieba's there. Empty: none differs.
# jieba-rs cuts hyphenated Latin words otherwise (seen in neither set so far); add any new case here
# with its reason, so a difference is a decision and not an accident.
KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {}


def extraction(backend: str) -> dict[str, dict]:
    use_tokenizer(backend)
    try:
        out = {}
        for path in CORPUS:
            for k, result in enumerate(extract_all(path)):
                assert not isinstance(result, Exception), result
                out[f"{path.relative_to(ROOT)}#{k}"] = to_dict(result, False, True)
        return out
    finally:
        use_tokenizer(None)


def test_both_backends_extract_the_same_on_the_sample_and_the_test_corpus():
    pytest.importorskip("rjieba", reason="rjieba (dipx[fast], part of the test extra) is not installed")
    jieba, rjieba = extraction("jieba"), extraction("rjieba")
    assert jieba.keys() == rjieba.keys()
    differences = {(doc, section): "differs" for doc in jieba for section in jieba[doc]
                   if jieba[doc][section] != rjieba[doc][section]}
    assert differences.keys() == KNOWN_DIFFERENCES.keys(), sorted(differences)
    assert len(jieba) >= 40  # the sample and all three held-out sets were read


def test_rjieba_token_frequencies_fall_in_jiebas_classes():
    """What the resolvers read of a frequency (0, known, common) is the same from either backend."""
    pytest.importorskip("rjieba", reason="rjieba (dipx[fast], part of the test extra) is not installed")
    from dipx.model import Block, Document
    from dipx.ruleset import load_rules

    words = load_rules(()).user_words
    text = SAMPLE.read_text(encoding="utf-8")
    doc = Document("t", "text", "utf-8", text, (Block("paragraph", 0, len(text)),))
    sentences = segment.split_sentences(doc)
    a, b = segment.Tokenizer(words), segment.RjiebaTokenizer(words)

    def cls(freq: int) -> int:
        return 0 if freq == 0 else 2 if freq >= segment.COMMON_FLOOR else 1

    compared = 0
    for s in sentences:
        ta, tb = a.tokens(s), b.tokens(s)
        if [t.text for t in ta] == [t.text for t in tb]:
            assert [cls(t.freq) for t in ta] == [cls(t.freq) for t in tb], s.text
            compared += len(ta)
    assert compared > 1000


def test_rjieba_never_loads_jiebas_dictionary():
    pytest.importorskip("rjieba", reason="rjieba (dipx[fast], part of the test extra) is not installed")
    code = ("import sys, json, dipx\n"
            f"r = dipx.extract({str(SAMPLE)!r})\n"
            "print(json.dumps({'jieba': 'jieba' in sys.modules, 'meetings': len(r.meetings)}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "DIPX_TOKENIZER": "rjieba"})
    seen = json.loads(out.stdout)
    assert seen == {"jieba": False, "meetings": seen["meetings"]} and seen["meetings"] > 0


def test_an_unknown_or_missing_tokenizer_is_one_line_for_the_user(monkeypatch):
    with pytest.raises(LookupError, match="unknown tokenizer"):
        use_tokenizer("spacy")
    monkeypatch.delenv("DIPX_TOKENIZER", raising=False)
    monkeypatch.setattr(segment.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(LookupError, match=r"pip install 'dipx\[fast\]'"):
        use_tokenizer("rjieba")
    assert use_tokenizer(None) == "jieba"  # nothing installed but jieba: jieba


def test_jieba_is_imported_without_pkg_resources_and_leaves_it_importable():
    script = (
        "import sys\n"
        "from dipx.segment import _import_jieba\n"
        "jieba = _import_jieba()\n"
        "assert 'pkg_resources' not in sys.modules, 'pkg_resources was imported or left hidden'\n"
        "print(jieba.get_dict_file().readline().decode('utf-8'))\n"  # a bundled file, opened by path
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "AT&T"  # the first word of jieba's dict.txt
