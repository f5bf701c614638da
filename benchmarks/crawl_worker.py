"""One benchmark crawl in its own process (Twisted's reactor starts once per process).

`python -m benchmarks.crawl_worker null|full SEEDS DB` prints JSON: pages, seconds, peak RSS.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor

from crawler.runner import crawl_settings, run_crawl
from crawler.seeds import read_seeds
from crawler.sites import same_site

BENCH_SETTINGS = {  # politeness off, for the benchmark only
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "ROBOTSTXT_OBEY": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
    "LOG_LEVEL": "ERROR",
    "CLINICWATCH_PAGE_BUDGET": "1000",
    "DEPTH_LIMIT": "50",
}


class NullSpider(scrapy.Spider):
    """Follows every same-site link and does nothing else: the engine's own limit."""

    name = "null"

    def __init__(self, seeds: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seeds = read_seeds(Path(seeds))[0]
        self.links = LinkExtractor()

    async def start(self):
        for seed in self.seeds:
            yield scrapy.Request(seed.url, meta={"site": seed.site})

    def parse(self, response):
        for link in self.links.extract_links(response):
            if same_site(link.url, response.meta["site"]):
                yield response.follow(link.url, meta={"site": response.meta["site"]})


def null_crawl(seeds: Path, db: Path) -> int:
    settings = crawl_settings(db, True, BENCH_SETTINGS)
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NullSpider)
    process.crawl(crawler, seeds=str(seeds))
    process.start()
    return crawler.stats.get_value("response_received_count", 0)


def full_crawl(seeds: Path, db: Path) -> int:
    sites = [seed.site for seed in read_seeds(seeds)[0]]
    run = run_crawl(seeds, db, sites, True, dict(BENCH_SETTINGS))
    return run["pages"]


def main() -> None:
    mode, seeds, db = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    started = time.perf_counter()
    pages = {"null": null_crawl, "full": full_crawl}[mode](seeds, db)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"mode": mode, "pages": pages, "seconds": seconds, "peak_rss_mb": peak_kb / 1024}
        )
    )


if __name__ == "__main__":
    main()
