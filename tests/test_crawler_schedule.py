"""Scheduled crawls: cron weekdays as cron means them, one run at a time, stale locks, --once."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import datetime

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from crawler.cli import cli
from crawler.run_lock import LockHeld, RunLock, lock_path
from crawler.schedule import LOCKED, ScheduledCrawl, build_scheduler, crontab_trigger
from crawler.site_server import serve_sites, write_seeds
from tests.crawl_helpers import FAST

HOLD_LOCK = """
import sys, time
from pathlib import Path
from crawler.run_lock import RunLock
RunLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize(
    ("weekday", "expected"),
    [("1", "Monday"), ("0", "Sunday"), ("7", "Sunday"), ("sat", "Saturday")],
)
def test_cron_weekdays_mean_what_they_mean_in_a_crontab(weekday, expected):
    trigger = crontab_trigger(f"0 3 * * {weekday}")
    fire = trigger.get_next_fire_time(None, datetime(2026, 11, 26, tzinfo=trigger.timezone))
    assert (fire.strftime("%A"), fire.hour, fire.minute) == (expected, 3, 0)


def test_the_scheduler_never_runs_two_crawls_at_once(tmp_path):
    scheduler = build_scheduler(ScheduledCrawl(tmp_path / "s.csv", tmp_path / "c.db"), "0 3 * * 1")
    (job,) = scheduler.get_jobs()
    assert (job.max_instances, job.coalesce) == (1, True)


def test_a_lock_left_by_a_crashed_run_is_taken_over(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    path = lock_path(tmp_path / "clinicwatch.db")
    path.write_text(json.dumps({"host": socket.gethostname(), "pid": int(dead.stdout)}))
    lock = RunLock(path)
    stale = lock.acquire()
    try:
        assert stale["pid"] == int(dead.stdout)
        assert json.loads(path.read_text())["pid"] == os.getpid()
    finally:
        lock.release()


@pytest.fixture
def held_lock(tmp_path):
    """Another live process holding the crawl lock of tmp_path/clinicwatch.db."""
    path = lock_path(tmp_path / "clinicwatch.db")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    yield holder
    holder.kill()
    holder.wait()


def test_a_run_is_refused_while_another_holds_the_lock(tmp_path, held_lock):
    with pytest.raises(LockHeld, match=f"pid {held_lock.pid}"):
        RunLock(lock_path(tmp_path / "clinicwatch.db")).acquire()
    seeds = tmp_path / "seeds.csv"
    seeds.write_text("url\nhttps://clinic.example/\n")
    db = tmp_path / "clinicwatch.db"
    result = CliRunner().invoke(cli, ["schedule", str(seeds), "--db", str(db), "--once"])
    assert result.exit_code == LOCKED
    assert not db.exists()  # no crawl started


def test_the_lock_is_free_again_once_its_holder_died(tmp_path, held_lock):
    held_lock.kill()
    held_lock.wait()
    lock = RunLock(lock_path(tmp_path / "clinicwatch.db"))
    assert lock.acquire()["pid"] == held_lock.pid
    lock.release()


def test_a_bad_cron_expression_is_one_clear_line(tmp_path):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text("url\nhttps://clinic.example/\n")
    db = str(tmp_path / "c.db")
    result = CliRunner().invoke(cli, ["schedule", str(seeds), "--db", db, "--cron", "0 3 * *"])
    assert result.exit_code == 2
    assert "5 fields" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["schedule", str(seeds), "--db", db])
    assert result.exit_code == 2
    assert "--once" in result.output


def schedule_once(seeds, db) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "crawler", "schedule", str(seeds), "--db", str(db), "--once",
               "--allow-private", *FAST]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_once_crawls_incrementally_and_writes_each_report(tmp_path):
    db_path = tmp_path / "clinicwatch.db"
    with serve_sites(only=["copperline-spine-regeneration", "riverbend-university-spine"]) as sites:
        seeds = write_seeds(sites, tmp_path / "seeds.csv")
        first = schedule_once(seeds, db_path)
        second = schedule_once(seeds, db_path)
    for finished in (first, second):
        assert finished.returncode == 0, finished.stderr[-3000:]
    assert "run 1 finished" in first.stderr
    db = Database(db_path)
    runs = list(db["crawl_runs"].rows)
    assert [run["status"] for run in runs] == ["complete", "complete"]
    assert runs[1]["pages_classified"] == 0
    assert runs[1]["pages_unchanged"] == runs[0]["pages"]
    reports = sorted((tmp_path / "clinicwatch-reports").iterdir())
    assert [path.name for path in reports] == ["run-000001.md", "run-000002.md"]
    assert reports[1].read_text().startswith("# clinicwatch run 2 (complete)")
    lock = RunLock(lock_path(db_path))
    assert lock.acquire() == {}  # released cleanly: nothing stale left behind
    lock.release()
