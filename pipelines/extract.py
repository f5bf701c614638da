"""ExtractPipeline: a fetched page's bytes become ordered text blocks and clinic facts."""

from __future__ import annotations

import hashlib

from crawler.items import PageItem
from pipelines.html_text import ExtractedPage, extract_page
from pipelines.pdf_text import extract_pdf

PDF_TYPES = ("application/pdf", "application/x-pdf")


def is_pdf(body: bytes, content_type: str) -> bool:
    """PDF brochures are often served as application/octet-stream: trust the magic bytes too."""
    return content_type.lower().startswith(PDF_TYPES) or body[:5] == b"%PDF-"


def extract_body(body: bytes, content_type: str, declared_encoding: str = "") -> ExtractedPage:
    """The text blocks of a response body, as the crawl extracts them and as a replay must."""
    if is_pdf(body, content_type):
        return extract_pdf(body)
    return extract_page(body, declared_encoding)


class ExtractPipeline:
    def process_item(self, item):
        if isinstance(item, PageItem):
            item.extracted = extract_body(item.body, item.content_type, item.declared_encoding)
            item.content_hash = hashlib.sha256(item.extracted.text.encode()).hexdigest()
        return item
