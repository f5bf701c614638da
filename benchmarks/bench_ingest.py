"""The single writer of a distributed crawl: `clinicwatch ingest` items/s out of a real Redis,
as a ratio to writing the same pages straight into SQLite and the WARC archive (no Redis).

Needs Debian's redis-server; `BENCH_INGEST_ITEMS` pages of ~20 KB (default 2,000).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from benchmarks.pages import clinic_pages
from classifiers.classifier import ClaimClassifier
from crawler.distributed import RedisCrawl
from crawler.ingest import Ingest
from crawler.item_json import decode_item, encode_item, exchange_item, page_parts
from crawler.items import ClinicInfo, PageItem
from db.store import ClinicStore
from pipelines.archive import WarcFile
from pipelines.classify import ClassifyPipeline
from pipelines.extract import ExtractPipeline

ITEMS = int(os.getenv("BENCH_INGEST_ITEMS", "2000"))
DISTINCT = 100  # classified once each, then sent under ITEMS different URLs
SITES = 100


def page_items(count: int) -> list[tuple[str, str]]:
    """(key, JSON) of `count` classified pages, as workers push them."""
    extract, classify = ExtractPipeline(), ClassifyPipeline(ClaimClassifier.load())
    classified = []
    for index, html in enumerate(clinic_pages(DISTINCT)):
        site = f"bench-{index % SITES}.example"
        item = PageItem(
            url=f"https://{site}/", clinic=ClinicInfo(site=site, url=f"https://{site}/"),
            status=200, body=html.encode(), fetched_at="2026-11-02T03:00:00+00:00",
            content_type="text/html; charset=utf-8",
            response_headers=[("Content-Type", "text/html; charset=utf-8")],
        )  # fmt: skip
        classified.append(classify.process_item(extract.process_item(item)))
    items = []
    for index in range(count):
        item = classified[index % DISTINCT]
        items.append(encode_item(dataclasses.replace(item, url=f"{item.url}page-{index}")))
    return items


def write_directly(items: list[tuple[str, str]], folder: Path) -> float:
    """Seconds to store the pages without Redis: decode, WARC record, one transaction each."""
    store = ClinicStore.open(folder / "direct.db")
    run_id = store.start_run("bench", SITES, {}, "bench")
    warc = WarcFile(folder / "direct-archive" / "run.warc.gz")
    started = time.perf_counter()
    for _, data in items:
        record = decode_item(data)
        clinic, page, claims = page_parts(record)
        archived = warc.write_exchange(exchange_item(record))
        page.warc_file, page.warc_offset = archived.file, archived.offset
        store.save_page(run_id, clinic, page, claims)
    seconds = time.perf_counter() - started
    warc.close()
    store.close()
    return seconds


def ingest(items: list[tuple[str, str]], folder: Path, url: str) -> float:
    """Seconds for `clinicwatch ingest` to drain the pages from Redis into SQLite."""
    crawl = RedisCrawl.from_url(url)
    run = {"seeds_path": "bench", "seeds": str(SITES), "settings": "{}",
           "classifier_version": "bench", "started_at": "2026-11-02T02:59:00+00:00"}  # fmt: skip
    crawl.join_run("bench-worker", "0" * 64, run)
    crawl.mark_seeded("bench-worker")
    for key, data in items:
        crawl.push_item(key, data)
    writer = Ingest(crawl, folder / "ingest.db")
    started = time.perf_counter()
    writer.current_run()
    while writer.write_batch():
        pass
    seconds = time.perf_counter() - started
    writer.close()
    return seconds


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("bench_ingest needs redis-server (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(200):
        try:
            redis.Redis.from_url(url).ping()
            return process, url
        except redis.ConnectionError:
            time.sleep(0.05)
    process.terminate()
    raise SystemExit("redis-server did not start")


def main() -> dict:
    items = page_items(ITEMS)
    item_kb = sum(len(data) for _, data in items) / len(items) / 1024
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        direct = write_directly(items, folder)
        server, url = start_redis(folder)
        try:
            through_redis = ingest(items, folder, url)
        finally:
            server.terminate()
            server.wait()
    direct_rate, ingest_rate = ITEMS / direct, ITEMS / through_redis
    print(
        f"ingest: {ITEMS} classified pages of ~20 KB (item JSON {item_kb:.0f} KB) from Redis "
        f"into SQLite + WARC: {ingest_rate:.0f} items/s; written directly without Redis "
        f"{direct_rate:.0f} items/s -> ratio {ingest_rate / direct_rate:.2f}"
    )
    return {"ingest_items_per_s": ingest_rate, "direct_items_per_s": direct_rate}


if __name__ == "__main__":
    main()
