"""Plain records the store writes: what pipelines hand to db/ (no Scrapy, no spaCy)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ClinicRecord:
    id: str
    url: str
    name: str = ""
    state: str = ""
    address: str = ""
    city: str = ""
    postal_code: str = ""
    country: str = ""
    phone: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class ClaimRecord:
    sentence: str
    labels: list[str]
    violations: list[str]
    severity: int
    rules: list[str]
    score: float
    start: int
    end: int
    block_kind: str = "text"
    label_scores: dict[str, float] = field(default_factory=dict)
    highlights: list[dict] = field(default_factory=list)
    suppressed: dict[str, str] = field(default_factory=dict)

    @property
    def flagged(self) -> bool:
        return bool(self.violations)


@dataclass
class PageRecord:
    url: str
    clinic_id: str
    fetched_at: str
    status: int
    content_hash: str
    body_sha256: str
    title: str
    text: str
    blocks: list[list]
    content_type: str = ""
    encoding: str = ""
    bytes: int = 0
    depth: int = 0
    referer: str = ""
    etag: str = ""
    last_modified: str = ""
    published_at: str = ""
    modified_at: str = ""
    truncated: bool = False
    js_suspect: bool = False
    language: str = ""  # ISO 639-1 code; claims are read in English pages only
    markets_stem_cells: bool = False
    flagged: bool = False
    severity: int = 0
    labels: list[str] = field(default_factory=list)
    classifier_version: str = ""
    outlinks: list[str] = field(default_factory=list)
    warc_file: str = ""
    warc_offset: int | None = None
    warc_length: int | None = None


@dataclass
class FetchErrorRecord:
    url: str
    clinic_id: str | None
    kind: str
    message: str
    at: str
    status: int | None = None
