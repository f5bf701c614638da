"""The JSON an item travels in from a crawler worker to `clinicwatch ingest`, and back.

Pages are extracted and classified on the workers (the CPU-heavy part, which grows with the
workers); the single writer only archives and stores. So an item carries the store's plain
records and what the WARC archive needs, never a Scrapy or spaCy object:

    {"v": 1, "kind": "page", "key": K, "clinic": ClinicRecord, "page": PageRecord,
     "claims": [ClaimRecord, ...],
     "exchange": {"status", "content_type", "response_headers", "request_headers", "body_b64"}}
    {"v": 1, "kind": "unchanged", "key": K, "url", "clinic_id", "fetched_at"}
    {"v": 1, "kind": "fetch_error", "key": K, "clinic": ClinicRecord | null,
     "error": FetchErrorRecord}

`key` names the event (this page, this failure) once per run: Redis drops a second push.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict

from crawler.items import ClinicInfo, FetchErrorItem, PageItem, is_unchanged
from db.records import ClaimRecord, ClinicRecord, FetchErrorRecord, PageRecord
from pipelines.store import clinic_record, clinic_with_facts, fetch_error_record, page_records

VERSION = 1


def encode_item(item) -> tuple[str, str] | None:
    """(key, JSON) for an item the store would write; None for one it would not."""
    if isinstance(item, FetchErrorItem):
        record = {
            "kind": "fetch_error",
            "clinic": asdict(clinic_record(item.clinic)) if item.clinic.site else None,
            "error": asdict(fetch_error_record(item)),
        }
        identity = ("fetch_error", item.kind, item.url, item.message)
    elif is_unchanged(item):
        record = {
            "kind": "unchanged",
            "url": item.url,
            "clinic_id": item.clinic.site,
            "fetched_at": item.fetched_at,
        }
        identity = ("unchanged", item.url)
    elif isinstance(item, PageItem) and item.classified is not None:
        page, claims = page_records(item)
        record = {
            "kind": "page",
            "clinic": asdict(clinic_with_facts(item)),
            "page": asdict(page),
            "claims": [asdict(claim) for claim in claims],
            "exchange": {
                "status": item.status,
                "content_type": item.content_type,
                "response_headers": item.response_headers,
                "request_headers": item.request_headers,
                "body_b64": base64.b64encode(item.body).decode("ascii"),
            },
        }
        identity = ("page", item.url)
    else:
        return None
    key = hashlib.sha1("\x1f".join(identity).encode()).hexdigest()
    record = {"v": VERSION, "key": key, **record}
    return key, json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def decode_item(raw: bytes | str) -> dict:
    record = json.loads(raw)
    if record.get("v") != VERSION:
        raise ValueError(f"item format v{record.get('v')}; this writer reads v{VERSION}")
    return record


def page_parts(record: dict) -> tuple[ClinicRecord, PageRecord, list[ClaimRecord]]:
    return (
        ClinicRecord(**record["clinic"]),
        PageRecord(**record["page"]),
        [ClaimRecord(**claim) for claim in record["claims"]],
    )


def exchange_item(record: dict) -> PageItem:
    """The fetched page as the WARC writer (pipelines.archive.WarcFile) takes it."""
    page, exchange, clinic = record["page"], record["exchange"], record["clinic"]
    return PageItem(
        url=page["url"],
        clinic=ClinicInfo(site=clinic["id"], url=clinic["url"]),
        status=exchange["status"],
        body=base64.b64decode(exchange["body_b64"]),
        fetched_at=page["fetched_at"],
        content_type=exchange["content_type"],
        response_headers=[tuple(pair) for pair in exchange["response_headers"]],
        request_headers=[tuple(pair) for pair in exchange["request_headers"]],
    )


def fetch_error_parts(record: dict) -> tuple[ClinicRecord | None, FetchErrorRecord]:
    clinic = ClinicRecord(**record["clinic"]) if record["clinic"] else None
    return clinic, FetchErrorRecord(**record["error"])
