"""Crawler traps and URL canonicalization: one page is one URL, endless URL spaces are cut off.

Calendars, `?page=N` without end, session ids in the URL and paths whose segments repeat generate
unbounded URLs on small business sites; a crawl must neither spend its page budget on them nor
store the same page under many names.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SESSION_PARAMS = frozenset(
    {
        "sid",
        "sessionid",
        "session_id",
        "jsessionid",
        "phpsessid",
        "aspsessionid",
        "cfid",
        "cftoken",
        "sess",
        "s",
        "oscsid",  # osCommerce
        "zenid",  # Zen Cart
        "sessid",
    }
)
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|gclid|gbraid|wbraid|dclid|fbclid|msclkid|yclid|twclid|ttclid|igshid|srsltid|"
    r"mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|hsctatracking|hslang|__hstc|__hssc|__hsfp|mkt_tok|"
    r"ref|ref_src|replytocom|share|print|amp)$",
    re.IGNORECASE,
)
# ";jsessionid=…" and ASP.NET's cookieless "/(S(…))/" segment
SESSION_IN_PATH = re.compile(
    r";(jsessionid|phpsessid|sid)=[^/?#]*|/\((?:[A-Z]\([^)/]*\))+\)(?=/)", re.IGNORECASE
)
CALENDAR = re.compile(
    r"/(calendar|events?|agenda)/.*\d{4}[-/]\d{1,2}|[?&](month|year|date|day|week|ical|"
    r"tribe-bar-date|eventDisplay)=",
    re.IGNORECASE,
)
# Blog listings that repeat the posts they list (date, tag, category and author archives, feeds):
# a WordPress sidebar links dozens, and each would take a page of the site's budget from the
# posts themselves, which the blog page and the sitemap reach
ARCHIVE_PATH = re.compile(
    r"^/(?:\d{4}/(?:\d{1,2}/){0,2}|(?:tag|category|author)/[^/]+/(?:page/\d+/)?|(?:[^/]+/)?feed/)$",
    re.IGNORECASE,
)
# Pages a CMS makes of every page that are no page of the site: Joomla's "email this" form and
# print view (shown on every article by default), feeds, log-in, cart and admin screens
# Not WordPress's admin-ajax.php asked for a page of posts: themes' "Load more" buttons fetch
# the next posts through it (a like button's or a form's action through it stays a trap)
UTILITY = re.compile(
    r"/component/mailto/|/(?:wp-login\.php|xmlrpc\.php|wp-json/)"
    r"|/wp-admin/(?!admin-ajax\.php\?(?:[^#]*&)?(?:paged?|page_no)=\d)"
    r"|/print/\d+"
    r"|/(?:cart|checkout|my-account|login|user/login|user/register|user/password)/?(?:\?|$)"
    r"|[?&](?:option=com_mailto|tmpl=component|format=feed|type=(?:rss|atom)|add-to-cart=)",
    re.IGNORECASE,
)
# Not "p": WordPress's plain permalinks name a post by it (?p=388), not a page of a listing
PAGE_PARAM = re.compile(r"^(page|pg|paged)$", re.IGNORECASE)
PAGE_IN_PATH = re.compile(r"/page/(\d+)", re.IGNORECASE)
MAX_PAGE_NUMBER = 5
# Listings that count items, not pages (Joomla's ?start=6, ?start=12): 100 items is 10 to 20
# pages of a blog
OFFSET_PARAM = re.compile(r"^(start|offset|limitstart)$", re.IGNORECASE)
MAX_OFFSET = 100
# Squarespace's "Older posts" is ?offset=<the last post's time in ms>: a cursor, not a count,
# whose chain of pages the depth limit bounds
MIN_CURSOR = 1_000_000_000
MAX_SEGMENT_REPEATS = 2
MAX_QUERY_PARAMS = 6
MAX_URL_LENGTH = 400


def canonical_url(url: str) -> str:
    """The URL with fragments, session ids and tracking parameters removed, query sorted."""
    parts = urlsplit(url)
    path = SESSION_IN_PATH.sub("", parts.path) or "/"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in SESSION_PARAMS and not TRACKING_PARAMS.match(key)
    ]
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), path, urlencode(sorted(query)), "")
    )


def trap_reason(url: str) -> str | None:
    """Why a URL looks like part of an endless URL space, or None."""
    if len(url) > MAX_URL_LENGTH:
        return "url_too_long"
    parts = urlsplit(url)
    if CALENDAR.search(url):
        return "calendar"
    query = parse_qsl(parts.query, keep_blank_values=True)
    if len(query) > MAX_QUERY_PARAMS:
        return "too_many_parameters"
    for key, value in query:
        if not value.isdigit():
            continue
        if PAGE_PARAM.match(key) and int(value) > MAX_PAGE_NUMBER:
            return "deep_pagination"
        if OFFSET_PARAM.match(key) and MAX_OFFSET < int(value) < MIN_CURSOR:
            return "deep_pagination"
    page = PAGE_IN_PATH.search(parts.path)
    if page and int(page.group(1)) > MAX_PAGE_NUMBER:
        return "deep_pagination"
    segments = [segment for segment in parts.path.split("/") if segment]
    if any(segments.count(segment) > MAX_SEGMENT_REPEATS for segment in set(segments)):
        return "repeating_path"
    if ARCHIVE_PATH.match(parts.path if parts.path.endswith("/") else parts.path + "/"):
        return "archive"
    if UTILITY.search(url):
        return "utility"
    return None
