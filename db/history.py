"""Read-side queries of a clinic's history: page versions, claim timeline, a run's changes."""

from __future__ import annotations

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
    """Claim-level changes of one run: new flagged clinics, new labels at a clinic, removals.

    A label is new at a clinic when a flagged claim carries it: a claim word on a page that
    sells nothing is stored, not announced.

    Set-based: a census-sized first run records hundreds of thousands of claim events."""
    newly_flagged = list(
        db.query(
            "select id, name, state, severity, labels from clinics where flagged = 1"
            " and first_flagged >= (select started_at from crawl_runs where id = ?)",
            [run_id],
        )
    )
    marks = ", ".join("?" * len(VIOLATION_LABELS))
    new_labels = list(
        db.query(
            f"""
            with first_of_label as (
              select events.clinic_id, label.value as label, min(events.id) as event_id
              from claim_events as events, json_each(events.labels) as label
              where events.run_id = ? and events.event in ('added', 'returned', 'flagged')
                and events.flagged = 1 and label.value in ({marks})
              group by events.clinic_id, label.value
            )
            select first_of_label.clinic_id, clinics.name, first_of_label.label,
              claims.sentence, events.page_url, events.at
            from first_of_label
              join claim_events as events on events.id = first_of_label.event_id
              join claims on claims.id = events.claim_id
              join clinics on clinics.id = first_of_label.clinic_id
            where not exists (
              select 1 from claim_events as before, json_each(before.labels) as known
              where before.clinic_id = first_of_label.clinic_id and before.run_id < ?
                and before.event in ('added', 'returned', 'flagged') and before.flagged = 1
                and known.value = first_of_label.label
            )
            order by first_of_label.event_id, first_of_label.label
            """,
            [run_id, *VIOLATION_LABELS, run_id],
        )
    )
    removed = list(
        db.query(
            "select claim_events.*, claims.sentence, clinics.name from claim_events"
            " join claims on claims.id = claim_events.claim_id"
            " join clinics on clinics.id = claim_events.clinic_id"
            " where claim_events.run_id = ? and claim_events.event = 'removed'"
            " order by claim_events.id",
            [run_id],
        )
    )
    return {"newly_flagged": newly_flagged, "new_labels": new_labels, "removed": removed}
