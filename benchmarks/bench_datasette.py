"""Datasette under a bounded load on loopback: the flagged-clinics view and the evidence page on a
generated database of 20,000 clinics / 1,000,000 claims, served by the real `clinicwatch serve`;
then the same pages without the per-clinic summary columns and without their indexes (ratios)."""

from __future__ import annotations

import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlite_utils import Database

from classifiers.taxonomy import SEVERITY, VIOLATION_LABELS
from db.publish import SETTINGS
from db.schema import ensure_schema

CLINICS = 20_000
CLAIMS_PER_CLINIC = 50
PAGES_PER_CLINIC = 3
MARKETING_SHARE = 0.6  # clinics that make claims; their sentences are flagged 60% of the time
CONCURRENCY = 20
REQUESTS = 400
SLOW_REQUESTS = 60  # for the variants without summary or index, slow by design
STATES = (
    *("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA"),
    *("KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ"),
    *("NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT"),
    *("VA", "WA", "WV", "WI", "WY"),
)
PHRASES = {
    "regulatory_exempt": "is exempt from FDA approval because we use your own cells",
    "approval_claim": "uses FDA-approved stem cells from our registered lab",
    "efficacy_claim": "regrows damaged discs so you can avoid spinal fusion",
    "safety_claim": "is completely safe with no side effects",
    "broad_indication": "treats back pain, ALS, MS, autism and COPD",
    "treatment_claim": "can help relieve your chronic low back pain",
}
# The flagged-clinics view computed from claims at request time, as it would be without the
# summary columns the store keeps on clinics.
LIVE_VIEW = """
create view flagged_clinics_live as
select claims.clinic_id, clinics.name, clinics.url as site, clinics.state,
  max(claims.severity) as severity, clinics.labels, count(*) as flagged_sentences,
  count(distinct claims.page_url) as flagged_pages, min(claims.first_seen) as first_seen,
  max(claims.last_seen) as last_seen
from claims join clinics on clinics.id = claims.clinic_id
where claims.flagged = 1 and claims.status = 'active'
group by claims.clinic_id
order by severity desc, flagged_sentences desc, clinics.name
"""
FACETS = "_facet=state&_facet=severity&_facet_array=labels"


def iso(rng: random.Random, start_day: int = 0) -> str:
    day = start_day + rng.randrange(0, 730 - start_day)
    stamp = time.gmtime(1_704_067_200 + day * 86_400 + rng.randrange(86_400))
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", stamp)


def clinic_rows(index: int, rng: random.Random) -> tuple[dict, list[tuple], list[tuple]]:
    """One clinic with its pages and claims, and the summary columns the store would compute."""
    clinic_id = f"clinic-{index}.example"
    marketing = rng.random() < MARKETING_SHARE
    pages = [f"https://{clinic_id}/page-{n}" for n in range(PAGES_PER_CLINIC)]
    claim_types = rng.sample(VIOLATION_LABELS, rng.randint(2, 4))
    claims, flagged = [], []
    for n in range(CLAIMS_PER_CLINIC):
        labels = rng.sample(claim_types, rng.choice((1, 1, 2)))
        is_flagged = marketing and rng.random() < 0.6
        sentence = f"At clinic {index}, treatment {n} {PHRASES[labels[0]]}."
        first = iso(rng)
        removed = rng.random() < 0.05
        start = sentence.index(PHRASES[labels[0]])
        claim = (
            f"{index}-{n}",
            clinic_id,
            rng.choice(pages),
            sentence,
            json.dumps([*labels, "stem_cell_therapy"]),
            json.dumps(labels),
            int(is_flagged),
            max(SEVERITY[label] for label in labels),
            json.dumps([labels[0].replace("_", "-")]),
            1.0,
            json.dumps([{"start": start, "end": start + 20, "label": labels[0], "rule": "r"}]),
            first,
            max(first, iso(rng)),
            "removed" if removed else "active",
            iso(rng) if removed else None,
        )
        claims.append(claim)
        if is_flagged and not removed:
            flagged.append(claim)
    clinic = {
        "id": clinic_id,
        "name": f"Clinic {index} Regenerative Spine",
        "url": f"https://{clinic_id}/",
        "state": STATES[index % len(STATES)],
        "flagged": int(bool(flagged)),
        "severity": max((c[7] for c in flagged), default=0),
        "labels": json.dumps(sorted({label for c in flagged for label in json.loads(c[5])})),
        "flagged_sentences": len(flagged),
        "flagged_pages": len({c[2] for c in flagged}),
        "pages": PAGES_PER_CLINIC,
        "first_seen": min((c[11] for c in flagged), default=None),
        "last_seen": max((c[12] for c in flagged), default=None),
        "first_flagged": min((c[11] for c in flagged), default=None),
        "latitude": 25 + rng.random() * 23,
        "longitude": -124 + rng.random() * 57,
    }
    page_rows = [
        (url, clinic_id, iso(rng), 200, f"hash-{url}", f"Page {n}", page_text(claims, url))
        for n, url in enumerate(pages)
    ]
    return clinic, page_rows, claims


def page_text(claims: list[tuple], url: str) -> str:
    return " ".join(claim[3] for claim in claims if claim[2] == url)


def build_db(path: Path, clinics: int = CLINICS) -> list[str]:
    """The generated database, built with the real schema; returns the flagged clinic ids."""
    db = Database(path)
    ensure_schema(db)
    db.execute("PRAGMA synchronous = OFF")
    rng = random.Random(5)
    clinic_table = []
    with db.conn:
        for index in range(clinics):
            clinic, pages, claims = clinic_rows(index, rng)
            clinic_table.append(clinic)
            db.conn.executemany(
                "insert into pages (url, clinic_id, fetched_at, status, content_hash, title, text)"
                " values (?, ?, ?, ?, ?, ?, ?)",
                pages,
            )
            db.conn.executemany(
                "insert into claims (id, clinic_id, page_url, sentence, labels, violations,"
                " flagged, severity, rules, score, highlights, first_seen, last_seen, status,"
                " removed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                claims,
            )
    db["clinics"].insert_all(clinic_table, batch_size=500)
    db.execute(LIVE_VIEW)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return [clinic["id"] for clinic in clinic_table if clinic["flagged"]]


def drop_indexes(path: Path, table: str, leading: list[str]) -> str:
    """Drop every index of `table` whose columns start with `leading`; returns their names."""
    db = Database(path)
    names = [i.name for i in db[table].indexes if i.columns[: len(leading)] == leading]
    for name in names:
        db.execute(f"drop index {name}")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return " and ".join(names)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(db_path: Path) -> Iterator[str]:
    """`clinicwatch serve` in its own process, so the load generator does not share its GIL."""
    port = free_port()
    command = [sys.executable, "-m", "crawler", "serve", "--db", str(db_path), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base_url}/-/versions.json", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("clinicwatch serve did not start") from None
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=20)


async def _load(base_url: str, paths: list[str], concurrency: int, warm: bool) -> dict:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    latencies: list[float] = []
    errors = 0

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            path = queue.get_nowait()
            start = time.perf_counter()
            try:
                response = await http.get(path)
            except httpx.TimeoutException:
                # a request the server never answered is a finding of the run, not its end
                errors += 1
                latencies.append((time.perf_counter() - start) * 1000)
                continue
            latencies.append((time.perf_counter() - start) * 1000)
            errors += response.status_code != 200

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as http:
        for path in dict.fromkeys(paths) if warm else paths[:5]:
            await http.get(path)  # schema read, SQLite pages (and with `warm` every page) cached
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "req_per_s": round(len(latencies) / elapsed, 1),
    }


def load(base_url: str, paths: list[str], warm: bool = False) -> dict:
    return asyncio.run(_load(base_url, paths, CONCURRENCY, warm))


def flagged_paths(
    view: str, count: int, rng: random.Random, facets: str = "", cold: bool = True
) -> list[str]:
    """A regulator's clicks: the view, a state, a label, a severity, a later page. Cold paths
    carry a unique ignored parameter, so the response cache never answers them."""
    choices = [
        lambda: "",
        lambda: f"state={rng.choice(STATES)}",
        lambda: f"labels__arraycontains={rng.choice(VIOLATION_LABELS)}",
        lambda: "severity__gte=3",
        lambda: f"_next={rng.randrange(1, 20) * 50}",
    ]
    return [
        f"/clinicwatch/{view}?{rng.choice(choices)()}&{facets}" + (f"&_cold={n}" if cold else "")
        for n in range(count)
    ]


def evidence_paths(clinic_ids: list[str], count: int, rng: random.Random) -> list[str]:
    return [
        f"/clinicwatch/clinic_evidence?clinic_id={rng.choice(clinic_ids)}&_cold={n}"
        for n in range(count)
    ]


def time_queries(base_url: str) -> dict[str, float | None]:
    """Each researcher's canned query once, as a person would run it."""
    queries = {
        "claims_per_label_per_month": "",
        "flagged_clinics_per_state": "",
        "claims_first_seen_between": "start=2025-03-01&end=2025-03-02",
        "clinics_that_dropped_a_claim_type": "after=2025-06-01&label=safety_claim",
        "newly_flagged_clinics": "",
    }
    timings = {}
    for name, params in queries.items():
        url, start = f"{base_url}/clinicwatch/{name}?{params}", time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                response.read()
        except urllib.error.HTTPError:  # Datasette's time limit (sql_time_limit_ms) cut it off
            timings[name] = None
            continue
        timings[name] = round((time.perf_counter() - start) * 1000, 1)
    return timings


def report(name: str, figures: dict) -> None:
    print(
        f"  {name:<58} p50 {figures['p50_ms']:>7.1f} ms  p95 {figures['p95_ms']:>7.1f} ms  "
        f"{figures['req_per_s']:>6.1f} req/s  ({figures['requests']} requests, "
        f"{figures['errors']} errors)"
    )


def report_queries(timings: dict[str, float | None]) -> None:
    listed = ", ".join(
        f"{name} {'over the time limit' if ms is None else f'{ms:.0f} ms'}"
        for name, ms in timings.items()
    )
    print(f"  researcher queries, one request each: {listed}")


def measure_as_shipped(db_path: Path, flagged: list[str], rng: random.Random) -> dict:
    figures = {}
    with serving(db_path) as base_url:
        figures["flagged"] = load(base_url, flagged_paths("flagged_clinics", REQUESTS, rng))
        report("flagged_clinics view, every request rendered", figures["flagged"])
        popular = flagged_paths("flagged_clinics", REQUESTS, rng, cold=False)
        figures["flagged_cached"] = load(base_url, popular, warm=True)
        label = f"flagged_clinics view, {len(set(popular))} popular pages, cached"
        report(label, figures["flagged_cached"])
        figures["evidence"] = load(base_url, evidence_paths(flagged, REQUESTS, rng))
        report("clinic_evidence page, every request rendered", figures["evidence"])
        live = flagged_paths("flagged_clinics_live", SLOW_REQUESTS, rng, FACETS)
        figures["flagged_live"] = load(base_url, live)
        report("flagged clinics as a GROUP BY over claims (no summary)", figures["flagged_live"])
        figures["queries_ms"] = time_queries(base_url)
        report_queries(figures["queries_ms"])
    return figures


def measure_without_indexes(db_path: Path, flagged: list[str], rng: random.Random) -> dict:
    """The same pages, then the researcher queries, each without the indexes that serve them."""
    dropped = {
        "evidence": drop_indexes(db_path, "claims", ["clinic_id"]),
        "flagged": drop_indexes(db_path, "clinics", ["flagged"]),
    }
    figures: dict = {"dropped": dropped}
    with serving(db_path) as base_url:
        slow = evidence_paths(flagged, SLOW_REQUESTS, rng)
        figures["evidence"] = load(base_url, slow)
        report(f"clinic_evidence page without {dropped['evidence']}", figures["evidence"])
        figures["flagged"] = load(base_url, flagged_paths("flagged_clinics", REQUESTS, rng))
        report(f"flagged_clinics view without {dropped['flagged']}", figures["flagged"])
    restore = Database(db_path)
    restore["claims"].create_index(["clinic_id", "flagged"])
    restore.close()
    by_date = drop_indexes(db_path, "claims", ["flagged", "first_seen"])
    dropped["queries"] = (
        f"{by_date} and {drop_indexes(db_path, 'claims', ['flagged', 'removed_at'])}"
    )
    with serving(db_path) as base_url:
        figures["queries_ms"] = time_queries(base_url)
        print(f"  without {dropped['queries']}:")
        report_queries(figures["queries_ms"])
    return figures


def main() -> dict:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as scratch:
        db_path = Path(scratch) / "bench.db"
        started = time.perf_counter()
        flagged = build_db(db_path)
        built_s = time.perf_counter() - started
        print(
            f"datasette: generated {CLINICS:,} clinics / {CLINICS * CLAIMS_PER_CLINIC:,} claims "
            f"({len(flagged):,} flagged clinics, {db_path.stat().st_size / 1e6:,.0f} MB) in "
            f"{built_s:.0f} s; {CONCURRENCY} concurrent clients on loopback"
        )
        shipped = measure_as_shipped(db_path, flagged, rng)
        bare = measure_without_indexes(db_path, flagged, rng)
    ratios = {
        "summary_columns_for_flagged": _ratio(shipped["flagged_live"], shipped["flagged"]),
        "index_for_evidence": _ratio(bare["evidence"], shipped["evidence"]),
        "index_for_flagged": _ratio(bare["flagged"], shipped["flagged"]),
        "indexes_for_first_seen_between": _query_ratio(bare, shipped, "claims_first_seen_between"),
        "indexes_for_dropped_claims": _query_ratio(
            bare, shipped, "clinics_that_dropped_a_claim_type"
        ),
    }
    print(
        "  -> p50 ratios, without / with: summary columns for the flagged-clinics view "
        f"{ratios['summary_columns_for_flagged']}x; the clinic_id index for the evidence page "
        f"{ratios['index_for_evidence']}x; (flagged, severity) for the flagged-clinics view "
        f"{ratios['index_for_flagged']}x; (flagged, first_seen) for claims_first_seen_between "
        f"{ratios['indexes_for_first_seen_between']}x; the removed claims' partial index for "
        f"clinics_that_dropped_a_claim_type {ratios['indexes_for_dropped_claims']}x"
    )
    return {"build_s": round(built_s, 1), "shipped": shipped, "without": bare, **ratios}


def _ratio(slow: dict, fast: dict) -> float:
    return round(slow["p50_ms"] / fast["p50_ms"], 1)


def _query_ratio(slow: dict, fast: dict, name: str) -> str:
    """How many times slower without the indexes; a lower bound past the SQL time limit."""
    limit_ms = SETTINGS["sql_time_limit_ms"]
    slow_ms, fast_ms = slow["queries_ms"][name], fast["queries_ms"][name]
    if fast_ms is None:
        return "n/a"
    return f"{slow_ms / fast_ms:.1f}" if slow_ms is not None else f">{limit_ms / fast_ms:.0f}"


if __name__ == "__main__":
    main()
