"""ExtractPipeline: a fetched page's bytes become ordered text blocks and clinic facts."""

from __future__ import annotations

import hashlib

from crawler.items import PageItem
from pipelines.docx_text import DOCX_TYPE, extract_docx, is_docx
from pipelines.html_text import ExtractedPage, extract_page
from pipelines.json_html import html_in_json
from pipelines.pdf_text import extract_pdf
from pipelines.vtt_text import VTT_TYPE, extract_vtt, is_vtt

PDF_TYPE = "application/pdf"
PDF_TYPES = (PDF_TYPE, "application/x-pdf")
# The documents read as pages of their own, by the content type document_type names them with
DOCUMENT_KINDS = {PDF_TYPE: "pdf", DOCX_TYPE: "docx", VTT_TYPE: "vtt"}
DOCUMENT_READERS = {PDF_TYPE: extract_pdf, DOCX_TYPE: extract_docx, VTT_TYPE: extract_vtt}


def is_pdf(body: bytes, content_type: str) -> bool:
    """PDF brochures are often served as application/octet-stream: trust the magic bytes too."""
    return content_type.lower().startswith(PDF_TYPES) or body[:5] == b"%PDF-"


def document_type(body: bytes, content_type: str) -> str | None:
    """The content type of a PDF or Word document or a video's captions, whatever the server
    called it; None for a page. A document is a page of its own, read whole and without links."""
    if is_pdf(body, content_type):
        return PDF_TYPE
    if is_docx(body, content_type):
        return DOCX_TYPE
    if is_vtt(body, content_type):
        return VTT_TYPE
    return None


def extract_body(body: bytes, content_type: str, declared_encoding: str = "") -> ExtractedPage:
    """The text blocks of a response body, as the crawl extracts them and as a replay must."""
    document = document_type(body, content_type)
    if document is not None:
        return DOCUMENT_READERS[document](body)
    fragments = html_in_json(body, content_type)
    if fragments is not None:
        return extract_page(fragments)
    return extract_page(body, declared_encoding)


class ExtractPipeline:
    def process_item(self, item):
        if isinstance(item, PageItem):
            item.extracted = extract_body(item.body, item.content_type, item.declared_encoding)
            item.content_hash = hashlib.sha256(item.extracted.text.encode()).hexdigest()
        return item
