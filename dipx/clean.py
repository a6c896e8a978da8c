"""Stage 2, clean: turn a RawDocument into a Document — the article text as ordered blocks, plus metadata.

This is the only module that parses HTML (bs4 with the lxml parser). The text is the blocks joined by "\\n" and
every Block indexes it exactly. Page chrome (navigation, ads, related-article lists, media-player fallbacks, image
credits, share/copyright lines) is kept out; image alt text is kept apart as `Document.alt_texts`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from dipx.errors import InputError
from dipx.model import BYLINE, CAPTION, HEADLINE, PARAGRAPH, SUBHEADING, Block, Document, PublishedEstimate, RawDocument

# Most Chinese-language outlets (Xinhua, People's Daily, CCTV, BBC 中文 and others) date their articles in China
# Standard Time, so timezone-aware stamps and epoch values are shown on that clock; naive stamps are taken as given.
CST = dt.timezone(dt.timedelta(hours=8), "CST")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

_DATE_TIME = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*T?\s*(?P<h>\d{1,2})\s*[:时]\s*(?P<mi>\d{2})(?:\s*[:分]\s*(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?(?![\d:]))?",
    re.I,
)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_SPACE = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"\s\s|[^\S ]")  # what _collapse changes: a run of whitespace, or one that is not a space
# Removed from the article text, so offsets index text without them: invisible characters that split a
# name for matching (ZWSP/ZWNJ/ZWJ, word joiner, BOM, soft hyphen, CGJ, direction marks and overrides), and
# control characters (C0 but whitespace, DEL, C1 but NEL), which are never prose and can drive a terminal.
_ZERO_WIDTH = re.compile(
    "[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u061c\u180e\u202a-\u202e\u2066-\u2069"
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]"
)
# Nesting beyond this is no article layout but a hostile or broken page; checked before parsing.
MAX_NESTING = 400
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>")
# Elements that hold no children, or whose end tag HTML lets a page leave out: they add no depth.
_FLAT_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
     "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
     "caption", "rb", "rt", "rp", "html", "head", "body"}
)  # fmt: skip

_CREDIT = re.compile(r"(?:图像来源|图片来源|圖像來源|圖片來源|image source)", re.I)
_BOILERPLATE = re.compile(
    r"(?:©|\(c\)|copyright|版权所有|版權所有|[(（【\[]?\s*责任编辑|[(（【\[]?\s*責任編輯|分享到|分享至|扫一扫|扫描二维码"
    r"|关注我们|点击订阅|订阅我们|打印本页|关闭窗口|【纠错】|转载请注明"
    # "相关报道称…" is prose; only the bare label (or label plus colon) introduces a list of other articles.
    r"|[【\[]?(?:相关|延伸|推荐)(?:阅读|新闻|报道|文章)[】\]]?\s*(?:[:：]|$))",
    re.I,
)
_FALLBACK = re.compile(
    r"你的器材不支持播放多媒体材料|您的浏览器不支持|你的浏览器不支持|视频加载中|your browser does not support"
    r"|media playback is unsupported",
    re.I,
)
# A converter's pinyin gloss after a character (發(fā)布時間, 現(xiàn)場): some mirror sites print the reading of each
# character their simplified-to-traditional table lacks. A tone-marked syllable in brackets, glued to the Han
# character before it, is no part of the text.
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)"
)
_CREDIT_MAX = 60
_CAPTION_MAX = 100


# --- public -------------------------------------------------------------------------------------------------------


def clean(raw: RawDocument, published_override: dt.datetime | None = None) -> Document:
    """Clean `raw` into a Document; raises InputError if it holds no article text or no Chinese text."""
    if raw.body_is_html:
        page = _from_html(raw)
    else:
        page = _Page(title=_collapse(raw.title or "") or None, pairs=_text_pairs(raw))
    envelope = parse_published(raw.published) if raw.published else None
    partial = _month_stamp(page)
    _take_head(raw, page, envelope or page.published)
    page.pairs = _drop_stamp_lists(page.pairs)
    text, blocks = _assemble(page.pairs)
    _check_article(raw.source, text, blocks)
    published, published_source = _publication(raw, page, envelope, published_override)
    return Document(
        source=raw.source,
        format=raw.format,
        encoding=raw.encoding,
        text=text,
        blocks=blocks,
        title=page.title,
        url=raw.url or page.url,
        published=published,
        doc_id=raw.doc_id,
        alt_texts=tuple(page.alt_texts),
        published_from=_published_from(raw, published_source),
        published_source=published_source,
        published_estimate=partial if published is None else None,
    )


def _month_stamp(page: _Page) -> PublishedEstimate | None:
    """The month of a stamp that gives only the year and month, glued before the title or a first paragraph
    (date 2021-06 【有線新聞】): the page's month, though not its day."""
    lines = ([page.title] if page.title else []) + [text for _, text in page.pairs[: _HEAD_LINES + 1]]
    for line in lines:
        match = _PARTIAL_PREFIX.match(line.strip())
        if match is not None and match.group("mo") and 1 <= int(match.group("mo")) <= 12:
            value = f"{int(match.group('y')):04d}-{int(match.group('mo')):02d}"
            return PublishedEstimate(value, "month", (f"{match.group(0).strip()}: a stamp of the month alone",))
    return None


def _published_from(raw: RawDocument, source: str | None) -> str | None:
    """The coarse origin of `published_source` (option | header | text | page), kept for readers of that field."""
    if source in (None, "option"):
        return source
    if source == "meta" and raw.published:
        return "header"
    if source == "url":
        return "header" if raw.url else "page"
    if source in ("date_line", "dateline_year_inferred"):
        return "page" if raw.body_is_html else "text"
    return "page"


def parse_published(text: str) -> dt.datetime | None:
    """Parse a publication stamp into a naive datetime on the article's own clock (see CST); None if unparseable.

    Accepts ISO dates/datetimes with or without offset, 2022/11/18, 2022年11月18日 [15:20], RFC 2822, and epoch
    seconds (10 digits) or milliseconds (13 digits).
    """
    value = unicodedata.normalize("NFKC", text or "").strip()
    if not value:
        return None
    try:
        if value.isascii() and value.isdigit():
            return _from_epoch(value)
        return _from_pattern(value) or _from_rfc2822(value)
    except (OverflowError, ValueError):  # 9999-12-31T23:59:59-12:00 is past the last representable moment in CST
        return None


# --- dates ----------------------------------------------------------------------------------------------------------


def _from_epoch(digits: str) -> dt.datetime | None:
    if len(digits) == 13:
        moment = _EPOCH + dt.timedelta(milliseconds=int(digits))
    elif len(digits) == 10:
        moment = _EPOCH + dt.timedelta(seconds=int(digits))
    else:
        return None
    return _on_cst(moment)


def _from_pattern(value: str) -> dt.datetime | None:
    match = _DATE_TIME.search(value)
    if not match:
        return None
    parts = [match.group(name) or 0 for name in ("y", "mo", "d", "h", "mi", "s")]
    try:
        y, mo, d, h, mi, sec = map(int, parts)
        moment = dt.datetime(y, mo, d, h, mi, sec)
        zone = _zone(match.group("tz"))
    except ValueError:
        return None
    return _on_cst(moment.replace(tzinfo=zone)) if zone else moment


def _zone(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text.upper() in {"Z", "UTC", "GMT"}:
        return dt.timezone.utc
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    offset = dt.timedelta(hours=hours, minutes=minutes) * (-1 if text[0] == "-" else 1)
    return dt.timezone(offset)  # raises ValueError for impossible offsets


def _from_rfc2822(value: str) -> dt.datetime | None:
    import email.utils  # deferred: it imports socket and more (5 ms), and few pages date themselves so

    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return _on_cst(moment) if moment.tzinfo else moment


def _on_cst(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(CST).replace(tzinfo=None)


# --- the publication date as the page writes it ---------------------------------------------------------------------

# One numeric stamp: 2019-11-05 09:12, 2023/3/21 23:47, 2019年6月30日 星期日 22:41, 2018年07月17日.
_STAMP = (
    r"(?<!\d)(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*[（(]?(?:星期|禮拜|礼拜|周|週)[一二三四五六日天][)）]?)?"
    r"(?:\s*T?\s*(?P<h>\d{1,2})\s*[:：时時]\s*(?P<mi>\d{2})(?:\s*[:：分]\s*\d{2})?(?!\d))?"
)


# An optional clock after a day written with slashes: 08:30, 08:30:12.
_CLOCK = r"(?:\s+(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?::[0-5]\d)?(?!\d))?"

# The label of a stamp glued before the text: date 2025-12-06 …, 日期：2025-12-06 …
_DATE_LABEL = r"\A(?:date|日期)\s*[:：]?\s*"


@dataclass(frozen=True)
class DateLineShape:
    """One way a page writes its own publication date near the top, under the title.

    A `line` shape is a line of its own: one or more stamps plus at most a short label or source name (发布时间：,
    来源：新华网, 聯合報／…); the first stamp is the date and the whole line leaves the body. A `prefix` shape opens
    a paragraph: the stamp is cut off and the prose after it stays (or, for a `keep` shape, the paragraph stays
    whole: its date is the lead's too).
    """

    name: str
    pattern: re.Pattern[str]
    prefix: bool = False
    # the shape names the line from its start, so what follows its stamp is the line's own tail (an aggregator's
    # disclaimer), not prose, and the line leaves whole
    whole: bool = False
    # a prefix shape that dates the page and leaves the text whole: the stamp is the lead's own date too
    keep: bool = False


DATE_LINE_SHAPES: tuple[DateLineShape, ...] = (
    # 2023/3/21 23:47 · 发布时间：2024-05-30 21:16　来源：新华网 · 發布時間：2023/04/06 08:15　更新時間：…
    # · 2024年3月9日 · 更新时间 2024年11月19日 星期二 09:05 · 北京时间2018年07月17日讯
    # · 撰文：國際新聞組　2019年6月30日 星期日 22:41
    DateLineShape("numeric", re.compile(_STAMP)),
    # WordPress's day, month, year: 星期四, 20 3 月, 2025
    DateLineShape(
        "day_month_year", re.compile(r"(?<!\d)(?P<d>\d{1,2})\s+(?P<mo>\d{1,2})\s*月\s*[,，]?\s*(?P<y>\d{4})(?!\d)")
    ),
    # a portal's year, then month and day with the slash after the month, then the clock: 2022 07/ 20 21:01:18.
    # The clock is required: without it the shape is too loose to be a date.
    # a European site's day, month and year with dots, then the clock: 13.10.2016 18:48. The clock is required:
    # a dotted triple alone may be a version or a score.
    DateLineShape(
        "day_month_year_dotted",
        re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<mo>[01]?\d)\.(?P<y>(?:19|20)\d{2})\s+"
                   r"(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?::[0-5]\d)?(?!\d)"),
    ),
    # Hong Kong's, Singapore's and Malaysia's day, month and year with slashes, a line of its own: 17/11/2022,
    # 17/11/2022 08:30; then a US month-first one (11/17/2022). Either only where the day cannot be a month:
    # 05/06/2023 may be either, and 1/2/2022 a score or a version.
    DateLineShape(
        "day_month_year_slashed",
        re.compile(r"(?<![0-9A-Za-z/])(?P<d>1[3-9]|2\d|3[01])/(?P<mo>[01]?\d)/(?P<y>(?:19|20)\d{2})(?![\d/])" + _CLOCK),
    ),
    DateLineShape(
        "month_day_year_slashed",
        re.compile(r"(?<![0-9A-Za-z/])(?P<mo>[01]?\d)/(?P<d>1[3-9]|2\d|3[01])/(?P<y>(?:19|20)\d{2})(?![\d/])" + _CLOCK),
    ),
    DateLineShape(
        "year_month_slash_day",
        re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s+(?P<mo>[01]?\d)\s*/\s*(?P<d>[0-3]?\d)\s+"
                   r"(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?::[0-5]\d)?(?!\d)"),
    ),
    # a label and stamp glued to the first paragraph: date 2025-12-06习近平…, 日期：2025-12-06 …
    DateLineShape("date_prefix", re.compile(_DATE_LABEL + _STAMP + r"\s*", re.I), prefix=True),
    # a news flash glued to the first paragraph: 北京时间2018年07月17日讯 据外媒报道…; an outlet's flash in brackets,
    # 【某某网2012年09月05日讯】(外电)…, 【somesite官网 2023年6月21日讯】 (an outlet's name in Latin letters)
    DateLineShape(
        "flash_prefix",
        re.compile(
            r"\A(?P<open>[【\[])?\s*(?:北京时间|北京時間|[^\s\d，。、：:,【】\[\]()（）]{1,16}?)?\s*" + _STAMP
            + r"\s*[讯訊](?(open)\s*[】\]])\s*"
        ),
        prefix=True,
    ),
    # a date and the outlet in brackets opening the lead, as DW writes it: 2021年6月16日(德國之聲中文網)在日內瓦…
    DateLineShape(
        "outlet_prefix",
        re.compile(
            r"\A" + _STAMP + r"\s*[（(]\s*[^\s\d，。、：:,（）()]{1,12}?(?:网|網|社|台|报|報|之声|之聲|之音)\s*[）)]\s*"
        ),
        prefix=True,
        keep=True,
    ),
    # an aggregator's source line: the outlet, then 于 and the stamp, then its disclaimer (文章来源: 某台 于
    # 2023-04-27 08:32:21 - 新闻取自各大新闻媒体,新闻内容并不代表本网立场!)
    DateLineShape(
        "source_line",
        re.compile(
            r"\A(?:文章|新闻|新聞)?(?:来源|來源|出处|出處)\s*[:：]\s*[^\s，。,:：]{1,20}(?:\s+[^\s，。,:：]{1,20})?"
            r"\s*(?:于|於)\s*" + _STAMP
        ),
        whole=True,
    ),
)
# A page title that ends in its date after a separator: 某某新闻 | 某台 | 23.07.2018, 标题_某网_2018-07-23. The
# day-first dotted form is the European sites' own.
_DAY_MONTH_YEAR = r"(?<!\d)(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?!\d)"
_TITLE_STAMPS = tuple(re.compile(r"\s*[|｜_]\s*(?:" + stamp + r")\s*\Z") for stamp in (_DAY_MONTH_YEAR, _STAMP))
# A site's clock over the page, not the article's date: a zone's time of day first, then the date and the
# weekday (中国时间 16:56 2024年11月24日 星期日). It leaves the body and dates nothing.
_CLOCK_LINE = re.compile(
    r"\A\s*\S{0,6}(?:时间|時間)\s*\d{1,2}\s*[:：]\s*\d{2}\s+" + _STAMP + r"\s*\Z"
)
_WEEKDAY = re.compile(r"(?:星期|禮拜|礼拜|周|週)[一二三四五六日天]|农历|農曆")
# What a date line holds besides its stamps: labels and source names (来源：新华社 | 作者：张三), not prose.
_DATE_LINE_LABEL_SHORT = 24
_DATE_LINE_LABEL_MAX = 40
_SENTENCE_END = re.compile(r"[。！？!?；;]")
# A separator between labels that a wrong encoding turned into "?" (作者:admin ? 時間:2015-05-14 ? 瀏覽): no question.
_LOST_SEPARATOR = re.compile(r"(?<= )\?(?= )")
_CLAUSE_BREAK = re.compile(r"[，,]")  # prose that opens with a date (2025年6月5日，国家主席…) has one
# Latin names in a byline, with the commas and slashes between them, up to the slash before the editor's name:
# Roman Goncharenko, Julia Wischnewezkaja/王凡. Without that slash a Latin run is a headline (Wang Yi Meets …).
_LATIN_NAMES = re.compile(r"[A-Z][A-Za-z.'\-]*(?:[ ,/]+[A-Z][A-Za-z.'\-]*)*\s*/\s*")
# The label before a head line's stamp: the time it was published, or the time it was last updated. A page
# that prints both on lines of their own is dated by its publication (发布时间), not its update (更新时间).
_PUBLISHED_LABEL = re.compile(r"(?:发布|發布|發佈|出版|发表|發表|刊出|刊登)(?:时间|時間|日期|于|於)")
_UPDATED_LABEL = re.compile(r"更新")
# A forum member's profile beside the post (註冊:2023-07-31, 最后登录：…): the member's dates, not the page's.
_MEMBER_FIELD = re.compile(r"\A\s*(?:注册|註冊|加入|最后登录|最後登錄|上次登录|上次登錄)(?:时间|時間|日期)?\s*[:：]")
# A stamp alone on a line, bulleted or not: an item of a list of other articles whose titles are gone.
_STAMP_ITEM = re.compile(r"(?:[-–•▪●◦‣∙*·]\s*)?" + _STAMP + r"\s*")
# A site's weather widget over the page (11月26日 17.9°C-20.4°C): its date is the visit's, not the article's.
_TEMPERATURE = re.compile(r"-?\d{1,2}(?:\.\d)?\s*(?:°\s*[CF]|℃|℉)")
_WEATHER_MAX = 40
# A menu's item among the lines over the article (• 首页, 1. 跳轉至内容): page chrome, not a line of the head.
_MENU_ITEM = re.compile(r"\A(?:[•▪●◦‣∙]\s*|\d{1,2}[.、]\s+)(?P<item>\S.*)\Z")
_HEAD_LINES = 4  # the date line sits among the first lines under the title
_CHROME_HEAD_LINES = 12  # or further down, under lines of page chrome before any prose
_CLAUSE_MARK = re.compile(r"[，。；！？、]")
_PROSE_HAN = 8
_KANA = re.compile(r"[\u3040-\u30ff]")
# A stamp that gives only the month or the year, glued before the text: date 2021-02 …, date 2021 …
_LABELLED = re.compile(_DATE_LABEL, re.I)
_PARTIAL_PREFIX = re.compile(
    _DATE_LABEL + r"(?P<y>(?:19|20)\d{2})(?:\s*[-/.]\s*(?P<mo>\d{1,2}))?(?![-/.\d])(?:\s+|$)", re.I
)
# A wire dateline opening the first paragraph gives the month and day (the year only sometimes, the day alone
# in Taiwan's 專電): 新华社北京9月18日电, 中新网北京12月7日电, 新华社北京2023年4月14日电, 新华社北京8月9日新媒体专电,
# （中央社記者蘇文彬新加坡7日電）.
_WIRE_DATELINE = re.compile(
    r"\A[（(【]?[^\s，。、：:（）()【】\d]{0,12}?(?:社|网|網|台|报|報)[^\s，。、：:（）()【】\d]{0,14}?"
    r"(?:(?:(?P<y>\d{4})\s*年\s*)?(?P<mo>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日\s*"
    r"(?:(?:[^\s，。、\d]{0,3}?(?:专|專))?[电電]|(?P<news>消息))"
)
# 据新华社9月18日消息 cites another outlet's report: only a 电 dateline may follow 据.
_CITED = re.compile(r"\A[（(【]?[据據]")
# A full date in numbers (2019-10-12, 2019/10/12) that may give a dateline its year like 2019年10月12日.
_NUMERIC_DAY = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})[-/.](?P<mo>[01]?\d)[-/.](?P<d>[0-3]?\d)(?![\d.])")
_WIRE_PARAGRAPHS = 2
# A stamp anywhere in a line: what a head line's label stands before (发布时间：2024-05-30), and the mark of a
# date line, which never is cut prose whatever it ends in (人民日报 2021年06月17日 星期四 第03版).
_A_STAMP = re.compile(_STAMP)
# A line cut in mid-sentence ends in a Han character or a comma (the wrap of an e-paper's column); the
# line it goes on in opens with a Han character.
_WRAPPED = re.compile(r"[\u3400-\u9fff，,、]\s*\Z")
_OPENS_HAN = re.compile(r"\s*[\u3400-\u9fff]")
_ANY_CLAUSE_MARK = re.compile(r"[，,、；;]")
_WRAPPED_MIN = 24
_LABEL_MARK = re.compile(r"[:：>|｜]")  # 发布时间：… 来源：新华网, 首页 > 时政: a line of labels, never cut prose
# An e-paper's edition line, which papers' sites print at the foot of the article: the paper, the day and the
# page (《 人民日报 》（ 2021年06月17日 03 版）). Only a whole line of that shape counts.
_EDITION_LINE = re.compile(
    r"《?\s*[^\s《》()（）]{2,12}\s*》?\s*[（(]\s*" + _STAMP + r"\s*(?:第\s*)?\d{1,3}\s*版\s*[）)]"
)
# Or a labelled stamp of the publication or update time, which some sites print under the article
# (更新時間：2017/09/13 13:14, 发布时间：2024-05-30 21:16): only a whole line of that shape counts.
_FOOT_STAMP_LINE = re.compile(r"(?:发布|發布|發佈|更新|出版)(?:时间|時間|日期)\s*[:：]?\s*" + _STAMP)
_FOOT_LINES = 3
# Dates in a URL's path: /2016-10-21/, /201809/t20180919_…, /2024/0527/, /2016/10/21/; else a month (/201809/).
_FULL_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*(?P<mo>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# A run of 12 or 14 digits is a date with a time or a serial after it (/202304060012.aspx).
_URL_DAY = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/_]?(?P<mo>[01]\d)[-/_]?(?P<d>[0-3]\d)(?:\d{4}|\d{6})?(?!\d)"
)
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d{2})[-/_]?(?P<mo>[01]\d)/")
# Breadcrumbs over the article: 首页 > 时政 > 正文, 首頁 > 政治 > 即時新聞.
_BREADCRUMB_SEP = re.compile(r"\s*[>＞›»]\s*")
_BREADCRUMB_ITEM_MAX = 12
_TAG_SEP = re.compile(r"\s*-\s*")
_TAG_LIST_MIN = 5  # keywords in a list of tags; a headline with a dash or two (中美-峰会) has fewer


def read_head(pairs: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], dt.datetime | None]:
    """Take breadcrumbs and the publication-date line out of the first lines under the headline.

    The date line sits among the first lines under the title, or further down below lines of page chrome (a
    language switch, a login link, an app banner) as long as no paragraph of prose came first. A stamp glued
    before the title (date 2025-08-22 …) is cut from it. A title that is nothing but a date line, with the
    page's date line further down, is the site's clock over the headline (2026年2月21日 星期六): it leaves too.

    Returns the remaining pairs and the date the first date line gave (None if none did).
    """
    out: list[tuple[str, str]] = []
    found: dt.datetime | None = None
    under_title = 0
    prose = False
    clock: int | None = None  # where a title that is only a date line stands in `out`
    title_date: dt.datetime | None = None  # and its date
    glued = False  # the date is a stamp glued to the title: a date line of the same day may add the time
    updated = False  # the date came from a line labelled as the update time (更新时间)
    bare = False  # the date came from a line with no label at all: a site's clock or today's date, maybe
    menu: list[int] = []  # where menu items read before any date stand in `out`
    chrome: list[int] = []  # and those of them a date line came under
    for kind, text in pairs:
        if kind in (HEADLINE, PARAGRAPH, BYLINE) and not prose and _is_tag_list(text):
            continue  # a page's keyword list over the article (A-B-C-D-E): chrome, even as its first line
        if kind == HEADLINE and under_title == 0 and not out:
            found, text = _cut_prefix(text)
            if found is None:
                found, text = _cut_title_stamp(text)
            glued = found is not None
            line_date = None if found is not None else date_line(text)[0]
            if line_date is not None and _LABELLED.match(text):
                found, text = line_date, ""  # a title line that is only `date 2025-08-22`: the page's date
            elif line_date is not None:
                clock, title_date = len(out), line_date
            if text:
                out.append((kind, text))
            continue
        if kind in (PARAGRAPH, BYLINE) and not prose and _is_menu_item(text):
            # a menu over the article's date line: its items are no lines of the head (they push no date line out
            # of its window), nor of the body once a date line under them shows they were page chrome; a list
            # opening the article with no date line under it (• 王毅会见布林肯) is the article's own
            if found is None:
                menu.append(len(out))
            out.append((kind, text))
            continue
        in_head = kind in (PARAGRAPH, BYLINE) and (
            under_title < _HEAD_LINES or (not prose and under_title < _CHROME_HEAD_LINES)
        )
        under_title += kind != HEADLINE
        if not in_head:
            out.append((kind, text))
            continue
        if _is_breadcrumb(text) or _is_clock(text) or _is_weather(text) or _MEMBER_FIELD.match(text):
            continue
        if found is None or glued:
            moment, rest = date_line(text)
            if found is None or (moment is not None and moment.date() == found.date()):
                if found is None and moment is not None:
                    chrome.extend(menu)  # the menu items over the date line were page chrome
                found, glued = moment or found, False  # the line under the title also gives the time
                line_label = _stamp_label(text) if moment is not None else None
                updated = line_label == "updated"
                bare = moment is not None and line_label is None
                if moment is not None or rest != text:
                    if rest:
                        out.append((kind, rest))
                    continue
        elif (label := _stamp_label(text)) is not None:
            moment, rest = date_line(text)
            if moment is not None and not rest:
                # a second labelled stamp of the head (更新时间 under 发布时间, or a repeat): it leaves the body. The
                # publication time wins over an update time read first, and any labelled time over an unlabelled
                # stamp read first, which may be a site's clock or a sidebar item's (a portal's 2025年01月10日 星期五
                # over the article's 发布时间:2015-11-03; a sidebar's 2023-01-31 over 更新时间:2022-11-04)
                if (updated and label == "published") or bare:
                    found, updated, bare = moment, label == "updated", False
                continue
        prose = prose or _is_prose(text)
        out.append((kind, text))
    if clock is not None and found is None and not _WEEKDAY.search(out[clock][1]):
        found = title_date  # a bare stamp as the first line (2023/08/12): a clock would name the weekday too
    drop = set(chrome)
    if clock is not None and found is not None:
        drop.add(clock)
    out = [pair for at, pair in enumerate(out) if at not in drop]
    if found is None:
        found = _foot_edition(out)
    return out, found


def _cut_title_stamp(title: str) -> tuple[dt.datetime | None, str]:
    """(date, the title before it) for a title that ends in its date after a separator; else (None, the title)."""
    for pattern in _TITLE_STAMPS:
        match = pattern.search(title)
        moment = _moment(match) if match else None
        if match is not None and moment is not None and title[: match.start()].strip():
            return moment, title[: match.start()].strip()
    return None, title


def _stamp_label(text: str) -> str | None:
    """"published" or "updated" for a line whose stamp is labelled as such (发布时间：…, 更新時間:08:40 …), else
    None. A line with both labels before its first stamp is the publication's (发布时间：… 更新时间：… reads the
    first)."""
    stamp = _A_STAMP.search(text)
    head = text[: stamp.start()] if stamp else ""
    if _PUBLISHED_LABEL.search(head):
        return "published"
    if _UPDATED_LABEL.search(head):
        return "updated"
    return None


def _is_weather(text: str) -> bool:
    """A site's weather widget (11月26日 17.9°C-20.4°C, 悉尼 晴 18℃): a short line with a temperature, no clause."""
    return len(text) <= _WEATHER_MAX and _TEMPERATURE.search(text) is not None and not _CLAUSE_MARK.search(text)


def _is_menu_item(text: str) -> bool:
    """An item of a menu (• 首页, 1. 跳轉至内容): a bullet or a number, then a few words that are no clause."""
    match = _MENU_ITEM.match(text.strip())
    return match is not None and len(match.group("item")) <= _BREADCRUMB_ITEM_MAX and not _CLAUSE_MARK.search(text)


def _drop_stamp_lists(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The body without the stamps of a list of other articles whose titles are gone (- 2025/01/05 18:46): a
    paragraph that is only a bulleted stamp, or one of two or more bare stamps in a row. A lone bare stamp stays."""
    stamps = [kind == PARAGRAPH and _STAMP_ITEM.fullmatch(text.strip()) is not None for kind, text in pairs]
    out = []
    for at, (kind, text) in enumerate(pairs):
        if stamps[at]:
            bulleted = not text.strip()[:1].isdigit()
            beside = (at > 0 and stamps[at - 1]) or (at + 1 < len(pairs) and stamps[at + 1])
            if bulleted or beside:
                continue
        out.append((kind, text))
    return out


def _is_clock(text: str) -> bool:
    """A site's clock line (中国时间 16:56 2024年11月24日 星期日): the time of day first, and the weekday."""
    return _CLOCK_LINE.match(text) is not None and _WEEKDAY.search(text) is not None


def _foot_edition(pairs: list[tuple[str, str]]) -> dt.datetime | None:
    """The day of an e-paper's edition line among the last lines, which then leaves the body."""
    for at in range(len(pairs) - 1, max(len(pairs) - 1 - _FOOT_LINES, 0), -1):
        kind, text = pairs[at]
        match = (_EDITION_LINE.fullmatch(text.strip()) or _FOOT_STAMP_LINE.fullmatch(text.strip())
                 if kind == PARAGRAPH else None)
        moment = _moment(match) if match else None
        if moment is not None:
            del pairs[at]
            return moment
    return None


def _is_prose(text: str) -> bool:
    """A paragraph of Chinese prose (a clause mark and some Han characters), not a line of page chrome.

    Japanese (kana) in a Chinese page is a language switch, not the article.
    """
    return bool(_CLAUSE_MARK.search(text)) and len(_CJK.findall(text)) >= _PROSE_HAN and not _KANA.search(text)


def _cut_prefix(line: str) -> tuple[dt.datetime | None, str]:
    """(date, the rest) for a stamp glued before the text (date 2025-08-22 …); (None, the rest) for one that
    gives only a month or a year (date 2021-02 …): no day to date the page by, but no part of the text either.
    """
    line = line.strip()
    for shape in DATE_LINE_SHAPES:
        if shape.prefix:
            match = shape.pattern.match(line)
            moment = _moment(match) if match else None
            if match is not None and moment is not None and line[match.end() :].strip():
                return moment, line if shape.keep else line[match.end() :].strip()
    month = _PARTIAL_PREFIX.match(line)
    if month is not None and 1 <= int(month.group("mo") or 1) <= 12 and line[month.end() :].strip():
        return None, line[month.end() :].strip()
    return None, line


def _take_head(raw: RawDocument, page: _Page, known: dt.datetime | None) -> None:
    """Take the date line (and breadcrumbs) out of the body, and note its date.

    Plain text always loses them; a page whose markup gave a date only when its date line agrees with it
    (within a day, for the clock), since a visible line with another date may be body text.
    """
    pairs, line_date = read_head(page.pairs)
    agrees = line_date is not None and known is not None and abs((line_date.date() - known.date()).days) <= 1
    if raw.body_is_html and known is not None and not agrees:
        return
    if page.pairs and page.pairs[0][0] == HEADLINE and page.pairs[0] not in pairs[:1]:
        page.title = pairs[0][1] if pairs and pairs[0][0] == HEADLINE else None  # a stamp or clock cut from it
    page.pairs, page.line_date = pairs, line_date


def date_line(text: str) -> tuple[dt.datetime | None, str]:
    """(date, what stays in the body) if `text` is a date line of one of DATE_LINE_SHAPES, else (None, text).

    A stamp of a month or a year alone glued before the text (date 2021-02 …) gives (None, the text after it).
    """
    line = text.strip()
    for shape in DATE_LINE_SHAPES:
        if shape.prefix:
            continue
        matches = list(shape.pattern.finditer(line))
        moment = _moment(matches[0]) if matches else None
        if moment is not None and (shape.whole or _only_labels(line, shape.pattern.sub("", line).strip())):
            return moment, ""
    moment, rest = _cut_prefix(line)
    return (moment, rest) if moment is not None or rest != line else (None, text)


def _only_labels(line: str, label: str) -> bool:
    """Whether what a line holds besides its stamps is labels (来源：新华社 | 作者：张三), not prose.

    A short remainder may hold a comma (星期四, 20 3 月, 2025); a longer one is a list of labels only without one.
    """
    if _SENTENCE_END.search(_LOST_SEPARATOR.sub(" ", line)):
        return False
    if len(label) <= _DATE_LINE_LABEL_MAX * 2:
        label = _LATIN_NAMES.sub("", label)  # a byline's Latin names, commas and all (A B, C D/王凡2016年8月9日)
    if len(label) <= _DATE_LINE_LABEL_SHORT:
        return True
    return len(label) <= _DATE_LINE_LABEL_MAX and not _CLAUSE_BREAK.search(label)


def _moment(match: re.Match[str]) -> dt.datetime | None:
    groups = match.groupdict()
    try:
        return dt.datetime(
            int(groups["y"]), int(groups["mo"]), int(groups["d"]), int(groups.get("h") or 0), int(groups.get("mi") or 0)
        )
    except ValueError:
        return None  # 2023年2月30日 is no date: the line stays in the body


def _is_tag_list(text: str) -> bool:
    """人人草-欧美一区-亚洲日本成人-…: five or more short keywords joined by hyphens, no clause in them."""
    if _A_STAMP.search(text) or _LABEL_MARK.search(text):
        return False  # 发布时间：2024-03-09 | 来源：新华社 …: a date line's labels, not keywords
    items = _TAG_SEP.split(text.strip())
    return len(items) >= _TAG_LIST_MIN and all(0 < len(item) <= _BREADCRUMB_ITEM_MAX for item in items) \
        and not any(_CLAUSE_BREAK.search(item) or _SENTENCE_END.search(item) for item in items)


def _is_breadcrumb(text: str) -> bool:
    items = _BREADCRUMB_SEP.split(text.strip())
    return len(items) >= 3 and all(0 < len(item) <= _BREADCRUMB_ITEM_MAX for item in items) and not any(
        _SENTENCE_END.search(item) for item in items
    )


def _publication(
    raw: RawDocument, page: _Page, envelope: dt.datetime | None, override: dt.datetime | None
) -> tuple[dt.datetime | None, str | None]:
    """The publication date and where it came from, the most direct source first. Never today's date."""
    if override is not None:
        return (_on_cst(override) if override.tzinfo is not None else override), "option"
    if envelope is not None:
        return envelope, "meta"
    if page.published is not None:
        return page.published, page.published_source
    if page.line_date is not None:
        return page.line_date, "date_line"
    wire = _wire_dateline(page.pairs)
    if wire is not None and wire.group("y"):
        return _dateline_day(int(wire.group("y")), wire, 1), "date_line"
    day, month = url_date(raw.url or page.url)
    if day is not None:
        return day, "url"
    if wire is not None and month is not None:
        # The URL gives the year and month; the dateline the day (and month). A dateline that disagrees on the
        # month is not trusted with the URL's year.
        year, url_month = month
        if wire.group("mo") is None or int(wire.group("mo")) == url_month:
            return _dateline_day(year, wire, url_month), "dateline_year_inferred"
    if wire is not None and wire.group("mo") is not None:
        same_day_year = _year_of_same_day(page.pairs, int(wire.group("mo")), int(wire.group("d")))
        if same_day_year is not None:
            return _dateline_day(same_day_year, wire, 1), "dateline_year_inferred"
    return None, None


def _year_of_same_day(pairs: list[tuple[str, str]], month: int, day: int) -> int | None:
    """The year of a full date in the text on the dateline's month and day (9月18日电 … 2023年9月18日), if one."""
    years = {
        int(m.group("y"))
        for _, text in pairs
        for pattern in (_FULL_DATE, _NUMERIC_DAY)
        for m in pattern.finditer(text)
        if (int(m.group("mo")), int(m.group("d"))) == (month, day)
    }
    return years.pop() if len(years) == 1 else None


def _wire_dateline(pairs: list[tuple[str, str]]) -> re.Match[str] | None:
    # a plain text's first line is its title, but an excerpt may open with the dateline's paragraph
    paragraphs = [text for kind, text in pairs if kind == PARAGRAPH or (kind == HEADLINE and _is_prose(text))]
    paragraphs = paragraphs[:_WIRE_PARAGRAPHS]
    for text in paragraphs:
        match = _WIRE_DATELINE.match(text)
        if match and match.group("news") and _CITED.match(text):
            continue
        if match and _dateline_day(int(match.group("y") or 2000), match, 1) is not None:
            return match
    return None


def dateline_month_day(doc: Document) -> tuple[int, int] | None:
    """(month, day) of a wire dateline opening one of the first paragraphs (新华社北京9月18日电), if it names both."""
    found = dateline_day(doc)
    return (found[0], found[1]) if found is not None and found[0] is not None else None


def dateline_day(doc: Document) -> tuple[int | None, int] | None:
    """(month, day) of a wire dateline opening one of the first paragraphs; the month None for a day alone
    (（法新社華盛頓21日電）)."""
    match = _wire_dateline([(b.kind, doc.text[b.start : b.end]) for b in doc.blocks])
    if match is None:
        return None
    return (int(match.group("mo")) if match.group("mo") else None), int(match.group("d"))


def _dateline_day(year: int, match: re.Match[str], month: int) -> dt.datetime | None:
    """The dateline's day in `year`, in its own month or else in `month`."""
    try:
        return dt.datetime(year, int(match.group("mo") or month), int(match.group("d")))
    except ValueError:
        return None


def url_date(url: str | None) -> tuple[dt.datetime | None, tuple[int, int] | None]:
    """(the day in the URL's path, else None; its year and month, else None), e.g. /201809/t20180919_5412376."""
    if not url:
        return None, None
    path = urllib.parse.urlsplit(url).path
    for match in _URL_DAY.finditer(path):
        moment = _moment(match)
        if moment is not None:
            return moment, (moment.year, moment.month)
    month = _URL_MONTH.search(path)
    if month and 1 <= int(month.group("mo")) <= 12:
        return None, (int(month.group("y")), int(month.group("mo")))
    return None, None


# --- text assembly ----------------------------------------------------------------------------------------------


@dataclass
class _Page:
    title: str | None
    pairs: list[tuple[str, str]]  # (kind, text) in reading order, headline first
    published: dt.datetime | None = None
    published_source: str | None = None  # meta | time_tag, for a date from the markup
    line_date: dt.datetime | None = None  # from a date line near the top (read_head)
    url: str | None = None  # og:url or the canonical link
    alt_texts: list[str] = field(default_factory=list)


def _collapse(text: str) -> str:
    """Collapse whitespace runs to one space, but drop a line break between two CJK characters.

    A source line break inside Chinese text is layout, not a word gap (browsers join such lines without a space).
    """
    text = _ZERO_WIDTH.sub("", text)
    if "(" in text:
        text = _PINYIN_GLOSS.sub("", text)
    if not _ODD_SPACE.search(text):
        return text.strip()  # whitespace only as single spaces (most lines): each stays as it is

    def one(match: re.Match[str]) -> str:
        run, start, end = match.group(), match.start(), match.end()
        broken = "\n" in run or "\r" in run
        if broken and start > 0 and end < len(text) and _WIDE.match(text[start - 1]) and _WIDE.match(text[end]):
            return ""
        return " "

    return _SPACE.sub(one, text).strip()


def _usable(text: str) -> bool:
    """False for boilerplate lines: credits, player fallbacks, share/subscribe/copyright/editor lines."""
    if _CREDIT.match(text) or _BOILERPLATE.match(text):
        return False
    return not (len(text) <= _CAPTION_MAX and _FALLBACK.search(text))  # the length first: the search is dear


def _assemble(pairs: Iterable[tuple[str, str]]) -> tuple[str, tuple[Block, ...]]:
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for kind, raw_text in pairs:
        text = _collapse(raw_text)
        if not text or (parts and text == parts[-1]):
            continue
        if parts:
            pos += 1  # the "\n" between blocks
        blocks.append(Block(kind, pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    return "\n".join(parts), tuple(blocks)


def _check_article(source: str, text: str, blocks: tuple[Block, ...]) -> None:
    body = [text[b.start : b.end] for b in blocks if b.kind != BYLINE]
    if not body:
        raise InputError(source, "no article text found")
    if not any(_CJK.search(part) for part in body):
        raise InputError(source, "no Chinese text found")


def _unwrap(lines: list[str], titled: bool) -> list[str]:
    """Hard-wrapped paragraphs joined again: a line of prose cut in mid-sentence (see _is_cut) goes on in the
    next line when that one opens with a Han character. The first line (the headline, unless `titled`: the
    title came apart from the body) and a finished sentence end their line."""
    paragraphs: list[list[str]] = []  # the pieces of each paragraph, joined once at the end: linear in the text
    for line in lines:
        if len(paragraphs) > (0 if titled else 1) and _is_cut(paragraphs[-1][-1]) and _OPENS_HAN.match(line):
            paragraphs[-1][-1] = paragraphs[-1][-1].rstrip()
            paragraphs[-1].append(line.strip())
        else:
            paragraphs.append([line])
    return ["".join(pieces) for pieces in paragraphs]


def _is_cut(line: str) -> bool:
    """A line of prose cut in mid-sentence: it ends in a Han character or a comma, and holds a clause mark or
    is long with no label's colon (a short line ending in a word is a label or a heading: 观察, 中央社)."""
    line = line.strip()
    if not _WRAPPED.search(line) or _A_STAMP.search(line):
        return False  # a date line (a byline's stamp, 人民日报 2021年06月17日 星期四 第03版) ends its line
    return bool(_ANY_CLAUSE_MARK.search(line)) or (len(line) >= _WRAPPED_MIN and not _LABEL_MARK.search(line))


def _text_pairs(raw: RawDocument) -> list[tuple[str, str]]:
    # One paragraph per non-empty line: Chinese news text puts each paragraph on its own line, often with no blank
    # line between them, and rarely hard-wraps inside a paragraph.
    pairs = [(HEADLINE, raw.title)] if raw.title else []
    for line in _unwrap(raw.body.split("\n"), titled=bool(raw.title)):
        text = _collapse(line)
        if text and _usable(text):
            pairs.append((PARAGRAPH, text))
    return pairs


# --- HTML -----------------------------------------------------------------------------------------------------------


def nesting_depth(html: str) -> int:
    """How deep the elements nest, from the tags alone: one linear pass, before the costly parse."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _FLAT_TAGS:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


# --- HTML -----------------------------------------------------------------------------------------------------------
# Elements whose content is never article text.
_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "svg", "template", "object", "embed", "video", "audio", "canvas",
    "button", "select", "textarea", "input", "form", "nav", "aside", "footer", "menu", "dialog",
)  # fmt: skip
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_AD_TOKEN = re.compile(r"(?:ad|ads|advert|advertisement|adsbygoogle|guanggao|ad[-_].*|ads[-_].*|.*[-_]ads?)", re.I)
_AD_LABEL = re.compile(r"广告|廣告|advert|sponsor", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MEDIA_TAGS = ("img", "picture", "video", "audio", "iframe", "embed", "object")
_MEDIA_HOOKS = {"image-placeholder", "media-player"}  # BBC's data-e2e markers for an image or a player
_MARK = "data-dipx-media"  # set on media elements and their ancestors before media elements are removed
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img", "ins",
     "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
     "var", "wbr"}
)  # fmt: skip
_SUBHEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)

_BYLINE_ITEM_MAX = 40
_BYLINE_MAX = 80
# Boxes beside the article: related links, sidebars, video blocks (by class or id token, or by their heading).
_BOX_TOKEN = re.compile(
    r"(?:related|sidebar|side-?bar|recommend|video|player|more-?news|hot-?news)(?:[-_].*)?"
    r"|.*[-_](?:related|sidebar|recommend|video|player)",
    re.I,
)
_BOX_LABEL = re.compile(
    r"[【\[]?(?:(?:相关|相關|延伸|推荐|推薦|更多|热门|熱門)(?:阅读|閱讀|新闻|新聞|报道|報導|報道|文章|内容|內容|链接|鏈接|视频|視頻)"
    r"|视频|視頻|影片)[】\]]?\s*[:：]?"
)
_BOX_PROSE_MAX = 150
_SITE_SUFFIX = re.compile(r"(?:\s+[-–—|｜]\s+|\s*[_|｜]\s*)(?:(?!\s[-–—]\s)[^_|｜]){1,30}$")
_BYLINE_HINT = re.compile(r"byline|author", re.I)


def _from_html(raw: RawDocument) -> _Page:
    if nesting_depth(raw.body) > MAX_NESTING:
        raise InputError(raw.source, f"HTML is nested too deeply to read (more than {MAX_NESTING} levels)")
    soup = BeautifulSoup(raw.body, "lxml")
    root = _pick_root(soup)
    title = _collapse(raw.title or "") or _html_title(soup, root)
    published, published_source = _first_date(_published_candidates(soup))
    _strip_chrome(root)
    alt_texts = _alt_texts(root)
    _mark_media(root)
    _strip_non_text(root)
    walker = _Walker(root=root, headline=title)
    if title:
        walker.pairs.append((HEADLINE, title))
    try:
        walker.walk(root)
    except RecursionError:
        raise InputError(raw.source, "HTML is nested too deeply to read") from None
    return _Page(
        title=title,
        pairs=walker.pairs,
        published=published,
        published_source=published_source,
        url=_page_url(soup),
        alt_texts=alt_texts,
    )


def _pick_root(soup: BeautifulSoup) -> Tag:
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda tag: len(tag.get_text()))
    for attrs in ({"name": "main"}, {"attrs": {"role": "main"}}, {"attrs": {"itemprop": "articleBody"}}):
        found = soup.find(**attrs)
        if isinstance(found, Tag):
            return found
    return soup.body or soup


def _html_title(soup: BeautifulSoup, root: Tag) -> str | None:
    """h1 of the article, else og:title, else <title> without its site suffix, else any h1."""
    h1 = _text_of(root.find("h1"))
    if h1 and root.name not in ("body", "[document]"):
        return h1
    og = soup.find("meta", attrs={"property": "og:title"})
    if _collapse(_attr(og, "content")):
        return _collapse(_attr(og, "content"))
    title = _text_of(soup.find("title"))
    if h1 and title.startswith(h1):  # outside an <article> an h1 may be the site logo; this one is the title
        return h1
    if title:
        match = _SITE_SUFFIX.search(title)
        return title[: match.start()].strip() if match and match.start() > 0 else title
    return h1 or None


def _text_of(tag: Tag | None) -> str:
    return _collapse(tag.get_text()) if tag is not None else ""


def _published_candidates(soup: BeautifulSoup) -> Iterator[tuple[str, str]]:
    """(source, stamp) pairs, best first: meta for <meta> and JSON-LD, time_tag for <time datetime>."""
    metas = soup.find_all("meta")
    for value in _meta_values(metas, {"article:published_time"}):
        yield "meta", value
    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        try:
            data = json.loads(script.get_text())
        except ValueError:
            continue
        for value in _find_key(data, "datePublished"):
            yield "meta", value
    for time in soup.find_all("time"):
        stamp = _attr(time, "datetime") or _attr(time, "dateTime")
        if stamp:
            yield "time_tag", stamp
    for value in _meta_values(metas, {"pubdate", "publishdate", "date", "datepublished"}):
        yield "meta", value


def _attr(node: object, name: str) -> str:
    """An attribute as text: bs4 gives a list for multi-valued ones (class, rel), and None when absent."""
    if not isinstance(node, Tag):
        return ""
    value = node.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def _page_url(soup: BeautifulSoup) -> str | None:
    og = soup.find("meta", attrs={"property": "og:url"})
    if _attr(og, "content").strip():
        return _attr(og, "content").strip()
    for link in soup.find_all("link", href=True):
        if "canonical" in _attr(link, "rel").split():
            return _attr(link, "href").strip() or None
    return None


def _meta_values(metas: list[Tag], keys: set[str]) -> Iterator[str]:
    for meta in metas:
        names = (meta.get(attr) for attr in ("property", "name", "itemprop"))
        if any(isinstance(name, str) and name.lower() in keys for name in names) and _attr(meta, "content"):
            yield _attr(meta, "content")


def _find_key(node: object, key: str) -> Iterator[str]:
    """Every `key` value in nested JSON-LD (dicts, lists, @graph), depth first."""
    if isinstance(node, dict):
        value = node.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            yield str(value)
        for child in node.values():
            yield from _find_key(child, key)
    elif isinstance(node, list):
        for child in node:
            yield from _find_key(child, key)


def _first_date(candidates: Iterable[tuple[str, str]]) -> tuple[dt.datetime | None, str | None]:
    for source, candidate in candidates:
        parsed = parse_published(candidate)
        if parsed is not None:
            return parsed, source
    return None, None


def _strip_chrome(root: Tag) -> None:
    """Remove navigation, ads, hidden elements, site headers and related-article link lists."""
    for tag in root.find_all(True):
        if not tag.decomposed and _is_chrome(tag):
            tag.decompose()


def _is_chrome(tag: Tag) -> bool:
    if tag.name in ("nav", "aside", "footer", "menu"):
        return True
    if tag.name == "header" and tag.find_parent("article") is None:
        return True  # a site header; an article's own header holds its title and byline
    if tag.get("role") in _CHROME_ROLES or tag.has_attr("hidden") or _HIDDEN_STYLE.search(_attr(tag, "style")):
        return True
    return _is_ad(tag) or (tag.name in ("ul", "ol") and _is_link_list(tag)) or _is_side_box(tag)


def _is_side_box(tag: Tag) -> bool:
    """A sidebar, a video block or a related-links box: by its class or id, or by the label heading it.

    Its dates and names belong to other articles. A figure keeps its caption (that is body), and a container
    holding a paragraph of prose is the article itself, whatever its class says (<div class="video-article">).
    """
    if tag.name not in ("div", "section", "ul", "ol", "dl") or tag.find("figcaption") is not None:
        return False
    if any(len(_text_of(p)) > _BOX_PROSE_MAX for p in tag.find_all("p")):
        return False
    tokens = [*(tag.get("class") or []), tag.get("id") or ""]
    if any(_BOX_TOKEN.fullmatch(token) for token in tokens if token):
        return True
    heading = tag.find(("h2", "h3", "h4", "h5", "strong"))
    first = next((child for child in tag.children if isinstance(child, Tag)), None)
    return heading is not None and heading is first and _BOX_LABEL.fullmatch(_text_of(heading)) is not None


def _is_ad(tag: Tag) -> bool:
    if tag.get("data-e2e") == "advertisement":
        return True
    if tag.get("role") == "region" and _AD_LABEL.search(_attr(tag, "aria-label")):
        return True
    tokens = [*(tag.get("class") or []), tag.get("id") or ""]
    return any(_AD_TOKEN.fullmatch(token) for token in tokens if token)


def _is_link_list(tag: Tag) -> bool:
    """A list whose every item is nothing but links: related articles or navigation."""
    items = [li for li in tag.find_all("li", recursive=False) if _collapse(li.get_text())]
    if not items:
        return False
    return all(_collapse(li.get_text()) == _collapse("".join(a.get_text() for a in li.find_all("a"))) for li in items)


def _alt_texts(root: Tag) -> list[str]:
    seen: list[str] = []
    for img in root.find_all("img"):  # lxml parses <noscript> content as elements, so those images count too
        alt = _collapse(_attr(img, "alt"))
        if alt and alt not in seen:
            seen.append(alt)
    return seen


def _mark_media(root: Tag) -> None:
    """Mark media and their ancestors, so captions can still be found after players and <noscript> are removed."""
    for tag in root.find_all(True):
        if tag.name in _MEDIA_TAGS or tag.get("data-e2e") in _MEDIA_HOOKS:
            for node in (tag, *tag.parents):
                if node is root or not isinstance(node, Tag) or node.has_attr(_MARK):
                    break
                node[_MARK] = ""


def _strip_non_text(root: Tag) -> None:
    for tag in root.find_all(_DROP_TAGS):
        if not tag.decomposed:
            tag.decompose()
    # Innermost first, so a wrapper holding an image credit and its caption keeps the caption.
    for tag in reversed(root.find_all(("p", "figcaption", "div"))):
        if _is_credit(tag):
            tag.decompose()
    for br in root.find_all("br"):
        if br.parent is not None and br.parent.name in _INLINE:
            br.replace_with("\n")  # a break inside inline markup separates words, not paragraphs


def _is_credit(tag: Tag) -> bool:
    text = _collapse(tag.get_text())
    return bool(text) and len(text) <= _CREDIT_MAX and _CREDIT.match(text) is not None


# --- HTML walking -------------------------------------------------------------------------------------------------


@dataclass
class _Walker:
    """Walks the article root in document order, turning runs of inline content into blocks."""

    root: Tag
    headline: str | None
    pairs: list[tuple[str, str]] = field(default_factory=list)
    body_started: bool = False

    def walk(self, tag: Tag) -> None:
        if tag.name == "h1":
            self._heading(tag)
        elif not self.body_started and self._byline(tag):
            return
        else:
            self._children(tag)

    def _heading(self, tag: Tag) -> None:
        text = _text_of(tag)
        if text and not (self.headline and (text in self.headline or self.headline in text)):
            self.emit(SUBHEADING, text)  # an h1 other than the title (the title is the headline block already)

    def _byline(self, tag: Tag) -> bool:
        """Emit the author/dateline list or element near the top as one byline block."""
        if tag.name in ("ul", "ol"):
            items = [_text_of(li) for li in tag.find_all("li")]
            items = [item for item in items if item]
            if not (0 < len(items) <= 4 and all(len(item) <= _BYLINE_ITEM_MAX for item in items)):
                return False
            text = " ".join(items)
        elif any(_BYLINE_HINT.search(value) for value in _hints(tag)):
            text = _text_of(tag)
        else:
            return False
        if len(text) > _BYLINE_MAX or not text:
            return False
        self.pairs.append((BYLINE, text))
        return True

    def _children(self, tag: Tag) -> None:
        run: list[NavigableString | Tag] = []
        for child in list(tag.children):
            if isinstance(child, _SKIP_STRINGS):
                continue
            if isinstance(child, NavigableString) or (isinstance(child, Tag) and child.name in _INLINE
                                                      and not _has_block(child)):
                run.append(child)
                continue
            self._flush(tag, run)
            run = []
            if isinstance(child, Tag) and child.name != "br":
                self.walk(child)
        self._flush(tag, run)

    def _flush(self, owner: Tag, run: list[NavigableString | Tag]) -> None:
        nodes = [node for node in run if isinstance(node, Tag) or node.strip()]
        if not nodes or all(isinstance(node, Tag) and node.name == "time" for node in nodes):
            return  # a bare <time> is the page's date stamp, already read as metadata
        text = _collapse("".join(_node_text(node) for node in nodes))
        if not text or _only_links(nodes, text):
            return
        kind = SUBHEADING if owner.name in _SUBHEADINGS else PARAGRAPH
        if owner.name == "figcaption" or (kind == PARAGRAPH and self._is_caption(owner, nodes[0], text)):
            kind = CAPTION
        self.emit(kind, text)

    def emit(self, kind: str, text: str) -> None:
        text = _collapse(text)
        if text and _usable(text):
            self.pairs.append((kind, text))
            self.body_started = True

    def _is_caption(self, owner: Tag, first: NavigableString | Tag, text: str) -> bool:
        if len(text) > _CAPTION_MAX:
            return False
        if owner.find_parent("figure") is not None or owner.name == "figure":
            return True
        anchor = first if _previous(first) is not None else owner
        return self._follows_media(anchor, text)

    def _follows_media(self, anchor: NavigableString | Tag, text: str) -> bool:
        """True if the nearest content before `anchor` is media alone and the text is that media's caption.

        Right after the media (as a sibling) any short text counts; one or two levels up (BBC wraps image and
        caption in divs) the shared wrapper must hold no other text, or it would take the next paragraph.
        """
        node: NavigableString | Tag | None = anchor
        for level in range(3):
            if node is None or node is self.root:
                return False
            before = _previous(node)
            if before is not None:
                if not (isinstance(before, Tag) and _has_media(before) and not _has_text(before)):
                    return False
                return level == 0 or _text_is(node.parent, text)
            node = node.parent
        return False


def _hints(tag: Tag) -> list[str]:
    classes = _attr(tag, "class").split()
    return [*classes, *(_attr(tag, attr) for attr in ("id", "itemprop", "rel") if isinstance(tag.get(attr), str))]


def _has_block(tag: Tag) -> bool:
    return any(child.name not in _INLINE and child.name != "br" for child in tag.find_all(True))


def _node_text(node: NavigableString | Tag) -> str:
    return node.get_text() if isinstance(node, Tag) else str(node)


def _only_links(nodes: list[NavigableString | Tag], text: str) -> bool:
    """A run made only of link text is navigation or a pointer to another article."""
    links = []
    for node in nodes:
        if isinstance(node, Tag):
            links.extend([node] if node.name == "a" else node.find_all("a"))
    return bool(links) and _collapse("".join(link.get_text() for link in links)) == text


def _previous(node: NavigableString | Tag) -> NavigableString | Tag | None:
    """The nearest earlier sibling with text or media, skipping whitespace, comments and empty spacers."""
    for sibling in node.previous_siblings:
        if isinstance(sibling, _SKIP_STRINGS):
            continue
        if isinstance(sibling, NavigableString):
            if sibling.strip():
                return sibling
        elif isinstance(sibling, Tag) and (_has_media(sibling) or _has_text(sibling)):
            return sibling
    return None


# The two tests below answer as `_text_of` would, reading only as much text as the answer needs:
# a page is walked in short runs, and reading a whole wrapper's text for each made cleaning
# quadratic in page size.
def _has_text(tag: Tag) -> bool:
    """bool(_text_of(tag)), stopping at the first visible character."""
    return any(_ZERO_WIDTH.sub("", piece).strip() for piece in tag.strings)


def _text_is(tag: Tag | None, text: str) -> bool:
    """_text_of(tag) == text for a short `text`: a tag holding more visible characters is not read to its end."""
    if tag is None:
        return text == ""
    budget = _visible_len(text)
    pieces = []
    for piece in tag.strings:
        budget -= _visible_len(piece)
        if budget < 0:
            return False
        pieces.append(piece)
    return _collapse("".join(pieces)) == text


def _visible_len(text: str) -> int:
    """Characters that _collapse keeps whatever surrounds them (it only drops or merges whitespace)."""
    return sum(len(part) for part in _ZERO_WIDTH.sub("", text).split())


def _has_media(node: NavigableString | Tag) -> bool:
    return isinstance(node, Tag) and (node.name in _MEDIA_TAGS or node.has_attr(_MARK))
