"""The HTML inside a JSON answer: a "Load more" button's next posts, as WordPress themes and
headless sites send them ({"html": "<article>…</article>", "next": 3})."""

from __future__ import annotations

import json
import re
from html import escape

from pipelines.html_text import app_data_prose, app_data_strings

JSON_TYPES = ("application/json", "text/json", "text/javascript")
MAX_FRAGMENTS = 200
# Gatsby's page-data.json, Next's /_next/data/…json
PAGE_DATA_KEYS = ({"componentChunkName", "result"}, {"pageProps"})
# "next", "next_url", "nextPage", "next_page_url", "load_more_url"
NEXT_PAGE_KEY = re.compile(r"^(?:next|load_?more)(?:_?page)?(?:_?url)?$", re.IGNORECASE)


def html_in_json(body: bytes, content_type: str) -> bytes | None:
    """The HTML strings of a JSON response as one page, in order; None when it holds none."""
    if not content_type.lower().startswith(JSON_TYPES):
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    fragments, next_pages = [], []
    for key, value in app_data_strings(text):
        if _is_markup(value):
            fragments.append(value)
        elif NEXT_PAGE_KEY.match(key) and value.startswith(("/", "http://", "https://")):
            # the address of the posts after these: a link, so they are read too
            next_pages.append(f'<a href="{escape(value)}"></a>')
    if not fragments and _is_page_data(text):
        # a page's own data, which its script renders: the text of a hydrated FAQ or tab
        fragments = [f"<p>{escape(prose)}</p>" for prose in app_data_prose(text)]
    if not fragments:
        return None
    markup = "\n".join(fragments[:MAX_FRAGMENTS] + next_pages[:MAX_FRAGMENTS])
    return f"<html><body>{markup}</body></html>".encode()


def _is_page_data(text: str) -> bool:
    """Whether a JSON answer is a page's data as a framework fetches it to render the page:
    Gatsby's page-data ({"componentChunkName", "result"}) or Next's ({"pageProps"})."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(data, dict):
        return False
    return any(keys <= data.keys() for keys in PAGE_DATA_KEYS)


def _is_markup(value: str) -> bool:
    start = value.lstrip()[:1]
    return start == "<" and "</" in value
