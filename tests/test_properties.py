"""Property tests: whatever the input, dipx answers with a Result or one InputError, never a crash."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dipx
from dipx.errors import InputError
from dipx.render import to_dict

PIECES = ["习近平", "拜登", "会见", "会晤", "通电话", "访华", "中美", "两人", "他", "与", "和", "、", "，", "。",
          "“", "”", "2022年", "11月", "15日", "星期二", "(", ")", "次日", "G20", "表示", "教授", "大学",
          "美方", "俄乌", "三国领导人", "11国包括", "取消", "将", "联合国秘书长", "\n", " ", "abc", "１２"]

chinese_like = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
anything = st.text(max_size=200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(chinese_like, anything))
def test_extract_never_crashes_and_offsets_hold(text):
    try:
        result = dipx.extract("标题\n" + text, published=dt.datetime(2022, 11, 18))
    except InputError:
        return
    doc_text = result.document.text
    data = to_dict(result)
    for m in result.meetings:
        assert len({p.code for p in m.parties}) >= 2
        for ev in m.evidence:
            assert doc_text[ev.start:ev.end] == ev.text
    for d in result.dates:
        assert doc_text[d.evidence.start:d.evidence.end] == d.evidence.text
    assert data["schema"]


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_are_read_or_refused_cleanly(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "input.bin"
    path.write_bytes(data)
    try:
        dipx.extract(path)
    except InputError as exc:
        assert str(path) in str(exc)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_json_lines_write_what_json_writes_for_any_value_to_dict_can_make(value):
    # orjson writes the lines; it must give json's own compact text, surrogates and huge ints included
    from dipx.render import one_line_json

    expected = json.dumps({"v": value}, ensure_ascii=False, separators=(",", ":"))
    assert one_line_json({"v": value}) == expected
