"""The HTML inside a JSON answer: a "Load more" button's next posts, as WordPress themes and
headless sites send them ({"html": "<article>…</article>", "next": 3})."""

from __future__ import annotations

from pipelines.html_text import app_data_strings

JSON_TYPES = ("application/json", "text/json", "text/javascript")
MAX_FRAGMENTS = 200


def html_in_json(body: bytes, content_type: str) -> bytes | None:
    """The HTML strings of a JSON response as one page, in order; None when it holds none."""
    if not content_type.lower().startswith(JSON_TYPES):
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    fragments = [value for _, value in app_data_strings(text) if _is_markup(value)]
    if not fragments:
        return None
    markup = "\n".join(fragments[:MAX_FRAGMENTS])
    return f"<html><body>{markup}</body></html>".encode()


def _is_markup(value: str) -> bool:
    start = value.lstrip()[:1]
    return start == "<" and "</" in value
