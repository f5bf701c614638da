"""A Scrapy process as one worker of a distributed crawl (when CLINICWATCH_REDIS_URL is set).

`DistributedAddon` swaps in scrapy-redis (a shared request queue and dupefilter, requests
leased) and sends items to Redis instead of SQLite. `WorkerExtension` keeps the worker's
heartbeat, requeues the leased requests of workers that stopped beating, and lets the worker
close once the whole crawl has been quiet for CLINICWATCH_IDLE_EXIT seconds.
"""

from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from twisted.internet.task import LoopingCall

from crawler.distributed import RedisCrawl, redis_key, worker_id
from pipelines.archive import ArchivePipeline
from pipelines.redis_items import RedisItemsPipeline
from pipelines.store import StorePipeline

logger = logging.getLogger(__name__)


class DistributedAddon:
    """Nothing without CLINICWATCH_REDIS_URL; with it, the process is a worker."""

    def update_settings(self, settings) -> None:
        url = settings.get("CLINICWATCH_REDIS_URL")
        if not url:
            return
        prefix = settings.get("CLINICWATCH_REDIS_PREFIX")
        wiring = {
            "SCHEDULER": "crawler.redis_scheduler.LeasingScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_PERSIST": True,  # default False: a worker leaving would clear the queue
            "SCHEDULER_QUEUE_KEY": redis_key(prefix, "requests"),
            "SCHEDULER_DUPEFILTER_KEY": redis_key(prefix, "dupefilter"),
            "REDIS_URL": url,
        }
        for name, value in wiring.items():
            settings.set(name, value, priority="addon")
        settings.replace_in_component_priority_dict(
            "ITEM_PIPELINES", StorePipeline, RedisItemsPipeline
        )
        settings.set_in_component_priority_dict("ITEM_PIPELINES", ArchivePipeline, None)
        settings.set_in_component_priority_dict("EXTENSIONS", WorkerExtension, 500)


class WorkerExtension:
    def __init__(self, crawler, crawl: RedisCrawl, ttl: float, idle_exit: float) -> None:
        self.crawler = crawler
        self.crawl = crawl
        self.ttl = ttl
        self.idle_exit = idle_exit
        self.quiet_since: float | None = None
        self.heart = LoopingCall(self.beat)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        extension = cls(
            crawler,
            RedisCrawl.from_settings(settings),
            settings.getfloat("CLINICWATCH_WORKER_TTL"),
            settings.getfloat("CLINICWATCH_IDLE_EXIT"),
        )
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider) -> None:
        logger.info("worker %s joins the crawl at prefix %r", worker_id(), self.crawl.prefix)
        self.heart.start(max(self.ttl / 3, 0.5), now=True)

    def beat(self) -> None:
        """Stay alive in Redis, and requeue what workers that stopped beating held."""
        try:
            self.crawl.beat(worker_id(), self.ttl)
            recovered = self.crawl.recover_dead_workers()
        except RedisError as error:  # a stopped loop would look like a dead worker
            logger.warning("heartbeat failed, trying again: %s", error)
            return
        for worker, count in recovered.items():
            logger.warning("worker %s stopped: %d requests it held are queued again", worker, count)
            self.crawler.stats.inc_value("clinicwatch/requeued_from_dead_workers", count)

    def spider_idle(self, spider) -> None:
        """Close only once nothing is queued or held anywhere, for CLINICWATCH_IDLE_EXIT s.

        This worker is idle, so whatever it still holds is finished (released within a second).
        """
        self.beat()
        if not self.crawl.is_quiet(ignore=worker_id()):
            self.quiet_since = None
            raise DontCloseSpider
        now = time.monotonic()
        self.quiet_since = self.quiet_since or now
        if now - self.quiet_since < self.idle_exit:
            raise DontCloseSpider
        logger.info(
            "the crawl was quiet for %.0f s: worker %s leaves", now - self.quiet_since, worker_id()
        )

    def spider_closed(self, spider, reason) -> None:
        if self.heart.running:
            self.heart.stop()
        requeued = self.crawl.leave(worker_id())
        if requeued:
            logger.info("%d unfinished requests go back to the shared queue", requeued)
