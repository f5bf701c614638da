"""The response cache in front of an immutable database: what it keeps and what it never keeps."""

from __future__ import annotations

import asyncio

from db.plugins.response_cache import ResponseCache, publishes_only_immutable_data
from db.publish import build_datasette
from tests.test_db_publish import build_published_db


class CountingApp:
    def __init__(self, status=200, headers=(), chunks=(b"hello",)):
        self.calls = 0
        self.status, self.headers, self.chunks = status, list(headers), list(chunks)

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        for index, chunk in enumerate(self.chunks):
            more = index < len(self.chunks) - 1
            await send({"type": "http.response.body", "body": chunk, "more_body": more})


def request(app, path="/clinicwatch/flagged_clinics", method="GET", headers=()):
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(b"host", b"localhost"), *headers],
    }
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    asyncio.run(app(scope, receive, send))
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_a_page_is_rendered_once_then_served_from_the_cache():
    inner = CountingApp(chunks=(b"hel", b"lo"))
    cache = ResponseCache(inner)
    assert request(cache) == request(cache) == b"hello"
    assert inner.calls == 1
    request(cache, path="/clinicwatch/other")
    assert inner.calls == 2


def test_errors_cookies_posts_and_large_bodies_are_never_kept():
    for inner, kwargs in [
        (CountingApp(status=500), {}),
        (CountingApp(headers=[(b"set-cookie", b"a=b")]), {}),
        (CountingApp(), {"headers": [(b"cookie", b"ds_actor=x")]}),
        (CountingApp(), {"method": "POST"}),
    ]:
        cache = ResponseCache(inner)
        request(cache, **kwargs)
        request(cache, **kwargs)
        assert inner.calls == 2, kwargs
    big = CountingApp(chunks=(b"x" * 10, b"y" * 10))
    cache = ResponseCache(big, max_entry_bytes=15)
    assert request(cache) == request(cache) == b"x" * 10 + b"y" * 10
    assert big.calls == 2


def test_the_least_recently_used_pages_go_first_when_full():
    inner = CountingApp(chunks=(b"12345",))
    cache = ResponseCache(inner, max_bytes=10)
    for path in ("/a", "/b", "/a", "/c", "/a"):
        request(cache, path=path)
    assert inner.calls == 3
    assert cache.size <= 10


def test_only_an_immutable_publication_is_cached(tmp_path):
    db_path = build_published_db(tmp_path / "clinicwatch.db")
    assert publishes_only_immutable_data(build_datasette(db_path))
    assert not publishes_only_immutable_data(build_datasette(db_path, immutable=False))


def test_concurrent_requests_for_one_page_render_it_once():
    class SlowApp(CountingApp):
        async def __call__(self, scope, receive, send):
            await asyncio.sleep(0.01)
            await super().__call__(scope, receive, send)

    inner = SlowApp()
    cache = ResponseCache(inner)

    async def both():
        bodies = []

        async def one():
            sent = []

            async def send(message):
                sent.append(message)

            scope = {"type": "http", "method": "GET", "path": "/a", "query_string": b""}
            await cache(scope, None, send)
            bodies.append(b"".join(m.get("body", b"") for m in sent[1:]))

        await asyncio.gather(one(), one(), one())
        return bodies

    assert asyncio.run(both()) == [b"hello"] * 3
    assert inner.calls == 1
