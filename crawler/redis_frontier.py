"""RedisFrontier: the crawl frontier every worker of a distributed crawl shares through Redis.

Same answers as `MemoryFrontier`, but one page budget per site for all workers, skip counts
summed over them, and what the database knows of stored pages read from the writer's copy. A
link admitted by a page stays admitted for that page, so a request run again after its worker
died yields its links again (the shared dupefilter drops those already queued).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path

from scrapy.exceptions import CloseSpider
from scrapy.settings import SETTINGS_PRIORITIES

from classifiers.classifier import classifier_version
from crawler.distributed import RedisCrawl, worker_id
from crawler.frontier import ADMITTED, OVER_BUDGET, SEEN
from db.runs import now
from pipelines.archive import sha256_file

MAX_REMEMBERED = 200_000  # URLs whose admitting page is kept here (~50 MB at most)
DELAY_RECHECK = 10.0  # seconds a Crawl-delay read from Redis is trusted
logger = logging.getLogger(__name__)


class RedisFrontier:
    def __init__(self, crawl: RedisCrawl, crawler, run: dict[str, str], ttl: float) -> None:
        self.crawl = crawl
        self.crawler = crawler
        self.run = run
        self.ttl = ttl
        self.owners: dict[tuple[str, str], str] = {}  # (site, url) -> the page admitting it
        self.delays: dict[str, tuple[float | None, float]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        command_line = {
            name: str(settings[name])
            for name in settings
            if settings.getpriority(name) == SETTINGS_PRIORITIES["cmdline"]
            and not name.startswith("CLINICWATCH_REDIS")
        }
        model = settings.get("CLINICWATCH_MODEL")
        run = {
            "settings": json.dumps(command_line, sort_keys=True),
            "classifier_version": classifier_version(Path(model) if model else None),
        }
        ttl = settings.getfloat("CLINICWATCH_WORKER_TTL")
        return cls(RedisCrawl.from_settings(settings), crawler, run, ttl)

    async def claim_seeding(self, seeds_path: str, seeds: int) -> bool:
        """Join the run of this seed list; True for the one worker that seeds it.

        Another worker's seeding is waited for; if that worker dies first, this one takes over.
        """
        digest = sha256_file(Path(seeds_path))
        run = {**self.run, "seeds_path": seeds_path, "seeds": str(seeds), "started_at": now()}
        while True:
            self.crawl.beat(worker_id(), self.ttl)
            verdict = self.crawl.join_run(worker_id(), digest, run)
            if verdict == "seed":
                logger.info("worker %s seeds the shared queue from %s", worker_id(), seeds_path)
                return True
            if verdict == "seeded":
                return False
            if verdict == "other":
                raise CloseSpider("another_seed_list")
            await asyncio.sleep(1)

    async def seeding_done(self) -> None:
        """Mark the run seeded once the seed rows' items are in Redis too, not before."""
        slot = self.crawler.engine.scraper.slot
        while slot is not None and slot.itemproc_size:
            await asyncio.sleep(0.1)
        self.crawl.mark_seeded(worker_id())

    def admit(self, site: str, url: str, parent: str, budget: int) -> str:
        """As MemoryFrontier.admit; what Redis said of a URL is kept, sparing a round trip for
        the links every page of a site repeats (menus, footers)."""
        owner = self.owners.get((site, url))
        if owner is None:
            owner = self.crawl.admit(site, url, parent, budget)
            if owner is None:
                return OVER_BUDGET
            if len(self.owners) >= MAX_REMEMBERED:
                self.owners.clear()
            self.owners[(site, url)] = owner
        return ADMITTED if owner == parent else SEEN

    def give_back(self, site: str, url: str) -> None:
        self.crawl.give_back(site, url)

    def count_skip(self, site: str, kind: str, parent: str, url: str) -> None:
        self.crawl.count_skip(site, kind, parent, url)

    def note_too_deep(self, site: str, url: str) -> None:
        self.crawl.note_too_deep(site, url)

    def skipped(self) -> dict[str, dict[str, int]]:
        return self.crawl.skipped()

    def first_url_with_text(self, site: str, content_hash: str, url: str) -> str:
        return self.crawl.first_url_with_text(site, content_hash, url)

    def known_page(self, url: str) -> dict:
        record = self.crawl.known_page(url)
        return json.loads(record) if record else {}

    def crawl_delay(self, site: str) -> float | None:
        """A site's Crawl-delay, asked of Redis at most every DELAY_RECHECK seconds."""
        delay, checked = self.delays.get(site, (None, float("-inf")))
        if time.monotonic() - checked > DELAY_RECHECK:
            delay = self.crawl.crawl_delay(site)
            self.delays[site] = (delay, time.monotonic())
        return delay

    def set_crawl_delay(self, site: str, delay: float) -> None:
        self.crawl.set_crawl_delay(site, delay)
        self.delays[site] = (delay, time.monotonic())
