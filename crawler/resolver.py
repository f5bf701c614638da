"""A DNS resolver that refuses names resolving to private, loopback or link-local addresses.

Checking at resolution, where the crawler connects, also covers redirects and DNS answers that
change between a check and the fetch.
"""

from __future__ import annotations

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from crawler.addresses import is_public_address


class PrivateAddressRefused(DNSLookupError):
    """The name resolved to an address the crawler must not reach."""


class PublicOnlyResolver(CachingThreadedResolver):
    allow_private = False

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_private = crawler.settings.getbool("CLINICWATCH_ALLOW_PRIVATE")
        return resolver

    def getHostByName(self, name, timeout=()):
        result = super().getHostByName(name, timeout)
        if not self.allow_private:
            result.addCallback(self._refuse_private, name)
        return result

    @staticmethod
    def _refuse_private(address: str, name: str) -> str:
        if not is_public_address(address):
            raise PrivateAddressRefused(f"{name} resolves to non-public address {address}")
        return address
