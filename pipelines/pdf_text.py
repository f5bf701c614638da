"""PDF brochures to text blocks, with pypdf: a clinic's PDF is a page of its own."""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from classifiers.document import Block
from pipelines.html_text import ExtractedPage, clean, page_date

MAX_PDF_PAGES = 60
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
HYPHENATED_LINE_END = re.compile(r"(\w)-\n(\w)")

logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed PDFs are common; we record them


def extract_pdf(body: bytes) -> ExtractedPage:
    """Paragraph blocks of a PDF's text layer; an unreadable PDF gives no blocks."""
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        title = clean(str((reader.metadata or {}).get("/Title") or ""))
        texts = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
        published, modified = _document_dates(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        return ExtractedPage(title="", blocks=[], encoding=f"pdf-error: {error}"[:200])
    blocks = [Block(text=title, kind="title")] if title else []
    for text in texts:
        text = HYPHENATED_LINE_END.sub(r"\1\2", text)
        for paragraph in PARAGRAPH_BREAK.split(text):
            paragraph = clean(paragraph)
            if paragraph:
                blocks.append(Block(text=paragraph, kind="paragraph"))
    return ExtractedPage(
        title=title, blocks=blocks, encoding="pdf", published=published, modified=modified
    )


def _document_dates(reader: PdfReader) -> tuple[str, str]:
    """The creation and modification dates in the PDF's metadata; "" where unreadable."""
    metadata = reader.metadata
    if metadata is None:
        return "", ""
    dates = []
    for name in ("creation_date", "modification_date"):
        try:
            stated = getattr(metadata, name)
        except (ValueError, TypeError, PyPdfError):  # "D:2019" strings come in many shapes
            stated = None
        dates.append(page_date(stated.isoformat()) if stated else "")
    return dates[0], dates[1]
