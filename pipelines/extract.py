"""ExtractPipeline: a fetched page's bytes become ordered text blocks and clinic facts."""

from __future__ import annotations

from crawler.items import PageItem
from pipelines.html_text import extract_page


class ExtractPipeline:
    def process_item(self, item):
        if isinstance(item, PageItem):
            item.extracted = extract_page(item.body, item.declared_encoding)
        return item
