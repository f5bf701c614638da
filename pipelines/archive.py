"""ArchivePipeline: every new version of a page goes to the run's WARC file, as cited evidence.

One gzip-per-record WARC per crawl run (warcio), request and response records, in an archive
directory beside the database; the item carries the file, offset and length of its response
record to the store. At the end of the run a manifest lists every WARC file with its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.items import PageItem

MANIFEST_SUFFIX = ".manifest.json"


@dataclass(frozen=True)
class ArchivedRecord:
    file: str
    offset: int
    length: int


def archive_dir(db_path: Path) -> Path:
    """The archive directory beside a database: `clinicwatch.db` -> `clinicwatch-archive/`."""
    return db_path.with_name(f"{db_path.stem}-archive")


def warc_name(run_id: int) -> str:
    return f"run-{run_id:06d}.warc.gz"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(directory: Path, run_id: int) -> Path:
    """The run's manifest: every WARC file of the run with its size and SHA-256."""
    files = sorted(directory.glob(f"run-{run_id:06d}*.warc.gz"))
    manifest = {
        "run_id": run_id,
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": [
            {"name": path.name, "bytes": path.stat().st_size, "sha256": sha256_file(path)}
            for path in files
        ],
    }
    target = directory / f"run-{run_id:06d}{MANIFEST_SUFFIX}"
    target.write_text(json.dumps(manifest, indent=2) + "\n")
    return target


class WarcFile:
    """Appends request/response record pairs to one WARC file and says where each landed."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.handle = path.open("ab")
        self.writer = WARCWriter(self.handle, gzip=True)

    def write_exchange(self, item: PageItem) -> ArchivedRecord:
        date = item.fetched_at.replace("+00:00", "Z")
        response = self.writer.create_warc_record(
            item.url,
            "response",
            payload=BytesIO(item.body),
            http_headers=StatusAndHeaders(
                f"{item.status} {'OK' if item.status == 200 else ''}".strip(),
                item.response_headers or [("Content-Type", item.content_type)],
                protocol="HTTP/1.1",
            ),
            warc_headers_dict=_response_headers(date, item),
        )
        request = self.writer.create_warc_record(
            item.url,
            "request",
            http_headers=StatusAndHeaders(
                f"GET {item.url} HTTP/1.1", item.request_headers, is_http_request=True
            ),
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        offset = self.handle.tell()
        self.writer.write_record(response)
        self.writer.write_record(request)
        self.handle.flush()
        return ArchivedRecord(self.path.name, offset, self.handle.tell() - offset)

    def close(self) -> None:
        self.handle.close()


def _response_headers(date: str, item: PageItem) -> dict[str, str]:
    """A page over the size limit is kept thinned or cut: WARC-Truncated says so."""
    headers = {"WARC-Date": date}
    if item.size and len(item.body) < item.size:
        headers["WARC-Truncated"] = "length"
    return headers


class ArchivePipeline:
    """Archive pages whose text is new or changed (an unchanged page was archived before)."""

    def __init__(self, directory: Path, run_id: int | None) -> None:
        self.directory = directory
        self.run_id = run_id
        self.warc: WarcFile | None = None

    @classmethod
    def from_crawler(cls, crawler):
        db_path = crawler.settings.get("CLINICWATCH_DB")
        if not db_path:
            raise NotConfigured("ArchivePipeline needs CLINICWATCH_DB to archive beside it")
        directory = crawler.settings.get("CLINICWATCH_ARCHIVE_DIR") or archive_dir(Path(db_path))
        pipeline = cls(Path(directory), crawler.settings.getint("CLINICWATCH_RUN_ID") or None)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def process_item(self, item):
        if not isinstance(item, PageItem) or item.classified is None:
            return item
        if self.warc is None:
            self.warc = WarcFile(self.directory / warc_name(self.run_id or 0))
        item.archived = self.warc.write_exchange(item)
        return item

    def spider_closed(self, spider, reason):
        if self.warc is not None:
            self.warc.close()
            write_manifest(self.directory, self.run_id or 0)


def read_response(path: Path, offset: int) -> tuple[dict[str, str], bytes, str, str]:
    """(HTTP headers, payload, target URI, WARC date) of the response record at `offset`."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as handle:
        handle.seek(offset)
        for record in ArchiveIterator(handle):
            if record.rec_type != "response":
                raise ValueError(f"{path.name}@{offset} is a {record.rec_type} record")
            headers = dict(record.http_headers.headers) if record.http_headers else {}
            payload = record.content_stream().read()
            return (
                headers,
                payload,
                record.rec_headers.get_header("WARC-Target-URI"),
                record.rec_headers.get_header("WARC-Date"),
            )
    raise ValueError(f"no record at {path.name}@{offset}")


def copy_records(source: Path, offset: int, length: int, target) -> None:
    """Copy a page's response and request records (gzip members) byte for byte."""
    with source.open("rb") as handle:
        handle.seek(offset)
        target.write(handle.read(length))
