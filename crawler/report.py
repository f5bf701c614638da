"""Render a run report (Markdown, HTML, JSON) and send the run's claim-level alerts."""

from __future__ import annotations

import html
import json
import logging
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

ATOM = "http://www.w3.org/2005/Atom"
MAX_FEED_ENTRIES = 500
logger = logging.getLogger(__name__)


def render_markdown(report: dict) -> str:
    run = report["run"]
    lines = [
        f"# clinicwatch run {run['id']} ({run['status']})",
        "",
        f"Started {run['started_at']}, finished {run.get('finished_at') or '-'}; "
        f"{run['pages']} pages stored, {run.get('pages_unchanged') or 0} unchanged, "
        f"{run['fetch_errors']} fetch errors.",
        "",
        "Clinics by coverage: "
        + ", ".join(f"{status} {count}" for status, count in report["clinics_by_status"].items()),
        "",
        "## Newly flagged clinics",
        *(
            [f"- {c['name'] or c['id']} ({c['state'] or '?'}), severity {c['severity']}"
             for c in report["newly_flagged"]] or ["- none"]
        ),
        "",
        "## New labels at a clinic",
        *(
            [f"- {x['name'] or x['clinic_id']}: `{x['label']}`: \"{x['sentence']}\""
             f" ({x['page_url']})" for x in report["new_labels"]] or ["- none"]
        ),
        "",
        "## Claims removed",
        *(
            [f"- {x['name'] or x['clinic_id']}: \"{x['sentence']}\" ({x['page_url']})"
             for x in report["removed"]] or ["- none"]
        ),
        "",
        "## Flagged clinics by state and label",
        *(
            [f"- {row['state']}: `{row['label']}` at {row['clinics']} clinic(s)"
             for row in report["labels_by_state"]] or ["- none"]
        ),
        "",
        "## Coverage (a clinic that could not be read is not compliant, just unread)",
        "",
        "| clinic | status | pages | unchanged | robots.txt | over budget | errors | JS-only "
        "| not read |",
        "|---|---|---|---|---|---|---|---|---|",
    ]  # fmt: skip
    for row in report["coverage"]:
        errors = ", ".join(f"{k} {v}" for k, v in row["errors_by_kind"].items()) or "-"
        lines.append(
            f"| {row['name'] or row['clinic_id']} | {row['status']} | {row['pages_fetched']} "
            f"| {row['pages_unchanged']} | {row['robots_skipped']} | {row['over_budget']} "
            f"| {errors} | {row['js_suspect']} | {_not_read(row)} |"
        )
    return "\n".join(lines) + "\n"


def _not_read(row: dict) -> str:
    """What else the crawl left unread at a clinic: pages cut at the size limit, links past the
    depth limit, URLs cut off as crawler traps."""
    counts = {
        "truncated": row.get("truncated") or 0,
        "other language": row.get("other_language") or 0,
        "past depth limit": row["skipped_by_kind"].get("depth_limit", 0),
        "traps": row.get("trap_skipped") or 0,
    }
    return ", ".join(f"{name} {count}" for name, count in counts.items() if count) or "-"


def render_html(report: dict) -> str:
    """The Markdown report as an escaped, self-contained HTML page (no crawled HTML inside)."""
    body = html.escape(render_markdown(report))
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>clinicwatch run {report['run']['id']}</title></head>"
        f"<body><pre style='white-space: pre-wrap'>{body}</pre></body></html>\n"
    )


def render_json(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"


def alert_entries(run_id: int, changes: dict) -> list[dict]:
    """Claim-level changes only (db.history.run_changes): a newly flagged clinic, a new label
    at a clinic, a removal."""
    entries = [
        {"id": f"run-{run_id}-flagged-{c['id']}", "kind": "newly_flagged", "clinic_id": c["id"],
         "title": f"Newly flagged: {c['name'] or c['id']} ({c['state'] or '?'})",
         "summary": f"severity {c['severity']}, labels {', '.join(json.loads(c['labels']))}"}
        for c in changes["newly_flagged"]
    ]  # fmt: skip
    entries += [
        {"id": f"run-{run_id}-label-{x['clinic_id']}-{x['label']}", "kind": "new_label",
         "clinic_id": x["clinic_id"], "title": f"{x['name'] or x['clinic_id']}: new {x['label']}",
         "summary": f"\"{x['sentence']}\" on {x['page_url']}"}
        for x in changes["new_labels"]
    ]  # fmt: skip
    entries += [
        {"id": f"run-{run_id}-removed-{x['claim_id']}", "kind": "claim_removed",
         "clinic_id": x["clinic_id"], "title": f"{x['name'] or x['clinic_id']}: claim removed",
         "summary": f"\"{x['sentence']}\" no longer on {x['page_url']}"}
        for x in changes["removed"]
    ]  # fmt: skip
    return entries


def write_atom(path: Path, entries: list[dict], updated: str | None = None) -> None:
    """Add entries to the Atom feed file (newest first, bounded in length)."""
    ElementTree.register_namespace("", ATOM)
    updated = updated or datetime.now(UTC).isoformat(timespec="seconds")
    if path.exists():
        feed = ElementTree.parse(path).getroot()
    else:
        feed = ElementTree.Element(f"{{{ATOM}}}feed")
        ElementTree.SubElement(feed, f"{{{ATOM}}}title").text = "clinicwatch alerts"
        ElementTree.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:clinicwatch:{path.stem}"
        ElementTree.SubElement(feed, f"{{{ATOM}}}updated")
    feed.find(f"{{{ATOM}}}updated").text = updated
    entry_tag = f"{{{ATOM}}}entry"
    position = next((i for i, child in enumerate(feed) if child.tag == entry_tag), len(feed))
    for entry in reversed(entries):
        element = ElementTree.Element(entry_tag)
        ElementTree.SubElement(element, f"{{{ATOM}}}id").text = f"urn:clinicwatch:{entry['id']}"
        ElementTree.SubElement(element, f"{{{ATOM}}}title").text = entry["title"]
        ElementTree.SubElement(element, f"{{{ATOM}}}updated").text = updated
        ElementTree.SubElement(element, f"{{{ATOM}}}summary").text = entry["summary"]
        ElementTree.SubElement(element, f"{{{ATOM}}}category", term=entry["kind"])
        feed.insert(position, element)
    for stale in feed.findall(entry_tag)[MAX_FEED_ENTRIES:]:
        feed.remove(stale)
    path.parent.mkdir(parents=True, exist_ok=True)
    ElementTree.ElementTree(feed).write(path, encoding="utf-8", xml_declaration=True)


def post_webhook(url: str, run_id: int, entries: list[dict], timeout: float = 10.0) -> bool:
    """POST the run's alerts as JSON; a failing webhook is logged, never fatal to the run."""
    body = json.dumps({"run_id": run_id, "alerts": entries}).encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (OSError, ValueError) as error:
        logger.warning("webhook %s failed: %s", url, error)
        return False
