"""Word handouts read as pages: paragraphs, headings, lists and tables in order, bounded."""

from __future__ import annotations

import io
import zipfile

from pipelines.docx_text import DOCX_TYPE, MAX_PART_BYTES, extract_docx, is_docx
from pipelines.extract import extract_body
from tests.word_documents import paragraph, word_document

HANDOUT = word_document(
    paragraph("Stem Cell Therapy for Back Pain", style="Heading1")
    + paragraph("Our protocol does not need FDA approval because it uses your own cells.")
    + paragraph("Conditions we treat", style="Heading2")
    + paragraph("Herniated discs", numbered=3)
    + paragraph("Multiple sclerosis", numbered=3)
    + "<w:tbl><w:tr><w:tc>" + paragraph("Disc regeneration package") + "</w:tc></w:tr></w:tbl>"
    + paragraph(""),
    title="Patient handout",
)  # fmt: skip


def kinds(page):
    return [(block.kind, block.text, block.heading, block.list_id) for block in page.blocks]


def test_a_handout_reads_as_headed_paragraphs_list_items_and_table_cells():
    page = extract_docx(HANDOUT)
    assert (page.title, page.encoding, page.published) == (
        "Patient handout",
        "docx",
        "2019-04-01T10:00:00+00:00",
    )
    intro = "Our protocol does not need FDA approval because it uses your own cells."
    assert kinds(page) == [
        ("title", "Patient handout", "", None),
        ("heading", "Stem Cell Therapy for Back Pain", "", None),
        ("paragraph", intro, "Stem Cell Therapy for Back Pain", None),
        ("heading", "Conditions we treat", "", None),
        ("list_item", "Herniated discs", "Conditions we treat", 3),
        ("list_item", "Multiple sclerosis", "Conditions we treat", 3),
        ("table_cell", "Disc regeneration package", "Conditions we treat", None),
    ]


def test_a_text_box_is_its_own_paragraph_and_its_old_word_copy_is_not_read():
    box = (
        '<w:p><w:r><w:t>Call today.</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        "<w:txbxContent>" + paragraph("Stem cells regrow worn discs.") + "</w:txbxContent>"
        "</mc:Choice><mc:Fallback><w:txbxContent>" + paragraph("Stem cells regrow worn discs.")
        + "</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )  # fmt: skip
    page = extract_docx(word_document(box))
    assert [block.text for block in page.blocks] == ["Call today.", "Stem cells regrow worn discs."]


def test_a_word_file_is_known_by_its_type_or_its_parts_whatever_the_server_says():
    for content_type in (DOCX_TYPE, "application/octet-stream", "application/zip", ""):
        assert is_docx(HANDOUT, content_type)
        assert "does not need FDA approval" in extract_body(HANDOUT, content_type).text
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert not is_docx(other_zip.getvalue(), "application/zip")
    assert not is_docx(b"PK\x03\x04 not a zip", "")


def test_a_broken_or_oversized_word_file_gives_no_text_and_says_why():
    assert extract_docx(b"PK\x03\x04 not a zip").encoding.startswith("docx-error")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * (MAX_PART_BYTES + 1) + b"</a>")
    page = extract_docx(bomb.getvalue())
    assert page.blocks == []
    assert "bytes uncompressed" in page.encoding
