"""Evidence a regulator can cite: verify the archive, export and replay one clinic's bundle."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database
from w3lib.encoding import http_content_type_encoding
from warcio.exceptions import ArchiveLoadFailed

from classifiers.classifier import ClaimClassifier
from db.history import archived_versions, flagged_evidence
from pipelines.archive import (
    MANIFEST_SUFFIX,
    archive_dir,
    copy_records,
    read_response,
    sha256_file,
)
from pipelines.extract import extract_body

BUNDLE_WARC = "pages.warc.gz"


@dataclass(frozen=True)
class Problem:
    where: str
    what: str


def verify_archive(db_path: Path) -> tuple[int, list[Problem]]:
    """Re-hash every WARC file against its manifest, and every archived page against the DB."""
    directory = archive_dir(db_path)
    problems: list[Problem] = []
    checked = 0
    for manifest_path in sorted(directory.glob(f"*{MANIFEST_SUFFIX}")):
        for entry in json.loads(manifest_path.read_text())["files"]:
            path = directory / entry["name"]
            checked += 1
            if not path.exists():
                problems.append(Problem(entry["name"], "listed in the manifest but missing"))
            elif sha256_file(path) != entry["sha256"]:
                problems.append(Problem(entry["name"], "SHA-256 differs from the manifest"))
    db = Database(db_path)
    try:
        for version in archived_versions(db):
            checked += 1
            where = f"{version['warc_file']}@{version['warc_offset']} ({version['url']})"
            path = directory / version["warc_file"]
            try:
                _headers, payload, uri, _date = read_response(path, version["warc_offset"])
            except (OSError, ValueError, EOFError, ArchiveLoadFailed) as error:
                problems.append(Problem(where, f"unreadable record: {error}"))
                continue
            if hashlib.sha256(payload).hexdigest() != version["body_sha256"]:
                problems.append(Problem(where, "response body SHA-256 differs from the database"))
            elif uri != version["url"]:
                problems.append(Problem(where, f"record is for {uri}"))
    finally:
        db.close()
    return checked, problems


def export_bundle(db_path: Path, clinic_id: str, out: Path, classifier_version: str) -> dict:
    """The clinic's flagged sentences (CSV, JSON), the WARC records of their pages, a summary."""
    db = Database(db_path)
    try:
        clinic = db["clinics"].get(clinic_id)
        evidence = flagged_evidence(db, clinic_id)
        versions = {row["id"]: row for row in archived_versions(db, clinic_id)}
    finally:
        db.close()
    out.mkdir(parents=True, exist_ok=True)
    rows = [_evidence_row(row) for row in evidence]
    (out / "claims.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    with (out / "claims.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["sentence"])
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: json.dumps(v) if isinstance(v, list) else v for k, v in row.items()}
            )
    archived = sorted({row["version_id"] for row in evidence if row["version_id"] in versions})
    with (out / BUNDLE_WARC).open("wb") as handle:
        for version_id in archived:
            version = versions[version_id]
            copy_records(
                archive_dir(db_path) / version["warc_file"],
                version["warc_offset"],
                version["warc_length"],
                handle,
            )
    meta = {
        "clinic_id": clinic_id,
        "clinic_name": clinic.get("name"),
        "state": clinic.get("state"),
        "severity": clinic.get("severity"),
        "labels": json.loads(clinic.get("labels") or "[]"),
        "flagged_sentences": len(rows),
        "archived_pages": len(archived),
        "classifier_version": classifier_version,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (out / "bundle.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    (out / "summary.md").write_text(_summary(meta, rows))
    return meta


def replay_bundle(bundle: Path, classifier: ClaimClassifier) -> list[Problem]:
    """Classify the bundle's archived pages again: every flagged sentence must come back."""
    from warcio.archiveiterator import ArchiveIterator

    expected: dict[str, set[str]] = {}
    for row in json.loads((bundle / "claims.json").read_text()):
        expected.setdefault(row["page_url"], set()).add(row["sentence"])
    found: dict[str, set[str]] = {}
    with (bundle / BUNDLE_WARC).open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read()
            content_type = record.http_headers.get_header("Content-Type") or ""
            declared = http_content_type_encoding(content_type) or ""
            page = extract_body(body, content_type, declared)
            result = classifier.classify_blocks(page.blocks)
            found[url] = {claim.text for claim in result.claims if claim.flagged}
    problems = []
    for url, sentences in expected.items():
        if url not in found:
            problems.append(Problem(url, "page not in the bundle's WARC"))
            continue
        for sentence in sorted(sentences - found[url]):
            problems.append(Problem(url, f"not flagged on replay: {sentence}"))
    return problems


def _evidence_row(row: dict) -> dict:
    return {
        "sentence": row["sentence"],
        "violations": json.loads(row["violations"]),
        "labels": json.loads(row["labels"]),
        "rules": json.loads(row["rules"]),
        "score": row["score"],
        "page_url": row["page_url"],
        "fetched_at": row["fetched_at"],
        "first_seen": row["first_seen"],
        "last_seen": row["last_seen"],
        "content_hash": row["content_hash"],
        "body_sha256": row["body_sha256"],
        "classifier_version": row["classifier_version"],
    }


def _summary(meta: dict, rows: list[dict]) -> str:
    lines = [
        f"# Evidence: {meta['clinic_name'] or meta['clinic_id']}",
        "",
        f"- Site: `{meta['clinic_id']}`, state: {meta['state'] or 'unknown'}",
        f"- Severity: {meta['severity']}; labels: {', '.join(meta['labels']) or 'none'}",
        f"- Flagged sentences: {meta['flagged_sentences']} on {meta['archived_pages']} archived "
        "page(s) (`pages.warc.gz`)",
        f"- Classifier: `{meta['classifier_version']}`; exported {meta['exported_at']}",
        "",
        "| sentence | labels | why | page | fetched |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        sentence = row["sentence"].replace("|", "\\|")
        lines.append(
            f"| {sentence} | {', '.join(row['violations'])} | {', '.join(row['rules'][:4])} "
            f"| {row['page_url']} | {row['fetched_at']} |"
        )
    return "\n".join(lines) + "\n"
