"""A distributed crawl on one machine: N workers and the writer through a real Redis, pages/s
as a ratio to one `clinicwatch crawl` process on the same sites (the crawl benchmark's).

`BENCH_DISTRIBUTED_WORKERS` (default "1,2"); needs Debian's redis-server. Wall time from starting
the processes to the run being closed, so start-up and the workers' idle exit are included.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import fast_server
from benchmarks.bench_crawl import SITES, write_seeds
from benchmarks.bench_ingest import start_redis
from benchmarks.crawl_worker import BENCH_SETTINGS

WORKERS = [int(n) for n in os.getenv("BENCH_DISTRIBUTED_WORKERS", "1,2").split(",")]
FLAGS = [part for key, value in BENCH_SETTINGS.items() for part in ("-s", f"{key}={value}")]
CLOCKS = ["-s", "CLINICWATCH_IDLE_EXIT=1", "-s", "CLINICWATCH_WORKER_TTL=10"]


def clinicwatch(*arguments: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "crawler", *arguments]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def single(seeds: Path, folder: Path) -> float:
    started = time.perf_counter()
    clinicwatch("crawl", str(seeds), "--db", str(folder / "single.db"), "--allow-private",
                *FLAGS).communicate()  # fmt: skip
    return time.perf_counter() - started


def distributed(seeds: Path, folder: Path, workers: int) -> float:
    server, url = start_redis(folder)
    try:
        started = time.perf_counter()
        writer = clinicwatch("ingest", "--redis-url", url, "--db", str(folder / f"{workers}.db"))
        crawlers = [
            clinicwatch("crawl", str(seeds), "--redis-url", url, "--allow-private", *FLAGS, *CLOCKS)
            for _ in range(workers)
        ]
        for process in [*crawlers, writer]:
            process.communicate()
        return time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()


def main() -> dict:
    pages = SITES * fast_server.SITE_PAGES
    server, port = fast_server.start(SITES)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            seeds = write_seeds(SITES, port, folder / "seeds.csv")
            baseline = pages / single(seeds, folder)
            figures = {"single_pages_per_s": baseline}
            for workers in WORKERS:
                rate = pages / distributed(seeds, folder, workers)
                figures[f"workers_{workers}_pages_per_s"] = rate
                print(
                    f"distributed: {pages} pages, {workers} worker(s) + writer on this machine: "
                    f"{rate:.0f} pages/s; one process {baseline:.0f} pages/s -> ratio "
                    f"{rate / baseline:.2f}"
                )
    finally:
        server.terminate()
    return figures


if __name__ == "__main__":
    main()
