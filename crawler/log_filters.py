"""One line, not a traceback, when robots.txt cannot be fetched from a site that is down.

Scrapy's RobotsTxtMiddleware logs every failed robots.txt download at ERROR with the whole
traceback. A clinic site that does not answer is a finding the crawl records as data
(`fetch_errors`, coverage), not a crash of clinicwatch; the message itself is kept.
"""

from __future__ import annotations

import logging

ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


class WithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


def shorten_robots_errors() -> None:
    """Idempotent: the filter is added once per process."""
    logger = logging.getLogger(ROBOTS_LOGGER)
    if not any(isinstance(existing, WithoutTraceback) for existing in logger.filters):
        logger.addFilter(WithoutTraceback())
