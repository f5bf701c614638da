"""DuplicatePagePipeline: a page whose text another URL of the same site already gave is not
stored again.

Sites answer the same page under many URLs: `/` and `/index.html`, `/Stem-Cells/` and
`/stem-cells/`, a catch-all that serves the home page for any path ("soft 404"). Each copy
would count as a page of the clinic and carry its claims under a made-up URL. The first URL to
give a text keeps it (the crawl frontier remembers, shared by the workers of a distributed
crawl); later copies are counted in the coverage as `duplicate_content`. Which of two copies
fetched at once comes first can differ between runs. A copy stored before this check existed
stays while its server answers 304 Not Modified.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem

from crawler.frontier import MemoryFrontier
from crawler.items import PageItem, PageUnchangedItem
from pipelines.html_text import JS_SUSPECT_TEXT_CHARS

DUPLICATE_SKIP = "duplicate_content"


class DuplicatePagePipeline:
    def __init__(self, crawler=None) -> None:
        self.crawler = crawler
        self.own_frontier = MemoryFrontier({})  # when built without a crawl (tests, replays)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        frontier = self._frontier()
        if isinstance(item, PageUnchangedItem):  # 304: its text is the one stored last time
            content_hash = frontier.known_page(item.url).get("content_hash")
            if content_hash:
                frontier.first_url_with_text(item.clinic.site, content_hash, item.url)
            return item
        if not isinstance(item, PageItem) or item.extracted is None:
            return item
        if item.extracted.visible_chars() < JS_SUSPECT_TEXT_CHARS:  # JavaScript shells: findings
            return item
        first = frontier.first_url_with_text(item.clinic.site, item.content_hash, item.url)
        if first == item.url:
            return item
        frontier.count_skip(item.clinic.site, DUPLICATE_SKIP, first, item.url)
        raise DropItem(f"{item.url} repeats the text of {first}", log_level="DEBUG")

    def _frontier(self):
        spider = getattr(self.crawler, "spider", None)
        return getattr(spider, "frontier", None) or self.own_frontier
