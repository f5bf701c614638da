"""The published views: created by ensure_schema, replaced when their definition changes."""

from __future__ import annotations

from sqlite_utils import Database

from db.schema import ensure_schema
from db.views import VIEWS, ensure_views


def test_ensure_schema_creates_every_view():
    db = Database(memory=True)
    ensure_schema(db)
    assert set(VIEWS) <= set(db.view_names())
    for name in VIEWS:
        assert db.execute(f"select * from {name}").fetchall() == []


def test_a_changed_view_is_replaced_and_an_unchanged_one_kept():
    db = Database(memory=True)
    ensure_schema(db)
    db.execute("drop view flagged_clinics")
    db.create_view("flagged_clinics", "select 1 as stale")
    ensure_views(db)
    assert "clinic_id" in db["flagged_clinics"].columns_dict
    schema = db["claim_search"].schema
    ensure_views(db)
    assert db["claim_search"].schema == schema


def test_search_views_expose_the_full_text_row_ids():
    db = Database(memory=True)
    ensure_schema(db)
    db["clinics"].insert({"id": "a.example", "state": "TX"})
    db["pages"].insert({"url": "https://a.example/", "clinic_id": "a.example", "text": "exempt"})
    db["claims"].insert({"id": "c1", "clinic_id": "a.example", "sentence": "We are FDA exempt."})
    found = db.execute(
        "select clinic_id, state from claim_search"
        " where claim_rowid in (select rowid from claims_fts where claims_fts match 'exempt')"
    ).fetchall()
    assert found == [("a.example", "TX")]
    pages = db.execute(
        "select url from page_search"
        " where page_rowid in (select rowid from pages_fts where pages_fts match 'exempt')"
    ).fetchall()
    assert pages == [("https://a.example/",)]
