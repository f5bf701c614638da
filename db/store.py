"""ClinicStore: every write to clinicwatch.db; each page written whole or not at all."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlite_utils import Database

from classifiers.taxonomy import sort_labels
from classifiers.verdict import clinic_verdict
from db.geo import zip_centroid
from db.records import ClaimRecord, ClinicRecord, FetchErrorRecord, PageRecord
from db.runs import RunLedger, now
from db.schema import TABLES, ensure_schema

QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
NOT_WORD = re.compile(r"[^\w%']+")
US_COUNTRY_NAMES = frozenset(
    {"", "US", "USA", "U.S.", "U.S.A.", "UNITED STATES", "UNITED STATES OF AMERICA"}
)
CLINIC_FACTS = ("address", "city", "postal_code", "phone", "latitude", "longitude")
PAGE_COLUMNS = tuple(TABLES["pages"]["columns"])  # in the schema's order
UPSERT_PAGE = f"""
insert into pages ({", ".join(PAGE_COLUMNS)})
values ({", ".join(f":{column}" for column in PAGE_COLUMNS)})
on conflict (url) do update set
  {", ".join(f"{c} = excluded.{c}" for c in PAGE_COLUMNS if c not in ("url", "first_fetched"))}
"""
UPSERT_CLAIM = """
insert into claims (id, clinic_id, page_url, sentence, labels, violations, flagged, severity,
  rules, score, label_scores, highlights, suppressed, block_kind, start, "end", first_seen,
  last_seen, first_run_id, last_run_id, status, classifier_version)
values (:id, :clinic_id, :page_url, :sentence, :labels, :violations, :flagged, :severity,
  :rules, :score, :label_scores, :highlights, :suppressed, :block_kind, :start, :end, :seen,
  :seen, :run_id, :run_id, 'active', :classifier_version)
on conflict (id) do update set
  page_url = excluded.page_url, sentence = excluded.sentence, labels = excluded.labels,
  violations = excluded.violations, flagged = excluded.flagged, severity = excluded.severity,
  rules = excluded.rules, score = excluded.score, label_scores = excluded.label_scores,
  highlights = excluded.highlights, suppressed = excluded.suppressed,
  block_kind = excluded.block_kind, start = excluded.start, "end" = excluded."end",
  last_seen = excluded.last_seen, last_run_id = excluded.last_run_id, status = 'active',
  removed_at = null, removed_run_id = null, classifier_version = excluded.classifier_version
"""
# each claim's verdict and, for a flagged one, whether the page that flagged it still held it
# when last stored
PREVIOUS_CLAIMS = """
select claims.id, claims.status, claims.flagged, claims.page_url, case when claims.flagged
  then exists (
    select 1 from claim_pages join pages on pages.url = claim_pages.page_url
    where claim_pages.claim_id = claims.id and claim_pages.page_url = claims.page_url
      and claim_pages.last_seen = pages.fetched_at)
  else 0 end
from claims where claims.id in ({marks})
"""
UPSERT_CLAIM_PAGE = """
insert into claim_pages (claim_id, page_url, clinic_id, first_seen, last_seen)
values (?, ?, ?, ?, ?)
on conflict (claim_id, page_url) do update set last_seen = excluded.last_seen
"""
UPSERT_CLINIC = f"""
insert into clinics (id, name, url, state, added_at, last_run_id, last_crawled, last_status,
  {", ".join(CLINIC_FACTS)})
values (:id, :name, :url, :state, :now, :run_id, :crawled, :status,
  {", ".join(f":{fact}" for fact in CLINIC_FACTS)})
on conflict (id) do update set
  name = coalesce(nullif(clinics.name, ''), excluded.name),
  state = coalesce(nullif(clinics.state, ''), excluded.state),
  last_run_id = coalesce(excluded.last_run_id, clinics.last_run_id),
  last_crawled = coalesce(excluded.last_crawled, clinics.last_crawled),
  last_status = coalesce(excluded.last_status, clinics.last_status),
  {", ".join(f"{f} = coalesce(nullif(clinics.{f}, ''), excluded.{f})" for f in CLINIC_FACTS)}
"""
SITE_RULE = "site:sells stem-cell therapy on "
# A page that sells the treatment with claims of its own: a page read as selling without any
# claim (a university's patient guide saying "our patients ask us about them") flags nothing
# (two: whether one other than the page just saved sells)
SELLING_PAGES = """
select url from pages where clinic_id = ? and markets_stem_cells = 1 and flagged = 1
order by first_fetched, url limit 2
"""
SITE_FLAGGABLE = """
select claims.id, claims.labels, claims.page_url
from claims join pages on pages.url = claims.page_url
where {claims} and claims.status = 'active' and claims.violations != '[]'
  and pages.markets_stem_cells = 0
  and exists (select 1 from json_each(pages.labels) where value = 'stem_cell_therapy')"""
# every unflagged claim of the clinic, or (read by its page, "+" keeps the clinic's index out)
# those of one page
CLINIC_CLAIMS = "claims.clinic_id = ? and claims.flagged = 0"
PAGE_CLAIMS = "claims.page_url = ? and +claims.clinic_id = ? and +claims.flagged = 0"
UNFLAG_BY_SITE = f"""
update claims set flagged = 0, rules = (
  select json_group_array(value) from json_each(claims.rules)
  where value not like '{SITE_RULE}%')
where clinic_id = ? and flagged = 1 and exists (
  select 1 from json_each(claims.rules) where value like '{SITE_RULE}%')
"""
CLINIC_SUMMARY = """
with clinic_pages as (
  select count(*) as pages, coalesce(max(markets_stem_cells), 0) as markets,
    coalesce(sum(flagged = 1), 0) as flagged_pages
  from pages where clinic_id = :clinic
), flagged_claims as (
  select count(*) as flagged_sentences, min(claims.first_seen) as first_seen,
    max(claims.last_seen) as last_seen, json_group_array(distinct claims.violations) as violations
  from claims join pages on pages.url = claims.page_url
  where claims.clinic_id = :clinic and claims.status = 'active' and claims.flagged = 1
    and pages.flagged = 1
)
select * from clinic_pages, flagged_claims
"""


def normalize_sentence(sentence: str) -> str:
    """The form a claim is identified by: case, quotes, spacing and punctuation folded."""
    return NOT_WORD.sub(" ", sentence.translate(QUOTES).lower()).strip()


def claim_id(clinic_id: str, sentence: str) -> str:
    key = f"{clinic_id}\x1f{normalize_sentence(sentence)}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def as_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))


class ClinicStore(RunLedger):
    """Writes pages, claims, clinics and fetch errors; runs and coverage come from RunLedger."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(cls, path: Path | str) -> ClinicStore:
        db = Database(path)
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA synchronous = NORMAL")  # WAL: a crash loses no committed page
        db.execute("PRAGMA foreign_keys = ON")
        ensure_schema(db)
        return cls(db)

    def close(self) -> None:
        self.db.close()

    def save_clinic(self, clinic: ClinicRecord) -> None:
        """The clinic row, without saying anything about how its crawl went."""
        with self.db.atomic():
            self._upsert_clinic(clinic, None)

    def save_page(
        self,
        run_id: int,
        clinic: ClinicRecord,
        page: PageRecord,
        claims: Iterable[ClaimRecord],
    ) -> None:
        """The page, its claims and the clinic's verdict, in one transaction."""
        with self.db.atomic():
            self._upsert_clinic(clinic, run_id)
            if self._upsert_page(run_id, page):
                self._add_version(run_id, page)
            self._upsert_claims(run_id, page, list(claims))
            self._flag_by_site(run_id, page)
            self.refresh_clinic(clinic.id)

    def touch_page(self, run_id: int, url: str, fetched_at: str) -> bool:
        """The stored page is unchanged: it and its claims were seen again. No new rows."""
        with self.db.atomic():
            cursor = self.db.execute(
                "update pages set fetched_at = ?, run_id = ? where url = ?",
                [fetched_at, run_id, url],
            )
            if not cursor.rowcount:
                return False
            self.db.execute(
                "update claim_pages set last_seen = ? where page_url = ?", [fetched_at, url]
            )
            self.db.execute(
                "update claims set last_seen = ?, last_run_id = ? where status = 'active' and id in"
                " (select claim_id from claim_pages where page_url = ?)",
                [fetched_at, run_id, url],
            )
            self.db.execute(
                "update clinics set last_run_id = ?, last_crawled = ?, last_status = 'ok'"
                " where id = (select clinic_id from pages where url = ?)",
                [run_id, fetched_at, url],
            )
        return True

    def record_fetch_error(self, run_id: int, error: FetchErrorRecord) -> None:
        with self.db.atomic():
            if error.clinic_id:
                # a clinic with no page stored in this run is reported by its first failure
                self.db.execute(
                    "update clinics set last_status = ?, last_run_id = ? where id = ? and "
                    "(last_run_id is null or last_run_id != ?)",
                    [f"error:{error.kind}", run_id, error.clinic_id, run_id],
                )
            self.db.execute(
                "insert into fetch_errors (run_id, clinic_id, url, kind, status, message, at)"
                " values (?, ?, ?, ?, ?, ?, ?)",
                [run_id, error.clinic_id, error.url, error.kind, error.status, error.message,
                 error.at],
            )  # fmt: skip

    def refresh_clinic(self, clinic_id: str) -> None:
        """Recompute a clinic's verdict and summary columns from its pages and claims."""
        summary = dict(
            zip(
                ("pages", "markets", "flagged_pages", "flagged_sentences", "first", "last",
                 "violations"),
                self.db.execute(CLINIC_SUMMARY, {"clinic": clinic_id}).fetchone(),
                strict=True,
            )
        )  # fmt: skip
        violations = [json.loads(labels) for labels in json.loads(summary["violations"])]
        trial_sentences = [
            row[0]
            for row in self.db.execute(
                "select sentence from claims where clinic_id = ? and status = 'active'"
                " and labels like '%trial_or_ind%'",
                [clinic_id],
            )
        ]
        verdict = clinic_verdict(summary["flagged_pages"], violations, trial_sentences)
        self.db.execute(
            """
            update clinics set flagged = ?, severity = ?, labels = ?, trial_ids = ?,
              flagged_sentences = ?, flagged_pages = ?, pages = ?, markets_stem_cells = ?,
              first_seen = ?, last_seen = ?,
              first_flagged = case when ? then coalesce(first_flagged, ?) else first_flagged end
            where id = ?
            """,
            [
                int(verdict.flagged), verdict.severity, as_json(verdict.labels),
                as_json(verdict.trial_ids), summary["flagged_sentences"],
                summary["flagged_pages"], summary["pages"], summary["markets"], summary["first"],
                summary["last"], int(verdict.flagged), summary["first"], clinic_id,
            ],
        )  # fmt: skip

    def _upsert_clinic(self, clinic: ClinicRecord, run_id: int | None) -> None:
        in_us = clinic.country.upper() in US_COUNTRY_NAMES
        if clinic.postal_code and clinic.latitude is None and in_us:
            centroid = zip_centroid(clinic.postal_code)
            if centroid:
                clinic.latitude, clinic.longitude, zip_state = centroid
                clinic.state = clinic.state or zip_state
        crawled = now() if run_id is not None else None
        self.db.execute(
            UPSERT_CLINIC,
            {
                "id": clinic.id,
                "name": clinic.name,
                "url": clinic.url,
                "state": clinic.state,
                "now": now(),
                "run_id": run_id,
                "crawled": crawled,
                "status": "ok" if run_id is not None else None,
                **{fact: getattr(clinic, fact) or None for fact in CLINIC_FACTS},
            },
        )

    def _upsert_page(self, run_id: int, page: PageRecord) -> bool:
        """Store the latest version of a page; True when its text is new or changed."""
        previous = self.db.execute(
            "select content_hash, changed_at from pages where url = ?", [page.url]
        ).fetchone()
        changed = previous is None or previous[0] != page.content_hash
        row = {
            **{column: getattr(page, column, None) for column in PAGE_COLUMNS},
            "first_fetched": page.fetched_at,
            "changed_at": page.fetched_at if changed else previous[1],
            "blocks": as_json(page.blocks),
            "labels": as_json(sort_labels(page.labels)),
            "outlinks": as_json(page.outlinks),
            "markets_stem_cells": int(page.markets_stem_cells),
            "flagged": int(page.flagged),
            "truncated": int(page.truncated),
            "js_suspect": int(page.js_suspect),
            "language": page.language,
            "run_id": run_id,
        }
        self.db.execute(UPSERT_PAGE, row)
        return changed

    def _add_version(self, run_id: int, page: PageRecord) -> None:
        self.db.execute(
            "insert into page_versions (url, clinic_id, run_id, fetched_at, content_hash,"
            " body_sha256, title, text, flagged, labels, warc_file, warc_offset, warc_length)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [page.url, page.clinic_id, run_id, page.fetched_at, page.content_hash,
             page.body_sha256, page.title, page.text, int(page.flagged),
             as_json(sort_labels(page.labels)), page.warc_file, page.warc_offset,
             page.warc_length],
        )  # fmt: skip

    def _flag_by_site(self, run_id: int, page: PageRecord) -> None:
        """Claims on a selling clinic's pages that speak of stem cells without selling them
        (testimonials, an FAQ on "the cells", a step-by-step of the procedure) are flagged:
        the site sells the treatment, with claims, on another page. Each says so in its rules,
        naming that page. A page that names no stem-cell therapy stays unflagged, so a practice
        that also sells BMAC is not flagged for its conventional services. When the site no
        longer sells, what it flagged is unflagged.

        Only the page just saved can change, unless it made the site one that sells."""
        clinic_id = page.clinic_id
        selling = [url for (url,) in self.db.execute(SELLING_PAGES, [clinic_id])]
        if not selling:
            self.db.execute(UNFLAG_BY_SITE, [clinic_id])
            self.db.execute(
                "update pages set flagged = 0, severity = 0"
                " where clinic_id = ? and markets_stem_cells = 0 and flagged = 1",
                [clinic_id],
            )
            return
        sold_before = any(url != page.url for url in selling)
        if sold_before and page.markets_stem_cells:
            return
        if sold_before:
            query, values = SITE_FLAGGABLE.format(claims=PAGE_CLAIMS), [page.url, clinic_id]
        else:
            query, values = SITE_FLAGGABLE.format(claims=CLINIC_CLAIMS), [clinic_id]
        rows = self.db.execute(query, values).fetchall()
        if not rows:
            return
        ids = [row[0] for row in rows]
        marks = ", ".join("?" * len(ids))
        self.db.execute(
            f"update claims set flagged = 1, rules = json_insert(rules, '$[#]', ?)"
            f" where id in ({marks})",
            [f"{SITE_RULE}{selling[0]}", *ids],
        )
        self.db.execute(
            f"""
            update pages set flagged = 1, severity = (
              select max(severity) from claims where claims.page_url = pages.url
                and claims.flagged = 1)
            where url in (select page_url from claims where id in ({marks}))
            """,
            ids,
        )
        self.db.conn.executemany(
            "insert into claim_events (claim_id, clinic_id, run_id, event, at, labels, page_url,"
            " flagged) values (?, ?, ?, 'flagged', ?, ?, ?, 1)",
            [
                (identifier, clinic_id, run_id, page.fetched_at, labels, page_url)
                for identifier, labels, page_url in rows
                if not self._was_flagged(identifier)
            ],
        )

    def _was_flagged(self, identifier: str) -> bool:
        query = "select 1 from claim_events where claim_id = ? and flagged = 1 limit 1"
        return self.db.execute(query, [identifier]).fetchone() is not None

    def _upsert_claims(self, run_id: int, page: PageRecord, claims: Sequence[ClaimRecord]) -> None:
        if not claims:
            return
        unique = {claim_id(page.clinic_id, claim.sentence): claim for claim in reversed(claims)}
        ids, claims = list(unique), list(unique.values())
        marks = ", ".join("?" * len(ids))
        previous = {
            identifier: (status, was_flagged, page_url, held)
            for identifier, status, was_flagged, page_url, held in self.db.execute(
                PREVIOUS_CLAIMS.format(marks=marks), ids
            ).fetchall()
        }
        rows, events, seen_again = [], [], []
        for identifier, claim in zip(ids, claims, strict=True):
            labels = as_json(sort_labels(claim.labels))
            row = _claim_row(identifier, run_id, page, claim, labels)
            status, was_flagged, flagged_on, held = previous.get(identifier, (None, 0, None, 0))
            if status == "active" and held and flagged_on != page.url and not row["flagged"]:
                # a sentence repeated across a site (an announcement bar, a footer, a blog
                # listing) keeps the flag a selling page gave it while that page still holds
                # it as last stored, whichever page is stored last
                seen_again.append((page.fetched_at, run_id, identifier))
                continue
            rows.append(row)
            event = _claim_event((status, was_flagged) if status else None, row["flagged"])
            if event == "flagged" and self._was_flagged(identifier):
                event = None  # a sentence on a selling and a non-selling page flips; once is news
            if event:
                events.append(
                    (identifier, page.clinic_id, run_id, event, page.fetched_at, labels, page.url,
                     row["flagged"])
                )  # fmt: skip
        self.db.conn.executemany(UPSERT_CLAIM, rows)
        self.db.conn.executemany(
            "update claims set last_seen = ?, last_run_id = ? where id = ?", seen_again
        )
        self.db.conn.executemany(
            UPSERT_CLAIM_PAGE,
            [(i, page.url, page.clinic_id, page.fetched_at, page.fetched_at) for i in ids],
        )
        self.db.conn.executemany(
            "insert into claim_events (claim_id, clinic_id, run_id, event, at, labels, page_url,"
            " flagged) values (?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )


def _claim_event(previous: tuple[str, int] | None, flagged: int) -> str | None:
    """What happened to a claim seen again: new, back after it was removed, or flagged now
    that its page sells stem-cell therapy; None when nothing changed."""
    if previous is None:
        return "added"
    status, was_flagged = previous
    if status == "removed":
        return "returned"
    return "flagged" if flagged and not was_flagged else None


def _claim_row(
    identifier: str, run_id: int, page: PageRecord, claim: ClaimRecord, labels: str
) -> dict:
    return {
        "id": identifier,
        "clinic_id": page.clinic_id,
        "page_url": page.url,
        "sentence": claim.sentence,
        "labels": labels,
        "violations": as_json(sort_labels(claim.violations)),
        "flagged": int(claim.flagged and page.markets_stem_cells),
        "severity": claim.severity,
        "rules": as_json(claim.rules),
        "score": claim.score,
        "label_scores": as_json(claim.label_scores),
        "highlights": as_json(claim.highlights),
        "suppressed": as_json(claim.suppressed),
        "block_kind": claim.block_kind,
        "start": claim.start,
        "end": claim.end,
        "seen": page.fetched_at,
        "run_id": run_id,
        "classifier_version": page.classifier_version,
    }
