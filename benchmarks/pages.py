"""Realistic ~20 KB clinic pages for benchmarks, assembled from the bundled sample sites."""

from __future__ import annotations

import random
from pathlib import Path

from crawler.site_server import SAMPLE_SITES_DIR, read_manifest

PAGE_BYTES = 20_000


def sample_html_pages(root: Path = SAMPLE_SITES_DIR) -> dict[str, list[str]]:
    """Every HTML page of every sample site, by site."""
    pages = {}
    for site in read_manifest(root):
        folder = root / site["slug"]
        if folder.is_dir():
            pages[site["slug"]] = [p.read_text() for p in sorted(folder.rglob("*.html"))]
    return pages


def clinic_pages(count: int, seed: int = 7) -> list[str]:
    """`count` HTML pages of about 20 KB: a site's page with body sections of its other pages."""
    rng = random.Random(seed)
    by_site = sample_html_pages()
    sites = sorted(by_site)
    pages = []
    for index in range(count):
        site_pages = by_site[sites[index % len(sites)]]
        base = rng.choice(site_pages)
        head, _, tail = base.partition("</body>")
        extra = []
        while len(head) + sum(map(len, extra)) < PAGE_BYTES:
            other = rng.choice(site_pages)
            body = other.split("<body", 1)[-1].split(">", 1)[-1].split("</body>", 1)[0]
            extra.append(f"<section data-n='{index}-{len(extra)}'>{body}</section>")
        pages.append(head + "".join(extra) + "</body>" + tail)
    return pages
