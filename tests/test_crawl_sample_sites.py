"""The whole path on the bundled sample sites: real HTTP server, real Scrapy engine, real SQLite."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from crawler.site_server import serve_sites, write_seeds
from crawler.sites import site_key
from tests.crawl_helpers import run_crawl


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """Crawl every sample site once; tests read the resulting database."""
    folder = tmp_path_factory.mktemp("crawl")
    db_path = folder / "clinicwatch.db"
    with serve_sites() as sites:
        seeds = write_seeds(sites, folder / "seeds.csv")
        finished = run_crawl(seeds, db_path, "--allow-private")
    assert finished.returncode == 0, finished.stderr[-3000:]
    return {"db": Database(db_path), "sites": sites, "output": finished.stdout}


def clinic_of(crawl, site):
    return crawl["db"]["clinics"].get(site_key(site.base_url))


def served(crawl):
    return [site for site in crawl["sites"] if site.served]


def test_every_site_gets_its_ground_truth_verdict_and_labels(crawl):
    mismatches = []
    for site in crawl["sites"]:
        clinic = clinic_of(crawl, site)
        found = (bool(clinic["flagged"]), sorted(json.loads(clinic["labels"])))
        expected = (site.expected["flagged"], sorted(site.expected["labels"]))
        if found != expected:
            mismatches.append((site.slug, found, expected))
    assert mismatches == []


def test_every_served_site_has_pages_named_after_its_own_host(crawl):
    db = crawl["db"]
    for site in served(crawl):
        clinic_id = site_key(site.base_url)
        urls = [
            row["url"] for row in db.query("select url from pages where clinic_id = ?", [clinic_id])
        ]
        assert len(urls) >= 5, site.slug
        assert {site_key(url) for url in urls} == {clinic_id}


def test_robots_disallowed_pages_are_never_stored(crawl):
    db = crawl["db"]
    for site in crawl["sites"]:
        for phrase in site.expected.get("absent_phrases", []):
            hits = list(
                db.query(
                    "select url from pages where clinic_id = ? and text like ?",
                    [site_key(site.base_url), f"%{phrase}%"],
                )
            )
            assert hits == [], (site.slug, phrase)
    kinds = {row["kind"] for row in db.query("select kind from fetch_errors")}
    assert "robots_disallowed" in kinds


def test_a_page_listed_only_in_the_sitemap_is_crawled(crawl):
    bayou = next(s for s in crawl["sites"] if s.slug == "bayou-lantern-orthobiologics")
    urls = {
        urlsplit(row["url"]).path
        for row in crawl["db"].query(
            "select url from pages where clinic_id = ?", [site_key(bayou.base_url)]
        )
    }
    assert "/offers/spring-disc-relief-event.html" in urls


def test_a_dead_site_is_a_recorded_finding_not_a_verdict(crawl):
    dead = next(site for site in crawl["sites"] if not site.served)
    clinic = clinic_of(crawl, dead)
    assert clinic["flagged"] == 0
    assert clinic["last_status"] == "error:connection_refused"
    errors = list(
        crawl["db"].query(
            "select kind from fetch_errors where clinic_id = ?", [site_key(dead.base_url)]
        )
    )
    assert {row["kind"] for row in errors} == {"connection_refused"}


def test_every_flagged_sentence_carries_its_evidence(crawl):
    db = crawl["db"]
    rows = list(
        db.query(
            "select claims.*, pages.text as page_text, pages.fetched_at from claims "
            "join pages on pages.url = claims.page_url where claims.flagged = 1"
        )
    )
    assert rows
    for row in rows:
        assert json.loads(row["rules"])
        assert row["first_seen"]
        assert row["fetched_at"]
        assert row["page_text"][row["start"] : row["end"]] == row["sentence"]


def test_the_run_is_recorded_complete(crawl):
    (run,) = crawl["db"]["crawl_runs"].rows
    assert run["status"] == "complete"
    assert run["pages"] >= 5 * len(served(crawl))
    assert run["flagged_clinics"] == sum(site.expected["flagged"] for site in crawl["sites"])
    assert f"run {run['id']} complete" in crawl["output"]


def test_private_seeds_are_refused_without_allow_private(tmp_path):
    db_path = tmp_path / "refused.db"
    with serve_sites(only=["kestrel-hill-joint-and-spine"]) as sites:
        seeds = write_seeds(sites, tmp_path / "seeds.csv")
        finished = run_crawl(seeds, db_path)
    assert finished.returncode == 0, finished.stderr[-2000:]
    db = Database(db_path)
    assert db["pages"].count == 0
    assert [row["kind"] for row in db["fetch_errors"].rows] == ["refused_private"]
