"""Run the real `clinicwatch crawl` (the Scrapy engine, in a subprocess) against loopback sites."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"]


def run_crawl(
    seeds: Path, db: Path, *extra: str, timeout: int = 300
) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "crawler", "crawl", str(seeds), "--db", str(db), *FAST, *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
