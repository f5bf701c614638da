"""Read a seed list (CSV with a `url` column, optional `name` and `state`); report bad rows."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crawler.sites import InvalidURL, normalize_seed_url, site_key

US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
)
MAX_SEED_ROWS = 1_000_000


@dataclass(frozen=True)
class Seed:
    url: str
    site: str
    name: str = ""
    state: str = ""
    row: int = 0


@dataclass(frozen=True)
class SeedProblem:
    row: int
    value: str
    reason: str


class SeedFileError(ValueError):
    """The seed file as a whole cannot be read (missing, not CSV, no `url` column)."""


def read_seeds(path: Path) -> tuple[list[Seed], list[SeedProblem]]:
    """Good seeds, one per site (first row wins), and the rows that were skipped and why."""
    seeds: list[Seed] = []
    problems: list[SeedProblem] = []
    seen: dict[str, int] = {}
    for row_number, row in _rows(path):
        raw_url = (row.get("url") or "").strip()
        if not raw_url:
            problems.append(SeedProblem(row_number, "", "empty url"))
            continue
        try:
            url = normalize_seed_url(raw_url)
            site = site_key(url)
        except InvalidURL as error:
            problems.append(SeedProblem(row_number, raw_url, str(error)))
            continue
        if site in seen:
            problems.append(
                SeedProblem(row_number, raw_url, f"duplicate of row {seen[site]} (site {site})")
            )
            continue
        seen[site] = row_number
        state = (row.get("state") or "").strip().upper()
        if state and state not in US_STATES:
            problems.append(SeedProblem(row_number, state, "unknown state code, kept blank"))
            state = ""
        seeds.append(Seed(url, site, (row.get("name") or "").strip(), state, row_number))
    return seeds, problems


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        handle = path.open(newline="", encoding="utf-8-sig", errors="replace")
    except OSError as error:
        raise SeedFileError(f"cannot read seed file {path}: {error.strerror}") from error
    with handle:
        reader = csv.DictReader(handle)
        fields = [name.strip().lower() for name in reader.fieldnames or []]
        if "url" not in fields:
            raise SeedFileError(f"{path}: the header has no 'url' column (found {fields})")
        reader.fieldnames = fields
        try:
            for index, row in enumerate(reader):
                if index >= MAX_SEED_ROWS:
                    raise SeedFileError(f"{path}: more than {MAX_SEED_ROWS} rows")
                yield index + 2, {k: v for k, v in row.items() if isinstance(k, str)}
        except csv.Error as error:
            raise SeedFileError(f"{path}: not a readable CSV file ({error})") from error
