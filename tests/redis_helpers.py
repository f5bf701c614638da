"""A real, throwaway redis-server on a free loopback port, and distributed crawl processes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from tests.crawl_helpers import FAST

# Short clocks so a test's crawl ends in seconds: quiet for 2 s, dead after 3 s of silence.
WORKER_CLOCKS = ["-s", "CLINICWATCH_IDLE_EXIT=2", "-s", "CLINICWATCH_WORKER_TTL=3"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def redis_server(directory: Path, timeout: float = 10.0) -> Iterator[str]:
    """redis-server without persistence, stopped when the block exits; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: apt-get install redis-server (.ci/run does)")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(directory)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=timeout)


def start_worker(seeds: Path, url: str, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "crawler", "crawl", str(seeds), "--redis-url", url,
               "--allow-private", *FAST, *WORKER_CLOCKS, *extra]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def start_ingest(url: str, db: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "crawler", "ingest", "--redis-url", url, "--db", str(db)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, timeout: float = 240) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return process.returncode, out, err
