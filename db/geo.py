"""Offline coordinates for a clinic from its US ZIP code (the `zipcodes` package's centroids)."""

from __future__ import annotations

import re
from functools import lru_cache

import zipcodes

ZIP5 = re.compile(r"^\d{5}")


@lru_cache(maxsize=65536)
def zip_centroid(postal_code: str) -> tuple[float, float, str] | None:
    """(latitude, longitude, state) of a US ZIP code's centroid, or None when unknown."""
    match = ZIP5.match(postal_code.strip())
    if not match:
        return None
    try:
        found = zipcodes.matching(match.group(0))
    except (TypeError, ValueError):
        return None
    if not found:
        return None
    entry = found[0]
    try:
        return float(entry["lat"]), float(entry["long"]), entry.get("state", "")
    except (KeyError, TypeError, ValueError):
        return None
