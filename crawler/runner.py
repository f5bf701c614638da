"""Run one crawl: open (or resume) a run in the database, drive the Scrapy engine, close the run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from classifiers.classifier import classifier_version
from crawler.report import alert_entries, post_webhook, write_atom
from crawler.spiders.clinic_sites import ClinicSitesSpider
from db.report import run_report
from db.store import ClinicStore

FINISHED = {"finished": "complete", "shutdown": "interrupted"}


def crawl_settings(db_path: Path, allow_private: bool, overrides: dict[str, str]) -> Settings:
    """Project settings, then the command line's, as `scrapy crawl -s` layers them."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("CLINICWATCH_DB", str(db_path), priority="cmdline")
    settings.set("CLINICWATCH_ALLOW_PRIVATE", allow_private, priority="cmdline")
    for key, value in overrides.items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(
    seeds_path: Path,
    db_path: Path,
    clinic_ids: list[str],
    allow_private: bool = False,
    overrides: dict[str, str] | None = None,
    resume_run_id: int | None = None,
) -> dict:
    """Crawl every seed into `db_path`; returns the finished crawl_runs row.

    Pages stored by earlier runs are fetched conditionally (ETag, Last-Modified) and not
    classified again when unchanged; a resumed run does not fetch what it already stored.
    """
    overrides = overrides or {}
    settings = crawl_settings(db_path, allow_private, overrides)
    with tempfile.TemporaryDirectory(prefix="clinicwatch-") as scratch:
        known = Path(scratch) / "known-pages.jsonl"
        store = ClinicStore.open(db_path)
        try:
            if resume_run_id is None:
                run_id = store.start_run(
                    str(seeds_path), len(clinic_ids), dict(overrides), _version(settings)
                )
            else:
                run_id = store.resume_run(resume_run_id)["id"]
            store.export_known_pages(known, clinic_ids, resume_run_id)
        finally:
            store.close()
        settings.set("CLINICWATCH_RUN_ID", run_id, priority="cmdline")
        process = CrawlerProcess(settings, install_root_handler=True)
        crawler = process.create_crawler(ClinicSitesSpider)
        process.crawl(crawler, seeds=str(seeds_path), known=str(known))
        process.start()
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    store = ClinicStore.open(db_path)
    try:
        run = store.finish_run(run_id, FINISHED.get(reason or "", "failed"))
        send_alerts(store.db, run_id, db_path, settings.get("CLINICWATCH_WEBHOOK_URL"))
        return run
    finally:
        store.close()


def alerts_feed(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.stem}-alerts.atom")


def send_alerts(db, run_id: int, db_path: Path, webhook: str | None) -> list[dict]:
    """Claim-level changes of the run to the Atom feed beside the DB, and to the webhook."""
    entries = alert_entries(run_report(db, run_id))
    if entries:
        write_atom(alerts_feed(db_path), entries)
        if webhook:
            post_webhook(webhook, run_id, entries)
    return entries


def _version(settings: Settings) -> str:
    model = settings.get("CLINICWATCH_MODEL")
    return classifier_version(Path(model) if model else None)
