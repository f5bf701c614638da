"""Scrapy settings for clinicwatch: only what differs from Scrapy's defaults, and why."""

import os

BOT_NAME = "clinicwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Say who we are and where to complain: clinic sites are small businesses.
CLINICWATCH_CONTACT_URL = os.getenv(
    "CLINICWATCH_CONTACT_URL", "https://github.com/clinicwatch/clinicwatch#crawler"
)
# In the form well-behaved crawlers use (Googlebot's): firewalls that turn away any agent not
# starting "Mozilla/" let it in, and it still names the crawler and its contact page.
USER_AGENT = f"Mozilla/5.0 (compatible; clinicwatch/0.1; +{CLINICWATCH_CONTACT_URL})"
ROBOTSTXT_OBEY = True  # default False: we only read what a site lets crawlers read
ROBOTSTXT_USER_AGENT = "clinicwatch"  # our robots.txt group: "User-agent: clinicwatch"

# Politeness: AutoThrottle adapts to each site; never more than 2 requests at once per site.
DOWNLOAD_DELAY = 1  # default 0
AUTOTHROTTLE_ENABLED = True  # default False
AUTOTHROTTLE_START_DELAY = 1
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS = 32  # default 16: many sites crawl side by side
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # default 8

# Bounds: claims sit within a few clicks of the home page.
DEPTH_LIMIT = 4  # default unlimited
CLINICWATCH_PAGE_BUDGET = 60  # pages per site and run
DOWNLOAD_TIMEOUT = 30  # default 180
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024  # default 1 GiB; bigger responses are cancelled and recorded
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
CLINICWATCH_MAX_PAGE_BYTES = 1024 * 1024  # bigger pages are truncated, and say so
# A server that closes the connection mid-page: keep what came (a browser shows it), marked
# truncated, instead of dropping the page as a data_loss error
DOWNLOAD_FAIL_ON_DATALOSS = False
RETRY_TIMES = 2
# An immediate <meta> refresh is a redirect; a splash page that refreshes after a few seconds is
# read as a page, and its refresh target followed as a link (default: any delay under 100 s)
METAREFRESH_MAXDELAY = 1

COOKIES_ENABLED = False  # no sessions: every visit looks like a first visit
TELNETCONSOLE_ENABLED = False
HTTPCACHE_ENABLED = False
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.PrivateAddressMiddleware": 50,
    "crawler.middlewares.CrawlDelayMiddleware": 150,  # after RobotsTxtMiddleware (100)
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,  # where RetryMiddleware sits
    "crawler.middlewares.OffsiteRedirectMiddleware": 650,  # sees redirects before they are followed
}
TWISTED_DNS_RESOLVER = "crawler.resolver.PublicOnlyResolver"  # refuses private resolutions
CLINICWATCH_RETRY_BACKOFF = 2.0  # seconds before the first retry, doubling after
CLINICWATCH_RETRY_AFTER_MAX = 60.0  # longest Retry-After (429, 503) waited for before a retry
ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.duplicates.DuplicatePagePipeline": 150,
    "pipelines.classify.ClassifyPipeline": 200,
    "pipelines.archive.ArchivePipeline": 250,
    "pipelines.store.StorePipeline": 300,
}

CLINICWATCH_DB = os.getenv("CLINICWATCH_DB", "clinicwatch.db")
CLINICWATCH_ARCHIVE_DIR = ""  # empty: "<db name>-archive" beside the database
CLINICWATCH_WEBHOOK_URL = os.getenv("CLINICWATCH_WEBHOOK_URL", "")  # POSTed each run's alerts
# Pages are committed in batches: at most this many pages, or this many seconds, per
# transaction. A crawl killed mid-batch loses only uncommitted pages, and --resume fetches them.
CLINICWATCH_COMMIT_PAGES = 50
CLINICWATCH_COMMIT_SECONDS = 2.0
CLINICWATCH_ALLOW_PRIVATE = False  # seeds and redirects to private addresses are refused
CLINICWATCH_MODEL = ""  # empty: the model shipped in classifiers/model
CLINICWATCH_RUN_ID = 0  # set by `clinicwatch crawl`; 0 makes the store pipeline open a run

# Past one machine: with a Redis URL the process is one worker of a distributed crawl. The add-on
# then swaps in scrapy-redis (shared queue and dupefilter) and sends items to Redis, where
# `clinicwatch ingest` alone writes them to SQLite. Empty: one process writes SQLite itself.
ADDONS = {"crawler.worker.DistributedAddon": 0}
CLINICWATCH_REDIS_URL = ""
CLINICWATCH_REDIS_PREFIX = "clinicwatch"  # every key of the crawl starts with it
CLINICWATCH_IDLE_EXIT = 60  # seconds the whole crawl must be quiet before a worker exits
CLINICWATCH_WORKER_TTL = 30  # seconds without a heartbeat before a worker's requests are requeued
