"""Datasette over the database, through its real ASGI app: queries, escaping, read-only."""

from __future__ import annotations

import asyncio

import pytest

from db.publish import build_datasette, metadata_for
from db.records import ClaimRecord, ClinicRecord, PageRecord
from db.store import ClinicStore

MALICIOUS = "<script>alert(1)</script> Our stem cells are FDA exempt."


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("publish") / "clinicwatch.db"
    store = ClinicStore.open(path)
    run = store.start_run("seeds.csv", 1, {}, "v1")
    clinic = ClinicRecord(
        id="evil.example", url="https://evil.example/", name="Evil <b>Clinic</b>", state="TX"
    )
    page = PageRecord(
        url="https://evil.example/",
        clinic_id="evil.example",
        fetched_at="2026-01-02T03:04:05+00:00",
        status=200,
        content_hash="abc123",
        body_sha256="def456",
        title="<img src=x onerror=alert(2)>",
        text=MALICIOUS,
        blocks=[["paragraph", 0, len(MALICIOUS), ""]],
        markets_stem_cells=True,
        flagged=True,
        severity=3,
        labels=["regulatory_exempt", "stem_cell_therapy"],
    )
    claim = ClaimRecord(
        sentence=MALICIOUS,
        labels=["regulatory_exempt", "stem_cell_therapy"],
        violations=["regulatory_exempt"],
        severity=3,
        rules=["fda-exempt"],
        score=1.0,
        start=0,
        end=len(MALICIOUS),
    )
    store.save_page(run, clinic, page, [claim])
    store.finish_run(run, "complete")
    store.close()
    return path


def get(db_path, path):
    datasette = build_datasette(db_path)

    async def fetch():
        return await datasette.client.get(path)

    return asyncio.run(fetch())


def test_flagged_clinics_canned_query(db_path):
    response = get(db_path, "/clinicwatch/flagged_clinics.json?_shape=objects")
    assert response.status_code == 200
    (row,) = response.json()["rows"]
    assert (row["clinic_id"], row["severity"], row["flagged_sentences"]) == ("evil.example", 3, 1)


def test_clinic_evidence_canned_query(db_path):
    response = get(
        db_path, "/clinicwatch/clinic_evidence.json?_shape=objects&clinic_id=evil.example"
    )
    assert response.status_code == 200
    (row,) = response.json()["rows"]
    assert row["sentence"] == MALICIOUS
    assert row["page_url"] == "https://evil.example/"
    assert row["content_hash"] == "abc123"
    assert row["fetched_at"] == "2026-01-02T03:04:05+00:00"
    assert row["rules"] == '["fda-exempt"]'


@pytest.mark.parametrize(
    "path",
    [
        "/clinicwatch/claims",
        "/clinicwatch/clinic_evidence?clinic_id=evil.example",
        "/clinicwatch/pages",
        "/clinicwatch/clinics",
    ],
)
def test_crawled_text_is_always_escaped(db_path, path):
    response = get(db_path, path)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "<img src=x onerror" not in response.text
    assert "<b>Clinic</b>" not in response.text


def test_writes_are_impossible(db_path):
    response = get(db_path, "/clinicwatch.json?sql=delete+from+claims")
    assert response.status_code == 400
    assert get(db_path, "/clinicwatch/claims.json?_shape=array").json()


def test_tables_facets_and_full_text_search(db_path):
    search = get(db_path, "/clinicwatch/claims.json?_search=exempt&_shape=objects")
    assert search.status_code == 200
    assert len(search.json()["rows"]) == 1
    facets = get(db_path, "/clinicwatch/clinics.json?_facet=state")
    assert facets.json()["facet_results"]["state"]["results"][0]["value"] == "TX"


def test_csv_export_and_database_download(db_path):
    csv = get(db_path, "/clinicwatch/flagged_clinics.csv")
    assert csv.status_code == 200
    assert csv.text.splitlines()[0].startswith("clinic_id,name,site,state,severity")
    assert get(db_path, "/clinicwatch.db").status_code == 200


def test_metadata_describes_every_table_column(db_path):
    metadata = metadata_for(db_path)["databases"]["clinicwatch"]
    store = ClinicStore.open(db_path)
    try:
        for table in ("clinics", "pages", "claims"):
            columns = set(store.db[table].columns_dict)
            assert columns <= set(metadata["tables"][table]["columns"]), table
    finally:
        store.close()


def test_metadata_follows_the_database_file_name(tmp_path):
    assert "mydata" in metadata_for(tmp_path / "mydata.db")["databases"]
