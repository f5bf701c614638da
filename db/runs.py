"""Crawl runs: their lifecycle, per-clinic coverage, and the claims a complete run no longer finds.

"No claim found" must never read as "compliant" when a site could not be crawled: a clinic's
coverage says how completely it was read, and only a complete crawl of a clinic may mark its
unseen claims removed.
"""

from __future__ import annotations

import json
import os
import socket
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

# Failures that say a page is gone or off limits, not that the crawl of the site fell short.
BENIGN_ERRORS = frozenset(
    {
        "http_404",
        "http_410",
        "soft_404",
        "robots_disallowed",
        "redirected_offsite",
        "skipped_non_text",
        "moved",
    }
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class UnknownRun(LookupError):
    """No crawl run with that id, or one that cannot be resumed."""


class RunLedger:
    """The run-level half of ClinicStore (mixed in; `self.db` is the database)."""

    db: Database

    def start_run(
        self,
        seeds_path: str,
        seeds: int,
        settings: dict,
        classifier_version: str,
        started_at: str | None = None,
    ) -> int:
        """A new run, started now or (a distributed crawl's) when its first worker started."""
        self.mark_interrupted_runs()
        with self.db.atomic():
            table = self.db.table("crawl_runs")
            table.insert(
                {
                    "started_at": started_at or now(),
                    "status": "running",
                    "seeds_path": seeds_path,
                    "seeds": seeds,
                    "classifier_version": classifier_version,
                    "settings": json.dumps(settings, sort_keys=True),
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                }
            )
            return int(table.last_pk)

    def resume_run(self, run_id: int) -> dict:
        """Reopen an interrupted run in this process; its stored pages are kept."""
        self.mark_interrupted_runs()
        rows = list(self.db.query("select * from crawl_runs where id = ?", [run_id]))
        if not rows:
            raise UnknownRun(f"no crawl run {run_id}")
        if rows[0]["status"] not in ("interrupted", "failed"):
            raise UnknownRun(f"run {run_id} is {rows[0]['status']}, not interrupted")
        with self.db.atomic():
            self.db.table("crawl_runs").update(
                run_id,
                {"status": "running", "pid": os.getpid(), "host": socket.gethostname()},
            )
        return dict(self.db.table("crawl_runs").get(run_id))

    def finish_run(self, run_id: int, status: str) -> dict:
        """Close a run with its totals; a complete run marks unseen claims removed."""
        with self.db.atomic():
            if status == "complete":
                self._remove_unseen_claims(run_id)
            totals = self.db.execute(
                """
                select
                  (select count(*) from pages where run_id = :run),
                  (select count(*) from fetch_errors where run_id = :run),
                  (select count(*) from claims where first_run_id = :run and flagged = 1),
                  (select count(*) from coverage where run_id = :run),
                  (select count(*) from clinics where flagged = 1)
                """,
                {"run": run_id},
            ).fetchone()
            self.db.table("crawl_runs").update(
                run_id,
                {
                    "finished_at": now(),
                    "status": status,
                    "pages": totals[0],
                    "fetch_errors": totals[1],
                    "new_claims": totals[2],
                    "clinics": totals[3],
                    "flagged_clinics": totals[4],
                },
            )
        return dict(self.db.table("crawl_runs").get(run_id))

    def get_run(self, run_id: int) -> dict | None:
        try:
            return dict(self.db.table("crawl_runs").get(run_id))
        except NotFoundError:
            return None

    def add_run_counts(self, run_id: int, classified: int, unchanged: int) -> None:
        """Pages this process classified, and pages it found unchanged (a resumed run adds)."""
        with self.db.atomic():
            self.db.execute(
                "update crawl_runs set pages_classified = coalesce(pages_classified, 0) + ?,"
                " pages_unchanged = coalesce(pages_unchanged, 0) + ? where id = ?",
                [classified, unchanged, run_id],
            )

    def batch_ingested(self, run_id: int, digest: str) -> bool:
        """Whether `clinicwatch ingest` committed this batch (its sha256) as the run's last one."""
        row = self.db.execute(
            "select 1 from crawl_runs where id = ? and last_ingested_batch = ?", [run_id, digest]
        ).fetchone()
        return row is not None

    def mark_batch_ingested(self, run_id: int, digest: str) -> None:
        """Called inside the batch's own transaction: the mark commits with the batch or not at
        all, so a writer that dies between committing and acknowledging is not replayed."""
        self.db.execute(
            "update crawl_runs set last_ingested_batch = ? where id = ?", [digest, run_id]
        )

    def mark_interrupted_runs(self) -> list[int]:
        """Runs still 'running' whose process on this host is gone were killed: say so."""
        host = socket.gethostname()
        stale = [
            row["id"]
            for row in self.db.query(
                "select id, pid, host from crawl_runs where status = 'running'"
            )
            if not (row["host"] == host and row["pid"] and _alive(row["pid"]))
        ]
        with self.db.atomic():
            for run_id in stale:
                self.db.table("crawl_runs").update(run_id, {"status": "interrupted"})
        return stale

    def record_run_coverage(
        self,
        run_id: int,
        clinic_ids: Iterable[str],
        skipped: dict[str, dict[str, int]],
        interrupted: bool = False,
    ) -> None:
        """Coverage of every clinic the run stored or skipped pages of."""
        for clinic_id in sorted(set(clinic_ids) | set(skipped)):
            self.record_coverage(run_id, clinic_id, skipped.get(clinic_id, {}), interrupted)

    def record_coverage(
        self, run_id: int, clinic_id: str, skipped: dict[str, int], interrupted: bool = False
    ) -> dict:
        """How completely this run read one clinic: pages, skips, errors by kind, bytes."""
        started = self.db.table("crawl_runs").get(run_id)["started_at"]
        pages = self.db.execute(
            """
            select count(*), coalesce(sum(changed_at >= :started), 0),
              coalesce(sum(js_suspect), 0), coalesce(sum(truncated), 0), coalesce(sum(bytes), 0),
              coalesce(sum(language not in ('', 'en')), 0)
            from pages where run_id = :run and clinic_id = :clinic
            """,
            {"run": run_id, "clinic": clinic_id, "started": started},
        ).fetchone()
        errors = Counter(
            {
                row["kind"]: row["n"]
                for row in self.db.query(
                    "select kind, count(*) as n from fetch_errors"
                    " where run_id = ? and clinic_id = ? group by kind",
                    [run_id, clinic_id],
                )
            }
        )
        previous = self.db.execute(
            "select skipped_by_kind from coverage where run_id = ? and clinic_id = ?",
            [run_id, clinic_id],
        ).fetchone()
        skips = Counter(json.loads(previous[0])) if previous else Counter()
        skips.update(skipped)
        traps = sum(count for kind, count in skips.items() if kind.startswith("trap_"))
        row = {
            "run_id": run_id,
            "clinic_id": clinic_id,
            "status": _coverage_status(
                pages[0], errors, skips, interrupted or bool(pages[3]) or bool(pages[5])
            ),
            "pages_fetched": pages[0],
            "pages_changed": pages[1],
            "pages_unchanged": pages[0] - pages[1],
            "robots_skipped": errors.get("robots_disallowed", 0),
            "over_budget": skips.get("over_budget", 0),
            "trap_skipped": traps,
            "resumed": skips.get("resumed", 0),
            "fetch_errors": sum(errors.values()),
            "errors_by_kind": json.dumps(dict(sorted(errors.items()))),
            "skipped_by_kind": json.dumps(dict(sorted(skips.items()))),
            "js_suspect": pages[2],
            "other_language": pages[5],
            "truncated": pages[3],
            "bytes": pages[4],
        }
        with self.db.atomic():
            self.db.table("coverage").upsert(row, pk=("run_id", "clinic_id"))
        return row

    def export_known_pages(self, path: Path, clinic_ids: list[str], run_id: int | None) -> int:
        """What earlier crawls stored for these clinics, for the spider: conditional-request
        validators, stored links, and (`run_id`) which pages the resumed run already has."""
        count = 0
        with path.open("w", encoding="utf-8") as handle:
            for clinic_id in clinic_ids:
                for record in self.known_pages(clinic_id, run_id):
                    handle.write(json.dumps(record) + "\n")
                    count += 1
        return count

    def known_pages(self, clinic_id: str | None = None, run_id: int | None = None):
        """Known-page records (see export_known_pages) of one clinic, or of every clinic."""
        where, params = ("where clinic_id = ?", [clinic_id]) if clinic_id else ("", [])
        for row in self.db.query(
            f"select url, etag, last_modified, content_hash, outlinks, run_id from pages {where}",
            params,
        ):
            yield {
                "url": row["url"],
                "etag": row["etag"] or "",
                "last_modified": row["last_modified"] or "",
                "content_hash": row["content_hash"] or "",
                "links": json.loads(row["outlinks"] or "[]"),
                "done": run_id is not None and row["run_id"] == run_id,
            }

    def clinics_in_run(self, run_id: int) -> list[str]:
        """Clinics the run stored, saw unchanged, or failed to fetch."""
        return [
            row[0]
            for row in self.db.execute(
                "select clinic_id from pages where run_id = :run union select clinic_id"
                " from fetch_errors where run_id = :run and clinic_id is not null",
                {"run": run_id},
            )
        ]

    def _remove_unseen_claims(self, run_id: int) -> None:
        """Claims of completely crawled clinics that this run did not see again are removed."""
        at = now()
        complete = [
            row["clinic_id"]
            for row in self.db.query(
                "select clinic_id from coverage where run_id = ? and status = 'complete'", [run_id]
            )
        ]
        unseen = "clinic_id = :clinic and status = 'active' and last_run_id < :run"
        for clinic_id in complete:
            values = {"clinic": clinic_id, "run": run_id, "at": at}
            self.db.execute(
                "insert into claim_events (claim_id, clinic_id, run_id, event, at, labels,"
                " page_url, flagged)"
                " select id, clinic_id, :run, 'removed', :at, labels, page_url, flagged"
                f" from claims where {unseen} order by rowid",
                values,
            )
            removed = self.db.execute(
                "update claims set status = 'removed', removed_at = :at, removed_run_id = :run"
                f" where {unseen}",
                values,
            )
            if removed.rowcount:
                self.refresh_clinic(clinic_id)  # type: ignore[attr-defined]


def _coverage_status(pages: int, errors: Counter, skips: Counter, cut_short: bool) -> str:
    """ "partial" when the run stopped, pages failed, the budget ran out, links went past the
    depth limit, a page was cut at the size limit or is in a language the classifier does not
    read: what was not read is not known to be clean. "moved" when the seed redirected to
    another site, which is crawled as a clinic of its own."""
    if pages == 0:
        return "moved" if errors.get("moved") else "unreachable"
    serious = sum(count for kind, count in errors.items() if kind not in BENIGN_ERRORS)
    if cut_short or serious or skips.get("over_budget") or skips.get("depth_limit"):
        return "partial"
    return "complete"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
