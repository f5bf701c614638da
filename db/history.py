"""Read-side queries of a clinic's history: page versions, claim timeline, a run's changes."""

from __future__ import annotations

import json

from sqlite_utils import Database

from classifiers.taxonomy import VIOLATION_LABELS


def latest_run(db: Database) -> int | None:
    row = db.execute("select max(id) from crawl_runs").fetchone()
    return row[0] if row and row[0] is not None else None


def page_versions(db: Database, url: str) -> list[dict]:
    return list(
        db.query(
            "select id, url, run_id, fetched_at, content_hash, body_sha256, flagged, labels,"
            " warc_file, warc_offset, warc_length, text from page_versions where url = ?"
            " order by fetched_at, id",
            [url],
        )
    )


def archived_versions(db: Database, clinic_id: str | None = None) -> list[dict]:
    where = "where warc_file != ''" + (" and clinic_id = ?" if clinic_id else "")
    return list(
        db.query(
            "select id, url, clinic_id, run_id, fetched_at, content_hash, body_sha256, warc_file,"
            f" warc_offset, warc_length from page_versions {where} order by id",
            [clinic_id] if clinic_id else [],
        )
    )


def flagged_evidence(db: Database, clinic_id: str) -> list[dict]:
    """Every flagged sentence of one clinic with its page, fetch time, hash and archived copy."""
    return list(
        db.query(
            """
            select claims.id, claims.sentence, claims.labels, claims.violations, claims.rules,
              claims.score, claims.page_url, claims.first_seen, claims.last_seen,
              claims.classifier_version, pages.fetched_at, pages.content_hash, pages.body_sha256,
              (select id from page_versions v where v.url = claims.page_url
                 and v.content_hash = pages.content_hash order by v.id desc limit 1) as version_id
            from claims join pages on pages.url = claims.page_url
            where claims.clinic_id = ? and claims.flagged = 1 and claims.status = 'active'
            order by claims.severity desc, claims.page_url, claims.start
            """,
            [clinic_id],
        )
    )


def run_changes(db: Database, run_id: int) -> dict:
    """Claim-level changes of one run: new flagged clinics, new labels at a clinic, removals."""
    newly_flagged = list(
        db.query(
            "select id, name, state, severity, labels from clinics where flagged = 1"
            " and first_flagged >= (select started_at from crawl_runs where id = ?)",
            [run_id],
        )
    )
    events = list(
        db.query(
            "select claim_events.*, claims.sentence, clinics.name from claim_events"
            " join claims on claims.id = claim_events.claim_id"
            " join clinics on clinics.id = claim_events.clinic_id"
            " where claim_events.run_id = ? order by claim_events.id",
            [run_id],
        )
    )
    new_labels = []
    for event in events:
        violations = set(json.loads(event["labels"])) & set(VIOLATION_LABELS)
        if event["event"] not in ("added", "returned") or not violations:
            continue
        known = _labels_before(db, event["clinic_id"], run_id)
        for label in sorted(violations - known):
            if (event["clinic_id"], label) not in {
                (x["clinic_id"], x["label"]) for x in new_labels
            }:
                new_labels.append({"clinic_id": event["clinic_id"], "name": event["name"],
                                   "label": label, "sentence": event["sentence"],
                                   "page_url": event["page_url"], "at": event["at"]})  # fmt: skip
    removed = [event for event in events if event["event"] == "removed"]
    return {"newly_flagged": newly_flagged, "new_labels": new_labels, "removed": removed}


def _labels_before(db: Database, clinic_id: str, run_id: int) -> set[str]:
    rows = db.execute(
        "select labels from claim_events where clinic_id = ? and run_id < ?"
        " and event in ('added', 'returned')",
        [clinic_id, run_id],
    ).fetchall()
    return {label for (labels,) in rows for label in json.loads(labels)}
