"""RedisItemsPipeline: a worker's items go to Redis as JSON, for `clinicwatch ingest` to store."""

from __future__ import annotations

from scrapy_redis.pipelines import RedisPipeline
from twisted.internet.threads import deferToThread

from crawler.distributed import RedisCrawl
from crawler.item_json import encode_item

PUSHED_STAT = "clinicwatch/items_pushed"


class RedisItemsPipeline(RedisPipeline):
    """scrapy-redis's item pipeline with our JSON (crawler.item_json), pushing each item key at
    most once a run: a request run again after its worker died pushes nothing twice."""

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = super().from_crawler(crawler)
        pipeline.crawl = RedisCrawl(
            pipeline.server, crawler.settings.get("CLINICWATCH_REDIS_PREFIX")
        )
        pipeline.stats = crawler.stats
        return pipeline

    def process_item(self, item):
        pushed = deferToThread(self._push, item)
        pushed.addCallback(self._count, item)
        return pushed

    def _push(self, item) -> bool:
        encoded = encode_item(item)
        return encoded is not None and self.crawl.push_item(*encoded)

    def _count(self, pushed: bool, item):
        if pushed:
            self.stats.inc_value(PUSHED_STAT)
        return item
