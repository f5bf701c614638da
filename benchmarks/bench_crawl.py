"""Crawl throughput: the full pipeline (extract + classify + store) against a null spider."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import fast_server

SITES = int(os.getenv("BENCH_CRAWL_SITES", "100"))
LARGE_SITES = int(os.getenv("BENCH_CRAWL_LARGE_SITES", "1000"))  # 20,000 pages, for peak RSS


def crawl(mode: str, seeds: Path, db: Path) -> dict:
    command = [sys.executable, "-m", "benchmarks.crawl_worker", mode, str(seeds), str(db)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    if finished.returncode not in (0, 1):
        raise RuntimeError(finished.stderr[-2000:])
    return json.loads(finished.stdout.strip().splitlines()[-1])


def write_seeds(sites: int, port: int, path: Path) -> Path:
    lines = ["url,name"] + [
        f"http://{fast_server.site_address(index)}:{port}/,Bench clinic {index}"
        for index in range(sites)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def measure(sites: int, modes: tuple[str, ...]) -> dict[str, dict]:
    server, port = fast_server.start(sites)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            seeds = write_seeds(sites, port, Path(scratch) / "seeds.csv")
            return {mode: crawl(mode, seeds, Path(scratch) / f"{mode}.db") for mode in modes}
    finally:
        server.terminate()


def main() -> dict:
    results = measure(SITES, ("null", "full"))
    null, full = results["null"], results["full"]
    null_rate = null["pages"] / null["seconds"]
    full_rate = full["pages"] / full["seconds"]
    print(
        f"crawl: {SITES} sites x {fast_server.SITE_PAGES} pages of ~20 KB on loopback: "
        f"null spider {null_rate:.0f} pages/s, full pipeline {full_rate:.0f} pages/s "
        f"-> ratio {full_rate / null_rate:.2f}; peak RSS null {null['peak_rss_mb']:.0f} MB, "
        f"full {full['peak_rss_mb']:.0f} MB"
    )
    figures = {
        "null_pages_per_s": null_rate,
        "full_pages_per_s": full_rate,
        "ratio": full_rate / null_rate,
        "full_peak_rss_mb": full["peak_rss_mb"],
    }
    if LARGE_SITES:
        large = measure(LARGE_SITES, ("full",))["full"]
        print(
            f"crawl: {large['pages']} pages with the full pipeline: peak RSS "
            f"{large['peak_rss_mb']:.0f} MB, {large['pages'] / large['seconds']:.0f} pages/s"
        )
        figures["large_peak_rss_mb"] = large["peak_rss_mb"]
    return figures


if __name__ == "__main__":
    main()
