"""Where a crawled page's time goes: each item pipeline's CPU time per page, as its share of all
of them, on bench pages 20 to a site, stored in a real SQLite file (no Scrapy, no network).

The crawl bench says how far the full pipeline is from the null spider; this one says which
stage to work on: extract, classify or store.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from pathlib import Path

from scrapy.exceptions import DropItem

from benchmarks.pages import clinic_pages
from classifiers.classifier import ClaimClassifier
from crawler.items import ClinicInfo, PageItem
from db.store import ClinicStore
from pipelines.archive import ArchivePipeline
from pipelines.classify import ClassifyPipeline
from pipelines.duplicates import DuplicatePagePipeline
from pipelines.extract import ExtractPipeline
from pipelines.store import StorePipeline

PAGES = 400
SITE_PAGES = 20


def page_item(index: int, html: str) -> PageItem:
    site = f"127.1.0.{index // SITE_PAGES + 1}"
    return PageItem(
        url=f"http://{site}/page-{index % SITE_PAGES}.html",
        clinic=ClinicInfo(site=site, url=f"http://{site}/"),
        status=200,
        body=html.encode(),
        fetched_at="2026-11-02T03:00:00+00:00",
        content_type="text/html; charset=utf-8",
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
    )


def main() -> dict:
    started = time.process_time()
    classifier = ClaimClassifier.load()
    load_seconds = time.process_time() - started
    with tempfile.TemporaryDirectory() as scratch:
        db_path = Path(scratch) / "stages.db"
        ledger = ClinicStore.open(db_path)
        run_id = ledger.start_run("bench", 0, {}, "bench")
        ledger.close()
        store = StorePipeline(str(db_path), run_id)
        store.open_spider()
        archive = ArchivePipeline(Path(scratch) / "archive", run_id)
        stages = {
            "extract": ExtractPipeline(),
            "duplicates": DuplicatePagePipeline(),
            "classify": ClassifyPipeline(classifier),
            "archive": archive,
            "store": store,
        }
        seconds: Counter[str] = Counter()
        for index, html in enumerate(clinic_pages(PAGES)):
            item = page_item(index, html)
            for name, stage in stages.items():
                before = time.process_time()
                try:
                    item = stage.process_item(item)
                except DropItem:  # a page repeating another's text goes no further
                    break
                finally:
                    seconds[name] += time.process_time() - before
        store.close_spider()
        archive.spider_closed(None, "finished")
    total = sum(seconds.values())
    shares = ", ".join(
        f"{name} {seconds[name] / PAGES * 1000:.1f} ms ({seconds[name] / total:.0%})"
        for name in stages
    )
    print(
        f"stages: CPU per page over {PAGES} pages: {shares}; all {total / PAGES * 1000:.1f} ms; "
        f"classifier load {load_seconds:.1f} s"
    )
    return {name: seconds[name] / PAGES for name in stages} | {"load_seconds": load_seconds}


if __name__ == "__main__":
    main()
