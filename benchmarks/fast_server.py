"""A fast loopback HTTP server for benchmarks: pre-rendered pages from memory, keep-alive.

Each site has its own address (127.1.X.Y) so download slots are per site, as on the web.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import socket

from benchmarks.pages import clinic_pages

SITE_PAGES = 20
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
LINK = re.compile(r'href="(?!https?:|mailto:|tel:|#)[^"]*"')  # every internal link, to a bench page


def site_address(index: int) -> str:
    return f"127.1.{index // 250}.{index % 250 + 1}"


def build_sites(sites: int) -> dict[tuple[str, str], bytes]:
    """Every site's pages as complete HTTP responses, each page linking to the next few."""
    bodies = clinic_pages(sites * SITE_PAGES)
    responses = {}
    for site in range(sites):
        host = site_address(site)
        for page in range(SITE_PAGES):
            links = "".join(
                f'<a href="/page-{(page + step) % SITE_PAGES}.html">more</a>' for step in (1, 2, 5)
            )
            html = LINK.sub(
                lambda match: f'href="/page-{hash(match[0]) % SITE_PAGES}.html"',
                bodies[site * SITE_PAGES + page],
            ).replace("</body>", f"<nav>{links}</nav></body>")
            body = html.encode()
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            path = "/" if page == 0 else f"/page-{page}.html"
            responses[(host, path)] = head + body
    return responses


async def _serve(responses: dict, hosts: list[str], port: int, ready) -> None:
    async def handle(reader, writer):
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                request = await reader.readuntil(b"\r\n\r\n")
                path = request.split(b" ", 2)[1].decode()
                writer.write(responses.get((host, path), NOT_FOUND))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            writer.close()

    servers = [await asyncio.start_server(handle, host, port) for host in hosts]
    ready.set()
    await asyncio.gather(*(server.serve_forever() for server in servers))


def _run(sites: int, port: int, ready) -> None:
    responses = build_sites(sites)
    hosts = [site_address(index) for index in range(sites)]
    asyncio.run(_serve(responses, hosts, port, ready))


def start(sites: int) -> tuple[multiprocessing.Process, int]:
    """Start the server in its own process; returns it and the port every site listens on."""
    with socket.socket() as probe:
        probe.bind((site_address(0), 0))
        port = probe.getsockname()[1]
    ready = multiprocessing.Event()
    process = multiprocessing.Process(target=_run, args=(sites, port, ready), daemon=True)
    process.start()
    if not ready.wait(timeout=120):
        process.terminate()
        raise RuntimeError("benchmark server did not start")
    return process, port
