"""Datasette plugin: an in-process LRU cache of anonymous GET responses over an immutable database.

While `clinicwatch serve` runs, the published file cannot change, so the same URL always renders
the same page; popular pages (flagged clinics by state, a clinic's evidence) are rendered once.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from datasette import hookimpl

MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 2 * 1024 * 1024
PRIVATE_HEADERS = frozenset({b"cookie", b"authorization"})


class ResponseCache:
    """ASGI middleware: complete 200 responses without cookies, keyed by host, path and query."""

    def __init__(self, app, max_bytes: int = MAX_BYTES, max_entry_bytes: int = MAX_ENTRY_BYTES):
        self.app = app
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self.entries: OrderedDict[tuple, tuple[dict, bytes]] = OrderedDict()
        self.size = 0
        self.rendering: dict[tuple, asyncio.Event] = {}

    async def __call__(self, scope, receive, send):
        key = self.key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        if key in self.rendering:  # the same page asked for again while it renders
            await self.rendering[key].wait()
        if key in self.entries:
            self.entries.move_to_end(key)
            start, body = self.entries[key]
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        done = self.rendering.setdefault(key, asyncio.Event())
        try:
            await self.render(key, scope, receive, send)
        finally:
            if self.rendering.get(key) is done:
                del self.rendering[key]
            done.set()

    async def render(self, key: tuple, scope, receive, send) -> None:
        captured: dict = {"start": None, "chunks": [], "size": 0, "complete": False}

        async def capture(message):
            if message["type"] == "http.response.start":
                captured["start"] = message
            elif message["type"] == "http.response.body":
                captured["size"] += len(message.get("body", b""))
                if captured["size"] <= self.max_entry_bytes:
                    captured["chunks"].append(message.get("body", b""))
                captured["complete"] = not message.get("more_body", False)
            await send(message)

        await self.app(scope, receive, capture)
        self.store(key, captured)

    def key(self, scope) -> tuple | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        headers = dict(scope.get("headers") or [])
        if PRIVATE_HEADERS.intersection(headers) or b"_trace" in scope.get("query_string", b""):
            return None
        return headers.get(b"host", b""), scope["path"], scope.get("query_string", b"")

    def store(self, key: tuple, captured: dict) -> None:
        start = captured["start"]
        if not start or start["status"] != 200 or not captured["complete"]:
            return
        if captured["size"] > self.max_entry_bytes:
            return
        if any(name.lower() == b"set-cookie" for name, _ in start.get("headers", [])):
            return
        body = b"".join(captured["chunks"])
        if key in self.entries:
            self.size -= len(self.entries.pop(key)[1])
        self.entries[key] = (start, body)
        self.size += len(body)
        while self.size > self.max_bytes:
            _, (_, evicted) = self.entries.popitem(last=False)
            self.size -= len(evicted)


def publishes_only_immutable_data(datasette) -> bool:
    databases = [db for name, db in datasette.databases.items() if name != "_internal"]
    return bool(databases) and not any(db.is_mutable or db.is_memory for db in databases)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        return ResponseCache(app) if publishes_only_immutable_data(datasette) else app

    return wrap
