"""The HTML inside a JSON answer: a "Load more" button's next posts, as WordPress themes and
headless sites send them ({"html": "<article>…</article>", "next": 3})."""

from __future__ import annotations

import re
from html import escape

from pipelines.html_text import app_data_strings

JSON_TYPES = ("application/json", "text/json", "text/javascript")
MAX_FRAGMENTS = 200
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
    if not fragments:
        return None
    markup = "\n".join(fragments[:MAX_FRAGMENTS] + next_pages[:MAX_FRAGMENTS])
    return f"<html><body>{markup}</body></html>".encode()


def _is_markup(value: str) -> bool:
    start = value.lstrip()[:1]
    return start == "<" and "</" in value
