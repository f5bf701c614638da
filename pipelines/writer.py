"""StoreWriter: the crawl's single SQLite writer, on a thread of its own.

SQLite does its work without holding the GIL, so writing pages on a separate thread overlaps the
database with the next pages' parsing and classifying. Writes keep their order; each page is still
one transaction; the queue is bounded, so a slow disk slows the crawl instead of filling memory.
A page still queued when the process is killed was never committed: a resumed run fetches it again.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from db.store import ClinicStore

logger = logging.getLogger(__name__)
STOP = object()
MAX_FAILURES = 50


class StoreWriter:
    def __init__(self, db_path: Path, max_pending: int = 64) -> None:
        self.db_path = db_path
        self.pending: queue.Queue = queue.Queue(maxsize=max_pending)
        self.failures: list[BaseException] = []
        self.opened = threading.Event()
        self.thread = threading.Thread(target=self._run, name="clinicwatch-store", daemon=True)
        self.thread.start()
        self.opened.wait(timeout=60)

    def submit(self, operation: Callable[[ClinicStore], Any]) -> None:
        """Queue `operation(store)`. A write that fails is logged and the crawl goes on, unless
        writes keep failing (a full disk, a locked file): then the crawl stops."""
        if len(self.failures) > MAX_FAILURES:
            raise RuntimeError("the store writer keeps failing") from self.failures[-1]
        self.pending.put(operation)

    def close(self, timeout: float = 600.0) -> int:
        """Write everything queued, then stop; returns how many writes failed."""
        self.pending.put(STOP)
        self.thread.join(timeout)
        return len(self.failures)

    def _run(self) -> None:
        store = ClinicStore.open(self.db_path)
        self.opened.set()
        try:
            while True:
                operation = self.pending.get()
                if operation is STOP:
                    return
                try:
                    operation(store)
                except Exception as error:  # one bad page must not stop the others' writes
                    logger.exception("store write failed")
                    self.failures.append(error)
        finally:
            store.close()
