"""RunLock: one crawl of a database at a time, across schedulers, cron jobs and crashes.

The lock is an flock on a file beside the database, and the file says who holds it (host, pid,
since). The kernel drops the flock when its holders die, so a lock left by a crashed scheduler
is stale and the next run takes it over; the file's text is only there to name the holder. The
crawl's child process inherits the lock: a scheduler killed mid-run leaves it held until the
crawl itself ends.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from pathlib import Path

from db.runs import now


class LockHeld(RuntimeError):
    """Another live process runs a crawl of this database."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.crawl-lock")


class RunLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> dict:
        """Take the lock (a stale one included); LockHeld names a live holder."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = read_holder(fd)
            os.close(fd)
            pids = ", ".join(str(holder[key]) for key in ("pid", "crawl_pid") if key in holder)
            raise LockHeld(
                f"a crawl of this database is still going (host {holder.get('host', '?')}, "
                f"pid {pids or '?'}, since {holder.get('since', '?')}; lock {self.path})"
            ) from None
        stale = read_holder(fd)
        record = {
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": now(),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode(), 0)
        self.fd = fd
        return stale

    def note(self, **fields) -> None:
        """Add to what the lock file says about its holder (e.g. the crawl's own pid)."""
        if self.fd is not None:
            record = {**read_holder(self.fd), **fields}
            os.ftruncate(self.fd, 0)
            os.pwrite(self.fd, json.dumps(record).encode(), 0)

    def release(self) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def read_holder(fd: int) -> dict:
    try:
        holder = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except ValueError:
        return {}
    return holder if isinstance(holder, dict) else {}
