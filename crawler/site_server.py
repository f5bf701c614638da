"""Serve the bundled sample clinic sites on loopback, each site on its own address.

Used by `clinicwatch demo` and by the crawl tests: every site gets 127.0.0.N on one shared port,
so "which site is this page from" is answered by the real host, as on the web.
"""

from __future__ import annotations

import csv
import hashlib
import json
import mimetypes
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SAMPLE_SITES_DIR = Path(__file__).parent / "sample_sites"
MANIFEST = "sites.json"
TEMPLATED = frozenset({".html", ".htm", ".xml", ".txt"})
SITE_TOKEN = re.compile(r"\{\{site:([a-z0-9-]+)\}\}")
MAX_DELAY = 30.0


@dataclass(frozen=True)
class SampleSite:
    slug: str
    name: str
    state: str
    base_url: str
    served: bool
    expected: dict


def read_manifest(root: Path = SAMPLE_SITES_DIR) -> list[dict]:
    return json.loads((root / MANIFEST).read_text())


class _SiteHandler(BaseHTTPRequestHandler):
    server: _SiteHTTPServer
    protocol_version = "HTTP/1.0"  # one request per connection: no keep-alive surprises in tests

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the crawler records what it fetched."""

    def _respond(self, with_body: bool) -> None:
        path = urlsplit(self.path).path
        self.server.log_request_path(self.path)
        route = self.server.route_for(path)
        if route and self._special(route, path, with_body):
            return
        body, content_type = self.server.read(route.get("file", path) if route else path)
        if route and "content_type" in route:
            content_type = route["content_type"]
        if body is None:
            self._send(404, b"not found", "text/plain; charset=utf-8", with_body)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(
            200,
            body,
            content_type,
            with_body,
            {"ETag": etag, "Last-Modified": self.server.modified},
        )

    def _special(self, route: dict, path: str, with_body: bool) -> bool:
        """Answer a route's special behaviour; False to serve the file as usual after it."""
        time.sleep(min(float(route.get("delay", 0)), MAX_DELAY))
        agent = self.headers.get("User-Agent", "")
        if route.get("browser_agents_only") and not agent.startswith("Mozilla/"):
            # a web application firewall's crude bot filter
            self._send(403, b"Access denied", "text/plain; charset=utf-8", with_body)
            return True
        if "status" in route and self._status_applies(route, path):
            if "redirect" in route:
                target = self.server.substitute(route["redirect"])
                self._send(route["status"], b"", "text/plain", with_body, {"Location": target})
            elif route.get("with_page"):  # a whole page sent with an error status
                body, _ = self.server.read(path)
                self._send(route["status"], body or b"", "text/html; charset=utf-8", with_body)
            else:
                headers = route.get("headers", {})
                self._send(
                    route["status"], b"error", "text/plain; charset=utf-8", with_body, headers
                )
            return True
        if "trap" in route:
            body = _trap_page(route["trap"], self.path)
            self._send(200, body, "text/html; charset=utf-8", with_body)
            return True
        if "repeat" in route:
            body = _repeated(route["repeat"]["text"], int(route["repeat"]["bytes"]))
            self._send(200, body, route.get("content_type", "text/html; charset=utf-8"), with_body)
            return True
        return False

    def _status_applies(self, route: dict, path: str) -> bool:
        """A route's status answers its first `times` requests, or those in its first `seconds`."""
        if "seconds" in route:
            return self.server.seconds_since_first_request(path) < float(route["seconds"])
        return self.server.count(path) <= route.get("times", 1_000_000)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        with_body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)


class _SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        roots: list[Path],
        tokens: dict[str, str],
        routes: dict[str, dict] | None = None,
        request_log: list | None = None,
    ):
        super().__init__(address, _SiteHandler)
        self.roots = roots
        self.tokens = tokens
        self.routes = routes or {}
        self.request_log = request_log
        self.counts: Counter = Counter()
        self.first_requested: dict[str, float] = {}
        self.lock = threading.Lock()
        self.modified = formatdate(usegmt=True)

    def handle_error(self, request, client_address) -> None:
        """A crawler that hangs up on a huge or slow page is expected, not an error."""

    def route_for(self, path: str) -> dict | None:
        if path in self.routes:
            return self.routes[path]
        for pattern, route in self.routes.items():
            if pattern.endswith("*") and path.startswith(pattern[:-1]):
                return route
        return None

    def log_request_path(self, target: str) -> None:
        path = urlsplit(target).path
        with self.lock:
            self.counts[path] += 1
            self.first_requested.setdefault(path, time.monotonic())
            if self.request_log is not None:
                self.request_log.append((time.monotonic(), self.tokens["base"], target))

    def count(self, path: str) -> int:
        with self.lock:
            return self.counts[path]

    def seconds_since_first_request(self, path: str) -> float:
        with self.lock:
            return time.monotonic() - self.first_requested.get(path, time.monotonic())

    def substitute(self, text: str) -> str:
        text = text.replace("{{base}}", self.tokens["base"])
        return SITE_TOKEN.sub(lambda m: self.tokens.get(f"site:{m[1]}", m[0]), text)

    def read(self, path: str) -> tuple[bytes | None, str]:
        relative = unquote(path).lstrip("/")
        for root in self.roots:
            target = (root / relative).resolve()
            if not target.is_relative_to(root.resolve()):
                return None, ""
            if target.is_dir():
                target = target / "index.html"
            if target.is_file():
                return self._render(target), _content_type(target)
        return None, ""

    def _render(self, target: Path) -> bytes:
        body = target.read_bytes()
        if target.suffix not in TEMPLATED:
            return body
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return body  # a fixture in another encoding is served byte for byte
        return self.substitute(text).encode("utf-8")


def _trap_page(kind: str, path: str) -> bytes:
    """A page of an endless URL space: each page links to a next one, forever."""
    numbers = [int(n) for n in re.findall(r"\d+", path)] or [1]
    if kind == "calendar":
        link = f"/calendar/{2026 + numbers[-1] // 12}/{numbers[-1] % 12 + 1}/"
    elif kind == "pagination":
        link = f"/news/?page={numbers[-1] + 1}"
    else:
        link = f"{path.rstrip('/')}/more/"
    return f"<html><body><p>Events and news.</p><a href='{link}'>next</a></body></html>".encode()


def _repeated(text: str, size: int) -> bytes:
    chunk = f"<p>{text}</p>\n".encode()
    return b"<html><body>" + chunk * (size // len(chunk) + 1) + b"</body></html>"


def _content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith("xml") else kind


def free_port(host: str = "127.0.0.2") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@contextmanager
def serve_sites(
    root: Path = SAMPLE_SITES_DIR,
    port: int = 0,
    first_address: int = 2,
    overlays: dict[str, Path] | None = None,
    only: list[str] | None = None,
    request_log: list | None = None,
) -> Iterator[list[SampleSite]]:
    """Serve every site of `root`'s manifest until the block exits.

    `overlays` maps a slug to a folder whose files replace the site's own (a later version of
    the site). Sites marked `"serve": false` get an address where nothing listens. A site's
    `"routes"` give paths special behaviour (status codes, delays, redirects, huge bodies, endless
    link traps) so the crawler meets the web's usual mess; `request_log` collects every request.
    """
    manifest = [s for s in read_manifest(root) if only is None or s["slug"] in only]
    port = port or free_port(f"127.0.0.{first_address}")
    sites = []
    for index, entry in enumerate(manifest):
        address = f"127.0.0.{first_address + index}"
        sites.append(
            SampleSite(
                slug=entry["slug"],
                name=entry["name"],
                state=entry.get("state", ""),
                base_url=f"http://{address}:{port}",
                served=entry.get("serve", True),
                expected=entry,
            )
        )
    tokens = {f"site:{site.slug}": site.base_url for site in sites}
    servers = []
    try:
        for site in sites:
            if not site.served:
                continue
            roots = [root / site.slug]
            if overlays and site.slug in overlays:
                roots.insert(0, overlays[site.slug])
            host = urlsplit(site.base_url).hostname or ""
            server = _SiteHTTPServer(
                (host, port),
                roots,
                {**tokens, "base": site.base_url},
                site.expected.get("routes"),
                request_log,
            )
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
        yield sites
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def write_seeds(sites: list[SampleSite], path: Path) -> Path:
    """The seed list a user would write for these sites."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "name", "state"])
        writer.writerows([f"{site.base_url}/", site.name, site.state] for site in sites)
    return path
