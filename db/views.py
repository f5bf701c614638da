"""ensure_views(db): the SQL views Datasette publishes next to the tables (see db/metadata.yml)."""

from __future__ import annotations

from sqlite_utils import Database

# Read the per-clinic summary columns the store refreshes with every page: a GROUP BY over
# claims at request time is ~10x slower at a million claims (benchmarks/bench_datasette.py).
FLAGGED_CLINICS = """
select
  id as clinic_id, name, url as site, state, severity, labels, flagged_sentences,
  flagged_pages, first_seen, last_seen, trial_ids, first_flagged, city, latitude, longitude
from clinics
where flagged = 1
order by severity desc, flagged_sentences desc, name
"""

# `claim_rowid` is claims.rowid, so Datasette can search the view through claims_fts.
CLAIM_SEARCH = """
select
  claims.sentence, claims.violations, claims.flagged, claims.severity, clinics.state,
  claims.clinic_id, clinics.name as clinic, claims.page_url, claims.labels, claims.rules,
  claims.score, claims.suppressed, claims.highlights, claims.status, claims.first_seen,
  claims.last_seen, claims.id as claim_id, claims.rowid as claim_rowid
from claims join clinics on clinics.id = claims.clinic_id
"""

PAGE_SEARCH = """
select
  pages.title, pages.url, pages.clinic_id, clinics.name as clinic, clinics.state,
  pages.flagged, pages.severity, pages.labels, pages.fetched_at, pages.content_hash,
  pages.status, pages.rowid as page_rowid
from pages join clinics on clinics.id = pages.clinic_id
"""

VIEWS: dict[str, str] = {
    "flagged_clinics": FLAGGED_CLINICS,
    "claim_search": CLAIM_SEARCH,
    "page_search": PAGE_SEARCH,
}


def ensure_views(db: Database) -> None:
    """Create every view; a view whose definition changed is replaced."""
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
