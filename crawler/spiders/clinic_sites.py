"""ClinicSitesSpider: crawl each seed's site within its own host[:port], treatment pages first."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotConfigured,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from crawler.addresses import PrivateAddressError, check_host
from crawler.items import ClinicInfo, FetchErrorItem, PageItem
from crawler.seeds import read_seeds
from crawler.sites import same_site, site_key

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
PRIORITY_WORDS = re.compile(
    r"stem|regenerat|cell|spine|spinal|back|disc|disk|neck|sciatic|faq|question|pric|cost|"
    r"condition|treat|therap|procedure|exosome|amniotic|umbilical|wharton|prp|bmac|marrow|"
    r"adipose|svf|injection|testimonial|result|about|fda",
    re.IGNORECASE,
)
MAX_SITEMAP_URLS = 2_000
FAILURE_KINDS = (
    ("dns", (CannotResolveHostError, DNSLookupError)),
    ("timeout", (DownloadTimeoutError, TimeoutError, TCPTimedOutError)),
    ("connection_refused", (DownloadConnectionRefusedError, ConnectionRefusedError)),
    ("too_large", (DownloadCancelledError,)),
    ("data_loss", (ResponseDataLossError,)),
    ("download_failed", (DownloadFailedError,)),
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ClinicSitesSpider(scrapy.Spider):
    """One site per clinic; pages go to the item pipelines, failures are yielded as data."""

    name = "clinic_sites"

    def __init__(self, seeds: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not seeds:
            raise NotConfigured("clinic_sites needs a seed list: -a seeds=SEEDS.csv")
        self.seeds_path = Path(seeds)
        self.link_extractor = LinkExtractor(unique=True)
        self.scheduled: dict[str, set[str]] = defaultdict(set)
        self.counts: dict[str, Counter] = defaultdict(Counter)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.page_budget = settings.getint("CLINICWATCH_PAGE_BUDGET")
        spider.allow_private = settings.getbool("CLINICWATCH_ALLOW_PRIVATE")
        return spider

    async def start(self) -> AsyncIterator[Any]:
        seeds, problems = read_seeds(self.seeds_path)
        for problem in problems:
            self.logger.warning("seed row %s skipped: %s", problem.row, problem.reason)
            yield FetchErrorItem(
                url=problem.value,
                clinic=ClinicInfo(site="", url=problem.value),
                kind="bad_seed",
                message=f"row {problem.row}: {problem.reason}",
                at=now(),
            )
        for seed in seeds:
            clinic = ClinicInfo(site=seed.site, url=seed.url, name=seed.name, state=seed.state)
            refusal = self._refusal(seed.url)
            if refusal:
                yield FetchErrorItem(seed.url, clinic, "refused_private", refusal, now())
                continue
            yield self._page_request(seed.url, clinic, priority=100)
            origin = f"{urlsplit(seed.url).scheme}://{urlsplit(seed.url).netloc}"
            for path, callback in (
                ("/robots.txt", self.parse_robots),
                ("/sitemap.xml", self.parse_sitemap),
            ):
                yield scrapy.Request(
                    origin + path,
                    callback=callback,
                    errback=self.on_optional_error,
                    meta={"clinic": clinic, "dont_obey_robotstxt": path == "/robots.txt"},
                    priority=90,
                )

    def _refusal(self, url: str) -> str | None:
        if self.allow_private:
            return None
        try:
            check_host(urlsplit(url).hostname or "")
        except PrivateAddressError as error:
            return f"{error} (use --allow-private to crawl it)"
        return None

    def _page_request(
        self, url: str, clinic: ClinicInfo, priority: int = 0, meta: dict | None = None
    ) -> scrapy.Request | None:
        url = url.split("#", 1)[0]
        seen = self.scheduled[clinic.site]
        if url in seen:
            return None
        if len(seen) >= self.page_budget:
            self.counts[clinic.site]["over_budget"] += 1
            return None
        seen.add(url)
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.on_error,
            meta={"clinic": clinic, **(meta or {})},
            priority=priority,
        )

    def parse_page(self, response: Response) -> Iterator[Any]:
        clinic: ClinicInfo = response.meta["clinic"]
        if not same_site(response.url, clinic.site):
            yield FetchErrorItem(
                response.request.url if response.request else response.url,
                clinic,
                "redirected_offsite",
                f"redirected to {response.url}, another site",
                now(),
                response.status,
            )
            return
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or not content_type.startswith(TEXT_TYPES):
            yield FetchErrorItem(
                response.url,
                clinic,
                "skipped_non_text",
                content_type or "no content type",
                now(),
                response.status,
            )
            return
        yield PageItem(
            url=response.url,
            clinic=clinic,
            status=response.status,
            body=response.body,
            fetched_at=now(),
            content_type=content_type,
            declared_encoding=response.encoding,
            etag=response.headers.get("ETag", b"").decode("latin-1"),
            last_modified=response.headers.get("Last-Modified", b"").decode("latin-1"),
            depth=response.meta.get("depth", 0),
            referer=(response.request.headers.get("Referer", b"") or b"").decode("latin-1")
            if response.request
            else "",
        )
        yield from self._follow_links(response, clinic)

    def _follow_links(self, response: TextResponse, clinic: ClinicInfo) -> Iterator[Any]:
        for link in self.link_extractor.extract_links(response):
            if not same_site(link.url, clinic.site):
                continue
            boost = 20 if PRIORITY_WORDS.search(f"{link.url} {link.text}") else 0
            request = self._page_request(link.url, clinic, priority=boost)
            if request is not None:
                yield request

    def parse_robots(self, response: Response) -> Iterator[Any]:
        clinic: ClinicInfo = response.meta["clinic"]
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            if same_site(url, clinic.site) and not url.endswith("/sitemap.xml"):
                yield scrapy.Request(
                    url,
                    callback=self.parse_sitemap,
                    errback=self.on_optional_error,
                    meta={"clinic": clinic},
                    priority=90,
                )

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        clinic: ClinicInfo = response.meta["clinic"]
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=10 * 1024 * 1024)
            except OSError:
                return
        try:
            sitemap = Sitemap(body)
        except Exception as error:  # lxml raises several types on garbage; a bad sitemap is no page
            self.logger.info("unreadable sitemap %s: %s", response.url, error)
            return
        for count, entry in enumerate(sitemap):
            if count >= MAX_SITEMAP_URLS:
                break
            url = urljoin(response.url, entry.get("loc", ""))
            if not same_site(url, clinic.site):
                continue
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(
                    url,
                    callback=self.parse_sitemap,
                    errback=self.on_optional_error,
                    meta={"clinic": clinic},
                    priority=90,
                )
            else:
                boost = 20 if PRIORITY_WORDS.search(url) else 0
                request = self._page_request(url, clinic, priority=boost)
                if request is not None:
                    yield request

    def on_error(self, failure: Failure) -> Iterator[FetchErrorItem]:
        request = failure.request  # type: ignore[attr-defined]
        clinic: ClinicInfo = request.meta["clinic"]
        kind, status = classify_failure(failure)
        yield FetchErrorItem(request.url, clinic, kind, failure_message(failure), now(), status)

    def on_optional_error(self, failure: Failure) -> None:
        """robots.txt and sitemap.xml are optional: their absence is not a finding."""
        self.logger.debug("optional fetch failed: %s", failure.value)


def classify_failure(failure: Failure) -> tuple[str, int | None]:
    """A short, stable kind for each way a fetch fails, for the fetch_errors table."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return f"http_{status}", status
    if failure.check(IgnoreRequest):
        message = str(failure.value).lower()
        if "robots" in message:
            return "robots_disallowed", None
        if "private" in message:
            return "refused_private", None
        return "ignored", None
    for kind, errors in FAILURE_KINDS:
        if failure.check(*errors):
            return kind, None
    return type(failure.value).__name__.lower(), None


def failure_message(failure: Failure) -> str:
    return str(failure.value)[:500] or type(failure.value).__name__


def site_of(url: str) -> str:
    return site_key(url)
