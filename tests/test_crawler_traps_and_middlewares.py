"""Trap detection, canonical URLs, and the downloader middlewares that keep a crawl safe."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet import reactor

from crawler.items import ClinicInfo
from crawler.log_filters import ROBOTS_LOGGER, shorten_robots_errors
from crawler.middlewares import (
    OffsiteRedirectMiddleware,
    PrivateAddressMiddleware,
    retry_after_seconds,
)
from crawler.resolver import PrivateAddressRefused, PublicOnlyResolver
from crawler.traps import canonical_url, trap_reason

CLINIC = ClinicInfo(site="clinic.example", url="https://clinic.example/")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://clinic.example/a#top", "https://clinic.example/a"),
        ("https://clinic.example/a;jsessionid=XYZ?b=2&a=1", "https://clinic.example/a?a=1&b=2"),
        (
            "https://clinic.example/a?utm_source=x&sid=1&PHPSESSID=2&q=3",
            "https://clinic.example/a?q=3",
        ),
        ("https://Clinic.Example", "https://clinic.example/"),
        (
            "https://clinic.example/a/?_gl=1*abc&srsltid=AfmB&hsLang=en&fbclid=x",
            "https://clinic.example/a/",
        ),
        (
            "https://clinic.example/shop.php?id=1&osCsid=f00d&print=1&share=twitter",
            "https://clinic.example/shop.php?id=1",
        ),
        (
            "https://clinic.example/(S(lit3py55t21z5v55vlm25s55))/news.aspx",
            "https://clinic.example/news.aspx",
        ),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://c.example/calendar/2026/03/", "calendar"),
        ("https://c.example/events?month=2026-04", "calendar"),
        ("https://c.example/news?page=40", "deep_pagination"),
        ("https://c.example/blog/page/12/", "deep_pagination"),
        ("https://c.example/a/b/a/b/a/b/", "repeating_path"),
        ("https://c.example/x?" + "&".join(f"k{i}=1" for i in range(9)), "too_many_parameters"),
        ("https://c.example/" + "x" * 500, "url_too_long"),
        ("https://c.example/2024/03/", "archive"),
        ("https://c.example/tag/stem-cells/", "archive"),
        ("https://c.example/category/news/page/2/", "archive"),
        ("https://c.example/author/admin", "archive"),
        ("https://c.example/blog/feed/", "archive"),
        ("https://c.example/blog/archives/03-2024", None),  # Weebly's show whole posts
        (
            "https://c.example/index.php/component/mailto/?link=abc123&tmpl=component",
            "utility",
        ),  # Joomla's "email this"
        ("https://c.example/index.php/stem-cells?tmpl=component&print=1", "utility"),
        ("https://c.example/index.php?option=com_content&format=feed&type=rss", "utility"),
        ("https://c.example/wp-login.php?redirect_to=x", "utility"),
        ("https://c.example/cart", "utility"),
        ("https://c.example/wp-admin/options.php", "utility"),
        ("https://c.example/wp-admin/admin-ajax.php?action=load_more&paged=2", None),
        ("https://c.example/wp-admin/admin-ajax.php?action=process_like&post_id=12", "utility"),
        ("https://c.example/stem-cell-therapy/cart-before-the-horse/", None),
        ("https://c.example/2024/03/our-new-disc-therapy/", None),
        ("https://c.example/category/news/why-stem-cells/", None),
        ("https://c.example/news?page=2", None),
        ("https://c.example/?p=388", None),  # a WordPress post, not a page of a listing
        ("https://c.example/index.php?option=com_content&start=12", None),
        ("https://c.example/index.php?option=com_content&start=600", "deep_pagination"),
        ("https://c.example/blog?offset=1693526400000", None),  # Squarespace: a post's time
        ("https://c.example/stem-cell-therapy/back-pain/", None),
    ],
)
def test_trap_reason(url, reason):
    assert trap_reason(url) == reason


def redirect(to: str, status: int = 302) -> tuple[Request, Response]:
    request = Request("https://clinic.example/go", meta={"clinic": CLINIC})
    return request, Response(request.url, status=status, headers={"Location": to}, request=request)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (b"120", 120.0),
        (b" 0 ", 0.0),
        (b"Thu, 26 Nov 2026 12:00:30 GMT", 30.0),
        (b"Thu, 26 Nov 2026 11:00:00 GMT", 0.0),  # a date gone by: come back now
        (b"soon", None),
        (b"-5", None),
        (None, None),
    ],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(header, seconds):
    now = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(header, now) == seconds


def test_a_redirect_to_another_site_is_refused_and_named():
    with pytest.raises(IgnoreRequest, match="off-site"):
        OffsiteRedirectMiddleware().process_response(*redirect("https://other.example/"))


def test_a_redirect_back_to_its_own_chain_is_a_loop():
    request = Request(
        "https://clinic.example/offers/",
        meta={"clinic": CLINIC, "redirect_urls": ["https://clinic.example/offers"]},
    )
    response = Response(request.url, status=301, headers={"Location": "/offers"}, request=request)
    with pytest.raises(IgnoreRequest, match="redirect loop"):
        OffsiteRedirectMiddleware().process_response(request, response)


@pytest.mark.parametrize("target", ["/inside", "https://www.clinic.example/x"])
def test_a_redirect_within_the_site_passes(target):
    request, response = redirect(target)
    assert OffsiteRedirectMiddleware().process_response(request, response) is response


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/", "http://10.0.0.1/", "http://[::1]/", "http://localhost/"]
)
def test_requests_to_private_literals_are_refused(url):
    with pytest.raises(IgnoreRequest, match="private"):
        PrivateAddressMiddleware(allow_private=False).process_request(Request(url))
    assert PrivateAddressMiddleware(allow_private=True).process_request(Request(url)) is None


def test_the_resolver_refuses_names_that_resolve_privately():
    resolver = PublicOnlyResolver(reactor, cache_size=10, timeout=5)
    with pytest.raises(PrivateAddressRefused):
        resolver._refuse_private("10.1.2.3", "intranet.clinic.example")
    assert resolver._refuse_private("93.184.216.34", "clinic.example") == "93.184.216.34"


def test_a_robots_txt_that_cannot_be_fetched_is_one_log_line_without_traceback(caplog):
    shorten_robots_errors()
    shorten_robots_errors()
    logger = logging.getLogger(ROBOTS_LOGGER)
    try:
        raise ConnectionRefusedError("Connection was refused by other side")
    except ConnectionRefusedError:
        logger.error("Error downloading %s: refused", "http://dead.example/", exc_info=True)
    (record,) = caplog.records
    assert record.getMessage() == "Error downloading http://dead.example/: refused"
    assert record.exc_info is None
    assert len(logger.filters) == 1
