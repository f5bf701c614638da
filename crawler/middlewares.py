"""Downloader middlewares: refuse requests (seeds, links, redirects) to private addresses."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawler.addresses import PrivateAddressError, check_host


class PrivateAddressMiddleware:
    """Every request, redirects included, must go to a public address unless allowed."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getbool("CLINICWATCH_ALLOW_PRIVATE"))

    def process_request(self, request):
        if self.allow_private:
            return None
        try:
            check_host(urlsplit(request.url).hostname or "")
        except PrivateAddressError as error:
            raise IgnoreRequest(f"refused private address: {error}") from error
        return None
