"""An HTML page parsed into what the tests check: tags, ids, links, the overview counts, and
each source's text as shown (finding markers left out)."""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """The parts of an HTML page the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.counts: dict[str, dict[str, int]] = {}
        self.shown: dict[str, dict[str, str]] = {}  # the cells' visible text
        self._cell: str | None = None
        self.totals: dict[str, str] = {}
        self._row: str | None = None
        self._total: str | None = None
        self.texts: dict[str, str] = {}
        self._text_of: str | None = None
        self._text_depth = 0
        self._in_mark = 0
        self._source: str | None = None
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if tag == "style":
            self._in_style = True
        if tag == "tr" and "data-source" in a:
            self._row = a["data-source"]
            self.counts[self._row] = {}
        if tag == "td" and self._row and "data-flag" in a:
            self.counts[self._row][a["data-flag"]] = int(a["data-count"])
            self._cell = a["data-flag"]
            self.shown.setdefault(self._row, {})[self._cell] = ""
        if tag == "td" and "data-total" in a:
            self._total = a["data-total"]
        if tag == "article" and "data-source" in a:
            self._source = a["data-source"]
        if self._text_of is not None:
            self._text_depth += 1
            if "mk" in a.get("class", "").split():
                self._in_mark += 1
        elif tag == "div" and a.get("class") == "text":
            self._text_of = self._source
            self._text_depth = 1
            self.texts[self._text_of or ""] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag == "tr":
            self._row = None
        if tag == "td":
            self._total = None
            self._cell = None
        if self._text_of is not None:
            self._text_depth -= 1
            if self._in_mark and tag == "a":
                self._in_mark -= 1
            if self._text_depth == 0:
                self._text_of = None

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        if self._total:
            self.totals[self._total] = data.strip()
        if self._row and self._cell:
            self.shown[self._row][self._cell] += data
        if self._text_of is not None and not self._in_mark:
            self.texts[self._text_of] += data


def page_of(content: str) -> Page:
    """``content`` parsed."""
    page = Page()
    page.feed(content)
    page.close()
    return page
