"""Reading an HTML page into blocks: the only module that parses HTML (bs4 with the lxml parser).

Page chrome (navigation, ads, related-article boxes, media-player fallbacks, image credits) is kept out, and
image alt text is kept apart. The package's clean() imports this module only for an HTML article, so a run
over plain text or JSON Lines never pays for bs4.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from dipx.errors import InputError
from dipx.model import BYLINE, CAPTION, HEADLINE, PARAGRAPH, SUBHEADING, RawDocument

from . import (
    _CAPTION_MAX,
    _CREDIT,
    _CREDIT_MAX,
    _ZERO_WIDTH,
    MAX_NESTING,
    _collapse,
    _Page,
    _usable,
    nesting_depth,
    parse_published,
)

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


def read_page(raw: RawDocument) -> _Page:
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
