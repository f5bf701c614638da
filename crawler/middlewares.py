"""Downloader middlewares: private addresses refused, Crawl-delay honoured, retries backed off."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.response import response_status_message

from crawler.addresses import PrivateAddressError, check_host
from crawler.sites import same_site


class PrivateAddressMiddleware:
    """Every request, redirects included, must go to a public host unless allowed.

    Literal addresses and local names are refused here; names that resolve to a private address
    are refused by the DNS resolver (crawler.resolver), where the connection is actually made.
    """

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getbool("CLINICWATCH_ALLOW_PRIVATE"))

    def process_request(self, request):
        if self.allow_private:
            return None
        try:
            check_host(urlsplit(request.url).hostname or "", resolve=False)
        except PrivateAddressError as error:
            raise IgnoreRequest(f"refused private address: {error}") from error
        return None


class CrawlDelayMiddleware:
    """Honour a site's robots.txt Crawl-delay, asked of the spider's frontier at download time.

    RobotsTxtMiddleware (before this one) has parsed the site's robots.txt by then, so the
    first request of a site is spaced too, whenever it was created.
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        clinic = request.meta.get("clinic")
        frontier = getattr(self.crawler.spider, "frontier", None)
        if clinic is None or frontier is None:
            return None
        delay = frontier.crawl_delay(clinic.site)
        if not delay:
            return None
        request.meta["autothrottle_dont_adjust_delay"] = True
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None and (slot.delay < delay or slot.jitter):
            slot.delay = max(slot.delay, delay)
            slot.jitter = 0.0  # Crawl-delay is the least spacing asked for: no jitter below it
        return None


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """The wait a Retry-After header asks for, in seconds (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (5xx, 429, timeouts, dropped connections), spaced out exponentially.

    A 429 or 503 that says when to come back (Retry-After) is retried no sooner than that, up
    to CLINICWATCH_RETRY_AFTER_MAX seconds; a server asking for a longer wait is not retried in
    this run, and its answer is recorded as the page's fetch error.
    """

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.base_delay = settings.getfloat("CLINICWATCH_RETRY_BACKOFF")
        self.retry_after_max = settings.getfloat("CLINICWATCH_RETRY_AFTER_MAX")

    async def process_request(self, request):
        delay = request.meta.pop("retry_delay", 0)
        if delay:
            await asyncio.sleep(delay)
        return None

    def process_response(self, request, response):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is not None and wait > self.retry_after_max:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if wait is not None:
            retry.meta["retry_delay"] = max(retry.meta.get("retry_delay", 0), wait)
        return retry

    def _retry(self, request, reason):
        retry = super()._retry(request, reason)
        if retry is not None and self.base_delay > 0:
            attempt = retry.meta.get("retry_times", 1)
            retry.meta["retry_delay"] = (
                self.base_delay * 2 ** (attempt - 1) * random.uniform(0.8, 1.2)
            )
        return retry


class OffsiteRedirect(IgnoreRequest):
    """A redirect to another site, and where it pointed."""

    def __init__(self, target: str) -> None:
        super().__init__(f"redirected off-site to {target}")
        self.target = target


class OffsiteRedirectMiddleware:
    """A redirect to another site, or back to a URL of its own chain, ends this clinic's
    request, recorded as such.

    It runs before Scrapy's RedirectMiddleware: the other site's page belongs to that clinic,
    and a redirect to a URL crawled already would otherwise vanish in the duplicate filter (a
    loop such as /offers -> /offers/ -> /offers, which a browser reports as an error, too).
    """

    def process_response(self, request, response):
        clinic = request.meta.get("clinic")
        location = response.headers.get("Location")
        if clinic is None or location is None or not 300 <= response.status < 400:
            return response
        target = urljoin(request.url, location.decode("latin-1")).split("#", 1)[0]
        if not same_site(target, clinic.site):
            raise OffsiteRedirect(target)
        if target == request.url or target in request.meta.get("redirect_urls", ()):
            raise IgnoreRequest(f"redirect loop back to {target}")
        return response
