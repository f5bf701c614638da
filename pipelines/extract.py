"""ExtractPipeline: a fetched page's bytes become ordered text blocks and clinic facts."""

from __future__ import annotations

import hashlib

from crawler.items import PageItem
from pipelines.html_text import extract_page
from pipelines.pdf_text import extract_pdf


class ExtractPipeline:
    def process_item(self, item):
        if isinstance(item, PageItem):
            if item.content_type.startswith("application/pdf"):
                item.extracted = extract_pdf(item.body)
            else:
                item.extracted = extract_page(item.body, item.declared_encoding)
            item.content_hash = hashlib.sha256(item.extracted.text.encode()).hexdigest()
        return item
