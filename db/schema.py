"""ensure_schema(db): every table, index, full-text index and view of clinicwatch.db, idempotent."""

from __future__ import annotations

from sqlite_utils import Database

SCHEMA_VERSION = 3  # 2: claim_events.flagged; 3: pages.published_at, modified_at

TABLES: dict[str, dict] = {
    "crawl_runs": {
        "columns": {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "seeds_path": str,
            "seeds": int,
            "clinics": int,
            "pages": int,
            "fetch_errors": int,
            "new_claims": int,
            "flagged_clinics": int,
            "pages_classified": int,
            "pages_unchanged": int,
            "classifier_version": str,
            "settings": str,
            "pid": int,
            "host": str,
            "last_ingested_batch": str,
        },
        "pk": "id",
        "defaults": {
            "status": "running",
            "pages": 0,
            "fetch_errors": 0,
            "new_claims": 0,
            "pages_classified": 0,
            "pages_unchanged": 0,
        },
    },
    "clinics": {
        "columns": {
            "id": str,
            "name": str,
            "url": str,
            "state": str,
            "flagged": int,
            "severity": int,
            "labels": str,
            "flagged_sentences": int,
            "flagged_pages": int,
            "pages": int,
            "markets_stem_cells": int,
            "trial_ids": str,
            "first_seen": str,
            "last_seen": str,
            "first_flagged": str,
            "address": str,
            "city": str,
            "postal_code": str,
            "phone": str,
            "latitude": float,
            "longitude": float,
            "last_crawled": str,
            "last_run_id": int,
            "last_status": str,
            "added_at": str,
        },
        "pk": "id",
        "defaults": {
            "flagged": 0,
            "severity": 0,
            "labels": "[]",
            "flagged_sentences": 0,
            "flagged_pages": 0,
            "pages": 0,
            "markets_stem_cells": 0,
            "trial_ids": "[]",
        },
    },
    "pages": {
        "columns": {
            "url": str,
            "clinic_id": str,
            "fetched_at": str,
            "first_fetched": str,
            "changed_at": str,
            "status": int,
            "content_type": str,
            "encoding": str,
            "content_hash": str,
            "body_sha256": str,
            "bytes": int,
            "title": str,
            "text": str,
            "blocks": str,
            "markets_stem_cells": int,
            "flagged": int,
            "severity": int,
            "labels": str,
            "depth": int,
            "referer": str,
            "etag": str,
            "last_modified": str,
            "published_at": str,
            "modified_at": str,
            "truncated": int,
            "js_suspect": int,
            "language": str,
            "outlinks": str,
            "run_id": int,
            "classifier_version": str,
        },
        "pk": "url",
        "foreign_keys": [("clinic_id", "clinics", "id")],
        "defaults": {"flagged": 0, "severity": 0, "labels": "[]", "truncated": 0, "js_suspect": 0},
    },
    "claims": {
        "columns": {
            "id": str,
            "clinic_id": str,
            "page_url": str,
            "sentence": str,
            "labels": str,
            "violations": str,
            "flagged": int,
            "severity": int,
            "rules": str,
            "score": float,
            "label_scores": str,
            "highlights": str,
            "suppressed": str,
            "block_kind": str,
            "start": int,
            "end": int,
            "first_seen": str,
            "last_seen": str,
            "first_run_id": int,
            "last_run_id": int,
            "status": str,
            "removed_at": str,
            "removed_run_id": int,
            "classifier_version": str,
        },
        "pk": "id",
        "foreign_keys": [("clinic_id", "clinics", "id"), ("page_url", "pages", "url")],
        "defaults": {"flagged": 0, "severity": 0, "status": "active"},
    },
    "claim_pages": {
        "columns": {
            "claim_id": str,
            "page_url": str,
            "clinic_id": str,
            "first_seen": str,
            "last_seen": str,
        },
        "pk": ("claim_id", "page_url"),
        "foreign_keys": [("claim_id", "claims", "id"), ("page_url", "pages", "url")],
    },
    "page_versions": {
        "columns": {
            "id": int,
            "url": str,
            "clinic_id": str,
            "run_id": int,
            "fetched_at": str,
            "content_hash": str,
            "body_sha256": str,
            "title": str,
            "text": str,
            "flagged": int,
            "labels": str,
            "warc_file": str,
            "warc_offset": int,
            "warc_length": int,
        },
        "pk": "id",
        "foreign_keys": [("url", "pages", "url")],
    },
    "claim_events": {
        "columns": {
            "id": int,
            "claim_id": str,
            "clinic_id": str,
            "run_id": int,
            "event": str,
            "at": str,
            "labels": str,
            "page_url": str,
            "flagged": int,
        },
        "pk": "id",
        "foreign_keys": [("claim_id", "claims", "id")],
    },
    "coverage": {
        "columns": {
            "run_id": int,
            "clinic_id": str,
            "status": str,
            "pages_fetched": int,
            "pages_changed": int,
            "pages_unchanged": int,
            "robots_skipped": int,
            "over_budget": int,
            "trap_skipped": int,
            "resumed": int,
            "fetch_errors": int,
            "errors_by_kind": str,
            "skipped_by_kind": str,
            "js_suspect": int,
            "other_language": int,
            "truncated": int,
            "bytes": int,
        },
        "pk": ("run_id", "clinic_id"),
        "foreign_keys": [("run_id", "crawl_runs", "id"), ("clinic_id", "clinics", "id")],
    },
    "fetch_errors": {
        "columns": {
            "id": int,
            "run_id": int,
            "clinic_id": str,
            "url": str,
            "kind": str,
            "status": int,
            "message": str,
            "at": str,
        },
        "pk": "id",
        "foreign_keys": [("run_id", "crawl_runs", "id")],
    },
}

INDEXES: dict[str, list[list[str]]] = {
    "clinics": [["flagged", "severity"], ["state"]],
    "pages": [["clinic_id"], ["content_hash"], ["run_id", "clinic_id"]],
    "claims": [
        ["clinic_id", "flagged"],
        ["page_url"],
        ["first_seen"],
        ["flagged", "severity"],
        ["flagged", "first_seen"],
    ],
    "claim_pages": [["page_url"], ["clinic_id"]],
    "fetch_errors": [["run_id"], ["clinic_id"], ["kind"]],
    "page_versions": [["url", "fetched_at"], ["clinic_id"], ["run_id"]],
    "claim_events": [["clinic_id", "at"], ["claim_id"], ["run_id"], ["event", "at"]],
    "coverage": [["clinic_id"], ["status"]],
}

# An index that led with claims.status made SQLite read every active claim of the database
# for one clinic's (clinic_id = ? and status = 'active'): a crawl slowed with its own size.
# Removed claims get a partial index, which no query about active claims can pick.
RETIRED_INDEXES = ("idx_claims_status_removed_at",)
PARTIAL_INDEXES = (
    "create index if not exists idx_claims_removed on claims (flagged, removed_at)"
    " where status = 'removed'",
)
# A column added to an existing database, filled from what it already holds
BACKFILLS = {
    ("claim_events", "flagged"): "update claim_events set flagged = coalesce("
    "(select claims.flagged from claims where claims.id = claim_events.claim_id), 0)",
}
FTS: dict[str, list[str]] = {"claims": ["sentence"], "pages": ["title", "text"]}


def _reindex_only_changed_text(db: Database, table: str, columns: list[str]) -> None:
    """sqlite-utils' update trigger re-indexes a row on any update; a re-crawl that only
    moves `last_seen` would re-tokenize every page text. Re-index when indexed text changes."""
    listed = ", ".join(f'"{column}"' for column in columns)
    changed = " or ".join(f'old."{column}" is not new."{column}"' for column in columns)
    old = ", ".join(f'old."{column}"' for column in columns)
    new = ", ".join(f'new."{column}"' for column in columns)
    trigger = f"""CREATE TRIGGER "{table}_au" after update of {listed} on "{table}"
when {changed} begin
  insert into "{table}_fts" ("{table}_fts", rowid, {listed}) values ('delete', old.rowid, {old});
  insert into "{table}_fts" (rowid, {listed}) values (new.rowid, {new});
end"""
    existing = db.execute(
        "select sql from sqlite_master where type = 'trigger' and name = ?", [f"{table}_au"]
    ).fetchone()
    if existing is not None and existing[0] == trigger:
        return  # already there: dropping and creating it again would change the schema
    with db.atomic():
        db.execute(f'drop trigger if exists "{table}_au"')
        db.execute(trigger)


def ensure_schema(db: Database) -> None:
    """Create what is missing; running it again changes nothing."""
    if not db.memory:
        db.enable_wal()
    for name, spec in TABLES.items():
        table = db.table(name)
        if not table.exists():
            table.create(
                spec["columns"],
                pk=spec["pk"],
                foreign_keys=spec.get("foreign_keys"),
                defaults=spec.get("defaults"),
            )
        else:
            missing = {
                column: kind
                for column, kind in spec["columns"].items()
                if column not in table.columns_dict
            }
            for column, kind in missing.items():
                table.add_column(column, kind)
                backfill = BACKFILLS.get((name, column))
                if backfill:
                    db.execute(backfill)
    for name in RETIRED_INDEXES:
        db.execute(f"drop index if exists {name}")
    for name, indexes in INDEXES.items():
        for columns in indexes:
            db.table(name).create_index(columns, if_not_exists=True)
    for statement in PARTIAL_INDEXES:
        db.execute(statement)
    for name, columns in FTS.items():
        if not db.table(f"{name}_fts").exists():
            db.table(name).enable_fts(columns, create_triggers=True, tokenize="porter")
        _reindex_only_changed_text(db, name, columns)
    from db.views import ensure_views  # views read the tables above

    ensure_views(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
