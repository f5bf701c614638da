"""`clinicwatch schedule`: crawl a seed list on a cron schedule, one run at a time.

APScheduler fires the runs. Each run is `clinicwatch crawl` (so `run_crawl`: conditional
requests, unchanged pages neither classified again nor stored again) in a child process, since
Twisted's reactor starts once per process. A lock beside the database keeps a run still going
when the next is due, a second scheduler or a cron `--once` from starting a second crawl of the
same database. After each run its Markdown report is written beside the database.
"""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from crawler.report import render_markdown
from crawler.run_lock import LockHeld, RunLock, lock_path
from db.history import latest_run
from db.report import run_report
from db.store import ClinicStore

LOCKED = os.EX_TEMPFAIL  # 75: try again later
WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
logger = logging.getLogger(__name__)


def reports_dir(db_path: Path) -> Path:
    """Run reports beside the database: `clinicwatch.db` -> `clinicwatch-reports/`."""
    return db_path.with_name(f"{db_path.stem}-reports")


@dataclass
class ScheduledCrawl:
    seeds: Path
    db_path: Path
    crawl_options: tuple[str, ...] = ()  # passed on to `clinicwatch crawl`

    def run_once(self) -> int:
        """One crawl under the lock, then its report; the crawl's exit status (LOCKED if a
        crawl of the database is still going)."""
        lock = RunLock(lock_path(self.db_path))
        try:
            stale = lock.acquire()
        except LockHeld as held:
            logger.warning("run skipped: %s", held)
            return LOCKED
        try:
            if stale:
                logger.warning("stale lock of a crashed run released (%s)", stale)
            return self._crawl(lock)
        finally:
            lock.release()

    def _crawl(self, lock: RunLock) -> int:
        before = self._latest_run()
        command = [sys.executable, "-m", "crawler", "crawl", str(self.seeds),
                   "--db", str(self.db_path), *self.crawl_options]  # fmt: skip
        logger.info("run starting: %s", shlex.join(command))
        started = time.monotonic()
        child = subprocess.Popen(command, pass_fds=(lock.fd,))  # the crawl holds the lock too
        lock.note(crawl_pid=child.pid)
        status = child.wait()
        run_id = self._latest_run()
        if run_id is None or run_id == before:
            logger.error("run failed before it started (exit status %d)", status)
            return status or 1
        report = self._write_report(run_id)
        logger.info(
            "run %d finished in %.0f s (exit status %d); report %s",
            run_id, time.monotonic() - started, status, report,
        )  # fmt: skip
        return status

    def _latest_run(self) -> int | None:
        if not self.db_path.exists():
            return None
        store = ClinicStore.open(self.db_path)
        try:
            return latest_run(store.db)
        finally:
            store.close()

    def _write_report(self, run_id: int) -> Path:
        store = ClinicStore.open(self.db_path)
        try:
            text = render_markdown(run_report(store.db, run_id))
        finally:
            store.close()
        target = reports_dir(self.db_path) / f"run-{run_id:06d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target


def crontab_trigger(cron: str) -> CronTrigger:
    """A trigger for a crontab expression, weekdays numbered as cron numbers them.

    APScheduler 3's own `from_crontab` reads weekday 0 as Monday (cron: Sunday), so
    "0 3 * * 1" would fire on Tuesdays: numeric weekdays are turned into names first.
    """
    fields = cron.split()
    if len(fields) != 5:
        raise ValueError(f"a crontab expression has 5 fields, got {len(fields)}: {cron!r}")
    minute, hour, day, month, weekdays = fields
    return CronTrigger(
        minute=minute, hour=hour, day=day, month=month, day_of_week=weekday_names(weekdays)
    )


def weekday_names(field: str) -> str:
    """Cron's numeric weekdays (0 or 7 Sunday, 1 Monday … 6 Saturday) as day names."""
    if field == "*" or any(char.isalpha() for char in field):
        return field  # names ("mon-fri"): APScheduler reads them as cron does
    days: set[int] = set()
    for part in field.split(","):
        span, _, step = part.partition("/")
        if span == "*":
            first, last = 0, 6
        else:
            first_text, _, last_text = span.partition("-")
            first = int(first_text)
            last = int(last_text) if last_text else (6 if step else first)
        if not 0 <= first <= last <= 7:
            raise ValueError(f"bad weekday {part!r} in {field!r} (0-7, 0 and 7 are Sunday)")
        days.update(day % 7 for day in range(first, last + 1, int(step or 1)))
    return ",".join(WEEKDAYS[day] for day in sorted(days))


def next_run(cron: str) -> datetime:
    trigger = crontab_trigger(cron)
    return trigger.get_next_fire_time(None, datetime.now(trigger.timezone))


def build_scheduler(job: ScheduledCrawl, cron: str) -> BlockingScheduler:
    """A foreground scheduler firing `job` on a crontab expression (local time).

    A run still going when the next is due is not started twice (max_instances=1), and runs
    missed while the machine slept collapse into one (coalesce).
    """
    scheduler = BlockingScheduler()
    scheduler.add_job(
        job.run_once,
        crontab_trigger(cron),
        id="crawl",
        name=f"crawl {job.seeds} into {job.db_path}",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
    )
    return scheduler
