"""ClinicSitesSpider: crawl each seed's site within its own host[:port], treatment pages first.

Every fetch outcome is yielded as data: a page, a page that has not changed since the last crawl,
or a failure. What the spider knows from earlier runs (ETags, stored links) comes in a JSON Lines
file written by the command line; the spider itself never touches the database. Which pages are
admitted, skipped or already known is the frontier's answer (crawler/frontier.py): in this
process, or shared in Redis by the workers of a distributed crawl.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import scrapy
from protego import Protego
from scrapy import signals
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
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.robotstxt import ProtegoRobotParser, RobotParser
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap
from scrapy.utils.url import url_has_any_extension
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from crawler.addresses import PrivateAddressError, check_host
from crawler.frontier import ADMITTED, NOT_A_PAGE, build_frontier
from crawler.items import ClinicInfo, FetchErrorItem, PageItem, PageUnchangedItem
from crawler.log_filters import shorten_robots_errors
from crawler.middlewares import OffsiteRedirect
from crawler.resolver import PrivateAddressRefused
from crawler.seeds import read_seeds
from crawler.sites import InvalidURL, same_site, site_key
from crawler.traps import canonical_url, trap_reason
from pipelines.extract import DOCUMENT_KINDS, document_type
from pipelines.html_text import APP_DATA_SCRIPTS, TEXT_ATTRIBUTES, app_data_strings, looks_binary
from pipelines.json_html import html_in_json

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
PRIORITY_WORDS = re.compile(
    r"stem|regenerat|cell|spine|spinal|back|disc|disk|neck|sciatic|faq|question|pric|cost|"
    r"condition|treat|therap|procedure|exosome|amniotic|umbilical|wharton|prp|bmac|marrow|"
    r"adipose|svf|injection|testimonial|result|about|fda|brochure",
    re.IGNORECASE,
)
# Pages that hold the site's own claims least: accounts, carts, comment replies and legal
# boilerplate (archives and feeds are traps, crawler/traps.py). Spent last of the page budget.
LOW_VALUE_PATHS = re.compile(
    r"/(?:cart|checkout|my-account|account|login|wp-login\.php|wp-json|comments|"
    r"privacy[\w-]*|terms[\w-]*|cookie[\w-]*|accessibility[\w-]*|hipaa[\w-]*|"
    r"disclaimer)(?:/|$)|[?&](?:replytocom|share)=",
    re.IGNORECASE,
)
MAX_SITEMAP_URLS = 2_000
# A whole page sent with an error status (a misconfigured CMS answers 404 or 500 for pages it
# shows): read as a page, as browsers show it, unless its title or heading says it is an error
SHOWN_ERROR_STATUSES = frozenset({404, 410, 500})
TITLE_OR_HEADING = re.compile(rb"<(title|h1)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
ERROR_PAGE_WORDS = re.compile(
    r"not found|\b40[0-9]\b|\b50[0-9]\b|\berror\b|\boops\b|unavailable|no longer"
    r"|does(?:n['\u2019]t| not) exist"
    r"|(?:could(?:n['\u2019]t| not)|can(?:not|['\u2019]t| not)) be found"
    r"|page (?:is )?(?:missing|gone)",
    re.IGNORECASE,
)
# A page whose status says it is one but whose title or first heading says it was not found
# (a "soft 404"): stricter than ERROR_PAGE_WORDS, since a page of the site may well speak of
# errors or of what is "no longer" offered
SOFT_404_WORDS = re.compile(
    r"\b(?:page|post|article|content) (?:was |is )?not found\b|^\W*(?:error\W*)?404\b"
    r"|\b404\W+(?:error|page|not found)\b|^\W*not found\W*(?:$|[|\u2013\u2014:-])"
    r"|\b(?:page|url|link|what you(?:['\u2019]re| are) looking for) "
    r"(?:could(?:n['\u2019]t| not)|can(?:not|['\u2019]t| not)) be found"
    r"|\bpage (?:does(?:n['\u2019]t| not) exist|is missing|is gone)",
    re.IGNORECASE,
)
MARKUP = re.compile(rb"<[^>]+>")
SEED = "seed"  # the parent of a seed page
FAILURE_KINDS = (
    ("dns", (CannotResolveHostError, DNSLookupError)),
    ("timeout", (DownloadTimeoutError, TimeoutError, TCPTimedOutError)),
    ("connection_refused", (DownloadConnectionRefusedError, ConnectionRefusedError)),
    ("too_large", (DownloadCancelledError,)),
    ("data_loss", (ResponseDataLossError,)),
    ("download_failed", (DownloadFailedError,)),
)


READ_EXTENSIONS = ("pdf", "docx")  # documents read as pages; other files are not fetched
# Old sites put their pages in frames, and some embed their own pages (reviews, FAQs) in iframes;
# brochures are embedded as <object data=…> / <embed src=…>, a video's captions as <track src=…>.
LINK_TAGS = ("a", "area", "frame", "iframe", "object", "embed", "track")
LINK_ATTRS = ("href", "src", "data")
DATA_URI = re.compile(rb"""(src|href|srcset)\s*=\s*["']data:[^"']*["']""", re.IGNORECASE)
SVG_BLOCK = re.compile(rb"<svg\b.*?</svg\s*>", re.IGNORECASE | re.DOTALL)
SCRIPT_CONTENT = re.compile(
    rb"(<script\b(?![^>]*ld\+json)[^>]*>).*?(</script\s*>)", re.IGNORECASE | re.DOTALL
)
# A builder's data in an attribute: a Squarespace gallery's data-block-json, WooCommerce's
# data-product_variations, tens of KB each of escaped JSON. Bounded, and no "<" inside, so that
# an unclosed quote cannot take the page's markup and text with it.
LONG_ATTRIBUTE = re.compile(
    rb"""(\s([^\s"'<>/=]+)\s*=\s*)(?:"[^"<]{4096,4000000}"|'[^'<]{4096,4000000}')"""
)
# A form's hidden state (ASP.NET's __VIEWSTATE, often most of a DNN or WebForms page): its
# value is read as no text, whatever its attribute is called. An <input> tag read quote by
# quote (a ">" inside a value does not end it; a "<" outside one does), in linear time
INPUT_TAG = re.compile(rb"""<input\b(?:[^<>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
HIDDEN_TYPE = re.compile(rb"""(?<![\w-])type\s*=\s*["']?hidden(?=["'\s/>])""", re.IGNORECASE)
# attributes whose value the text extractor reads: kept however long
KEPT_ATTRIBUTES = frozenset(name.encode() for name in TEXT_ATTRIBUTES)
# a background image inlined in a style attribute: style="background:url(data:image/png;…)"
STYLE_DATA_URI = re.compile(
    rb"""url\(\s*(?:&quot;|["'])?data:[^)"'&]*(?:&quot;|["'])?\s*\)""", re.IGNORECASE
)
# URLs no <a> points to: those only a script follows (<div data-href>, onclick="location.href=…",
# a <select> menu), and a page's other-language versions (a Weglot-style switcher is a script;
# <link hreflang> names the pages it switches to)
UNANCHORED_LINKS = (
    "//@data-href | //@data-url | //@data-link | //select[@onchange]/option/@value | //@onclick"
    " | //link[@rel='alternate'][@hreflang]/@href"
    " | //meta[translate(@http-equiv, 'REFSH', 'refsh')='refresh']/@content"
)
# <meta http-equiv="refresh" content="4; url=/home/">: a splash page that moves on after a while
# is a page of its own (METAREFRESH_MAXDELAY) whose next page is a link
REFRESH_URL = re.compile(r"""^\s*\d+(?:\.\d+)?\s*[;,]?\s*url\s*=\s*['"]?([^'"\s]+)""", re.I)
PAGE_LIKE = re.compile(  # "/spine/", "https://…", "stem-cells.html", "knee/" — not "1.5" or "en"
    r"^(?:https?://|/|\.{1,2}/|[\w~%.-]*[a-z][\w~%.-]*(?:/|\.(?:s?html?|php|aspx?|jsp|cfm)\b))",
    re.IGNORECASE,
)
# A client-rendered menu's links are only in the framework's data blob: {"href": "/treatments"}
APP_DATA_LINKS = (
    "//script[" + " or ".join(f"@id='{name}'" for name in sorted(APP_DATA_SCRIPTS)) + "]/text()"
)
APP_LINK_KEYS = frozenset({"href", "url", "link", "path", "as", "pathname", "permalink", "uri"})
APP_NOT_PAGES = ("/_next/", "/_nuxt/", "/api/", "//")
SINGLE_BYTE_DEFAULTS = frozenset({"cp1252", "latin-1", "latin1", "iso-8859-1", "windows-1252"})
ONCLICK_URL = re.compile(
    r"""(?:location(?:\.href|\.assign|\.replace)?|window\.open)\s*(?:=|\()\s*['"]([^'"]+)['"]""",
    re.IGNORECASE,
)
# <a href="javascript:MM_openBrWindow('popup_faq.htm','faq','width=480')">, <area
# href="javascript:popUp('/x/')">: a popup a function opens, its first quoted argument that looks
# like a URL (not the window's name 'faq' nor its features 'width=480')
JAVASCRIPT_HREFS = (
    "//@href[starts-with(normalize-space(translate(., 'JAVSCRIPT', 'javscript')), 'javascript:')]"
)
QUOTED = re.compile("'([^']*)'|\"([^\"]*)\"")
URL_LIKE = re.compile(
    r"^(?:https?://|[^\s:]*/|[^\s:]+\.(?:s?html?|php|aspx?|jsp|cfm|pdf|docx)(?:[?#]|$))",
    re.IGNORECASE,
)
# onclick="downloadBrochure('/files/guide.pdf')": a document a site's own function opens
QUOTED_DOCUMENT = re.compile(
    r"""['"]((?:https?://|/)?[^'"\s()]+\.(?:pdf|docx|s?html?|php|aspx?))['"]""", re.IGNORECASE
)


def without_styles(body: bytes) -> bytes:
    """The markup without <style> contents and data: URIs (base64 fonts and images), which
    make pages huge and hold no text. Scripts stay: JSON-LD is read, and script size is how a
    JavaScript-only page is told. One pass: an unclosed <style> keeps the rest of the page."""
    lowered = body.lower()
    kept, position = [], 0
    while (start := lowered.find(b"<style", position)) >= 0:
        if lowered[start + 6 : start + 7] not in (b">", b" ", b"\t", b"\n", b"\r", b"/"):
            kept.append(body[position : start + 6])  # <styled-box>, not a stylesheet
            position = start + 6
            continue
        opened = lowered.find(b">", start)
        closed = lowered.find(b"</style", opened) if opened >= 0 else -1
        if closed < 0:
            break
        if lowered.find(b"</", opened, closed) < 0:  # a real stylesheet, not a stray "<style"
            kept.append(body[position : opened + 1])
            position = closed
        else:
            kept.append(body[position:closed])
            position = closed
    kept.append(body[position:])
    return STYLE_DATA_URI.sub(b"url()", DATA_URI.sub(rb'\1=""', b"".join(kept)))


def without_bulk(body: bytes) -> bytes:
    """A page still over the limit without its styles: inline SVG drawings with no text
    (icon sprites), the contents of scripts other than JSON-LD (a builder's state, a bundle)
    and hidden form fields are dropped too, so that text after them is not cut off."""
    body = SVG_BLOCK.sub(
        lambda svg: svg.group() if b"<text" in svg.group() else b"<svg></svg>", body
    )
    body = SCRIPT_CONTENT.sub(rb"\1\2", body)
    body = INPUT_TAG.sub(_without_hidden_value, body)
    return LONG_ATTRIBUTE.sub(_emptied, body)


def _without_hidden_value(tag: re.Match[bytes]) -> bytes:
    return b'<input type="hidden">' if HIDDEN_TYPE.search(tag.group()) else tag.group()


def _emptied(attribute: re.Match[bytes]) -> bytes:
    """A long attribute with its value dropped, unless its value is text the page shows."""
    if attribute.group(2).lower() in KEPT_ATTRIBUTES:
        return attribute.group()
    return attribute.group(1) + b'""'


def viewer_file(value: str) -> str:
    """A PDF viewer's page (PDF.js `viewer.html?file=/brochure.pdf`) links to the PDF it shows."""
    if "file=" not in value:
        return value
    shown = parse_qs(urlsplit(value).query).get("file", [""])[0]
    return urljoin(value, shown) if shown.lower().split("?")[0].endswith(".pdf") else value


def unanchored_links(response: TextResponse, deny_extensions: Iterable[str]) -> list[str]:
    """Page URLs that only a script follows or that name the page in another language,
    resolved against the page; images, archives and the like (`deny_extensions`) left out as
    the link extractor leaves them."""
    found = []
    for value in _script_targets(response):
        if value.lower().startswith(("javascript:", "#")):
            continue
        url = response.urljoin(value)
        if not url_has_any_extension(url, deny_extensions):
            found.append(url)
    return found


def _script_targets(response: TextResponse) -> Iterator[str]:
    """The URLs, as written, that scripts and other-language links of the page point to."""
    for value in response.xpath(UNANCHORED_LINKS).getall():
        value = value.strip()
        match = (
            ONCLICK_URL.search(value) or REFRESH_URL.match(value) or QUOTED_DOCUMENT.search(value)
        )
        if match:
            yield match.group(1)
        elif PAGE_LIKE.match(value):  # not script code, nor a value like "0", "en", "1.5"
            yield value
    for value in response.xpath(JAVASCRIPT_HREFS).getall():
        match = ONCLICK_URL.search(value)
        target = match.group(1) if match else first_quoted_url(value)
        if target:
            yield target


def first_quoted_url(script: str) -> str:
    """The first string quoted in `script` that looks like a URL or a path, "" if none."""
    for quoted in QUOTED.finditer(script):
        value = (quoted.group(1) if quoted.group(1) is not None else quoted.group(2)).strip()
        if URL_LIKE.match(value):
            return value
    return ""


def utf8_if_mislabelled(response: TextResponse) -> TextResponse:
    """The response as UTF-8 where its links would otherwise be wrong, as a browser reads them:
    a page in UTF-16 (whose URLs' queries a browser encodes in UTF-8, not in the page's
    encoding), and a page that says it is Latin-1 but whose bytes are valid UTF-8 with some
    beyond ASCII (a CMS under a server's default charset: "cÃ©lulas"). The page text is
    decoded separately, by the extractor."""
    if response.encoding.lower().startswith(("utf-16", "utf-32")):
        return response.replace(body=response.text.encode("utf-8"), encoding="utf-8")
    if response.encoding.lower() not in SINGLE_BYTE_DEFAULTS or response.body.isascii():
        return response
    try:
        response.body.decode("utf-8")
    except UnicodeDecodeError:
        return response
    return response.replace(encoding="utf-8")


def app_data_links(response: TextResponse, deny_extensions: Iterable[str]) -> list[str]:
    """Page URLs in a Next.js or Nuxt page's data blob, under the keys links go by: a menu that
    scripts draw has no <a> in the markup. Framework assets and API routes are left out."""
    found = []
    for blob in response.xpath(APP_DATA_LINKS).getall():
        for key, value in app_data_strings(blob):
            if key.lower() not in APP_LINK_KEYS:
                continue
            value = value.strip()
            if not value.startswith(("/", "http://", "https://")) or value.startswith(
                APP_NOT_PAGES
            ):
                continue
            url = response.urljoin(value)
            if not url_has_any_extension(url, deny_extensions):
                found.append(url)
    return found


# Asked twice per link (admission order, request priority); a site's menu links come again on
# every page
@lru_cache(maxsize=4096)
def relevance(url: str) -> int:
    """0 for a page whose path names the treatment, a condition, FAQs, prices or results;
    2 for accounts and legal pages; 1 for the rest. The host is not read: on
    backpainclinic.example every path would name back pain."""
    parts = urlsplit(url)
    path = f"{parts.path}?{parts.query}" if parts.query else parts.path
    if PRIORITY_WORDS.search(path):
        return 0
    return 2 if LOW_VALUE_PATHS.search(path) else 1


def by_relevance(urls: Iterable[str]) -> list[str]:
    """`urls` in the order their pages spend the site's page budget: the budget admits links
    as they are found, so a home page's legal and account links must not take the places of
    its treatment pages. Links of one rank keep the page's order."""
    return sorted(urls, key=relevance)


def _announced_length(response: Response) -> int:
    """The Content-Length the server promised, 0 when it named none or garbage."""
    try:
        return int(response.headers.get("Content-Length", b"0"))
    except ValueError:
        return 0


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_known_pages(path: str | None) -> dict[str, dict]:
    """url -> what an earlier crawl stored ({etag, last_modified, links, done})."""
    if not path:
        return {}
    known = {}
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            known[record["url"]] = record
    return known


class ClinicSitesSpider(scrapy.Spider):
    """One site per clinic; pages go to the item pipelines, failures are yielded as data."""

    name = "clinic_sites"

    def __init__(
        self, seeds: str | None = None, known: str | None = None, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not seeds:
            raise NotConfigured("clinic_sites needs a seed list: -a seeds=SEEDS.csv")
        self.seeds_path = Path(seeds)
        self.known = read_known_pages(known)
        self.link_extractor = LinkExtractor(
            tags=LINK_TAGS,
            attrs=LINK_ATTRS,
            process_value=viewer_file,
            unique=True,
            deny_extensions=[e for e in IGNORED_EXTENSIONS if e not in READ_EXTENSIONS],
        )

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        shorten_robots_errors()
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        settings = crawler.settings
        spider.page_budget = settings.getint("CLINICWATCH_PAGE_BUDGET")
        spider.depth_limit = settings.getint("DEPTH_LIMIT")
        spider.allow_private = settings.getbool("CLINICWATCH_ALLOW_PRIVATE")
        spider.max_page_bytes = settings.getint("CLINICWATCH_MAX_PAGE_BYTES")
        spider.frontier = build_frontier(crawler, spider.known)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        seeds, problems = read_seeds(self.seeds_path)
        if not await self.frontier.claim_seeding(str(self.seeds_path), len(seeds)):
            return  # another worker of a distributed crawl reads the seed list
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
            for request in self._site_requests(seed.url, clinic):
                yield request
        await self.frontier.seeding_done()

    def _site_requests(self, url: str, clinic: ClinicInfo) -> Iterator[scrapy.Request]:
        """A site's first requests: its seed page and its sitemap.xml."""
        yield from self._page_requests(url, clinic, SEED, priority=100)
        origin = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
        yield scrapy.Request(
            origin + "/sitemap.xml",
            callback=self.parse_sitemap,
            errback=self.on_optional_error,
            meta={"clinic": clinic},
            priority=90,
        )

    def coverage(self) -> dict[str, dict[str, int]]:
        """What the spider skipped per site: over the page budget, crawler traps."""
        return self.frontier.skipped()

    def _refusal(self, url: str) -> str | None:
        if self.allow_private:
            return None
        try:
            check_host(urlsplit(url).hostname or "")
        except PrivateAddressError as error:
            return f"{error} (use --allow-private to crawl it)"
        return None

    def _page_requests(
        self, url: str, clinic: ClinicInfo, parent: str, priority: int = 0, depth: int = 0
    ) -> Iterator[scrapy.Request]:
        """A request for `url` unless it is a trap, too deep, was seen, or the budget is spent.

        `parent` is the page the link was found on ("seed" for a seed), `depth` the clicks from
        the seed to `url`. A link past the depth limit is neither requested nor admitted, so
        the page stays free for a shorter path to it and does not spend the budget. A page
        already stored in the run being resumed is not fetched again: the links stored with it
        are followed instead.
        """
        pending = [(url, depth)]
        while pending:
            url, depth = pending.pop()
            url = canonical_url(url)
            trap = trap_reason(url)
            if trap:
                self.frontier.count_skip(clinic.site, f"trap_{trap}", parent, url)
                continue
            if self.depth_limit and depth > self.depth_limit:
                self.frontier.note_too_deep(clinic.site, url)
                continue
            if self.frontier.admit(clinic.site, url, parent, self.page_budget) != ADMITTED:
                continue
            known = self.frontier.known_page(url)
            if known.get("done"):
                self.frontier.count_skip(clinic.site, "resumed", parent, url)
                links = known.get("links", [])
                pending.extend((link, depth + 1) for link in links if same_site(link, clinic.site))
                continue
            yield self._request(url, clinic, priority, known, seed=parent == SEED)

    def _request(
        self, url: str, clinic: ClinicInfo, priority: int, known: dict, seed: bool = False
    ) -> scrapy.Request:
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        meta = {
            "clinic": clinic,
            "handle_httpstatus_list": [304],
            "previous_hash": known.get("content_hash", ""),
            "seed": seed,
        }
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.on_error,
            headers=headers,
            meta=meta,
            priority=priority,
        )

    def parse_page(self, response: Response) -> Iterator[Any]:
        clinic: ClinicInfo = response.meta["clinic"]
        requested = response.request.url if response.request else response.url
        if not same_site(response.url, clinic.site):
            message = f"redirected to {response.url}, another site"
            yield self._not_a_page(
                FetchErrorItem(
                    requested, clinic, "redirected_offsite", message, now(), response.status
                ),
                response.request,
            )
            return
        if response.status == 304:
            yield PageUnchangedItem(url=canonical_url(requested), clinic=clinic, fetched_at=now())
            for link in self.frontier.known_page(canonical_url(requested)).get("links", []):
                yield from self._follow(link, clinic, response)
            return
        content_type = content_type_of(response)
        document = document_type(response.body, content_type)
        # No Content-Type at all: Scrapy sniffed the body, as a browser would
        is_text = isinstance(response, TextResponse) and (
            content_type.startswith(TEXT_TYPES) or not content_type
        )
        if is_text and looks_binary(response.body):
            is_text, content_type = False, f"{content_type} (binary body)"
        fragments = None if (document or is_text) else html_in_json(response.body, content_type)
        if fragments is not None:  # a "Load more" answer: its posts and their links
            as_page = HtmlResponse(response.url, body=fragments, encoding="utf-8")
            links = self._site_links(as_page, clinic)
        elif not (document or is_text):
            yield self._not_a_page(
                FetchErrorItem(
                    response.url,
                    clinic,
                    "skipped_non_text",
                    content_type or "no content type",
                    now(),
                    response.status,
                ),
                response.request,
            )
            return
        else:
            says = None if document else _says_it_is_no_page(response)
            if says:
                message = f"status {response.status}, but the page says {says!r}"
                error = FetchErrorItem(
                    response.url, clinic, "soft_404", message, now(), response.status
                )
                yield self._not_a_page(error, response.request)
                return
            links = [] if document else self._site_links(response, clinic)
        yield self._page_item(response, clinic, document or content_type, links)
        for link in by_relevance(links):
            yield from self._follow(link, clinic, response)

    def _page_item(
        self, response: Response, clinic: ClinicInfo, content_type: str, links: list[str]
    ) -> PageItem:
        body = response.body
        if len(body) > self.max_page_bytes and "html" in content_type:
            body = without_styles(body)  # inline fonts and images, not the text, made it huge
            if len(body) > self.max_page_bytes:
                body = without_bulk(body)
        cut_off = "dataloss" in response.flags  # the connection closed before the whole body
        # A PDF or .docx cut short cannot be read at all (their indexes are at the end): they
        # are kept whole, as big as DOWNLOAD_MAXSIZE lets a response be
        limit = len(body) if content_type in DOCUMENT_KINDS else self.max_page_bytes
        truncated = len(body) > limit or cut_off
        if truncated:
            self.frontier.count_skip(clinic.site, "truncated", response.url, response.url)
        return PageItem(
            url=canonical_url(response.url),
            clinic=clinic,
            status=response.status,
            body=body[:limit],
            fetched_at=now(),
            content_type=content_type,
            declared_encoding=getattr(response, "encoding", "") if "html" in content_type else "",
            etag=response.headers.get("ETag", b"").decode("latin-1"),
            last_modified=response.headers.get("Last-Modified", b"").decode("latin-1"),
            depth=response.meta.get("depth", 0),
            referer=(response.request.headers.get("Referer", b"") or b"").decode("latin-1")
            if response.request
            else "",
            truncated=truncated,
            size=max(len(response.body), _announced_length(response) if cut_off else 0),
            links=links,
            previous_hash=self._previous_hash(response),
            response_headers=_headers(response.headers),
            request_headers=_headers(response.request.headers) if response.request else [],
        )

    def _previous_hash(self, response: Response) -> str:
        """The stored text's hash of this page: read with the request, unless it redirected
        (the redirected request carries the first URL's meta)."""
        if not response.meta.get("redirect_urls"):
            return response.meta.get("previous_hash", "")
        return self.frontier.known_page(canonical_url(response.url)).get("content_hash", "")

    def _site_links(self, response: TextResponse, clinic: ClinicInfo) -> list[str]:
        response = utf8_if_mislabelled(response)
        urls = [link.url for link in self.link_extractor.extract_links(response)]
        urls += unanchored_links(response, self.link_extractor.deny_extensions)
        urls += app_data_links(response, self.link_extractor.deny_extensions)
        links = [canonical_url(url) for url in urls if same_site(url, clinic.site)]
        return list(dict.fromkeys(links))

    def _follow(self, url: str, clinic: ClinicInfo, parent: Response) -> Iterator[scrapy.Request]:
        """Requests for a link found on the page `parent` answered, one click deeper."""
        boost = 20 if relevance(url) == 0 else 0
        requested = parent.request.url if parent.request else parent.url
        depth = parent.meta.get("depth", 0) + 1
        yield from self._page_requests(url, clinic, requested, priority=boost, depth=depth)

    def robots_parsed(self, robotparser: RobotParser, request: scrapy.Request) -> None:
        """Scrapy's robots.txt middleware read a site's robots.txt (once per site: the spider
        does not fetch it again): take its Crawl-delay and the sitemaps it names."""
        clinic = request.meta.get("clinic")
        if clinic is None or not isinstance(robotparser, ProtegoRobotParser):
            return
        parts = urlsplit(request.url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        for sitemap_request in self.robots_requests(robotparser.rp, robots_url, clinic):
            self.crawler.engine.crawl(sitemap_request)

    def robots_requests(
        self, robots: Protego, robots_url: str, clinic: ClinicInfo
    ) -> list[scrapy.Request]:
        """Records the site's Crawl-delay; returns requests for the sitemaps robots.txt names."""
        try:
            delay = robots.crawl_delay(self.settings.get("ROBOTSTXT_USER_AGENT") or "clinicwatch")
        except (AttributeError, ValueError):
            delay = None
        if delay:
            self.frontier.set_crawl_delay(clinic.site, min(float(delay), 60.0))
        urls = [urljoin(robots_url, url.strip()) for url in robots.sitemaps]
        return [
            scrapy.Request(
                url,
                callback=self.parse_sitemap,
                errback=self.on_optional_error,
                meta={"clinic": clinic},
                priority=90,
            )
            for url in dict.fromkeys(urls)
            if same_site(url, clinic.site) and url != urljoin(robots_url, "/sitemap.xml")
        ]

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
        urls = [
            urljoin(response.url, entry.get("loc", ""))
            for entry in islice(sitemap, MAX_SITEMAP_URLS)
        ]
        ours = []
        for url in urls:  # a staging or default host left in the sitemap is not this site
            if same_site(url, clinic.site):
                ours.append(url)
            else:
                self.frontier.count_skip(clinic.site, "sitemap_other_host", response.url, url)
        urls = ours
        if sitemap.type != "sitemapindex":
            for url in by_relevance(urls):
                yield from self._follow(url, clinic, response)
            return
        for url in urls:
            yield scrapy.Request(
                url,
                callback=self.parse_sitemap,
                errback=self.on_optional_error,
                meta={"clinic": clinic},
                priority=90,
            )

    def on_error(self, failure: Failure) -> Iterator[FetchErrorItem | scrapy.Request]:
        request = failure.request  # type: ignore[attr-defined]
        clinic: ClinicInfo = request.meta["clinic"]
        if failure.check(OffsiteRedirect) and request.meta.get("seed"):
            yield from self._moved(request.url, clinic, failure.value.target)
            return
        if failure.check(HttpError) and _shows_a_page(failure.value.response):
            response = failure.value.response
            yield self._page_item(response, clinic, content_type_of(response), [])
            return
        kind, status = classify_failure(failure)
        error = FetchErrorItem(request.url, clinic, kind, failure_message(failure), now(), status)
        yield self._not_a_page(error, request)

    def _not_a_page(self, error: FetchErrorItem, request: scrapy.Request | None) -> FetchErrorItem:
        """`error`, after giving the page budget back when it shows the URL was no page."""
        if error.kind in NOT_A_PAGE and request is not None:
            admitted = request.meta.get("redirect_urls", [request.url])[0]
            self.frontier.give_back(error.clinic.site, canonical_url(admitted))
        return error

    def _moved(
        self, url: str, clinic: ClinicInfo, target: str
    ) -> Iterator[FetchErrorItem | scrapy.Request]:
        """A seed that redirects to another site: the clinic has moved domain (or a seed list
        holds its old one). Recorded as `moved` at the old site, and the new site is crawled
        as a clinic of its own, under the seed's name and state."""
        try:
            moved = ClinicInfo(
                site=site_key(target), url=target, name=clinic.name, state=clinic.state
            )
        except InvalidURL as error:
            yield FetchErrorItem(url, clinic, "redirected_offsite", str(error), now())
            return
        yield FetchErrorItem(url, clinic, "moved", f"moved to {target} ({moved.site})", now())
        refusal = self._refusal(target)
        if refusal:
            yield FetchErrorItem(target, moved, "refused_private", refusal, now())
            return
        yield from self._site_requests(target, moved)

    def on_optional_error(self, failure: Failure) -> None:
        """robots.txt and sitemap.xml are optional: their absence is not a finding."""
        self.logger.debug("optional fetch failed: %s", failure.value)


def content_type_of(response: Response) -> str:
    return response.headers.get("Content-Type", b"").decode("latin-1").lower()


def _says_it_is_no_page(response: Response) -> str | None:
    """The title or first heading of an HTML page that says it was not found, if it says so
    (an icon's <title> inside an inline SVG says nothing of the page)."""
    if "html" not in content_type_of(response):
        return None
    firsts: dict[bytes, str] = {}
    for tag, name in _titles_and_headings(response, 10):
        firsts.setdefault(tag.lower(), name)
    return next((name[:200] for name in firsts.values() if SOFT_404_WORDS.search(name)), None)


def _shows_a_page(response: Response) -> bool:
    """Whether an error response is a whole page of the site (its links are not followed)."""
    if response.status not in SHOWN_ERROR_STATUSES or not isinstance(response, TextResponse):
        return False
    if "html" not in content_type_of(response) or looks_binary(response.body):
        return False
    names = [name for _, name in _titles_and_headings(response, 3)]
    return bool(names) and not any(ERROR_PAGE_WORDS.search(name) for name in names)


def _titles_and_headings(response: Response, most: int) -> list[tuple[bytes, str]]:
    """The first `most` <title> and <h1> elements of the page's first 64 KB: (tag, text)."""
    return [
        (
            match.group(1),
            MARKUP.sub(b" ", match.group(2)).decode(response.encoding, "replace").strip(),
        )
        for match in islice(TITLE_OR_HEADING.finditer(response.body[:65_536]), most)
    ]


def classify_failure(failure: Failure) -> tuple[str, int | None]:
    """A short, stable kind for each way a fetch fails, for the fetch_errors table."""
    if failure.check(PrivateAddressRefused):
        return "refused_private", None
    if failure.check(HttpError):
        status = failure.value.response.status
        return f"http_{status}", status
    if failure.check(IgnoreRequest):
        message = str(failure.value).lower()
        if "robots" in message:
            return "robots_disallowed", None
        if "private" in message:
            return "refused_private", None
        if "off-site" in message:
            return "redirected_offsite", None
        if "redirect loop" in message or "max redirections" in message:
            return "redirect_loop", None
        return "ignored", None
    for kind, errors in FAILURE_KINDS:
        if failure.check(*errors):
            return kind, None
    return type(failure.value).__name__.lower(), None


def _headers(headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


def failure_message(failure: Failure) -> str:
    return str(failure.value)[:500] or type(failure.value).__name__
