"""The item format between workers and the writer, and the writer itself, on a real Redis."""

from __future__ import annotations

import gzip
import json
import subprocess

import pytest
from sqlite_utils import Database

from crawler.distributed import RedisCrawl
from crawler.ingest import Ingest, WriterBusy
from crawler.item_json import decode_item, encode_item, exchange_item, page_parts
from crawler.items import ClinicInfo, FetchErrorItem, PageItem
from pipelines.classify import ClassifyPipeline
from pipelines.extract import ExtractPipeline
from pipelines.store import clinic_with_facts, page_records
from tests.redis_helpers import redis_server

CLINIC = ClinicInfo(site="clinic.example", url="https://clinic.example/", name="C", state="TX")
PAGE = b"""<html><head><title>Stem cells</title></head><body>
<h1>Regenerative back care</h1>
<p>Our stem cell injections are FDA exempt and regrow damaged discs.</p>
<p>Call 555-123-4567.</p></body></html>"""


@pytest.fixture
def page(classifier) -> PageItem:
    item = PageItem(
        url="https://clinic.example/stem-cells",
        clinic=CLINIC,
        status=200,
        body=PAGE,
        fetched_at="2026-11-02T03:00:00+00:00",
        content_type="text/html; charset=utf-8",
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("ETag", '"x"')],
        request_headers=[("User-Agent", "clinicwatch/0.1")],
    )
    ExtractPipeline().process_item(item)
    return ClassifyPipeline(classifier).process_item(item)


def failure(url: str, message: str = "Connection refused") -> FetchErrorItem:
    return FetchErrorItem(url, CLINIC, "connection_refused", message, "2026-11-02T03:00:01+00:00")


@pytest.fixture
def crawl(tmp_path):
    """A real Redis holding a seeded run, as the first worker leaves it."""
    with redis_server(tmp_path) as url:
        crawl = RedisCrawl.from_url(url)
        run = {"seeds_path": "seeds.csv", "seeds": "1", "settings": "{}",
               "classifier_version": "test", "started_at": "2026-11-02T02:59:59+00:00"}  # fmt: skip
        assert crawl.join_run("worker-1", "0" * 64, run) == "seed"
        assert crawl.mark_seeded("worker-1")
        yield crawl


def test_a_page_travels_as_plain_records_the_store_and_the_archive_need(page):
    key, data = encode_item(page)
    record = decode_item(data)
    assert (record["kind"], record["key"]) == ("page", key)
    clinic, page_record, claims = page_parts(record)
    assert clinic == clinic_with_facts(page)
    assert (page_record, claims) == page_records(page)
    assert any(claim.flagged for claim in claims)
    exchange = exchange_item(record)
    assert (exchange.body, exchange.response_headers) == (page.body, page.response_headers)


def test_an_unchanged_page_and_a_failure_travel_small_and_keyed_by_what_happened(page):
    page.previous_hash = page.content_hash
    key, data = encode_item(page)
    assert json.loads(data) == {
        "v": 1, "key": key, "kind": "unchanged", "url": page.url, "clinic_id": "clinic.example",
        "fetched_at": page.fetched_at,
    }  # fmt: skip
    assert (
        encode_item(failure("https://clinic.example/a"))[0]
        == encode_item(failure("https://clinic.example/a"))[0]
    )
    assert (
        encode_item(failure("https://clinic.example/a"))[0]
        != encode_item(failure("https://clinic.example/b"))[0]
    )


def test_the_writer_stores_pages_once_replays_a_dead_writers_batch_and_closes_the_run(
    crawl, page, tmp_path
):
    db_path = tmp_path / "clinicwatch.db"
    for item in (page, page, failure("https://clinic.example/a")):  # the page twice: pushed once
        crawl.push_item(*encode_item(item))
    writer = Ingest(crawl, db_path)
    assert writer.current_run() == 1
    assert writer.write_batch() == 2

    for url in ("https://clinic.example/b", "https://clinic.example/c"):
        crawl.push_item(*encode_item(failure(url)))
    crawl.take_items(64)  # a writer took them and died before committing: nothing was stored
    assert writer.write_batch() == 2
    assert crawl.is_finished()
    run = writer.finish()
    writer.close()

    db = Database(db_path)
    assert (run["status"], run["pages"], run["fetch_errors"]) == ("complete", 1, 3)
    assert sorted(r["url"] for r in db["fetch_errors"].rows) == [
        "https://clinic.example/a", "https://clinic.example/b", "https://clinic.example/c"
    ]  # fmt: skip
    (stored,) = db["page_versions"].rows
    assert (stored["url"], stored["warc_file"]) == (page.url, "run-000001.warc.gz")
    assert (tmp_path / "clinicwatch-archive" / "run-000001.manifest.json").exists()
    (coverage,) = db["coverage"].rows
    assert (coverage["clinic_id"], coverage["pages_fetched"]) == ("clinic.example", 1)
    assert db["clinics"].get("clinic.example")["flagged"] == 1
    known = json.loads(crawl.known_page(page.url))
    assert known["content_hash"] == page.content_hash  # for the next run's workers
    assert crawl.run_info() == {}


def test_a_batch_committed_by_a_writer_that_died_before_acknowledging_is_not_written_twice(
    crawl, page, tmp_path, monkeypatch
):
    db_path = tmp_path / "clinicwatch.db"
    crawl.push_item(*encode_item(page))
    crawl.push_item(*encode_item(failure("https://clinic.example/a")))
    dying = Ingest(crawl, db_path)
    dying.current_run()
    with monkeypatch.context() as patch:
        patch.setattr(crawl, "items_written", lambda: None)  # killed right after the commit
        assert dying.write_batch() == 2
    dying.close()
    dead = subprocess.run(["sh", "-c", "echo $$"], capture_output=True, text=True, check=True)
    Database(db_path).execute("update crawl_runs set pid = ?", [int(dead.stdout)])

    writer = Ingest(crawl, db_path)
    assert writer.current_run() == 1
    assert writer.write_batch() == 2  # handed out again, and acknowledged
    assert crawl.take_items(64) == (False, [])
    run = writer.finish()
    writer.close()

    db = Database(db_path)
    assert (run["pages"], run["fetch_errors"], run["pages_classified"]) == (1, 1, 1)
    assert db["page_versions"].count == 1
    warc = tmp_path / "clinicwatch-archive" / "run-000001.warc.gz"
    assert gzip.decompress(warc.read_bytes()).count(b"WARC-Type: response") == 1
    (coverage,) = db["coverage"].rows
    assert (coverage["pages_fetched"], coverage["fetch_errors"]) == (1, 1)


def test_a_second_writer_is_refused(crawl, tmp_path):
    crawl.claim_writer("another-host:123:abc", ttl=30)
    with pytest.raises(WriterBusy, match="another-host:123"):
        Ingest(crawl, tmp_path / "clinicwatch.db").run()
