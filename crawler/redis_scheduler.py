"""LeasingScheduler: scrapy-redis's scheduler, with a lease on every request a worker pops.

scrapy-redis removes a request from Redis when it hands it to the engine, so a worker killed
while downloading or parsing would lose it. Here the pop moves the request into the worker's
lease set in the same Redis step, and the lease is released only once the engine is done with
the request: its response went through the callback, its items through the pipelines (into
Redis) and its links into the queue. A dead worker's leases are requeued by a live one
(`crawler.worker.WorkerExtension`). Fingerprinting and queueing a request is one step too.
"""

from __future__ import annotations

import logging
import warnings

from redis.exceptions import RedisError
from scrapy import Request
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from crawler.distributed import RedisCrawl, worker_id

RELEASE_INTERVAL = 1.0  # seconds between releases of finished leases
logger = logging.getLogger(__name__)
# scrapy-redis 0.9.1 says "Resuming crawl" through the deprecated Spider.log(): every worker that
# joins a running crawl resumes it, so the deprecation warning would be noise on each of them.
warnings.filterwarnings(
    "ignore", message=r"Spider\.log\(\) is deprecated", category=ScrapyDeprecationWarning
)


class LeasingScheduler(Scheduler):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.crawler = None
        self.crawl: RedisCrawl | None = None
        self.leased: dict[Request, bytes] = {}
        self.releaser = LoopingCall(self.release_finished)

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.crawl = RedisCrawl(
            scheduler.server, crawler.settings.get("CLINICWATCH_REDIS_PREFIX")
        )
        return scheduler

    def open(self, spider):
        super().open(spider)
        self.releaser.start(RELEASE_INTERVAL, now=False)

    def close(self, reason):
        if self.releaser.running:
            self.releaser.stop()
        self.release_finished()
        super().close(reason)  # SCHEDULER_PERSIST: the shared queue stays for the others

    def enqueue_request(self, request: Request) -> bool:
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        data = self.queue._encode_request(request)
        if not self.crawl.enqueue(
            self.queue.key, self.df.key, fingerprint, data, -request.priority
        ):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        data = self.crawl.lease(self.queue.key, worker_id())
        if data is None:
            return None
        request = self.queue._decode_request(data)
        self.leased[request] = data
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def release_finished(self) -> int:
        """Release the leases of requests the engine no longer holds.

        From the pop to the end of its scrape a request is always in the downloader's `active`
        set or the scraper slot's queue or `active` set: the engine moves it between them
        synchronously (read in Scrapy 2.19's engine; the kill test guards it), so a request in
        none of them is finished.
        """
        engine = self.crawler.engine
        busy = set(engine.downloader.active)
        slot = engine.scraper.slot
        if slot is not None:
            busy |= slot.active
            busy.update(request for _, request, _ in slot.queue)
        done = [request for request in self.leased if request not in busy]
        try:
            self.crawl.release(worker_id(), *(self.leased[request] for request in done))
        except RedisError as error:  # kept, and released at the next tick
            logger.warning("could not release finished requests, trying again: %s", error)
            return 0
        for request in done:
            del self.leased[request]
        return len(done)
