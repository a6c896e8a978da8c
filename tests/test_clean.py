"""Tests for dipx.clean: blocks and offsets, boilerplate removal, metadata and date parsing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipx.clean import clean, parse_published
from dipx.errors import InputError
from dipx.model import BYLINE, CAPTION, HEADLINE, PARAGRAPH, SUBHEADING, Document, RawDocument
from dipx.read import read_source

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_48ad92835f6f67ab.txt"
BBC_TITLE = "习近平“外交派对”：G20密集会见11国领袖，中国能否摆脱“国际孤立感”"


def html_doc(body: str, **fields) -> RawDocument:
    return RawDocument(source="page.html", format="html", encoding="utf-8", body=body, body_is_html=True, **fields)


def text_doc(body: str, title: str | None = None, published: str | None = None) -> RawDocument:
    return RawDocument(
        source="a.txt", format="text", encoding="utf-8", body=body, body_is_html=False, title=title, published=published
    )


def blocks(doc: Document, kind: str | None = None) -> list[str]:
    return [doc.text[b.start : b.end] for b in doc.blocks if kind is None or b.kind == kind]


def assert_offsets(doc: Document) -> None:
    assert "\n".join(blocks(doc)) == doc.text
    for block in doc.blocks:
        piece = doc.text[block.start : block.end]
        assert piece and piece == piece.strip() and "\n" not in piece


# --- the sample article -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Document:
    [raw] = read_source(str(SEED))
    return clean(raw)


def test_sample_headline(sample: Document) -> None:
    assert sample.blocks[0].kind == HEADLINE
    assert blocks(sample, HEADLINE) == [BBC_TITLE]
    assert sample.title == BBC_TITLE


def test_sample_byline(sample: Document) -> None:
    assert blocks(sample, BYLINE) == ["陈岩 BBC中文 发自印尼巴厘岛"]
    assert sample.blocks[1].kind == BYLINE


def test_sample_paragraphs(sample: Document) -> None:
    paragraphs = blocks(sample, PARAGRAPH)
    assert paragraphs[0] == "如果去参加一场派对，你会跟多少人聊天？"
    assert paragraphs[1].startswith("习近平的答案，11个。")
    assert paragraphs[-1].startswith("颇为“八卦”的这一幕")
    assert "习近平的答案，11个" in sample.text


@pytest.mark.parametrize(
    "unwanted",
    [
        "你的器材不支持播放多媒体材料",
        "图像来源",
        "Reuters",
        "习近平“教训”加拿大总理视频告诉了我们什么",
        "G20峰会：拜习会后台湾问题是否迎来曙光",
        "广告",
        "9 分钟前",
        "China",  # alt text stays out of the body
    ],
)
def test_sample_keeps_chrome_out(sample: Document, unwanted: str) -> None:
    assert unwanted not in sample.text


def test_sample_subheadings(sample: Document) -> None:
    assert blocks(sample, SUBHEADING) == ["走出“冷和平”", "习拜会铺路", "同行的互动", "关键议题和最大花絮"]


def test_sample_captions(sample: Document) -> None:
    assert blocks(sample, CAPTION) == [
        "这次G20峰会被视为习近平在“二十大”上巩固了国内权力后的亮相派对。",
        "G20现场观察：全球多重危机下的特殊峰会",
        "习近平的会见日程上还包括荷兰总理，荷兰被认为是全球芯片产业的重要技术来源地。",
        "“创造条件”：习近平G20现场告诫特鲁多",
    ]


def test_sample_alt_texts(sample: Document) -> None:
    assert len(sample.alt_texts) == 4
    assert sample.alt_texts[0].startswith('China"s President Xi Jinping looks on')
    assert any("Xi Jinping" in alt and "Biden" in alt for alt in sample.alt_texts)


def test_sample_metadata(sample: Document) -> None:
    assert sample.published == dt.datetime(2022, 11, 18, 12, 13, 1)
    assert sample.published.date() == dt.date(2022, 11, 18)
    assert (sample.source, sample.format, sample.encoding) == (str(SEED), "seed", "utf-8")
    assert sample.url == "https://www.bbc.com/zhongwen/simp/chinese-news-63672515"


def test_sample_offsets(sample: Document) -> None:
    assert_offsets(sample)
    assert len(sample.blocks) > 40


def test_published_override_wins(sample: Document) -> None:
    [raw] = read_source(str(SEED))
    override = dt.datetime(2020, 1, 2, 3, 4)
    assert clean(raw, published_override=override).published == override
    aware = dt.datetime(2020, 1, 1, 19, 4, tzinfo=dt.timezone.utc)
    assert clean(raw, published_override=aware).published == override


# --- HTML pages -----------------------------------------------------------------------------------------------------

FULL_PAGE = """<!DOCTYPE html>
<html><head>
<title>习近平会见法国总统马克龙 - 新闻网</title>
<meta property="og:title" content="OG 标题">
<meta property="article:published_time" content="2019-11-05T09:12:00+08:00">
<script type="application/ld+json">{"@context": "https://schema.org", "datePublished": "2019-11-04T01:00:00Z"}</script>
<script>var tracking = "不应出现";</script>
<style>.x { color: red }</style>
</head><body>
<header><nav><ul><li><a href="/">首页</a></li><li><a href="/world">国际</a></li></ul></nav></header>
<article>
  <h1>习近平会见法国总统马克龙</h1>
  <div class="byline">新华社记者 张三</div>
  <p>新华社北京11月5日电　国家主席习近平5日在人民大会堂会见法国总统马克龙。</p>
  <figure><img src="a.jpg" alt="Xi Jinping meets Emmanuel Macron"><figcaption>图为会见现场。</figcaption></figure>
  <p>图片来源：新华社</p>
  <h2>深化合作</h2>
  <p>习近平指出，中法
  两国是全面战略伙伴。</p>
  <p>习近平指出，中法
  两国是全面战略伙伴。</p>
  <div>双方还就国际和地区问题<b>交换了意见</b>。<br>会见后，两国元首共同见证合作文件签署。</div>
  <div data-e2e="advertisement"><p>广告：购买新车</p></div>
  <section role="region" aria-label="广告"><p>另一个广告</p></section>
  <form><p>订阅我们的新闻</p></form>
  <aside><p>编辑推荐的侧栏文章</p></aside>
  <p><a href="/other">另一篇文章的标题</a></p>
  <p>© 2019 新闻网 版权所有</p>
  <p>（责任编辑：李四）</p>
</article>
<footer><p>关于我们</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def page() -> Document:
    return clean(html_doc(FULL_PAGE))


def test_full_page_blocks(page: Document) -> None:
    kinds = [(b.kind, page.text[b.start : b.end]) for b in page.blocks]
    assert kinds == [
        (HEADLINE, "习近平会见法国总统马克龙"),
        (BYLINE, "新华社记者 张三"),
        (PARAGRAPH, "新华社北京11月5日电 国家主席习近平5日在人民大会堂会见法国总统马克龙。"),
        (CAPTION, "图为会见现场。"),
        (SUBHEADING, "深化合作"),
        (PARAGRAPH, "习近平指出，中法两国是全面战略伙伴。"),  # the repeat is dropped; the line break is not a space
        (PARAGRAPH, "双方还就国际和地区问题交换了意见。"),
        (PARAGRAPH, "会见后，两国元首共同见证合作文件签署。"),
    ]
    assert_offsets(page)


def test_full_page_metadata(page: Document) -> None:
    assert page.title == "习近平会见法国总统马克龙"
    assert page.published == dt.datetime(2019, 11, 5, 9, 12)  # article:published_time comes before JSON-LD
    assert page.alt_texts == ("Xi Jinping meets Emmanuel Macron",)
    assert page.url is None and page.doc_id is None


@pytest.mark.parametrize(
    ("head", "published"),
    [
        ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
         '{"@type": "NewsArticle", "datePublished": "2019-11-04T01:00:00Z"}]}</script>', dt.datetime(2019, 11, 4, 9)),
        ('<script type="application/ld+json">[{"datePublished": "2020-02-03"}]</script>', dt.datetime(2020, 2, 3)),
        ('<meta name="pubdate" content="2021-11-16 15:20">', dt.datetime(2022, 11, 18)),  # <time> comes first
        ("", dt.datetime(2022, 11, 18)),
    ],
)  # fmt: skip
def test_published_sources(head: str, published: dt.datetime) -> None:
    body = f'<html><head>{head}</head><body><p>正文。<time datetime="2022-11-18">昨天</time></p></body></html>'
    assert clean(html_doc(body)).published == published


@pytest.mark.parametrize(
    ("head", "published"),
    [
        ('<script type="application/ld+json">{not json</script><meta name="pubdate" content="2021-11-16 15:20">',
         dt.datetime(2021, 11, 16, 15, 20)),
        ('<meta name="PublishDate" content="2021/11/16">', dt.datetime(2021, 11, 16)),
        ('<meta name="date" content="not a date"><meta itemprop="datePublished" content="2021-11-17">',
         dt.datetime(2021, 11, 17)),
        ('<meta name="keywords" content="2021-11-16">', None),
    ],
)  # fmt: skip
def test_published_from_meta_names(head: str, published: dt.datetime | None) -> None:
    body = f"<html><head>{head}</head><body><p>正文。</p></body></html>"
    assert clean(html_doc(body)).published == published


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        ("<title>中美会谈 - 新闻网</title>", "<p>正文。</p>", "中美会谈"),
        ("<title>中美会谈_新华网</title>", "<p>正文。</p>", "中美会谈"),
        ("<title>中美会谈 | BBC News 中文</title>", "<p>正文。</p>", "中美会谈"),
        ('<title>中美会谈 - 网</title><meta property="og:title" content="OG标题">', "<p>正文。</p>", "OG标题"),
        ("<title>网站</title>", "<article><h1>文章标题</h1><p>正文。</p></article>", "文章标题"),
        ("<title>文章标题 - 网站</title>", "<div><h1>文章标题</h1><p>正文。</p></div>", "文章标题"),
        ("<title>文章标题 - 网站</title>", "<div><h1>网站</h1><p>正文。</p></div>", "文章标题"),
        ("", "<h1>文章标题</h1><p>正文。</p>", "文章标题"),
        ("", "<p>正文。</p>", None),
    ],
)
def test_title_sources(head: str, body: str, title: str | None) -> None:
    doc = clean(html_doc(f"<html><head>{head}</head><body>{body}</body></html>"))
    assert doc.title == title
    assert blocks(doc, HEADLINE) == ([title] if title else [])


def test_envelope_title_and_published_win() -> None:
    raw = html_doc("<title>页面标题</title><p>正文。</p>", title="信封标题", published="1668744781000")
    doc = clean(raw)
    assert (doc.title, doc.published) == ("信封标题", dt.datetime(2022, 11, 18, 12, 13, 1))


@pytest.mark.parametrize(
    "chrome",
    [
        "<p>图像来源，Getty Images</p>",
        "<p>Image source, getty</p>",
        "<p>视频加载中…</p>",
        "<div>您的浏览器不支持视频播放</div>",
        "<ul><li><a href='/a'>相关文章一</a></li><li><a href='/b'>相关文章二</a></li></ul>",
        "<nav><p>导航文字</p></nav>",
        "<div hidden><p>隐藏文字</p></div>",
        "<div class='ad-banner'><p>广告文字</p></div>",
        "<p>分享到微信</p>",
        "<p>版权所有 新闻网</p>",
        "<p>责任编辑：王五</p>",
        "<iframe src='x'></iframe><noscript>请启用脚本</noscript>",
        "<p>相关报道：</p>",
        "<p>【延伸阅读】</p>",
    ],
)
def test_chrome_is_dropped(chrome: str) -> None:
    doc = clean(html_doc(f"<html><body><p>正文第一段。</p>{chrome}<p>正文第二段。</p></body></html>"))
    assert blocks(doc) == ["正文第一段。", "正文第二段。"]


def test_prose_that_starts_like_a_label_is_kept() -> None:
    doc = clean(html_doc("<body><p>相关报道称，两国将于明年举行会谈。</p></body>"))
    assert blocks(doc) == ["相关报道称，两国将于明年举行会谈。"]


def test_lists_of_text_are_kept() -> None:
    body = "<p>要点如下：</p><ul><li>中方认为双边关系稳定。</li><li>美方同意<a href='/x'>恢复对话</a>。</li></ul>"
    doc = clean(html_doc(f"<body>{body}</body>"))
    assert blocks(doc) == ["要点如下：", "中方认为双边关系稳定。", "美方同意恢复对话。"]


def test_short_text_after_an_image_is_a_caption_but_long_text_is_not() -> None:
    body = (
        "<div><p>正文第一段。</p><p><img src='a.jpg' alt='photo'></p><p>图为两国元首会谈。</p>"
        "<p><img src='b.jpg'></p><p>" + "正文很长的一段。" * 20 + "</p></div>"
    )
    doc = clean(html_doc(f"<body>{body}</body>"))
    assert [b.kind for b in doc.blocks] == [PARAGRAPH, CAPTION, PARAGRAPH]


def test_only_alt_texts_in_document_order_without_duplicates() -> None:
    body = "<p>正文。</p><img alt=' A  photo '><noscript><img alt='B'></noscript><img alt='A photo'><img alt=''>"
    assert clean(html_doc(f"<body>{body}</body>")).alt_texts == ("A photo", "B")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (html_doc("<html><body><p>English only.</p></body></html>"), "no Chinese text found"),
        (html_doc("<html><body><script>var a = '中文';</script></body></html>"), "no article text found"),
        (html_doc("<html><body><ul><li>张三</li></ul><p>Only English.</p></body></html>"), "no Chinese text found"),
        (text_doc("\n \n"), "no article text found"),
        (text_doc("Hello world", title="Title"), "no Chinese text found"),
    ],
)
def test_documents_without_chinese_text_are_refused(raw: RawDocument, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        clean(raw)
    assert (caught.value.source, caught.value.reason) == (raw.source, reason)


# --- plain text -----------------------------------------------------------------------------------------------------


def test_plain_text_article_with_date_line(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("习近平会见马克龙\n新华社 2019年11月5日 电\n\n　　第一段  正文。\n\n第二段正文。\n第二段正文。\n")
    [raw] = read_source(str(path))
    doc = clean(raw)
    assert [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks] == [
        (HEADLINE, "习近平会见马克龙"),
        (PARAGRAPH, "第一段 正文。"),
        (PARAGRAPH, "第二段正文。"),
    ]
    assert doc.published == dt.datetime(2019, 11, 5)
    assert (doc.format, doc.title) == ("text", "习近平会见马克龙")
    assert_offsets(doc)


def test_plain_text_without_title() -> None:
    doc = clean(text_doc("第一段。\n第二段。"))
    assert [b.kind for b in doc.blocks] == [PARAGRAPH, PARAGRAPH]
    assert doc.title is None


TEXT = st.text(
    alphabet=st.sampled_from(list("中国美日会谈习近平拜登abcXYZ019 ，。！？“”、：；（）\n\t\u3000\u00a0 .,!?()-©")),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(body=TEXT, title=st.one_of(st.none(), TEXT))
def test_any_text_either_fails_cleanly_or_slices_exactly(body: str, title: str | None) -> None:
    try:
        doc = clean(text_doc(body, title=title))
    except InputError:
        return
    assert_offsets(doc)
    assert any(b.kind != BYLINE for b in doc.blocks)


# --- parse_published ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-11-18", dt.datetime(2022, 11, 18)),
        ("2022-11-18T04:13:01Z", dt.datetime(2022, 11, 18, 12, 13, 1)),
        ("2022-11-18T04:13:01.000Z", dt.datetime(2022, 11, 18, 12, 13, 1)),
        ("2022-11-18 12:13", dt.datetime(2022, 11, 18, 12, 13)),
        ("2022-11-18T12:13:01+08:00", dt.datetime(2022, 11, 18, 12, 13, 1)),
        ("2022-11-18T06:13:01+0200", dt.datetime(2022, 11, 18, 12, 13, 1)),
        ("2022-11-17T23:13:01-05:00", dt.datetime(2022, 11, 18, 12, 13, 1)),
        ("2022/11/18", dt.datetime(2022, 11, 18)),
        ("2022年11月18日", dt.datetime(2022, 11, 18)),
        ("2022年11月18日 15:20", dt.datetime(2022, 11, 18, 15, 20)),
        ("2022年11月18日15：20", dt.datetime(2022, 11, 18, 15, 20)),
        ("发布时间：2021-11-16 15:20", dt.datetime(2021, 11, 16, 15, 20)),
        ("1668744781000", dt.datetime(2022, 11, 18, 12, 13, 1)),
        ("1668744781", dt.datetime(2022, 11, 18, 12, 13, 1)),
        ("Fri, 18 Nov 2022 04:13:01 GMT", dt.datetime(2022, 11, 18, 12, 13, 1)),
        ("", None),
        ("yesterday", None),
        ("2022-13-01", None),
        ("2022-02-30", None),
        ("12345", None),
        ("16687447810", None),
        ("2022-11-18T12:13:01+99:00", None),
    ],
)
def test_parse_published(text: str, expected: dt.datetime | None) -> None:
    parsed = parse_published(text)
    assert parsed == expected
    assert parsed is None or parsed.tzinfo is None


# --- the publication date as the page writes it ------------------------------------------------------------------

SHAPE_CASES = [
    # (shape, the line under the title, the date it gives)
    ("numeric", "2023/3/21 23:47", dt.datetime(2023, 3, 21, 23, 47)),
    ("numeric", "发布时间：2024-05-30 21:16　来源：新华网", dt.datetime(2024, 5, 30, 21, 16)),
    ("numeric", "發布時間：2023/04/06 08:15　更新時間：2023/04/06 10:02", dt.datetime(2023, 4, 6, 8, 15)),
    ("numeric", "更新时间 2024年11月19日 星期二 09:05", dt.datetime(2024, 11, 19, 9, 5)),
    ("numeric", "北京时间2018年07月17日讯", dt.datetime(2018, 7, 17)),
    ("numeric", "2024年3月9日", dt.datetime(2024, 3, 9)),
    ("numeric", "来源：人民网 | 2021年11月16日 15：20", dt.datetime(2021, 11, 16, 15, 20)),
    ("numeric", "新华社 2019年11月5日 电", dt.datetime(2019, 11, 5)),
    ("numeric", "人民日报 2021年06月17日 星期四 第03版", dt.datetime(2021, 6, 17)),  # an e-paper's masthead
    ("day_month_year", "星期四, 20 3 月, 2025", dt.datetime(2025, 3, 20)),
    ("day_month_year_dotted", "13.10.2016  18:48", dt.datetime(2016, 10, 13, 18, 48)),
    ("day_month_year_slashed", "17/11/2022", dt.datetime(2022, 11, 17)),
    ("day_month_year_slashed", "17/11/2022 08:30", dt.datetime(2022, 11, 17, 8, 30)),
    ("month_day_year_slashed", "11/17/2022", dt.datetime(2022, 11, 17)),  # a day past 12 tells the order
    ("year_month_slash_day", "2022 07/ 20 21:01:18", dt.datetime(2022, 7, 20, 21, 1)),
    ("year_month_slash_day", "2016 09/06 08:15　来源：新华网", dt.datetime(2016, 9, 6, 8, 15)),
    # an aggregator's source line, its disclaimer after the stamp
    ("source_line", "文章来源: 某台华语 于 2023-04-27 08:32:21 - 新闻取自各大新闻媒体,新闻内容并不代表本网立场!",
     dt.datetime(2023, 4, 27, 8, 32)),
    ("source_line", "來源：某某網 於 2019/10/12 08:40", dt.datetime(2019, 10, 12, 8, 40)),
    # a byline's Latin names with their comma, a slash, the editor and the day
    ("numeric", "Roman Goncharenko, Julia Wischnewezkaja/王凡2016年8月9日", dt.datetime(2016, 8, 9)),
]


def test_a_stamp_before_a_latin_headline_is_no_date_line() -> None:
    # Latin names leave a label only as a byline's, up to the slash before the editor (A B, C D/王凡…)
    line = "2023-10-12 Wang Yi Meets Blinken, Discusses Ties"
    doc = clean(text_doc(f"{line}\n正文。", title="标题"))
    assert doc.published is None
    assert blocks(doc, PARAGRAPH) == [line, "正文。"]


@pytest.mark.parametrize("field", ["註冊:2023-07-31", "注册时间：2023-07-31", "最后登录：2023-07-31 08:00"])
def test_a_forum_member_s_dates_are_no_date_line(field: str) -> None:
    # a forum post's sidebar: the member's sign-up or last login, not the day of the post
    doc = clean(text_doc(f"級別:聖騎士\n發帖:7950\n{field}\n正文。", title="标题"))
    assert doc.published is None
    assert field not in doc.text and "正文。" in doc.text


def test_a_labelled_update_time_wins_over_a_bare_stamp_read_first() -> None:
    # a sidebar's item or a site's clock over the article's own 更新时间
    doc = clean(text_doc("2023-01-31\n更新時間:2022-11-04 11:50:35\n正文。", title="另一篇文章的标题"))
    assert doc.published == dt.datetime(2022, 11, 4, 11, 50)


def test_a_year_and_a_slashed_day_without_a_clock_is_no_date_line() -> None:
    doc = clean(text_doc("2022 07/ 20\n正文。", title="标题"))
    assert doc.published is None


@pytest.mark.parametrize(("shape", "line", "expected"), SHAPE_CASES)
def test_date_line_shapes(shape: str, line: str, expected: dt.datetime) -> None:
    doc = clean(text_doc(f"{line}\n正文。", title="标题"))
    assert (doc.published, doc.published_source) == (expected, "date_line")
    assert blocks(doc, PARAGRAPH) == ["正文。"]  # the date line leaves the body


def test_every_date_line_shape_has_a_case() -> None:
    from dipx.clean import DATE_LINE_SHAPES

    tested = {case[0] for case in SHAPE_CASES} | {"date_prefix", "flash_prefix", "outlet_prefix"}
    assert {shape.name for shape in DATE_LINE_SHAPES} == tested


@pytest.mark.parametrize(
    ("line", "expected", "rest"),
    [
        ("date 2025-12-06习近平同马克龙举行会谈。", dt.datetime(2025, 12, 6), "习近平同马克龙举行会谈。"),
        ("日期：2025-12-06 习近平会见马克龙。", dt.datetime(2025, 12, 6), "习近平会见马克龙。"),
    ],
)
def test_date_prefix_glued_to_the_text(line: str, expected: dt.datetime, rest: str) -> None:
    doc = clean(text_doc(line, title="标题"))
    assert (doc.published, blocks(doc, PARAGRAPH)) == (expected, [rest])


def test_outlet_prefix_glued_to_the_lead() -> None:
    lead = "2021年6月16日(德國之聲中文網)在日內瓦湖濱的一座別墅內,兩國總統展開會談。"
    doc = clean(text_doc(lead, title="標題"))
    assert (doc.published, blocks(doc, PARAGRAPH)) == (dt.datetime(2021, 6, 16), [lead])  # the lead's day too
    prose = "2022年2月24日（俄罗斯入侵乌克兰当天）两国外长通电话。"  # a date and an aside in brackets: prose
    doc = clean(text_doc(prose, title="标题"))
    assert (doc.published, blocks(doc, PARAGRAPH)) == (None, [prose])


def test_the_publication_line_wins_over_the_update_line_read_first() -> None:
    head = "更新時間:08:40 2019-10-12 HKT\n發佈時間:19:52 2019-10-11 HKT\n發佈時間:19:52 2019-10-11 HKT"
    doc = clean(text_doc(f"{head}\n正文。", title="標題"))
    assert (doc.published, blocks(doc, PARAGRAPH)) == (dt.datetime(2019, 10, 11), ["正文。"])  # the clock first
    doc = clean(text_doc("發佈時間:2019-10-11 19:52\n更新時間:2019-10-12 08:40\n正文。", title="標題"))
    assert (doc.published, blocks(doc, PARAGRAPH)) == (dt.datetime(2019, 10, 11, 19, 52), ["正文。"])


def test_the_publication_line_wins_over_a_bare_stamp_read_first() -> None:
    # a portal's own date over the article (its day of serving the page), then the article's labelled stamp
    head = "2025年01月10日 星期五\n財經 > 滾動新聞 > 正文\n• 發布時間:2015-11-03 15:38:00  來源:環球時報  作者:佚名"
    doc = clean(text_doc(f"{head}\n正文。", title="新聞源"))
    assert (doc.published, blocks(doc, PARAGRAPH)) == (dt.datetime(2015, 11, 3, 15, 38), ["正文。"])
    # an unlabelled stamp with no labelled one after it still dates the page
    doc = clean(text_doc("2025年01月10日 星期五\n正文。", title="新聞源"))
    assert doc.published == dt.datetime(2025, 1, 10)


def test_a_converters_pinyin_gloss_is_no_part_of_the_text() -> None:
    body = "作者:admin ? 時(shí)間:2015-05-14 ? 瀏覽:人次\n印度總理今起訪華,現(xiàn)場氣氛熱烈。"
    doc = clean(text_doc(body, title="印度總理今起訪華"))
    assert doc.published == dt.datetime(2015, 5, 14)  # the "?" between labels is a lost separator, no question
    assert blocks(doc, PARAGRAPH) == ["印度總理今起訪華,現場氣氛熱烈。"]
    kept = "习近平(Xi Jinping)会见拜登(Biden)。他问：真的?是吗"  # Latin names and toneless words in brackets stay
    assert blocks(clean(text_doc(kept, title="标题")), PARAGRAPH) == [kept]


def test_a_hard_wrapped_paragraph_is_joined_again() -> None:
    body = ("(雅加达综合电)印度尼西亚总统展开上任后的首次出访,\n接下来两周访问五个国家。\n"
            "东湖大学学者林远山(Lin Yuanshan)接受\n本报访问时说,首站选择中国意义重大。\n"
            "发布时间：2024-05-30 21:16　来源：某某网站新闻中心国际频道\n"
            "新华社北京5月30日电 两国外长会谈。\n观察\n本月8日双方会谈。")
    doc = clean(text_doc(body, title="总统首次出访"))
    assert blocks(doc, PARAGRAPH) == [
        "(雅加达综合电)印度尼西亚总统展开上任后的首次出访,接下来两周访问五个国家。",
        "东湖大学学者林远山(Lin Yuanshan)接受本报访问时说,首站选择中国意义重大。",
        "新华社北京5月30日电 两国外长会谈。", "观察", "本月8日双方会谈。"]  # a label line and a heading end theirs
    assert doc.published == dt.datetime(2024, 5, 30, 21, 16)


def test_a_menu_over_the_article_is_no_line_of_the_head() -> None:
    menu = "\n".join(["简体 | 繁体", "新闻频道"] + [f"  • 频道{n}" for n in range(20)] + ["1. 跳轉至内容"])
    doc = clean(text_doc(f"{menu}\n外长会谈取得成果\n2024-07-02 来源: 综合报道\n两国外长2日举行会谈。", title="网站"))
    assert (doc.published, doc.published_source) == (dt.datetime(2024, 7, 2), "date_line")
    assert not any("频道1" in text or "跳轉" in text for text in blocks(doc))
    body = "两国外长2日举行会谈，双方同意加强合作。\n• 双方签署协议"  # a bullet under prose is the article's
    assert blocks(clean(text_doc(body, title="标题")), PARAGRAPH)[-1] == "• 双方签署协议"


def test_a_list_opening_the_article_with_no_date_line_under_it_stays() -> None:
    # key points over the first prose line: short bulleted lines with no clause, yet the article's own
    body = "• 王毅会见布林肯\n• 两国恢复军事对话\n双方同意在多个领域加强合作，推动两国关系稳定发展。"
    doc = clean(text_doc(body, title="外交要闻"))
    assert blocks(doc, PARAGRAPH)[:2] == ["• 王毅会见布林肯", "• 两国恢复军事对话"]
    # under a date line they stay too: only a menu over the date line is page chrome
    doc = clean(text_doc("2024-07-02 来源: 综合报道\n" + body, title="外交要闻"))
    assert doc.published == dt.datetime(2024, 7, 2)
    assert blocks(doc, PARAGRAPH)[:2] == ["• 王毅会见布林肯", "• 两国恢复军事对话"]


def test_a_weather_widget_over_the_page_leaves_and_dates_nothing() -> None:
    chrome = "最好看的新闻\n11月26日 17.9°C-20.4°C\n悉尼\n登录 注册\n外长会谈取得成果"
    doc = clean(text_doc(f"{chrome}\n2024-07-02 来源: 综合报道\n两国外长2日举行会谈。", title="网站"))
    assert (doc.published, doc.published_source) == (dt.datetime(2024, 7, 2), "date_line")
    assert not any("°C" in text for text in blocks(doc))
    body = "两国外长2日举行会谈，当天气温高达38℃。"  # prose with a temperature stays
    assert blocks(clean(text_doc(body, title="标题")), PARAGRAPH) == [body]


def test_a_list_of_other_articles_stamps_leaves_the_body() -> None:
    body = "两国外长2日举行会谈，双方同意加强合作。\n- 2025/01/05 18:46\n2025/01/04 11:47\n2025/01/03 14:25\n完。"
    assert blocks(clean(text_doc(body, title="标题")), PARAGRAPH) == ["两国外长2日举行会谈，双方同意加强合作。", "完。"]
    prose = "\n".join(["两国外长2日举行会谈，双方同意加强合作。"] * 5)
    body = f"{prose}\n2025/01/05\n完。"  # one bare stamp past the head stays
    assert "2025/01/05" in blocks(clean(text_doc(body, title="标题")), PARAGRAPH)


@pytest.mark.parametrize("flash", ["北京时间2018年07月17日讯", "【somesite官网 2018年7月17日讯】"])
def test_flash_prefix_glued_to_the_text(flash: str) -> None:
    doc = clean(text_doc(f"{flash} 据外媒报道，两国元首16日会晤。", title="标题"))
    assert (doc.published, blocks(doc, PARAGRAPH)) == (dt.datetime(2018, 7, 17), ["据外媒报道，两国元首16日会晤。"])


@pytest.mark.parametrize(
    "line",
    [
        "2025年6月5日，国家主席习近平应约同美国总统特朗普通电话。",  # prose that opens with a date
        "2019年13月5日",  # no such month
        "发布时间：2023年2月30日",  # no such day
        "第一段没有日期。",
    ],
)
def test_lines_that_are_not_date_lines_stay_in_the_body(line: str) -> None:
    doc = clean(text_doc(f"{line}\n正文。", title="标题"))
    assert (doc.published, doc.published_source) == (None, None)
    assert blocks(doc, PARAGRAPH) == [line, "正文。"]


def test_a_date_line_below_the_head_is_body() -> None:
    lead = "两国外长今天在日内瓦举行会谈，就双边关系交换意见。"
    doc = clean(text_doc(f"{lead}\n二\n三\n四\n2019年11月5日", title="标题"))
    assert doc.published is None and blocks(doc, PARAGRAPH)[-1] == "2019年11月5日"


def test_a_date_line_below_lines_of_page_chrome_is_read() -> None:
    chrome = "繁體中文\n登录 | 注册\nこちらは日本語版です。移動しますか。\n下载客户端\n外长会谈取得成果"
    doc = clean(text_doc(f"{chrome}\n2022-05-09 某某新闻 | 国语\n两国外长9日举行会谈。", title="本站使用Cookie"))
    assert (doc.published, doc.published_source) == (dt.datetime(2022, 5, 9), "date_line")
    assert "2022-05-09 某某新闻 | 国语" not in blocks(doc)


def test_a_date_line_after_prose_and_past_the_head_stays_body() -> None:
    lead = "两国外长今天在日内瓦举行会谈，就双边关系交换意见。"
    doc = clean(text_doc(f"一\n{lead}\n三\n四\n五\n2019年11月5日", title="标题"))
    assert doc.published is None and blocks(doc, PARAGRAPH)[-1] == "2019年11月5日"


def test_a_stamp_glued_before_the_title_dates_the_page_and_leaves_the_title() -> None:
    doc = clean(text_doc("两国外长5日举行会谈。", title="date 2024-11-06 快讯"))
    assert (doc.published, doc.published_source, doc.title) == (dt.datetime(2024, 11, 6), "date_line", "快讯")
    assert blocks(doc, HEADLINE) == ["快讯"]


def test_a_date_line_of_the_same_day_under_a_glued_stamp_gives_the_time() -> None:
    body = "首页 > 国际 > 正文\n2024/11/06 21:15 编译张三／综合报道\n两国外长5日举行会谈。"
    doc = clean(text_doc(body, title="date 2024-11-06 标题"))
    assert (doc.published, blocks(doc, PARAGRAPH)) == (dt.datetime(2024, 11, 6, 21, 15), ["两国外长5日举行会谈。"])
    doc = clean(text_doc("2024/11/02 21:15\n两国外长5日举行会谈。", title="date 2024-11-06 标题"))
    assert (doc.published, blocks(doc, PARAGRAPH)[0]) == (dt.datetime(2024, 11, 6), "2024/11/02 21:15")


@pytest.mark.parametrize("foot", ["《 人民日报 》（ 2021年06月17日 03 版）", "《光明日报》（2021年06月17日 第4版）"])
def test_an_e_paper_s_edition_line_at_the_foot_dates_the_page(foot: str) -> None:
    doc = clean(text_doc(f"两国外长16日举行会谈。\n双方同意加强合作。\n{foot}", title="标题"))
    assert (doc.published, doc.published_source) == (dt.datetime(2021, 6, 17), "date_line")
    assert blocks(doc, PARAGRAPH) == ["两国外长16日举行会谈。", "双方同意加强合作。"]


def test_an_edition_line_inside_prose_is_body() -> None:
    line = "报道刊登在《人民日报》（2021年06月17日 03 版）上，引起关注。"
    doc = clean(text_doc(f"两国外长16日举行会谈。\n{line}", title="标题"))
    assert doc.published is None and blocks(doc, PARAGRAPH)[-1] == line


def test_a_first_line_that_is_only_a_labelled_stamp_dates_the_page() -> None:
    doc = clean(text_doc("两国外长举行会谈\n两国外长5日举行会谈。", title="date 2024-11-06"))
    assert (doc.published, doc.title) == (dt.datetime(2024, 11, 6), None)
    assert blocks(doc, PARAGRAPH) == ["两国外长举行会谈", "两国外长5日举行会谈。"]


def test_a_stamp_of_a_month_alone_is_no_publication_date_but_leaves_the_title() -> None:
    doc = clean(text_doc("两国外长5日举行会谈。", title="date 2020-07 【本台记者报道】"))
    assert (doc.published, doc.title) == (None, "【本台记者报道】")
    doc = clean(text_doc("date 2020-07 两国外长5日举行会谈。", title="标题"))
    assert (doc.published, blocks(doc, PARAGRAPH)) == (None, ["两国外长5日举行会谈。"])
    doc = clean(text_doc("两国外长5日举行会谈。", title="date 2020 快讯"))
    assert (doc.published, doc.title) == (None, "快讯")
    doc = clean(text_doc("两国外长5日举行会谈。", title="date 2020年会谈回顾"))  # no stamp: a title
    assert doc.title == "date 2020年会谈回顾"


def test_an_outlet_s_flash_in_brackets_dates_the_page() -> None:
    doc = clean(text_doc("人气 5\n【某某网2012年09月05日讯】（外电）两国外长5日举行会谈。", title="标题"))
    assert (doc.published, doc.published_source) == (dt.datetime(2012, 9, 5), "date_line")
    assert blocks(doc, PARAGRAPH)[-1] == "（外电）两国外长5日举行会谈。"


@pytest.mark.parametrize(
    ("title", "expected", "rest"),
    [
        ("两国外长会谈 | 某某之声 | 某台 | 23.07.2018", dt.datetime(2018, 7, 23), "两国外长会谈 | 某某之声 | 某台"),
        ("两国外长会谈_某某网_2018-07-23", dt.datetime(2018, 7, 23), "两国外长会谈_某某网"),
    ],
)
def test_a_title_that_ends_in_its_date_dates_the_page(title: str, expected: dt.datetime, rest: str) -> None:
    doc = clean(text_doc("两国外长23日举行会谈。", title=title))
    assert (doc.published, doc.published_source, doc.title) == (expected, "date_line", rest)


def test_a_title_with_a_date_that_is_not_its_end_stays_a_title() -> None:
    doc = clean(text_doc("两国外长举行会谈。", title="23.07.2018 两国外长会谈回顾"))
    assert (doc.published, doc.title) == (None, "23.07.2018 两国外长会谈回顾")


def test_a_first_line_that_is_a_bare_stamp_dates_the_page() -> None:
    doc = clean(text_doc("两国外长12日举行会谈。", title="2023/08/12"))
    assert (doc.published, doc.published_source, doc.title) == (dt.datetime(2023, 8, 12), "date_line", None)


def test_a_site_clock_under_the_title_dates_nothing_and_leaves() -> None:
    body = "某台时间 16:56 2024年11月24日 星期日\n两国外长会谈\n两国外长星期二举行会谈。"
    doc = clean(text_doc(body, title="无障碍链接"))
    assert (doc.published, doc.published_source) == (None, None)
    assert not any("16:56" in text for text in blocks(doc))


def test_a_title_that_is_only_the_site_s_clock_leaves_when_the_page_has_its_date_line() -> None:
    body = "农历甲辰年 三月初一\n登录 | 注册\n两国外长举行会谈\n2019-04-02 某某网 | 国语\n两国外长2日会谈。"
    doc = clean(text_doc(body, title="2024年4月9日 星期二"))
    assert (doc.published, doc.title) == (dt.datetime(2019, 4, 2), None)
    assert not any("2024年4月9日" in text for text in blocks(doc))


def test_a_title_that_is_only_a_date_stays_when_nothing_else_dates_the_page() -> None:
    doc = clean(text_doc("两国外长举行会谈。", title="2024年4月9日 星期二"))
    assert (doc.published, doc.title) == (None, "2024年4月9日 星期二")


def test_breadcrumb_and_date_line_after_it_leave_the_body() -> None:
    doc = clean(text_doc("首頁 > 政治 > 即時新聞\n發布時間：2023/04/06 08:15\n正文。", title="標題"))
    assert (doc.published, blocks(doc, PARAGRAPH)) == (dt.datetime(2023, 4, 6, 8, 15), ["正文。"])


@pytest.mark.parametrize("line", ["05/06/2023", "05/06/2023 08:30", "比分 1/2/2022", "版本 v1/2/2022 下载"])
def test_a_slashed_triple_that_could_be_either_order_or_no_date_dates_nothing(line: str) -> None:
    assert clean(text_doc(f"{line}\n正文。", title="标题")).published is None


def test_a_keyword_list_over_the_article_leaves_the_body_even_as_its_first_line() -> None:
    tags = "热门视频-日本旅游-韩国美食-欧美电影-在线资源-高清图片"
    doc = clean(text_doc(f"{tags}\n新闻正文\n2020-07-09 23:18:47 来源：新华网\n墨西哥总统访问美国。"))
    assert tags not in doc.text
    assert doc.published == dt.datetime(2020, 7, 9, 23, 18)


def test_a_headline_with_a_dash_or_two_is_no_keyword_list() -> None:
    doc = clean(text_doc("中美-峰会-前瞻\n墨西哥总统访问美国。"))
    assert "中美-峰会-前瞻" in doc.text


def test_a_jsonl_text_field_reads_its_date_line_as_a_text_file_does(tmp_path: Path) -> None:
    article = "中美元首通电话\n2024-04-02 23:40\n中国国家主席习近平2日晚应约同美国总统拜登通电话。"
    txt = tmp_path / "a.txt"
    txt.write_text(article, encoding="utf-8")
    jsonl = tmp_path / "a.jsonl"
    title, body = article.split("\n", 1)
    jsonl.write_text(json.dumps({"title": title, "text": body}, ensure_ascii=False), encoding="utf-8")
    [from_txt] = [clean(raw) for raw in read_source(str(txt))]
    [from_jsonl] = [clean(raw) for raw in read_source(str(jsonl))]
    assert from_txt.published == from_jsonl.published == dt.datetime(2024, 4, 2, 23, 40)
    assert from_txt.published_source == from_jsonl.published_source == "date_line"
    assert from_txt.text == from_jsonl.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.com.cn/world/2016-10-20/doc-ifxwztrt1928465.shtml", dt.datetime(2016, 10, 20)),
        ("https://www.example.gov.cn/zxxx/201809/t20180919_5412376.shtml", dt.datetime(2018, 9, 19)),
        ("https://news.example.cn/world/2024/0527/cjk-summit.html", dt.datetime(2024, 5, 27)),
        ("https://example.com/2016/10/21/story.html", dt.datetime(2016, 10, 21)),
        ("https://example.com/news/1928465.html", None),  # an id, not a date
        ("https://example.com/2019/13/45/x.html", None),
    ],
)
def test_dates_in_the_url(url: str, expected: dt.datetime | None) -> None:
    raw = RawDocument(source="a.jsonl:1", format="jsonl", encoding="utf-8", body="正文。", body_is_html=False, url=url)
    doc = clean(raw)
    assert (doc.published, doc.published_source) == (expected, "url" if expected else None)


def test_og_url_gives_the_date_of_a_page_without_one() -> None:
    page = '<meta property="og:url" content="https://e.com/a/2016-10-21/x.html"><p>正文。</p>'
    doc = clean(html_doc(page))
    assert (doc.url, doc.published, doc.published_source) == (
        "https://e.com/a/2016-10-21/x.html", dt.datetime(2016, 10, 21), "url"
    )


def test_a_byline_date_serves_a_page_without_date_markup() -> None:
    page = '<div class="byline">撰文：國際新聞組　2019年6月30日 星期日 22:41</div><p>正文一。</p>'
    doc = clean(html_doc(page))
    assert (doc.published, doc.published_source) == (dt.datetime(2019, 6, 30, 22, 41), "date_line")


def wire(text: str, url: str | None) -> Document:
    return clean(RawDocument(source="a", format="jsonl", encoding="utf-8", body=text, body_is_html=False, url=url))


def test_a_wire_dateline_takes_its_year_from_the_url() -> None:
    doc = wire("新华社平壤9月19日电 两国领导人19日上午举行会谈。", "https://e.gov.cn/201809/index_3.shtml")
    assert (doc.published, doc.published_source) == (dt.datetime(2018, 9, 19), "dateline_year_inferred")


@pytest.mark.parametrize(
    "url",
    [None, "https://e.gov.cn/201810/index_3.shtml"],  # no year anywhere; a URL month that disagrees
)
def test_a_wire_dateline_without_a_year_stays_unresolved(url: str | None) -> None:
    doc = wire("新华社平壤9月19日电 两国领导人19日上午举行会谈。", url)
    assert (doc.published, doc.published_source) == (None, None)


def test_a_wire_dateline_with_its_year_is_a_date_line() -> None:
    doc = wire("新华社北京2019年11月5日电 国家主席习近平5日会见了马克龙。", None)
    assert (doc.published, doc.published_source) == (dt.datetime(2019, 11, 5), "date_line")
    assert blocks(doc, PARAGRAPH) == ["新华社北京2019年11月5日电 国家主席习近平5日会见了马克龙。"]  # body text


@pytest.mark.parametrize(
    ("raw", "source"),
    [
        (html_doc('<meta property="article:published_time" content="2019-11-05T09:12:00+08:00"><p>正文。</p>'), "meta"),
        (html_doc('<p><time datetime="2019-11-05">5日</time></p><p>正文。</p>'), "time_tag"),
        (text_doc("正文。", published="2019-11-05"), "meta"),
    ],
)
def test_published_source_names_the_markup(raw: RawDocument, source: str) -> None:
    assert clean(raw).published_source == source


def test_published_source_of_the_option() -> None:
    doc = clean(text_doc("2019-11-05\n正文。"), published_override=dt.datetime(2020, 1, 2))
    assert (doc.published, doc.published_source) == (dt.datetime(2020, 1, 2), "option")


@pytest.mark.parametrize(
    "box",
    [
        '<div class="related"><h3>延伸阅读</h3><ul><li>2019年6月12日 特朗普与金正恩在新加坡会晤</li></ul></div>',
        '<div class="video-block"><p>视频：2018年4月27日两人在板门店握手</p></div>',
        '<div id="sidebar"><p>热点：2018年9月平壤峰会</p></div>',
        '<div><h4>相關新聞</h4><p>2018年5月26日 兩人再度會晤</p></div>',
    ],
)
def test_side_boxes_are_not_body(box: str) -> None:
    doc = clean(html_doc(f"<article><h1>标题</h1><p>正文一。</p>{box}<p>正文二。</p></article>"))
    assert blocks(doc, PARAGRAPH) == ["正文一。", "正文二。"]


def test_a_container_of_prose_is_body_whatever_its_class() -> None:
    prose = "国家主席习近平在人民大会堂同来访的总统举行会谈。" * 8
    doc = clean(html_doc(f'<div class="video-article"><p>{prose}</p></div>'))
    assert blocks(doc, PARAGRAPH) == [prose]


def test_a_date_line_may_carry_several_labels() -> None:
    line = "发布时间：2024-03-09 10:23:45 | 来源：新华社 | 作者：张三 | 责任编辑：李四"
    doc = clean(text_doc(f"{line}\n正文。", title="标题"))
    assert (doc.published, blocks(doc, PARAGRAPH)) == (dt.datetime(2024, 3, 9, 10, 23), ["正文。"])


def test_a_long_remainder_with_a_comma_is_prose() -> None:
    line = "2024年3月9日 国家主席习近平在北京会见来访的法国总统马克龙，双方就两国关系交换意见"
    doc = clean(text_doc(f"{line}\n正文。", title="标题"))
    assert doc.published is None and blocks(doc, PARAGRAPH)[0] == line


def test_a_taiwan_dateline_gives_the_day_to_the_url_s_month() -> None:
    doc = wire("（中央社記者蘇文彬新加坡7日電）總統今天下午會面。", "https://www.example.tw/news/aopl/201511/x.aspx")
    assert (doc.published, doc.published_source) == (dt.datetime(2015, 11, 7), "dateline_year_inferred")


def test_a_url_date_with_a_serial_after_it() -> None:
    doc = wire("正文。", "https://www.example.tw/news/aopl/202304060012.aspx")
    assert (doc.published, doc.published_source) == (dt.datetime(2023, 4, 6), "url")


META = '<meta property="article:published_time" content="2019-11-05T09:12:00+08:00">'


def test_a_page_s_date_line_that_agrees_with_its_markup_leaves_the_body() -> None:
    doc = clean(html_doc(f"{META}<p>2019-11-05 09:12 来源：新华网</p><p>正文。</p>"))
    assert (doc.published_source, blocks(doc, PARAGRAPH)) == ("meta", ["正文。"])


def test_a_page_s_line_with_another_date_stays_in_the_body() -> None:
    doc = clean(html_doc(f"{META}<p>2018年3月5日</p><p>正文。</p>"))
    assert blocks(doc, PARAGRAPH) == ["2018年3月5日", "正文。"]


def test_a_wire_dateline_takes_its_year_from_the_same_day_written_in_full() -> None:
    doc = wire("新华社纽约9月18日电 副主席18日会见国务卿。\n2023年9月18日，双方发表声明。", None)
    assert (doc.published, doc.published_source) == (dt.datetime(2023, 9, 18), "dateline_year_inferred")


def test_a_labelled_stamp_of_the_update_time_at_the_foot_dates_the_page() -> None:
    doc = clean(text_doc("两国外长16日举行会谈。\n双方同意加强合作。\n更新時間：2017/09/13 13:14", title="标题"))
    assert (doc.published, doc.published_source) == (dt.datetime(2017, 9, 13, 13, 14), "date_line")
    assert blocks(doc, PARAGRAPH) == ["两国外长16日举行会谈。", "双方同意加强合作。"]
    prose = "\n".join(["两国外长16日举行会谈，双方同意加强合作。"] * 5)
    doc = clean(text_doc(f"{prose}\n2017/09/13 13:14", title="标题"))  # no label, past the head: body
    assert doc.published is None


def test_a_date_line_below_many_lines_of_page_chrome_is_read() -> None:
    chrome = "\n".join(["首页", "频道一", "频道二", "11月26日 晴", "汇率", "悉尼", "下载客户端", "登录 注册"])
    doc = clean(text_doc(f"{chrome}\n外长会谈取得成果\n2024-07-02 来源: 综合报道\n两国外长2日举行会谈。", title="网站"))
    assert (doc.published, doc.published_source) == (dt.datetime(2024, 7, 2), "date_line")


def test_a_news_report_dateline_takes_its_year_from_the_same_day_in_numbers() -> None:
    doc = wire("某某网北京10月12日消息 主席11日会见总理。2019-10-12 新闻摘要", None)
    assert (doc.published, doc.published_source) == (dt.datetime(2019, 10, 12), "dateline_year_inferred")
    doc = wire("据某某网10月12日消息，主席11日会见总理。2019-10-12 新闻摘要", None)  # a cited report
    assert (doc.published, doc.published_source) == (None, None)
