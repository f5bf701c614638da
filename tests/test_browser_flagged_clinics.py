"""A person's path through the published site, in headless Debian Chromium driven by Playwright:
home -> flagged clinics -> one clinic's evidence, over a database crawled from the sample sites
and served by the real `clinicwatch serve` on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright import sync_api

from crawler.site_server import serve_sites, write_seeds
from tests.crawl_helpers import run_crawl

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STEP_TIMEOUT_MS = 15_000
SERVER_START_S = 30


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    return CHROMIUM


@pytest.fixture(scope="module")
def crawled_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    db_path = folder / "clinicwatch.db"
    with serve_sites() as sites:
        finished = run_crawl(write_seeds(sites, folder / "seeds.csv"), db_path, "--allow-private")
    assert finished.returncode == 0, finished.stderr[-3000:]
    return db_path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(process: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"clinicwatch serve exited: {process.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"clinicwatch serve did not answer {url} in {SERVER_START_S} s")


@pytest.fixture(scope="module")
def site(crawled_db):
    port = free_port()
    command = [sys.executable, "-m", "crawler", "serve", "--db", str(crawled_db)]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(process, f"{base_url}/-/versions.json")
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def loopback_only(route) -> None:
    """Nothing leaves the machine: map tiles and any other outside request are refused."""
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def page(chromium, tmp_path):
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(chromium),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            timeout=STEP_TIMEOUT_MS * 2,
        )
        try:
            context.set_default_timeout(STEP_TIMEOUT_MS)
            context.set_default_navigation_timeout(STEP_TIMEOUT_MS)
            context.route("**/*", loopback_only)
            yield context.new_page()
        finally:
            context.close()


def test_a_regulator_goes_from_the_flagged_clinics_to_one_clinics_evidence(site, page, tmp_path):
    expect = sync_api.expect
    page.goto(f"{site}/")
    page.get_by_role("link", name="Flagged clinics", exact=True).click()
    page.wait_for_url("**/clinicwatch/flagged_clinics")
    expect(page.locator("h1")).to_contain_text("Flagged clinics")
    first = page.locator("td.col-name a.evidence-link").first
    expect(first).to_be_visible()
    severities = page.locator("td.col-severity").all_inner_texts()
    assert severities == sorted(severities, reverse=True)
    assert severities[0].strip() == "3"
    clinic = first.inner_text().strip()
    page.screenshot(path=str(tmp_path / "1-flagged-clinics.png"), full_page=True)

    first.click()
    page.wait_for_url("**/clinicwatch/clinic_evidence?clinic_id=*")
    expect(page.locator("h1")).to_have_text(f"Evidence: {clinic}")
    mark = page.locator("article.claim blockquote mark.violation").first
    expect(mark).to_be_visible()
    highlighted = mark.inner_text().strip()
    sentence = page.locator("article.claim blockquote").first.inner_text()
    assert highlighted
    assert highlighted in sentence
    expect(page.locator("article.claim").first).to_contain_text("Content hash")
    mark.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "2-evidence.png"))
    page.screenshot(path=str(tmp_path / "3-evidence-full.png"), full_page=True)


def test_a_person_searches_the_sentences_and_narrows_to_flagged_ones_in_a_state(
    site, page, tmp_path
):
    expect = sync_api.expect
    page.goto(f"{site}/")
    search = page.get_by_label("Search the sentences clinics publish")
    search.fill("exempt")
    search.press("Enter")
    page.wait_for_url("**/clinicwatch/claim_search?_search=exempt*")
    page.locator(".facet-info[data-column='flagged'] li a", has_text="1").first.click()
    page.wait_for_url("**flagged=1*")
    state = page.locator(".facet-info[data-column='state'] li a").first
    state_name = state.inner_text().strip()
    state.click()
    page.wait_for_url("**state=*")
    expect(page.locator("td.col-sentence mark.violation").first).to_be_visible()
    assert {t.strip() for t in page.locator("td.col-state").all_inner_texts()} == {state_name}
    assert {t.strip() for t in page.locator("td.col-flagged").all_inner_texts()} == {"1"}
    page.screenshot(path=str(tmp_path / "4-search.png"), full_page=True)
