"""What the spider yields: a fetched page, or a fetch that failed (a finding, not a crash)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ClinicInfo:
    """The clinic a page belongs to, as the seed list names it."""

    site: str
    url: str
    name: str = ""
    state: str = ""


@dataclass
class PageItem:
    url: str
    clinic: ClinicInfo
    status: int
    body: bytes
    fetched_at: str
    content_type: str = ""
    declared_encoding: str = ""
    etag: str = ""
    last_modified: str = ""
    depth: int = 0
    referer: str = ""
    truncated: bool = False
    size: int = 0
    links: list[str] = field(default_factory=list)
    previous_hash: str = ""
    content_hash: str = ""
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    archived: Any = None
    extracted: Any = None
    classified: Any = None
    stats: dict = field(default_factory=dict)


@dataclass
class PageUnchangedItem:
    """The server answered 304 Not Modified: the stored page still stands, as seen now."""

    url: str
    clinic: ClinicInfo
    fetched_at: str


def is_unchanged(item: object) -> bool:
    """A 304, or a page whose extracted text hashes as it did when it was last stored."""
    return isinstance(item, PageUnchangedItem) or (
        isinstance(item, PageItem) and item.content_hash == item.previous_hash
    )


@dataclass
class FetchErrorItem:
    url: str
    clinic: ClinicInfo
    kind: str
    message: str
    at: str
    status: int | None = None
