"""Plain text from an HTML page: scripts, styles and navigation dropped, blocks on their lines.

Elements that a page's own markup names as furniture (a class or id such as "related-posts",
"share-bar", "breadcrumb", "newsletter": cues in ``patterns/furniture.yaml``) are dropped too;
a figure's caption is kept (it is article text).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from . import patterns

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "svg",
         "button", "select", "iframe", "template"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
          "section", "article", "blockquote", "pre", "dd", "dt", "figcaption", "figure", "time",
          "address", "hr", "main", "td", "th"}
_CONTAINERS = {"html", "body", "main", "article"}  # never dropped for their class
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_DATE_META = ("article:published_time", "datepublished", "date", "dc.date", "dcterms.issued",
              "pubdate", "publish-date", "og:published_time", "sailthru.date", "article:published",
              "og:article:published_time", "parsely-pub-date", "dc.date.issued", "dcterms.created",
              "citation_publication_date", "publication_date", "publishdate", "release_date")
# schema.org metadata in a script ({"@type": "NewsArticle", "datePublished": "2031-03-03T09:00Z"})
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.marked: list[str] = []  # the text also inside elements that only a class marks
        self.skip = 0
        self.marked_skip = 0  # open elements dropped for their class, id or role
        self.title = ""
        self.h1 = ""
        self._in_title = False
        self._in_h1 = False
        self._h1_done = False
        self.published: str | None = None
        self.open: list[tuple[str, bool]] = []  # open elements, and whether each is furniture
        self._in_ld = False  # inside <script type="application/ld+json">

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        in_article = any(t in ("article", "main") for t, _ in self.open)
        kept_header = tag == "header" and in_article  # the article's header: headline, byline
        if kept_header or (tag not in _VOID and tag not in _SKIP and tag not in ("title", "h1")):
            dropped = tag not in _CONTAINERS and _furniture_element(a)
            self.open.append((tag, dropped))
            self.marked_skip += dropped
        if tag == "script":
            self._in_ld = a.get("type", "").lower() == "application/ld+json"
        if tag in _SKIP:
            self.skip += 0 if kept_header else 1
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self._in_h1 = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _DATE_META and a.get("content") and not self.published:
                self.published = a["content"]
        elif tag == "time" and a.get("datetime") and not self.published \
                and not (self.skip or self.marked_skip):  # not a related story's date
            self.published = a["datetime"]
        if tag in _BLOCK:
            self._add("\n")

    def handle_endtag(self, tag):
        closed = False
        if any(t == tag for t, _ in self.open):  # close it and whatever was left open inside
            while self.open:
                t, dropped = self.open.pop()
                self.marked_skip -= dropped
                if t == tag:
                    closed = True
                    break
        if tag in _SKIP and not closed:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self._in_title = False
        if tag == "script":
            self._in_ld = False
        elif tag == "h1":
            self._in_h1 = False
            self._h1_done = self._h1_done or bool(self.h1.strip())
        if tag in _BLOCK:
            self._add("\n")

    def _add(self, text: str) -> None:
        self.marked.append(text)
        if not self.marked_skip:
            self.parts.append(text)

    def handle_data(self, data):
        if self._in_ld and not self.published and (m := _LD_DATE.search(data)):
            self.published = m[1]
        if self._in_title:
            self.title += data
            return
        if self.skip:
            return
        if self._in_h1 and not self._h1_done and not self.marked_skip:  # the first headline
            self.h1 += data
        self._add(data)


@lru_cache(maxsize=1)
def _class_cues() -> re.Pattern:
    words = patterns.load("furniture")["html_classes"]
    return re.compile(r"(?:^|[\s_-])(?:" + "|".join(map(re.escape, words)) + r")(?:$|[\s_-])", re.I)


def _furniture_element(attrs: dict) -> bool:
    """An element whose class, id or role names it furniture ("related-posts", "share-bar")."""
    if attrs.get("role", "").lower() in ("navigation", "banner", "contentinfo", "complementary"):
        return True
    names = f"{attrs.get('class', '')} {attrs.get('id', '')}".strip()
    return bool(names) and bool(_class_cues().search(names))


def html_to_text(html: str) -> tuple[str, str, str | None]:
    """(text, title, published-as-written) of an HTML page."""
    ex = _Extractor()
    ex.feed(html)
    ex.close()
    kept, marked = "".join(ex.parts), "".join(ex.marked)
    if len(kept.split()) < 0.5 * len(marked.split()):
        kept = marked  # a class on a wrapper ("has-sidebar") would drop the article itself
    lines = [" ".join(line.split()) for line in kept.split("\n")]
    text, blank = [], False
    for line in lines:
        if line:
            text.append(line)
            blank = False
        elif not blank and text:
            text.append("")
            blank = True
    title = " ".join((ex.h1 or ex.title).split())
    return "\n".join(text).strip() + "\n", title, ex.published


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)
