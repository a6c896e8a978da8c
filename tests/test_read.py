"""Tests for dipx.read: format recognition, decoding, JSON Lines recovery and input errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dipx.errors import InputError
from dipx.model import RawDocument
from dipx.read import decode, detect_format, iter_documents, read_source

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_48ad92835f6f67ab.txt"

SIMPLIFIED = (
    "习近平在印尼巴厘岛与美国总统拜登举行会晤，双方就中美关系等问题交换意见。中国外交部发言人表示，会谈坦诚而深入。"
)
TRADITIONAL = (
    "習近平在印尼峇里島與美國總統拜登舉行會晤，雙方就中美關係等問題交換意見。中國外交部發言人表示，會談坦誠而深入。"
)


def write(tmp_path: Path, data: bytes | str, name: str = "input.dat") -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def only(source: str) -> RawDocument:
    docs = read_source(source)
    assert len(docs) == 1
    return docs[0]


# --- formats ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<!--1668744781000-->\n[标题](https://example.com/a)\n------\n<p>正文</p>", "seed"),
        ('{"text": "正文"}\n{"text": "第二篇"}\n', "jsonl"),
        ('{\n  "html": "<p>正文</p>"\n}\n', "jsonl"),
        ("<!DOCTYPE html><html><body><p>正文</p></body></html>", "html"),
        ("  \n<div><p>正文</p></div>", "html"),
        ("<p>第一段</p>\n<p>第二段</p>", "html"),
        ("<article><h1>标题</h1></article>", "html"),
        ("标题\n正文第一段<b>加粗</b>，<a href='x'>链接</a>。\n<p>一</p><br><span>二</span>", "html"),
        ("标题\n2019年11月5日\n正文。", "text"),
        ("[不是种子](https://example.com)\n正文", "text"),
        ("标题：3 < 5 而 7 > 2\n正文。", "text"),
    ],
)
def test_format_is_recognised_from_content(content: str, expected: str) -> None:
    assert detect_format(content) == expected


@pytest.mark.parametrize("name", ["article.html", "article.jsonl", "article.txt", "article"])
def test_file_name_does_not_decide_the_format(tmp_path: Path, name: str) -> None:
    doc = only(write(tmp_path, "北京新闻\n2021/11/16\n正文第一段。", name))
    assert doc.format == "text"


def test_seed_file() -> None:
    doc = only(str(SEED))
    assert doc.format == "seed"
    assert doc.title == "习近平“外交派对”：G20密集会见11国领袖，中国能否摆脱“国际孤立感”"
    assert doc.url == "https://www.bbc.com/zhongwen/simp/chinese-news-63672515"
    assert doc.published == "1668744781000"
    assert doc.body_is_html
    assert doc.body.lstrip().startswith('<main role="main">')
    assert "------" not in doc.body[:20]
    assert doc.doc_id is None


def test_html_keeps_the_whole_page_and_leaves_metadata_to_clean(tmp_path: Path) -> None:
    page = "<html><head><title>标题 - 网站</title></head><body><p>正文。</p></body></html>"
    doc = only(write(tmp_path, page))
    assert (doc.format, doc.body_is_html, doc.body, doc.title, doc.published) == ("html", True, page, None, None)


def test_jsonl_records(tmp_path: Path) -> None:
    lines = [
        {"id": "a1", "text": "第一篇正文。", "url": "https://e.com/1", "published": "2022-11-18", "title": "标题一"},
        {"id": 7, "html": "<p>第二篇</p>", "published": 1668744781000},
    ]
    source = write(tmp_path, "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n")
    first, second = read_source(source)
    assert (first.source, first.format, first.doc_id, first.title) == (f"{source}:1", "jsonl", "a1", "标题一")
    assert (first.body, first.body_is_html, first.url, first.published) == (
        "第一篇正文。",
        False,
        "https://e.com/1",
        "2022-11-18",
    )
    assert (second.source, second.doc_id, second.body_is_html, second.published) == (
        f"{source}:2",
        "7",
        True,
        "1668744781000",
    )


def test_single_json_object_is_one_document(tmp_path: Path) -> None:
    source = write(tmp_path, json.dumps({"text": "正文。", "id": "x"}, indent=2, ensure_ascii=False))
    doc = only(source)
    assert (doc.source, doc.format, doc.doc_id, doc.body) == (source, "jsonl", "x", "正文。")


def test_jsonl_bad_line_keeps_the_good_ones(tmp_path: Path) -> None:
    content = '{"text": "第一篇"}\n{"text": "坏的\n{"title": "没有正文"}\n{"text": "第四篇"}\n'
    source = write(tmp_path, content)
    items = list(iter_documents(source))
    docs = [item for item in items if isinstance(item, RawDocument)]
    errors = [item for item in items if isinstance(item, InputError)]
    assert [doc.body for doc in docs] == ["第一篇", "第四篇"]
    assert [doc.source for doc in docs] == [f"{source}:1", f"{source}:4"]
    assert [error.source for error in errors] == [f"{source}:2", f"{source}:3"]
    assert "invalid JSON" in errors[0].reason
    assert str(errors[0]).startswith(f"{source}:2: ")
    assert [doc.body for doc in read_source(source)] == ["第一篇", "第四篇"]


def test_jsonl_with_only_bad_lines_raises_the_first_error(tmp_path: Path) -> None:
    source = write(tmp_path, '{"url": "x"}\n[1, 2]\n')
    with pytest.raises(InputError) as caught:
        read_source(source)
    assert caught.value.source == f"{source}:1"


def test_text_format_title_and_body(tmp_path: Path) -> None:
    # The date line under the title stays in the raw body: clean reads it, for every format alike (test_clean).
    content = "\n\n习近平会见拜登\n\n发布时间：2021-11-16 15:20\n\n第一段。\n第二段。\n"
    doc = only(write(tmp_path, content))
    assert (doc.format, doc.title, doc.published) == ("text", "习近平会见拜登", None)
    assert not doc.body_is_html
    assert doc.body == "发布时间：2021-11-16 15:20\n\n第一段。\n第二段。"


# --- decoding -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-sig"),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
        (TRADITIONAL.encode("gb18030"), TRADITIONAL, "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        ("北京".encode("gb18030"), "北京", "gb18030"),
        ("臺灣".encode("big5"), "臺灣", "big5"),
        (b"plain ascii", "plain ascii", "utf-8"),
    ],
)
def test_decode(data: bytes, text: str, encoding: str) -> None:
    assert decode(data, "x") == (text, encoding)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("안녕하세요. 오늘 대통령이 외국 정상과 회담을 했습니다. 양국은 협력을 강화하기로 합의했습니다.", "euc-kr"),
        ("今日、首相は外国の首脳と会談しました。両国は協力を強化することで合意しました。", "euc-jp"),
        ("Café résumé naïve — déjà vu", "cp1252"),
    ],
)
def test_other_encodings_are_refused_not_misread(text: str, encoding: str) -> None:
    with pytest.raises(InputError, match="cannot decode as UTF-8, GB18030 or Big5"):
        decode(text.encode(encoding), "x")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5"])
def test_read_decodes_files(tmp_path: Path, encoding: str) -> None:
    doc = only(write(tmp_path, f"新聞標題\n{TRADITIONAL}\n".encode(encoding)))
    assert doc.encoding == encoding
    assert doc.title == "新聞標題"
    assert doc.body == TRADITIONAL


def test_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    doc = only(write(tmp_path, b"\xef\xbb\xbf<p>\xe6\xad\xa3\xe6\x96\x87</p>"))
    assert (doc.format, doc.encoding, doc.body) == ("html", "utf-8-sig", "<p>正文</p>")


# --- errors and stdin ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: str(tmp / "missing.txt"), "no such file"),
        (lambda tmp: str(tmp), "is a directory"),
        (lambda tmp: write(tmp, b""), "is empty"),
        (lambda tmp: write(tmp, b" \n\t\n"), "is empty"),
        (lambda tmp: write(tmp, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "looks binary, not text"),
        (lambda tmp: write(tmp, bytes(range(1, 32)) * 20 + "正文".encode()), "looks binary, not text"),
        (lambda tmp: write(tmp, b"\xff\xfe\xfd\x80\x80\x80 abc"), "cannot decode as UTF-8, GB18030 or Big5"),
    ],
)
def test_input_errors_name_the_source(tmp_path: Path, make, reason: str) -> None:
    source = make(tmp_path)
    with pytest.raises(InputError) as caught:
        read_source(source)
    assert caught.value.source == source
    assert caught.value.reason == reason
    assert str(caught.value) == f"{source}: {reason}"
    assert "\n" not in str(caught.value)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write(tmp_path, "正文")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # Simulated, since file modes do not stop a root user.
    monkeypatch.setattr("dipx.read.open", refuse, raising=False)
    with pytest.raises(InputError) as caught:
        read_source(source)
    assert (caught.value.source, caught.value.reason) == (source, "permission denied")


def test_stdin() -> None:
    doc = only_stdin(io.BytesIO("标题\n2019年11月5日\n正文。".encode("gb18030")))
    assert (doc.source, doc.format, doc.encoding, doc.title, doc.body) == (
        "-", "text", "gb18030", "标题", "2019年11月5日\n正文。"
    )


def test_stdin_jsonl_sources_are_numbered() -> None:
    docs = read_source("-", io.BytesIO(b'{"text": "a"}\n\n{"text": "b"}\n'))
    assert [doc.source for doc in docs] == ["-:1", "-:3"]


def test_empty_stdin() -> None:
    with pytest.raises(InputError, match="^-: is empty$"):
        read_source("-", io.BytesIO(b""))


def only_stdin(stream: io.BytesIO) -> RawDocument:
    docs = read_source("-", stream)
    assert len(docs) == 1
    return docs[0]
