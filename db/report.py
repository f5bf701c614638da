"""What a crawl run found, as plain data for `clinicwatch report` and the run's alerts."""

from __future__ import annotations

import json

from sqlite_utils import Database

from db.history import run_changes


def run_report(db: Database, run_id: int) -> dict:
    run = dict(db["crawl_runs"].get(run_id))
    coverage = list(
        db.query(
            "select coverage.*, clinics.name, clinics.state, clinics.flagged, clinics.severity"
            " from coverage join clinics on clinics.id = coverage.clinic_id"
            " where run_id = ? order by coverage.status desc, clinics.name",
            [run_id],
        )
    )
    for row in coverage:
        row["errors_by_kind"] = json.loads(row["errors_by_kind"] or "{}")
        row["skipped_by_kind"] = json.loads(row["skipped_by_kind"] or "{}")
    new_flags = list(
        db.query(
            "select claims.clinic_id, clinics.name, count(*) as sentences,"
            " count(distinct claims.page_url) as pages from claims"
            " join clinics on clinics.id = claims.clinic_id"
            " where claims.first_run_id = ? and claims.flagged = 1"
            " group by claims.clinic_id order by sentences desc, claims.clinic_id",
            [run_id],
        )
    )
    labels_by_state = list(
        db.query(
            "select coalesce(nullif(clinics.state, ''), '?') as state, value as label,"
            " count(distinct clinics.id) as clinics from clinics, json_each(clinics.labels)"
            " where clinics.flagged = 1 group by 1, 2 order by 1, 3 desc"
        )
    )
    statuses = {row["status"]: 0 for row in coverage}
    for row in coverage:
        statuses[row["status"]] += 1
    return {
        "run": run,
        "clinics_by_status": statuses,
        "coverage": coverage,
        "new_flags_by_clinic": new_flags,
        "labels_by_state": labels_by_state,
        **run_changes(db, run_id),
    }
