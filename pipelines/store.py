"""StorePipeline: pages, claims and failures into SQLite through db/, committed in batches.

Each page is written in a savepoint of a transaction that is committed every
CLINICWATCH_COMMIT_PAGES pages or CLINICWATCH_COMMIT_SECONDS seconds, and when the spider
closes. A commit per page cost more than writing the page: SQLite appends every touched
B-tree page to the WAL and FTS5 writes a new index segment per transaction.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from twisted.internet.task import LoopingCall

from classifiers.document import Claim, DocumentResult
from classifiers.taxonomy import VIOLATION_LABELS
from classifiers.verdict import page_verdict
from crawler.items import FetchErrorItem, PageItem, is_unchanged
from db.records import ClaimRecord, ClinicRecord, FetchErrorRecord, PageRecord
from db.store import ClinicStore
from pipelines.classify import CLASSIFIED_STAT
from pipelines.extract import DOCUMENT_KINDS
from pipelines.language import language_of

KEPT_CONTEXT = frozenset({"disclaimer", "trial_or_ind", "testimonial"})
CLOSE_STATUS = {"finished": "complete", "shutdown": "interrupted"}
UNCHANGED_STAT = "clinicwatch/pages_unchanged"


class StorePipeline:
    def __init__(
        self,
        db_path: str,
        run_id: int | None,
        crawler=None,
        commit_pages: int = 50,
        commit_seconds: float = 2.0,
    ) -> None:
        self.db_path = db_path
        self.run_id = run_id
        self.owns_run = run_id is None
        self.crawler = crawler
        self.store: ClinicStore | None = None
        self.clinics: set[str] = set()
        self.commit_pages = max(1, commit_pages)
        self.commit_seconds = commit_seconds
        self.uncommitted = 0
        self.committer: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        db_path = crawler.settings.get("CLINICWATCH_DB")
        if not db_path:
            raise NotConfigured("StorePipeline needs CLINICWATCH_DB, the SQLite file to write")
        run_id = crawler.settings.getint("CLINICWATCH_RUN_ID") or None
        pipeline = cls(
            db_path,
            run_id,
            crawler,
            crawler.settings.getint("CLINICWATCH_COMMIT_PAGES", 50),
            crawler.settings.getfloat("CLINICWATCH_COMMIT_SECONDS", 2.0),
        )
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self):
        self.store = ClinicStore.open(Path(self.db_path))
        if self.run_id is None:
            seeds_path = getattr(self.crawler.spider, "seeds_path", "")
            self.run_id = self.store.start_run(str(seeds_path), 0, {}, "")
        if self.crawler is not None:  # every commit_seconds, what the batch holds so far
            self.committer = LoopingCall(self.commit)
            self.committer.start(self.commit_seconds, now=False)

    def close_spider(self):
        assert self.store is not None
        if self.committer is not None and self.committer.running:
            self.committer.stop()
        self.commit()
        self.store.close()

    def commit(self) -> None:
        assert self.store is not None
        self.store.db.commit()  # nothing when no transaction is open
        self.uncommitted = 0

    def _in_batch(self) -> None:
        """Open the batch's transaction if none is open; the page's writes are a savepoint."""
        assert self.store is not None
        if not self.store.db.conn.in_transaction:
            self.store.db.begin()

    def _written(self) -> None:
        self.uncommitted += 1
        if self.uncommitted >= self.commit_pages:
            self.commit()

    def spider_closed(self, spider, reason):
        """Coverage of every clinic this run touched (the close reason is known only now)."""
        store = ClinicStore.open(Path(self.db_path))
        try:
            skipped = spider.coverage() if hasattr(spider, "coverage") else {}
            store.record_run_coverage(self.run_id, self.clinics, skipped, reason != "finished")
            stats = self.crawler.stats if self.crawler else None
            if stats is not None:
                store.add_run_counts(
                    self.run_id,
                    stats.get_value(CLASSIFIED_STAT, 0),
                    stats.get_value(UNCHANGED_STAT, 0),
                )
            if self.owns_run:
                store.finish_run(self.run_id, CLOSE_STATUS.get(reason, "failed"))
        finally:
            store.close()

    def process_item(self, item):
        assert self.store is not None
        assert self.run_id is not None
        self._in_batch()
        try:
            return self._write(item)
        finally:
            self._written()

    def _write(self, item):
        if isinstance(item, FetchErrorItem):
            self._store_error(item)
        elif is_unchanged(item):
            self.clinics.add(item.clinic.site)
            if not self.store.touch_page(self.run_id, item.url, item.fetched_at):
                raise DropItem(f"unchanged page {item.url} is not stored")
            if self.crawler is not None and self.crawler.stats is not None:
                self.crawler.stats.inc_value(UNCHANGED_STAT)
        elif isinstance(item, PageItem) and item.classified is not None:
            self.clinics.add(item.clinic.site)
            page, claims = page_records(item)
            self.store.save_page(self.run_id, clinic_with_facts(item), page, claims)
            unread = unread_document_error(item)
            if unread is not None:
                self.store.record_fetch_error(self.run_id, unread)
        return item

    def _store_error(self, item: FetchErrorItem) -> None:
        assert self.store is not None
        if item.clinic.site:
            self.clinics.add(item.clinic.site)
            self.store.save_clinic(clinic_record(item.clinic))
        self.store.record_fetch_error(self.run_id, fetch_error_record(item))


def fetch_error_record(item: FetchErrorItem) -> FetchErrorRecord:
    return FetchErrorRecord(
        url=item.url,
        clinic_id=item.clinic.site or None,
        kind=item.kind,
        message=item.message,
        at=item.at,
        status=item.status,
    )


def unread_document_error(item: PageItem) -> FetchErrorRecord | None:
    """A PDF or .docx stored without text is a page not read, and the coverage must say so:
    a scanned flyer (no text layer) or a file that cannot be parsed."""
    document = DOCUMENT_KINDS.get(item.content_type)
    if document is None or item.extracted.blocks:
        return None
    encoding = item.extracted.encoding
    if encoding.startswith(f"{document}-error"):
        kind, message = f"{document}_unreadable", encoding.removeprefix(f"{document}-error: ")
    elif document == "pdf":
        kind, message = "pdf_without_text", "no text layer (a scanned or image-only PDF)"
    else:
        kind, message = f"{document}_without_text", "no text"
    error = FetchErrorItem(item.url, item.clinic, kind, message, item.fetched_at, item.status)
    return fetch_error_record(error)


def clinic_with_facts(item: PageItem) -> ClinicRecord:
    clinic = clinic_record(item.clinic)
    facts = item.extracted.facts
    clinic.address, clinic.city = facts.street, facts.city
    clinic.postal_code, clinic.phone = facts.postal_code, facts.phone
    clinic.country = facts.country
    clinic.latitude, clinic.longitude = facts.latitude, facts.longitude
    if not clinic.state and len(facts.state) == 2:
        clinic.state = facts.state
    return clinic


def clinic_record(clinic) -> ClinicRecord:
    return ClinicRecord(id=clinic.site, url=clinic.url, name=clinic.name, state=clinic.state)


def page_records(item: PageItem) -> tuple[PageRecord, list[ClaimRecord]]:
    """The page row and the claims worth keeping, with offsets into the stored page text."""
    extracted = item.extracted
    result: DocumentResult = item.classified
    verdict = page_verdict(result)
    text = extracted.text
    offsets = extracted.block_offsets()
    blocks = [
        [block.kind, start, end, block.heading]
        for block, (start, end) in zip(extracted.blocks, offsets, strict=True)
    ]
    page = PageRecord(
        url=item.url,
        clinic_id=item.clinic.site,
        fetched_at=item.fetched_at,
        status=item.status,
        content_hash=item.content_hash or hashlib.sha256(text.encode()).hexdigest(),
        body_sha256=hashlib.sha256(item.body).hexdigest(),
        title=extracted.title,
        text=text,
        blocks=blocks,
        content_type=item.content_type,
        encoding=extracted.encoding,
        bytes=item.size or len(item.body),
        depth=item.depth,
        referer=item.referer,
        etag=item.etag,
        last_modified=item.last_modified,
        published_at=extracted.published,
        modified_at=extracted.modified,
        truncated=item.truncated,
        outlinks=item.links,
        warc_file=item.archived.file if item.archived else "",
        warc_offset=item.archived.offset if item.archived else None,
        warc_length=item.archived.length if item.archived else None,
        js_suspect=extracted.js_suspect(),
        language=language_of(extracted.shown_text() or text),
        markets_stem_cells=result.markets_stem_cells,
        flagged=verdict.flagged,
        severity=verdict.severity,
        labels=result.labels,
        classifier_version=item.stats.get("classifier_version", ""),
    )
    claims = [
        _claim_record(claim, offsets[claim.block][0]) for claim in result.claims if _kept(claim)
    ]
    return page, claims


def _kept(claim: Claim) -> bool:
    """A flagged sentence, a rule set aside (with why), a disclaimer, trial or testimonial. A
    question or a reported sentence in which no rule fired ("What should I wear?" on a page
    that names stem cells) sets nothing aside and is no evidence of anything."""
    return (
        claim.flagged
        or any(key in VIOLATION_LABELS for key in claim.suppressed)
        or not KEPT_CONTEXT.isdisjoint(claim.labels)
    )


def _claim_record(claim: Claim, block_start: int) -> ClaimRecord:
    return ClaimRecord(
        sentence=claim.text,
        labels=claim.labels,
        violations=claim.violations,
        severity=claim.severity,
        rules=claim.rules,
        score=claim.score,
        start=block_start + claim.start,
        end=block_start + claim.end,
        block_kind=claim.block_kind,
        label_scores=claim.label_scores,
        highlights=[
            {"start": m.start, "end": m.end, "label": m.label, "rule": m.rule}
            for m in claim.matches
        ],
        suppressed=claim.suppressed,
    )
