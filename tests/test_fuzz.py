"""Property and fuzz tests over the readers, the cleaner, the date resolver and the rule loader.

Whatever the input, each stage answers with its value or its own error (InputError, YamlProblem,
RuleError), never another exception. Example counts keep each test to a few seconds.
"""

from __future__ import annotations

import codecs
import json
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipx.clean import clean, nesting_depth, parse_published
from dipx.errors import ExtractionError, InputError, RuleError
from dipx.model import RawDocument
from dipx.pipeline import process
from dipx.read import iter_bytes
from dipx.ruleset.compile import compile_layers
from dipx.ruleset.yamlfile import YamlProblem, load_yaml

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])
CONTROL = set(map(chr, [*range(0, 9), *range(0x0E, 0x1C), *range(0x7F, 0x85), *range(0x86, 0xA0)])) | set(
    "\u200b\u200e\u200f\u00ad\u034f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

hanzi = st.sampled_from(list("中国美会谈外长习近平拜登王毅日月年前后次昨今明表示说与和在将已"))
nasty = st.sampled_from(["\x1b[2J", "\x00", "\x85", "\u202e", "\u200b", "\ud800", "&#27;", "\ufeff", "\r", "\n",
                         "{", "}", "[", "<!--", "-->", "------", "<div>", "</div>", "<p>", "<br>", "“", "”", "；"])
soup = st.lists(st.one_of(hanzi, nasty, st.text(max_size=5)), max_size=60).map("".join)


# ---------------------------------------------------------------- readers
def _read_all(data: bytes) -> list:
    try:
        return list(iter_bytes(data, "fuzz"))
    except InputError as exc:
        assert exc.source == "fuzz"
        return [exc]


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused(data):
    for item in _read_all(data):
        assert isinstance(item, (RawDocument, InputError))


@FAST
@given(soup, st.sampled_from(["utf-8", "utf-16", "utf-32", "gb18030", "big5"]))
def test_any_text_in_any_encoding_is_read_or_refused(text, encoding):
    data = text.encode(encoding, errors="replace") if encoding != "utf-8" else text.encode("utf-8", "surrogatepass")
    for item in _read_all(data):
        if isinstance(item, RawDocument):
            item.body.encode("utf-8")  # no lone surrogate survives reading
            assert all(w.encode("utf-8") for w in item.warnings)


@FAST
@given(st.lists(st.one_of(st.dictionaries(st.sampled_from(["text", "html", "title", "published", "id", "url"]),
                                          st.one_of(soup, st.integers(), st.none(), st.lists(st.integers()))),
                          soup), min_size=1, max_size=5))
def test_json_lines_keep_every_good_record(records):
    lines = [json.dumps(r, ensure_ascii=True) if isinstance(r, dict) else r.replace("\n", " ") for r in records]
    for item in _read_all("\n".join(lines).encode("utf-8", "surrogatepass")):
        assert isinstance(item, (RawDocument, InputError))


# ---------------------------------------------------------------- cleaner
@FAST
@given(soup, st.booleans())
def test_the_cleaner_gives_blocks_over_clean_text(body, is_html):
    raw = RawDocument(source="fuzz", format="html" if is_html else "text", encoding="utf-8",
                      body=body.replace("\ud800", ""), body_is_html=is_html, title="标题")
    try:
        doc = clean(raw)
    except InputError:
        return
    assert not CONTROL & set(doc.text)
    for block in doc.blocks:
        assert 0 <= block.start < block.end <= len(doc.text)


@FAST
@given(st.text(alphabet="<>/divpspan a", max_size=200))
def test_nesting_depth_never_fails(html):
    assert nesting_depth(html) >= 0


# ---------------------------------------------------------------- date resolver
@FAST
@given(st.text(max_size=40) | st.from_regex(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", fullmatch=True)
       | st.from_regex(r"\d{10,14}", fullmatch=True))
def test_publication_stamps_parse_or_are_none(text):
    parse_published(text)


date_words = st.sampled_from(["2022年", "11月", "15日", "9999年", "0001年", "13月", "32日", "明年", "去年", "次日",
                              "前天", "上周五", "下个月", "10年前", "3天后", "上旬", "下午", "至", "到", "G20峰会期间",
                              "中美", "会谈", "两国外长", "，", "。"])


@FAST
@given(st.lists(date_words, max_size=12).map("".join), st.datetimes())
def test_the_date_resolver_never_fails_on_any_publication_date(rules, text, published):
    raw = RawDocument(source="fuzz", format="text", encoding="utf-8", body=text or "会谈", body_is_html=False,
                      title="标题")
    item = process(raw, rules, published.replace(microsecond=0), timeout=None)
    assert not isinstance(item, ExtractionError), item


# ---------------------------------------------------------------- rule loader
yaml_bits = st.sampled_from(["version: 1\n", "triggers:\n", "  - id: x\n", "    words: [会谈]\n", "    kind: talks\n",
                             "a: &a [1, 2]\n", "b: [*a, *a]\n", "!!python/object:os.system [ls]\n", "- ", "{", "}",
                             "patterns:\n", "  - {id: p, kind: absolute, regex: '(a+)+'}\n", ":\n", "\t", "'", "\"",
                             "cues: [{id: c, effect: planned, words: ['将']}]\n", "efect: x\n"])


@FAST
@given(st.lists(st.one_of(yaml_bits, st.text(alphabet=string.printable, max_size=8)), max_size=15).map("".join))
def test_any_rules_file_loads_or_names_its_problems(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("rules")
    path = Path(folder) / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_yaml(path)
    except YamlProblem as exc:
        assert "fuzz.yaml" in str(exc)
    try:
        compile_layers([Path(folder)])
    except RuleError as exc:
        assert exc.problems and all(len(p) <= 310 and "\n" not in p for p in exc.problems)


def test_bom_table_is_sane():  # the readers' BOM order matters: UTF-32 LE starts with UTF-16 LE's BOM
    assert codecs.BOM_UTF32_LE.startswith(codecs.BOM_UTF16_LE)
    [doc] = list(iter_bytes("标题\n中国外长会谈。\n".encode("utf-32"), "x"))
    assert doc.encoding == "utf-32"
