"""ensure_schema(db): every table, index, full-text index and view of clinicwatch.db, idempotent."""

from __future__ import annotations

from sqlite_utils import Database

SCHEMA_VERSION = 1

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
            "classifier_version": str,
            "settings": str,
            "pid": int,
            "host": str,
        },
        "pk": "id",
        "defaults": {"status": "running", "pages": 0, "fetch_errors": 0, "new_claims": 0},
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
            "truncated": int,
            "js_suspect": int,
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
    "pages": [["clinic_id"], ["content_hash"]],
    "claims": [["clinic_id", "flagged"], ["page_url"], ["first_seen"], ["flagged", "severity"]],
    "claim_pages": [["page_url"], ["clinic_id"]],
    "fetch_errors": [["run_id"], ["clinic_id"], ["kind"]],
}

FTS: dict[str, list[str]] = {"claims": ["sentence"], "pages": ["title", "text"]}


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
    for name, indexes in INDEXES.items():
        for columns in indexes:
            db.table(name).create_index(columns, if_not_exists=True)
    for name, columns in FTS.items():
        if not db.table(f"{name}_fts").exists():
            db.table(name).enable_fts(columns, create_triggers=True, tokenize="porter")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
