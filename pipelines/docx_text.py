"""Word (.docx) handouts to text blocks: like a PDF brochure, a page of its own.

A .docx is a zip of XML parts; the text is in word/document.xml, one <w:p> per paragraph.
Read with the standard library and lxml, bounded: a zip bomb or a huge part is refused.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from classifiers.document import Block
from pipelines.html_text import ExtractedPage, clean, page_date

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT_PART = "word/document.xml"
PROPERTIES_PART = "docProps/core.xml"
MAX_PART_BYTES = 20 * 1024 * 1024  # uncompressed; a brochure's text part is a few hundred KB
MAX_PARAGRAPHS = 5_000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
PROPERTY = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "created": "{http://purl.org/dc/terms/}created",
    "modified": "{http://purl.org/dc/terms/}modified",
}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


class UnreadableDocx(ValueError):
    pass


def is_docx(body: bytes, content_type: str) -> bool:
    """A Word document by its content type, or a zip holding word/document.xml (served as
    application/octet-stream or application/zip)."""
    if content_type.lower().startswith(DOCX_TYPE):
        return True
    if body[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return DOCUMENT_PART in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def extract_docx(body: bytes) -> ExtractedPage:
    """Paragraph, heading and list-item blocks in document order; an unreadable file gives no
    blocks and says why in `encoding`, as extract_pdf does."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            document = _part(archive, DOCUMENT_PART)
            named = archive.namelist()
            properties = _part(archive, PROPERTIES_PART) if PROPERTIES_PART in named else None
    except (zipfile.BadZipFile, OSError, ValueError, etree.XMLSyntaxError) as error:
        return ExtractedPage(title="", blocks=[], encoding=f"docx-error: {error}"[:200])
    title = clean(_property(properties, "title"))
    blocks = [Block(text=title, kind="title")] if title else []
    heading = ""
    for paragraph, text in _paragraphs(document):
        kind, list_id = _kind(paragraph)
        if kind == "heading":
            heading = text
            blocks.append(Block(text=text, kind=kind))
        else:
            blocks.append(Block(text=text, kind=kind, heading=heading, list_id=list_id))
    return ExtractedPage(
        title=title,
        blocks=blocks,
        encoding="docx",
        published=page_date(_property(properties, "created")),
        modified=page_date(_property(properties, "modified")),
    )


def _part(archive: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise UnreadableDocx(f"no {name}: not a Word document") from None
    if info.file_size > MAX_PART_BYTES:
        raise UnreadableDocx(f"{name} is {info.file_size} bytes uncompressed")
    with archive.open(info) as part:
        return etree.fromstring(part.read(MAX_PART_BYTES + 1), PARSER)


def _paragraphs(document: etree._Element) -> list[tuple[etree._Element, str]]:
    """Each <w:p> with its own text (a text box nested in a paragraph is a paragraph of its
    own, and its fallback copy for old Word versions is not read)."""
    texts: dict[etree._Element, list[str]] = {}
    for node in document.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}p"):
        if node.tag == f"{W}p":
            texts.setdefault(node, [])
            if len(texts) > MAX_PARAGRAPHS:
                break
            continue
        paragraph = next(node.iterancestors(f"{W}p", FALLBACK), None)
        if paragraph is None or paragraph.tag == FALLBACK:
            continue
        texts.setdefault(paragraph, []).append(node.text or "" if node.tag == f"{W}t" else " ")
    paragraphs = []
    for paragraph, parts in texts.items():
        if next(paragraph.iterancestors(FALLBACK), None) is not None:
            continue
        text = clean("".join(parts))
        if text:
            paragraphs.append((paragraph, text))
    return paragraphs


def _kind(paragraph: etree._Element) -> tuple[str, int | None]:
    """A heading by its style ("Heading1", "Title"), a list item by its numbering."""
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    name = (style.get(f"{W}val") or "").lower() if style is not None else ""
    if name.startswith(("heading", "title")):
        return "heading", None
    numbering = paragraph.find(f"{W}pPr/{W}numPr/{W}numId")
    if numbering is not None:
        number = numbering.get(f"{W}val") or ""
        return "list_item", int(number) if number.isdigit() else None
    if next(paragraph.iterancestors(f"{W}tc"), None) is not None:
        return "table_cell", None
    return "paragraph", None


def _property(properties: etree._Element | None, name: str) -> str:
    if properties is None:
        return ""
    element = properties.find(PROPERTY[name])
    return (element.text or "") if element is not None else ""
