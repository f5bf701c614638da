"""`clinicwatch ingest`: the single writer of a distributed crawl, from Redis into SQLite.

Workers push items to Redis; this is the one process that opens the database (SQLite is not
shared over a network). It opens the crawl_runs row when a worker starts the run, writes each
item as `clinicwatch crawl` would (the WARC record, then the page), a batch per transaction,
and once the run is over (seeded, nothing queued or held, every worker gone, every item
written) records each clinic's coverage, closes the run, sends its alerts and tells the next
run's workers what the database holds, for conditional requests. A writer killed mid-batch
writes that batch again; one killed after committing a batch, before acknowledging it, does not.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path

from crawler.distributed import RedisCrawl, worker_id
from crawler.item_json import decode_item, exchange_item, fetch_error_parts, page_parts
from crawler.runner import send_alerts
from db.runs import UnknownRun
from db.store import ClinicStore
from pipelines.archive import WarcFile, archive_dir, warc_name, write_manifest

logger = logging.getLogger(__name__)


def batch_digest(batch: list[bytes]) -> str:
    """Identifies a batch: items are pushed once a run, so no two batches of a run are equal."""
    digest = hashlib.sha256()
    for raw in batch:
        digest.update(len(raw).to_bytes(8, "big"))
        digest.update(raw)
    return digest.hexdigest()


class WriterBusy(RuntimeError):
    """Another `clinicwatch ingest` holds this Redis prefix."""


class Ingest:
    def __init__(
        self,
        crawl: RedisCrawl,
        db_path: Path,
        webhook: str = "",
        batch: int = 64,
        lease_ttl: float = 30.0,
        poll: float = 0.5,
    ) -> None:
        self.crawl = crawl
        self.db_path = db_path
        self.webhook = webhook
        self.batch = batch
        self.lease_ttl = lease_ttl
        self.poll = poll
        self.store = ClinicStore.open(db_path)
        self.run_id: int | None = None
        self.warc: WarcFile | None = None

    def run(self, keep_going: bool = False) -> list[dict]:
        """Write runs as they come; return after the first one finishes unless `keep_going`."""
        self._hold_lease()
        finished: list[dict] = []
        try:
            if not self.crawl.run_info():
                self.publish_known_pages()
            while True:
                self._hold_lease()
                written = self.write_batch() if self.current_run() else 0
                if written:
                    continue
                if self.run_id is not None and self._is_over():
                    finished.append(self.finish())
                    if not keep_going:
                        return finished
                else:
                    time.sleep(self.poll)
        finally:
            self.close()

    def write_batch(self) -> int:
        """Write the next batch of items in one transaction; a batch a killed writer left is
        written again (a commit per page cost more than writing the page)."""
        replay, batch = self.crawl.take_items(self.batch)
        if not batch:
            return 0
        digest = batch_digest(batch)
        if replay and self.store.batch_ingested(self.run_id, digest):
            logger.warning(
                "a batch of %d items was stored before its writer died: not written twice",
                len(batch),
            )
        else:
            if replay:
                logger.warning("writing again a batch of %d items a writer left unfinished",
                               len(batch))  # fmt: skip
            with self.store.db.atomic():
                self._write_items(batch)
                self.store.mark_batch_ingested(self.run_id, digest)
        self.crawl.items_written()
        return len(batch)

    def _write_items(self, batch: list) -> None:
        classified = unchanged = 0
        for raw in batch:
            try:
                record = decode_item(raw)
                kind = record["kind"]
                if kind == "page":
                    self._write_page(record)
                    classified += 1
                elif kind == "unchanged":
                    unchanged += self._touch_page(record)
                elif kind == "fetch_error":
                    self._write_error(record)
                else:
                    raise ValueError(f"unknown item kind {kind!r}")
            except (ValueError, KeyError, TypeError) as error:
                logger.error("item skipped, not in the item format: %s", error)
        self.store.add_run_counts(self.run_id, classified, unchanged)

    def finish(self) -> dict:
        """Coverage for every clinic of the run, the run closed, alerts, known pages."""
        run_id = self.run_id
        clinic_ids = self.store.clinics_in_run(run_id)
        self.store.record_run_coverage(run_id, clinic_ids, self.crawl.skipped())
        self._close_archive()
        run = self.store.finish_run(run_id, "complete")
        send_alerts(self.store.db, run_id, self.db_path, self.webhook)
        self.publish_known_pages()
        self.crawl.end_run()
        self.run_id = None
        logger.info("run %d complete: %d pages, %d clinics", run_id, run["pages"], run["clinics"])
        return run

    def publish_known_pages(self) -> int:
        records = ((r["url"], json.dumps(r)) for r in self.store.known_pages())
        return self.crawl.publish_known_pages(records)

    def current_run(self) -> int | None:
        """The database run of the run in Redis, opened or resumed as needed."""
        info = self.crawl.run_info()
        if "seeds_sha" not in info:
            return None
        if self.run_id is not None and info.get("run_id") == str(self.run_id):
            return self.run_id
        if "run_id" not in info:
            run_id = self.store.start_run(
                info["seeds_path"],
                int(info["seeds"]),
                json.loads(info["settings"]),
                info["classifier_version"],
                info["started_at"],
            )
            self.run_id = self.crawl.set_run_id(run_id)
            logger.info("run %d opened for %s", self.run_id, info["seeds_path"])
            return self.run_id
        run_id = int(info["run_id"])
        row = self.store.get_run(run_id)
        if row is None:
            raise UnknownRun(f"Redis holds run {run_id}, which {self.db_path} does not have")
        if row["status"] == "complete":  # a writer died between closing it and forgetting it
            self.crawl.end_run()
            return None
        self.store.resume_run(run_id)  # its last writer died (this one holds the lease)
        self.run_id = run_id
        logger.info("run %d continued", run_id)
        return run_id

    def _is_over(self) -> bool:
        recovered = self.crawl.recover_dead_workers()
        for worker, count in recovered.items():
            logger.warning("worker %s stopped: %d requests it held are queued again", worker, count)
        if self.crawl.is_finished():
            return True
        if self.crawl.queued() and not self.crawl.workers():
            logger.info(
                "%d requests wait in the queue and no worker is alive: start "
                "`clinicwatch crawl SEEDS --redis-url …`",
                self.crawl.queued(),
            )
            time.sleep(max(self.poll, 5.0))
        return False

    def _write_page(self, record: dict) -> None:
        clinic, page, claims = page_parts(record)
        if self.warc is None:
            self.warc = WarcFile(archive_dir(self.db_path) / warc_name(self.run_id))
        archived = self.warc.write_exchange(exchange_item(record))
        page.warc_file, page.warc_offset, page.warc_length = (
            archived.file, archived.offset, archived.length
        )  # fmt: skip
        self.store.save_page(self.run_id, clinic, page, claims)

    def _touch_page(self, record: dict) -> int:
        if self.store.touch_page(self.run_id, record["url"], record["fetched_at"]):
            return 1
        logger.info("unchanged page %s is not stored", record["url"])
        return 0

    def _write_error(self, record: dict) -> None:
        clinic, error = fetch_error_parts(record)
        if clinic is not None:
            self.store.save_clinic(clinic)
        self.store.record_fetch_error(self.run_id, error)

    def _hold_lease(self) -> None:
        holder = self.crawl.claim_writer(worker_id(), self.lease_ttl)
        if holder:
            raise WriterBusy(
                f"another `clinicwatch ingest` ({holder}) writes from prefix {self.crawl.prefix!r}"
            )

    def _close_archive(self) -> None:
        """The run's WARC file closed, and its manifest written when it has one."""
        self._close_warc()
        directory = archive_dir(self.db_path)
        if self.run_id is not None and (directory / warc_name(self.run_id)).exists():
            write_manifest(directory, self.run_id)

    def _close_warc(self) -> None:
        if self.warc is not None:
            self.warc.close()
            self.warc = None

    def close(self) -> None:
        self._close_warc()
        self.store.close()
        self.crawl.drop_writer(worker_id())
