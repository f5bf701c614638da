"""Past one machine: crawler workers share a real Redis queue, one writer fills SQLite.

Every test starts its own redis-server (no persistence) on a free loopback port, serves the
sample sites, and compares the distributed result with a single-process crawl of the same sites.
"""

from __future__ import annotations

import os
import pickle
import re
import signal
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
import redis
from sqlite_utils import Database

from crawler.distributed import RedisCrawl
from crawler.frontier import MemoryFrontier
from crawler.site_server import serve_sites, write_seeds
from db.store import normalize_sentence
from tests.crawl_helpers import run_crawl
from tests.redis_helpers import finish, redis_server, start_ingest, start_worker

# Each worker downloads at most 8 requests at a time: one worker cannot take every site at once.
SHARE = ["-s", "CONCURRENT_REQUESTS=8", "-s", "DOWNLOAD_DELAY=0.05"]
NOT_PAGES = ("/robots.txt",)
WORKER_LINE = re.compile(
    r"finished: (?P<requests>\d+) requests, (?P<items>\d+) items pushed, "
    r"(?P<requeued>\d+) requests of dead workers requeued"
)  # each worker's robots.txt middleware reads it once per site


def host(url_or_site: str) -> str:
    """Sites are served on a new port per test: compare them by address."""
    return url_or_site.split("//")[-1].split(":")[0].split("/")[0]


def address(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}"


def crawl_result(db_path) -> dict:
    """What a crawl found, independent of ports and of which page a claim was seen on last."""
    db = Database(db_path)
    rows = {table: list(db[table].rows) for table in ("clinics", "pages", "fetch_errors")}
    return {
        "clinics": sorted(
            (host(r["id"]), r["name"], r["flagged"], r["severity"], r["labels"], r["pages"],
             r["flagged_pages"], r["last_status"])
            for r in rows["clinics"]
        ),
        "pages": sorted(
            (address(r["url"]), r["status"], r["content_hash"], r["flagged"], r["labels"])
            for r in rows["pages"]
        ),
        # Sentences kept only as set aside (no label) are left out: the classifier's sentence
        # cache makes those depend on which pages one process classified before.
        "claims": sorted(
            (host(r["clinic_id"]), normalize_sentence(r["sentence"]), r["labels"], r["flagged"],
             r["status"])
            for r in db.query("select * from claims where labels != '[]'")
        ),
        "claim_pages": sorted(
            (host(r["clinic_id"]), normalize_sentence(r["sentence"]), address(r["page_url"]))
            for r in db.query(
                "select claims.clinic_id, sentence, claim_pages.page_url from claim_pages"
                " join claims on claims.id = claim_id where labels != '[]'"
            )
        ),
        "fetch_errors": sorted(
            (address(r["url"]), r["kind"], r["status"]) for r in rows["fetch_errors"]
        ),
        "coverage": sorted(
            (host(r["clinic_id"]), r["status"], r["pages_fetched"], r["pages_changed"],
             r["over_budget"], r["trap_skipped"], r["robots_skipped"], r["fetch_errors"],
             r["errors_by_kind"], r["skipped_by_kind"])
            for r in db["coverage"].rows
        ),
        "runs": [
            (r["status"], r["seeds"], r["pages"], r["fetch_errors"], r["new_claims"],
             r["clinics"], r["flagged_clinics"], r["pages_classified"], r["pages_unchanged"])
            for r in db["crawl_runs"].rows
        ],
    }  # fmt: skip


REQUEUED = re.compile(r"stopped: (\d+) requests it held are queued again")


def worker_summary(output: str) -> dict[str, int]:
    """The numbers of a worker's closing line: requests, items pushed, requeued."""
    match = WORKER_LINE.search(output)
    assert match, output
    return {name: int(value) for name, value in match.groupdict().items()}


def page_fetches(log) -> Counter:
    return Counter((host(base), path) for _, base, path in log if path not in NOT_PAGES)


@pytest.fixture(scope="module")
def single_process(tmp_path_factory):
    """The reference: the sample sites crawled by one process."""
    folder = tmp_path_factory.mktemp("single")
    log: list = []
    with serve_sites(request_log=log) as sites:
        seeds = write_seeds(sites, folder / "seeds.csv")
        finished = run_crawl(seeds, folder / "single.db", "--allow-private")
    assert finished.returncode == 0, finished.stderr[-3000:]
    return {"result": crawl_result(folder / "single.db"), "fetches": page_fetches(log)}


def test_two_workers_and_one_writer_crawl_what_one_process_crawls(single_process, tmp_path):
    log: list = []
    with redis_server(tmp_path) as url, serve_sites(request_log=log) as sites:
        seeds = write_seeds(sites, tmp_path / "seeds.csv")
        writer = start_ingest(url, tmp_path / "distributed.db")
        workers = [start_worker(seeds, url, *SHARE) for _ in range(2)]
        outcomes = [finish(worker) for worker in workers]
        written = finish(writer)
        leftovers = redis.Redis.from_url(url).keys("clinicwatch:*")
    for code, _, err in [*outcomes, written]:
        assert code == 0, err[-3000:]
    assert all(worker_summary(out)["requests"] > 0 for _, out, _ in outcomes)  # both did work
    assert sorted(key.decode() for key in leftovers) == ["clinicwatch:known"]
    assert crawl_result(tmp_path / "distributed.db") == single_process["result"]
    fetches = page_fetches(log)
    assert [key for key, count in fetches.items() if count > 1] == []  # no page fetched twice
    assert set(fetches) == set(single_process["fetches"])


def crawl_distributed(seeds, url, db_path) -> None:
    writer, worker = start_ingest(url, db_path), start_worker(seeds, url)
    for code, _, err in (finish(worker), finish(writer)):
        assert code == 0, err[-3000:]


def test_a_distributed_recrawl_of_unchanged_sites_classifies_and_adds_nothing(tmp_path):
    db_path = tmp_path / "distributed.db"
    tables = ("pages", "page_versions", "claims", "claim_events")
    with (
        redis_server(tmp_path) as url,
        serve_sites(only=["copperline-spine-regeneration"]) as sites,
    ):
        seeds = write_seeds(sites, tmp_path / "seeds.csv")
        crawl_distributed(seeds, url, db_path)
        counts = {table: Database(db_path)[table].count for table in tables}
        crawl_distributed(seeds, url, db_path)
    db = Database(db_path)
    first, second = db["crawl_runs"].rows
    assert (second["status"], second["pages_classified"]) == ("complete", 0)
    assert second["pages_unchanged"] == first["pages"] > 5  # asked with If-None-Match: 304
    assert {table: db[table].count for table in tables} == counts


def worker_of(server: redis.Redis, pid: int) -> str | None:
    for member in server.smembers("clinicwatch:workers"):
        if f":{pid}:" in member.decode():
            return member.decode()
    return None


def test_a_worker_killed_mid_crawl_loses_nothing(single_process, tmp_path):
    with redis_server(tmp_path) as url, serve_sites() as sites:
        server = redis.Redis.from_url(url)
        seeds = write_seeds(sites, tmp_path / "seeds.csv")
        writer = start_ingest(url, tmp_path / "distributed.db")
        doomed, survivor = (start_worker(seeds, url, *SHARE) for _ in range(2))
        held: list[bytes] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not held:
            worker = worker_of(server, doomed.pid)
            pushed = server.scard("clinicwatch:emitted")
            leases = server.zrange(f"clinicwatch:leases:{worker}", 0, -1) if worker else []
            if pushed >= 20 and len(leases) >= 2:
                os.kill(doomed.pid, signal.SIGKILL)
                doomed.wait(timeout=30)
                held = server.zrange(f"clinicwatch:leases:{worker}", 0, -1)
            time.sleep(0.05)
        assert len(held) >= 2, "the worker was never caught holding requests"
        restarted = start_worker(seeds, url, *SHARE)
        outcomes = [finish(survivor), finish(restarted)]
        written = finish(writer)
    for code, _, err in [*outcomes, written]:
        assert code == 0, err[-3000:]
    requeued = [int(n) for _, _, err in [*outcomes, written] for n in REQUEUED.findall(err)]
    assert sum(requeued) == len(held)  # by a live worker or the writer, whoever saw it first
    assert crawl_result(tmp_path / "distributed.db") == single_process["result"]
    db = Database(tmp_path / "distributed.db")
    recorded = {
        row["url"] for row in db.query("select url from pages union select url from fetch_errors")
    }
    held_pages = {pickle.loads(data)["url"] for data in held} - {
        f"{site.base_url}/{name}" for site in sites for name in ("robots.txt", "sitemap.xml")
    }
    assert held_pages <= recorded


def test_a_worker_refuses_another_seed_list_while_a_crawl_runs(tmp_path):
    with redis_server(tmp_path) as url:
        server = redis.Redis.from_url(url)
        server.hset("clinicwatch:run", mapping={"seeds_sha": "0" * 64, "state": "seeded"})
        seeds = tmp_path / "seeds.csv"
        seeds.write_text("url\nhttps://clinic.example/\n")
        code, out, err = finish(start_worker(seeds, url), timeout=60)
    assert code == 1
    assert "holds a crawl of another seed list" in err
    assert "Traceback" not in err
    assert out == ""


def test_links_past_the_depth_limit_count_alike_in_redis_and_in_one_process(tmp_path):
    def skipped(frontier):
        frontier.note_too_deep("a.example", "https://a.example/deep")
        frontier.note_too_deep("a.example", "https://a.example/deep")  # linked twice: one page
        frontier.note_too_deep("a.example", "https://a.example/menu")
        frontier.admit("a.example", "https://a.example/menu", "https://a.example/", 60)
        return frontier.skipped()

    with redis_server(tmp_path) as url:
        crawl = RedisCrawl.from_url(url, "depth-test")
        shared = skipped(crawl)
        crawl.end_run()
        leftovers = redis.Redis.from_url(url).keys("depth-test:*")
    assert shared == skipped(MemoryFrontier({})) == {"a.example": {"depth_limit": 1}}
    assert leftovers == []


def test_a_dead_link_gives_its_budget_place_back_alike_in_redis_and_in_one_process(tmp_path):
    def admitted(frontier):
        home = "https://a.example/"
        answers = [frontier.admit("a.example", home + "gone", home, 1)]
        answers.append(frontier.admit("a.example", home + "team", home, 1))
        frontier.give_back("a.example", home + "gone")
        frontier.give_back("a.example", home + "never-admitted")
        answers.append(frontier.admit("a.example", home + "team", home, 1))
        answers.append(frontier.admit("a.example", home + "gone", home, 1))
        answers.append(frontier.admit("a.example", home + "faq", home, 1))
        return answers

    with redis_server(tmp_path) as url:
        crawl = RedisCrawl.from_url(url, "budget-test")
        shared = [answer is not None for answer in admitted(crawl)]
        crawl.end_run()
        leftovers = redis.Redis.from_url(url).keys("budget-test:*")
    alone = admitted(MemoryFrontier({}))
    assert alone == ["admitted", "over_budget", "admitted", "seen", "over_budget"]
    assert shared == [answer != "over_budget" for answer in alone]
    assert leftovers == []
