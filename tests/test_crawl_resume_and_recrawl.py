"""Never lose work: a crawl killed with SIGKILL resumes; an unchanged site costs no new rows."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from urllib.parse import urlsplit

from sqlite_utils import Database

from crawler.site_server import serve_sites, write_seeds
from tests.crawl_helpers import run_crawl

PAGE_PATHS_EXCLUDED = ("/robots.txt", "/sitemap.xml")


def request_key(url: str) -> tuple[str, str]:
    """(base URL, path and query) as the site server logs a request."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{parts.scheme}://{parts.netloc}", target


def page_requests(log) -> Counter:
    return Counter((base, path) for _, base, path in log if path not in PAGE_PATHS_EXCLUDED)


def stored_pages(db_path) -> int:
    """Pages committed so far (0 while the crawl is still creating the database)."""
    try:
        with sqlite3.connect(db_path) as connection:
            return connection.execute("select count(*) from pages").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_a_killed_crawl_keeps_its_pages_and_resumes_without_refetching(tmp_path):
    db_path = tmp_path / "killed.db"
    log: list = []
    with serve_sites(request_log=log) as sites:
        seeds = write_seeds(sites, tmp_path / "seeds.csv")
        slow = ["-s", "DOWNLOAD_DELAY=0.2", "-s", "AUTOTHROTTLE_ENABLED=False"]
        command = [sys.executable, "-m", "crawler", "crawl", str(seeds), "--db", str(db_path),
                   "--allow-private", *slow, "-s", "LOG_LEVEL=WARNING"]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (not db_path.exists() or stored_pages(db_path) < 20):
            time.sleep(0.2)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        before = stored_pages(db_path)
        assert 20 <= before < 90
        with sqlite3.connect(db_path) as connection:
            assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
        first_requests = page_requests(log)
        with sqlite3.connect(db_path) as connection:
            stored_by_first = {
                request_key(url) for (url,) in connection.execute("select url from pages")
            }

        resumed = run_crawl(seeds, db_path, "--allow-private", "--resume", "1")
        assert resumed.returncode == 0, resumed.stderr[-3000:]

    db = Database(db_path)
    run = db["crawl_runs"].get(1)
    assert run["status"] == "complete"
    assert db["crawl_runs"].count == 1
    assert db["pages"].count >= 90
    refetched = [
        key for key, count in page_requests(log).items()
        if key in first_requests and count > first_requests[key] and key in stored_by_first
    ]  # fmt: skip
    assert refetched == [], [(t, b, p) for t, b, p in log if (b, p) in refetched]


def test_recrawling_an_unchanged_site_adds_no_rows_and_classifies_nothing(tmp_path):
    db_path = tmp_path / "recrawl.db"
    with serve_sites(only=["copperline-spine-regeneration", "riverbend-university-spine"]) as sites:
        seeds = write_seeds(sites, tmp_path / "seeds.csv")
        first = run_crawl(seeds, db_path, "--allow-private")
        assert first.returncode == 0, first.stderr[-3000:]
        db = Database(db_path)
        counts = {
            table: db[table].count for table in ("pages", "page_versions", "claims", "claim_events")
        }
        flagged_before = [row["id"] for row in db.query("select id from clinics where flagged = 1")]
        second = run_crawl(seeds, db_path, "--allow-private")
        assert second.returncode == 0, second.stderr[-3000:]
    db = Database(db_path)
    assert {table: db[table].count for table in counts} == counts
    run = db["crawl_runs"].get(2)
    assert run["status"] == "complete"
    assert run["pages_classified"] == 0
    assert run["pages_unchanged"] == counts["pages"]
    assert [
        row["id"] for row in db.query("select id from clinics where flagged = 1")
    ] == flagged_before
    claims = list(db.query("select last_run_id, status from claims"))
    assert {(row["last_run_id"], row["status"]) for row in claims} == {(2, "active")}
