"""ClinicStore: every write to clinicwatch.db; one transaction per page."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from classifiers.taxonomy import sort_labels
from classifiers.verdict import clinic_verdict
from db.geo import zip_centroid
from db.records import ClaimRecord, ClinicRecord, FetchErrorRecord, PageRecord
from db.runs import RunLedger
from db.schema import ensure_schema

QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
NOT_WORD = re.compile(r"[^\w%']+")
US_COUNTRY_NAMES = frozenset(
    {"", "US", "USA", "U.S.", "U.S.A.", "UNITED STATES", "UNITED STATES OF AMERICA"}
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def normalize_sentence(sentence: str) -> str:
    """The form a claim is identified by: case, quotes, spacing and punctuation folded."""
    return NOT_WORD.sub(" ", sentence.translate(QUOTES).lower()).strip()


def claim_id(clinic_id: str, sentence: str) -> str:
    key = f"{clinic_id}\x1f{normalize_sentence(sentence)}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def as_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))


class ClinicStore(RunLedger):
    """Writes pages, claims, clinics and fetch errors; runs and coverage come from RunLedger."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(cls, path: Path | str) -> ClinicStore:
        db = Database(path)
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA foreign_keys = ON")
        ensure_schema(db)
        return cls(db)

    def close(self) -> None:
        self.db.close()

    def save_clinic(self, clinic: ClinicRecord) -> None:
        """The clinic row, without saying anything about how its crawl went."""
        with self.db.atomic():
            self._upsert_clinic(clinic, None)

    def save_page(
        self,
        run_id: int,
        clinic: ClinicRecord,
        page: PageRecord,
        claims: Iterable[ClaimRecord],
    ) -> None:
        """The page, its claims and the clinic's verdict, in one transaction."""
        with self.db.atomic():
            self._upsert_clinic(clinic, run_id)
            if self._upsert_page(run_id, page):
                self._add_version(run_id, page)
            for claim in claims:
                self._upsert_claim(run_id, page, claim)
            self.refresh_clinic(clinic.id)

    def touch_page(self, run_id: int, url: str, fetched_at: str) -> bool:
        """The stored page is unchanged: it and its claims were seen again. No new rows."""
        with self.db.atomic():
            cursor = self.db.execute(
                "update pages set fetched_at = ?, run_id = ? where url = ?",
                [fetched_at, run_id, url],
            )
            if not cursor.rowcount:
                return False
            self.db.execute(
                "update claim_pages set last_seen = ? where page_url = ?", [fetched_at, url]
            )
            self.db.execute(
                "update claims set last_seen = ?, last_run_id = ? where status = 'active' and id in"
                " (select claim_id from claim_pages where page_url = ?)",
                [fetched_at, run_id, url],
            )
            clinic = self.db.execute("select clinic_id from pages where url = ?", [url]).fetchone()
            self.refresh_clinic(clinic[0])
        return True

    def record_fetch_error(self, run_id: int, error: FetchErrorRecord) -> None:
        with self.db.atomic():
            if error.clinic_id:
                # a clinic with no page stored in this run is reported by its first failure
                self.db.execute(
                    "update clinics set last_status = ?, last_run_id = ? where id = ? and "
                    "(last_run_id is null or last_run_id != ?)",
                    [f"error:{error.kind}", run_id, error.clinic_id, run_id],
                )
            self.db.table("fetch_errors").insert(
                {
                    "run_id": run_id,
                    "clinic_id": error.clinic_id,
                    "url": error.url,
                    "kind": error.kind,
                    "status": error.status,
                    "message": error.message,
                    "at": error.at,
                }
            )

    def refresh_clinic(self, clinic_id: str) -> None:
        """Recompute a clinic's verdict and summary columns from its pages and claims."""
        pages = list(
            self.db.query(
                "select url, flagged, markets_stem_cells from pages where clinic_id = ?",
                [clinic_id],
            )
        )
        flagged_urls = {page["url"] for page in pages if page["flagged"]}
        claims = list(
            self.db.query(
                "select sentence, violations, flagged, page_url, first_seen, last_seen"
                " from claims where clinic_id = ? and status = 'active'",
                [clinic_id],
            )
        )
        flagged_claims = [c for c in claims if c["flagged"] and c["page_url"] in flagged_urls]
        verdict = clinic_verdict(
            flagged_pages=sorted(flagged_urls),
            flagged_claims=[(json.loads(c["violations"]), c["sentence"]) for c in flagged_claims],
            context_sentences=[claim["sentence"] for claim in claims],
        )
        first_seen = min((c["first_seen"] for c in flagged_claims), default=None)
        self.db.table("clinics").update(
            clinic_id,
            {
                "flagged": int(verdict.flagged),
                "severity": verdict.severity,
                "labels": as_json(verdict.labels),
                "trial_ids": as_json(verdict.trial_ids),
                "flagged_sentences": len(flagged_claims),
                "flagged_pages": len(verdict.flagged_pages),
                "pages": len(pages),
                "markets_stem_cells": int(any(page["markets_stem_cells"] for page in pages)),
                "first_seen": first_seen,
                "last_seen": max((c["last_seen"] for c in flagged_claims), default=None),
            },
        )
        if verdict.flagged:
            self.db.execute(
                "update clinics set first_flagged = coalesce(first_flagged, ?) where id = ?",
                [first_seen, clinic_id],
            )

    def _upsert_clinic(self, clinic: ClinicRecord, run_id: int | None) -> None:
        table = self.db.table("clinics")
        in_us = clinic.country.upper() in US_COUNTRY_NAMES
        if clinic.postal_code and clinic.latitude is None and in_us:
            centroid = zip_centroid(clinic.postal_code)
            if centroid:
                clinic.latitude, clinic.longitude, zip_state = centroid
                clinic.state = clinic.state or zip_state
        facts = {
            key: value
            for key, value in {
                "address": clinic.address,
                "city": clinic.city,
                "postal_code": clinic.postal_code,
                "phone": clinic.phone,
                "latitude": clinic.latitude,
                "longitude": clinic.longitude,
            }.items()
            if value not in ("", None)
        }
        existing = table.get(clinic.id) if table.count_where("id = ?", [clinic.id]) else None
        if existing is None:
            table.insert(
                {
                    "id": clinic.id,
                    "name": clinic.name,
                    "url": clinic.url,
                    "state": clinic.state,
                    "added_at": now(),
                    **facts,
                }
            )
        updates = {
            key: value for key, value in facts.items() if existing is None or not existing.get(key)
        }
        if existing is not None and clinic.name and not existing.get("name"):
            updates["name"] = clinic.name
        if clinic.state and (existing is None or not existing.get("state")):
            updates["state"] = clinic.state
        if run_id is not None:
            updates.update({"last_run_id": run_id, "last_crawled": now(), "last_status": "ok"})
        if updates:
            table.update(clinic.id, updates)

    def _upsert_page(self, run_id: int, page: PageRecord) -> bool:
        """Store the latest version of a page; True when its text is new or changed."""
        previous = self.db.execute(
            "select content_hash, first_fetched, changed_at from pages where url = ?", [page.url]
        ).fetchone()
        first_fetched = previous[1] if previous else page.fetched_at
        changed = previous is None or previous[0] != page.content_hash
        self.db.table("pages").upsert(
            {
                "url": page.url,
                "clinic_id": page.clinic_id,
                "fetched_at": page.fetched_at,
                "first_fetched": first_fetched,
                "changed_at": page.fetched_at if changed else previous[2],
                "status": page.status,
                "content_type": page.content_type,
                "encoding": page.encoding,
                "content_hash": page.content_hash,
                "body_sha256": page.body_sha256,
                "bytes": page.bytes,
                "title": page.title,
                "text": page.text,
                "blocks": as_json(page.blocks),
                "markets_stem_cells": int(page.markets_stem_cells),
                "flagged": int(page.flagged),
                "severity": page.severity,
                "labels": as_json(sort_labels(page.labels)),
                "depth": page.depth,
                "referer": page.referer,
                "etag": page.etag,
                "last_modified": page.last_modified,
                "truncated": int(page.truncated),
                "js_suspect": int(page.js_suspect),
                "outlinks": as_json(page.outlinks),
                "run_id": run_id,
                "classifier_version": page.classifier_version,
            },
            pk="url",
        )
        return changed

    def _add_version(self, run_id: int, page: PageRecord) -> None:
        self.db.table("page_versions").insert(
            {
                "url": page.url,
                "clinic_id": page.clinic_id,
                "run_id": run_id,
                "fetched_at": page.fetched_at,
                "content_hash": page.content_hash,
                "body_sha256": page.body_sha256,
                "title": page.title,
                "text": page.text,
                "flagged": int(page.flagged),
                "labels": as_json(sort_labels(page.labels)),
                "warc_file": page.warc_file,
                "warc_offset": page.warc_offset,
                "warc_length": page.warc_length,
            }
        )

    def _upsert_claim(self, run_id: int, page: PageRecord, claim: ClaimRecord) -> None:
        identifier = claim_id(page.clinic_id, claim.sentence)
        previous = self.db.execute(
            "select status from claims where id = ?", [identifier]
        ).fetchone()
        event = "added" if previous is None else "returned" if previous[0] == "removed" else None
        labels = as_json(sort_labels(claim.labels))
        self.db.execute(
            """
            insert into claims (id, clinic_id, page_url, sentence, labels, violations, flagged,
              severity, rules, score, label_scores, highlights, suppressed, block_kind, start,
              "end", first_seen, last_seen, first_run_id, last_run_id, status,
              classifier_version)
            values (:id, :clinic_id, :page_url, :sentence, :labels, :violations, :flagged,
              :severity, :rules, :score, :label_scores, :highlights, :suppressed, :block_kind,
              :start, :end, :seen, :seen, :run_id, :run_id, 'active', :classifier_version)
            on conflict (id) do update set
              page_url = excluded.page_url, sentence = excluded.sentence,
              labels = excluded.labels, violations = excluded.violations,
              flagged = excluded.flagged, severity = excluded.severity, rules = excluded.rules,
              score = excluded.score, label_scores = excluded.label_scores,
              highlights = excluded.highlights, suppressed = excluded.suppressed,
              block_kind = excluded.block_kind, start = excluded.start, "end" = excluded."end",
              last_seen = excluded.last_seen, last_run_id = excluded.last_run_id,
              status = 'active', removed_at = null, removed_run_id = null,
              classifier_version = excluded.classifier_version
            """,
            {
                "id": identifier,
                "clinic_id": page.clinic_id,
                "page_url": page.url,
                "sentence": claim.sentence,
                "labels": labels,
                "violations": as_json(sort_labels(claim.violations)),
                "flagged": int(claim.flagged and page.markets_stem_cells),
                "severity": claim.severity,
                "rules": as_json(claim.rules),
                "score": claim.score,
                "label_scores": as_json(claim.label_scores),
                "highlights": as_json(claim.highlights),
                "suppressed": as_json(claim.suppressed),
                "block_kind": claim.block_kind,
                "start": claim.start,
                "end": claim.end,
                "seen": page.fetched_at,
                "run_id": run_id,
                "classifier_version": page.classifier_version,
            },
        )
        self.db.execute(
            """
            insert into claim_pages (claim_id, page_url, clinic_id, first_seen, last_seen)
            values (?, ?, ?, ?, ?)
            on conflict (claim_id, page_url) do update set last_seen = excluded.last_seen
            """,
            [identifier, page.url, page.clinic_id, page.fetched_at, page.fetched_at],
        )
        if event:
            self.db.table("claim_events").insert(
                {
                    "claim_id": identifier,
                    "clinic_id": page.clinic_id,
                    "run_id": run_id,
                    "event": event,
                    "at": page.fetched_at,
                    "labels": labels,
                    "page_url": page.url,
                }
            )
