"""The crawl frontier: which pages of each site a crawl has admitted, and what it skipped.

The spider asks the frontier before it requests a page, so the page budget, the skip counts
behind coverage, Crawl-delays and what earlier crawls stored all live in one place: in this
process (`MemoryFrontier`), or in Redis (`crawler.redis_frontier.RedisFrontier`) when
CLINICWATCH_REDIS_URL makes the crawl one worker of several.
"""

from __future__ import annotations

from collections import Counter, defaultdict

ADMITTED = "admitted"
SEEN = "seen"
OVER_BUDGET = "over_budget"
TOO_DEEP = "depth_limit"
MAX_TOO_DEEP = 10_000  # URLs past the depth limit remembered per site (the count stops there)
# Fetch outcomes that show an admitted URL was no page of the site: a stale sitemap's dead
# entries, a "Book now" link redirecting to a scheduler's site, a path robots.txt forbids. Each
# gives its place in the page budget back, so such links cannot starve the site's real pages.
NOT_A_PAGE = frozenset(
    {
        "http_404",
        "http_410",
        "soft_404",
        "redirected_offsite",
        "robots_disallowed",
        "skipped_non_text",
    }
)


class MemoryFrontier:
    """One crawler process: plain sets and counters."""

    def __init__(self, known: dict[str, dict]) -> None:
        self.known = known
        self.admitted: dict[str, set[str]] = defaultdict(set)
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.too_deep: dict[str, set[str]] = defaultdict(set)
        self.not_pages: dict[str, set[str]] = defaultdict(set)
        self.crawl_delays: dict[str, float] = {}
        self.texts: dict[tuple[str, str], str] = {}

    async def claim_seeding(self, seeds_path: str, seeds: int) -> bool:
        """Whether this process reads the seed list into requests (always, when alone)."""
        return True

    async def seeding_done(self) -> None:
        """Every start request and item is out."""

    def admit(self, site: str, url: str, parent: str, budget: int) -> str:
        """ADMITTED once per URL and site, SEEN after that, OVER_BUDGET once the site is full.

        `parent` names the page the link was found on (ignored here: a process that dies takes
        its sets with it).
        """
        seen = self.admitted[site]
        if url in seen:
            return SEEN
        if len(seen) - len(self.not_pages[site]) >= budget:
            self.counts[site][OVER_BUDGET] += 1
            return OVER_BUDGET
        seen.add(url)
        return ADMITTED

    def give_back(self, site: str, url: str) -> None:
        """An admitted URL turned out to be no page (NOT_A_PAGE): its budget place is free."""
        if url in self.admitted[site]:
            self.not_pages[site].add(url)

    def count_skip(self, site: str, kind: str, parent: str, url: str) -> None:
        self.counts[site][kind] += 1

    def note_too_deep(self, site: str, url: str) -> None:
        """A link past the depth limit: a page not read, unless a shorter path reaches it."""
        if len(self.too_deep[site]) < MAX_TOO_DEEP:
            self.too_deep[site].add(url)

    def skipped(self) -> dict[str, dict[str, int]]:
        skipped = {site: dict(counts) for site, counts in self.counts.items()}
        for site, urls in self.too_deep.items():
            unreached = len(urls - self.admitted[site])
            if unreached:
                skipped.setdefault(site, {})[TOO_DEEP] = unreached
        return skipped

    def first_url_with_text(self, site: str, content_hash: str, url: str) -> str:
        """The URL that first gave this page text on the site (`url` if it is the first)."""
        return self.texts.setdefault((site, content_hash), url)

    def known_page(self, url: str) -> dict:
        return self.known.get(url, {})

    def crawl_delay(self, site: str) -> float | None:
        return self.crawl_delays.get(site)

    def set_crawl_delay(self, site: str, delay: float) -> None:
        self.crawl_delays[site] = delay


def build_frontier(crawler, known: dict[str, dict]):
    """The frontier the crawler's settings call for: shared in Redis, or in this process."""
    if crawler.settings.get("CLINICWATCH_REDIS_URL"):
        from crawler.redis_frontier import RedisFrontier

        return RedisFrontier.from_crawler(crawler)
    return MemoryFrontier(known)
