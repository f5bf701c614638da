"""Pipeline stages constructed directly: extract, classify and store one page into a real file."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfWriter
from scrapy.exceptions import DropItem
from sqlite_utils import Database
from warcio.archiveiterator import ArchiveIterator

from classifiers.classifier import ClaimClassifier
from crawler.items import ClinicInfo, FetchErrorItem, PageItem
from db.store import ClinicStore
from pipelines.archive import WarcFile
from pipelines.classify import ClassifyPipeline
from pipelines.docx_text import DOCX_TYPE
from pipelines.duplicates import DuplicatePagePipeline
from pipelines.extract import ExtractPipeline, extract_body
from pipelines.json_html import html_in_json
from pipelines.store import StorePipeline, page_records
from tests.word_documents import word_document

FIXTURES = Path(__file__).parent / "fixtures"
CLINIC = ClinicInfo(site="clinic.example", url="https://clinic.example/", name="Clinic", state="")
BODY = b"""<html><head><title>Spine stem cells</title>
<meta property="article:published_time" content="2019-03-04T10:15:00Z">
<script type="application/ld+json">{"@type": "MedicalClinic", "address": {"addressRegion": "TX",
"postalCode": "78701", "addressLocality": "Austin"}}</script></head>
<body><h1>Stem cell therapy for back pain</h1>
<p>Our stem cell injections regrow damaged discs. They are FDA exempt.</p>
<footer>These statements are not FDA approved.</footer></body></html>"""


def page_item() -> PageItem:
    return PageItem(
        url="https://clinic.example/",
        clinic=CLINIC,
        status=200,
        body=BODY,
        fetched_at="2026-03-01T10:00:00+00:00",
        content_type="text/html",
        declared_encoding="utf-8",
    )


def open_store_pipeline(db_path: Path, **options) -> StorePipeline:
    """A store pipeline writing a fresh run into a real database file, opened."""
    store = ClinicStore.open(db_path)
    run = store.start_run("seeds.csv", 1, {}, "v")
    store.close()
    pipeline = StorePipeline(str(db_path), run, **options)
    pipeline.open_spider()
    return pipeline


def blank_pdf() -> bytes:
    """A one-page PDF with no text layer, as a scanned flyer has none either."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def process(item, classifier):
    item = ExtractPipeline().process_item(item)
    return ClassifyPipeline(classifier).process_item(item)


def test_page_records_index_claims_into_the_stored_text(classifier: ClaimClassifier):
    page, claims = page_records(process(page_item(), classifier))
    assert page.flagged
    assert page.markets_stem_cells
    flagged = [claim for claim in claims if claim.flagged]
    assert {c.sentence for c in flagged} >= {"Our stem cell injections regrow damaged discs."}
    for claim in claims:
        assert page.text[claim.start : claim.end] == claim.sentence


def test_a_question_in_which_no_rule_fired_is_no_claim_row_but_a_set_aside_rule_is(classifier):
    body = BODY.replace(
        b"</footer>",
        b"</footer><p>What should I wear to my visit?</p>"
        b"<p>Some clinics claim that stem cells cure arthritis.</p>",
    )
    _, claims = page_records(process(replace(page_item(), body=body), classifier))
    stored = {claim.sentence: claim for claim in claims}
    assert "What should I wear to my visit?" not in stored
    reported = stored["Some clinics claim that stem cells cure arthritis."]
    assert reported.suppressed
    assert not reported.flagged


def test_a_page_behind_a_bot_check_is_recorded_as_javascript_suspect(classifier):
    wall = b"<html><body><h1>Just a moment...</h1><p>Checking your browser.</p></body></html>"
    page, _ = page_records(process(replace(page_item(), body=wall), classifier))
    assert page.js_suspect


def test_a_page_records_its_language(classifier):
    spanish = (
        b"<html><body><p>Nuestro tratamiento con c\xc3\xa9lulas madre es aprobado por la FDA y "
        b"no tiene efectos secundarios para los pacientes de la columna.</p></body></html>"
    )
    english, _ = page_records(process(page_item(), classifier))
    other, _ = page_records(process(replace(page_item(), body=spanish), classifier))
    assert (english.language, other.language) == ("en", "es")


def test_store_pipeline_writes_pages_claims_clinic_facts_and_errors(tmp_path, classifier):
    db_path = tmp_path / "pipeline.db"
    pipeline = open_store_pipeline(db_path)
    pipeline.process_item(process(page_item(), classifier))
    pipeline.process_item(
        FetchErrorItem("https://clinic.example/gone", CLINIC, "http_404", "not found", "t", 404)
    )
    pipeline.close_spider()
    db = Database(db_path)
    clinic = db["clinics"].get("clinic.example")
    assert (clinic["flagged"], clinic["state"], clinic["postal_code"], clinic["city"]) == (
        1,
        "TX",
        "78701",
        "Austin",
    )
    page = db["pages"].get("https://clinic.example/")
    assert page["title"] == "Spine stem cells"
    assert page["published_at"] == "2019-03-04T10:15:00+00:00"
    assert db["claims"].count >= 2
    assert [row["kind"] for row in db["fetch_errors"].rows] == ["http_404"]


def test_store_pipeline_commits_pages_in_batches_and_everything_on_close(tmp_path, classifier):
    db_path = tmp_path / "batches.db"
    pipeline = open_store_pipeline(db_path, commit_pages=2, commit_seconds=3600)
    reader = Database(db_path)

    def page(path: str) -> PageItem:
        item = page_item()
        item.url = f"https://clinic.example/{path}"
        return process(item, classifier)

    pipeline.process_item(page("one"))
    assert reader["pages"].count == 0  # in the open batch: another connection sees nothing yet
    pipeline.process_item(page("two"))
    assert reader["pages"].count == 2
    pipeline.process_item(page("three"))
    assert reader["pages"].count == 2
    pipeline.close_spider()
    assert reader["pages"].count == 3


def test_a_pdf_is_read_as_a_pdf_whatever_its_content_type_says():
    brochure = (FIXTURES / "messy_sites" / "flaky-clinic" / "brochure.pdf").read_bytes()
    for content_type in ("application/pdf", "application/octet-stream", ""):
        assert "regrow damaged discs" in extract_body(brochure, content_type).text


def test_a_document_stored_without_text_is_recorded_as_unread(tmp_path, classifier):
    db_path = tmp_path / "pdf.db"
    pipeline = open_store_pipeline(db_path)
    documents = (
        ("flyer.pdf", blank_pdf(), "application/pdf"),
        ("broken.pdf", b"%PDF-1.4 garbage", "application/pdf"),
        ("blank.docx", word_document(""), DOCX_TYPE),
        ("broken.docx", b"PK\x03\x04 garbage", DOCX_TYPE),
        ("blank.vtt", b"WEBVTT\n", "text/vtt"),
        ("broken.vtt", b"1\n00:00:01,000 --> 00:00:02,000\nHi\n", "text/vtt"),
    )
    for name, body, content_type in documents:
        item = replace(page_item(), url=f"https://clinic.example/{name}", body=body)
        item.content_type = content_type
        pipeline.process_item(process(item, classifier))
    pipeline.close_spider()
    errors = {row["url"]: row["kind"] for row in Database(db_path)["fetch_errors"].rows}
    assert errors == {
        "https://clinic.example/flyer.pdf": "pdf_without_text",
        "https://clinic.example/broken.pdf": "pdf_unreadable",
        "https://clinic.example/blank.docx": "docx_without_text",
        "https://clinic.example/broken.docx": "docx_unreadable",
        "https://clinic.example/blank.vtt": "vtt_without_text",
        "https://clinic.example/broken.vtt": "vtt_unreadable",
    }


def test_a_pdf_brochure_is_dated_by_its_metadata():
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.add_metadata(
        {"/CreationDate": "D:20180102030405+00'00'", "/ModDate": "D:20210607080910-05'00'"}
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    page = extract_body(buffer.getvalue(), "application/pdf")
    assert (page.published, page.modified) == (
        "2018-01-02T03:04:05+00:00",
        "2021-06-07T13:09:10+00:00",
    )


def test_a_page_kept_shorter_than_it_was_sent_is_marked_truncated_in_the_archive(tmp_path):
    archive = WarcFile(tmp_path / "run.warc.gz")
    archive.write_exchange(replace(page_item(), size=len(BODY) + 5_000))
    archive.write_exchange(replace(page_item(), size=len(BODY)))
    archive.close()
    with (tmp_path / "run.warc.gz").open("rb") as handle:
        responses = [r for r in ArchiveIterator(handle) if r.rec_type == "response"]
    assert [r.rec_headers.get_header("WARC-Truncated") for r in responses] == ["length", None]


def test_a_second_url_with_the_same_text_is_dropped_and_another_site_is_not():
    duplicates = DuplicatePagePipeline()
    hours = b"<p>We are open Monday to Friday from eight to six, and on Saturday mornings.</p>"
    body = BODY.replace(b"</h1>", b"</h1>" + hours * 2)

    def extracted(url, clinic=CLINIC):
        return ExtractPipeline().process_item(
            replace(page_item(), url=url, clinic=clinic, body=body)
        )

    first = extracted("https://clinic.example/")
    assert duplicates.process_item(first) is first
    with pytest.raises(DropItem, match="repeats the text of"):
        duplicates.process_item(extracted("https://clinic.example/index.html"))
    other_site = ClinicInfo(site="other.example", url="https://other.example/", name="", state="")
    elsewhere = extracted("https://other.example/", other_site)
    assert duplicates.process_item(elsewhere) is elsewhere


def test_near_empty_pages_are_each_kept_whatever_their_text():
    duplicates = DuplicatePagePipeline()
    shells = [ExtractPipeline().process_item(replace(page_item(), url=f"https://clinic.example/{n}",
              body=b"<html><body><div id=app></div></body></html>")) for n in "ab"]  # fmt: skip
    assert [duplicates.process_item(shell) for shell in shells] == shells


def test_the_html_in_a_json_answer_is_its_page_and_other_json_is_none():
    answer = b'{"posts": [{"html": "<article><p>Our stem cells regrow discs.</p></article>"}],'
    answer += b' "next": 3, "label": "Load more"}'
    assert html_in_json(answer, "application/json; charset=utf-8") == (
        b"<html><body><article><p>Our stem cells regrow discs.</p></article></body></html>"
    )
    assert html_in_json(b'{"count": 3, "label": "<b> only"}', "application/json") is None
    assert html_in_json(b"not json {", "application/json") is None
    assert html_in_json(b"\xff\xfe\x00", "application/json") is None
    assert html_in_json(answer, "text/html") is None
    then = b'{"data": {"html": "<p>Stem cells.</p>", "next": "/wp-admin/admin-ajax.php?paged=3"}}'
    assert html_in_json(then, "application/json") == (
        b'<html><body><p>Stem cells.</p>\n<a href="/wp-admin/admin-ajax.php?paged=3"></a>'
        b"</body></html>"
    )  # the next posts' address is a link to follow
