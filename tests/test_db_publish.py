"""Datasette over the database, through its real ASGI app: pages, queries, escaping, read-only."""

from __future__ import annotations

import asyncio
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from db.publish import build_datasette, load_metadata
from db.records import ClaimRecord, ClinicRecord, PageRecord
from db.store import ClinicStore

MALICIOUS = "<script>alert(1)</script> Our stem cells are FDA exempt."
EXEMPT_AT = MALICIOUS.index("FDA exempt")


def page_record(url: str, clinic_id: str, fetched_at: str, text: str, **extra) -> PageRecord:
    return PageRecord(
        url=url,
        clinic_id=clinic_id,
        fetched_at=fetched_at,
        status=200,
        content_hash=f"hash-of-{url}",
        body_sha256="def456",
        title=extra.pop("title", "Stem cells"),
        text=text,
        blocks=[["paragraph", 0, len(text), ""]],
        markets_stem_cells=True,
        **extra,
    )


def claim_record(sentence: str, label: str, severity: int, phrase: str, rule: str) -> ClaimRecord:
    start = sentence.index(phrase)
    return ClaimRecord(
        sentence=sentence,
        labels=[label, "stem_cell_therapy"],
        violations=[label],
        severity=severity,
        rules=[rule],
        score=1.0,
        start=0,
        end=len(sentence),
        highlights=[{"start": start, "end": start + len(phrase), "label": label, "rule": rule}],
    )


def build_published_db(path: Path) -> Path:
    """Three clinics: one with a malicious sentence (TX), one that dropped its safety claim
    in March (FL), one not flagged (WI)."""
    store = ClinicStore.open(path)
    run = store.start_run("seeds.csv", 3, {}, "v1")
    evil = ClinicRecord(
        id="evil.example", url="https://evil.example/", name="Evil <b>Clinic</b>", state="TX"
    )
    store.save_page(
        run,
        evil,
        page_record(
            "https://evil.example/",
            "evil.example",
            "2026-01-02T03:04:05+00:00",
            MALICIOUS,
            title="<img src=x onerror=alert(2)>",
            warc_file="run-1-00000.warc.gz",
            warc_offset=1234,
            published_at="2019-05-06",
            flagged=True,
            severity=3,
            labels=["regulatory_exempt", "stem_cell_therapy"],
        ),
        [claim_record(MALICIOUS, "regulatory_exempt", 3, "FDA exempt", "fda-exempt")],
    )
    calm = ClinicRecord(id="calm.example", url="https://calm.example/", name="Calm", state="FL")
    regrow = "Our stem cells regrow damaged discs."
    safe = "Injections are completely safe."
    store.save_page(
        run,
        calm,
        page_record(
            "https://calm.example/",
            "calm.example",
            "2026-02-10T09:00:00+00:00",
            f"{regrow} {safe}",
            flagged=True,
            severity=2,
            labels=["efficacy_claim", "safety_claim", "stem_cell_therapy"],
        ),
        [
            claim_record(regrow, "efficacy_claim", 2, "regrow damaged discs", "regrow-tissue"),
            claim_record(safe, "safety_claim", 2, "completely safe", "completely-safe"),
        ],
    )
    trial = ClinicRecord(id="trial.example", url="https://trial.example/", name="Trial", state="WI")
    store.save_page(
        run,
        trial,
        page_record("https://trial.example/", "trial.example", "2026-02-11T09:00:00+00:00", "Hi."),
        [],
    )
    store.db.execute(
        "update claims set status = 'removed', removed_at = '2026-03-05T00:00:00+00:00'"
        " where sentence = ?",
        [safe],
    )
    store.refresh_clinic("calm.example")
    store.finish_run(run, "complete")
    store.close()
    return path


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_published_db(tmp_path_factory.mktemp("publish") / "clinicwatch.db")


def get(db_path, path):
    datasette = build_datasette(db_path)

    async def fetch():
        return await datasette.client.get(path)

    return asyncio.run(fetch())


def rows(db_path, path):
    separator = "&" if "?" in path else "?"
    response = get(db_path, f"{path}{separator}_shape=objects")
    assert response.status_code == 200, response.text[:500]
    return response.json()["rows"]


def test_flagged_clinics_are_most_severe_first(db_path):
    found = rows(db_path, "/clinicwatch/flagged_clinics.json")
    assert [(row["clinic_id"], row["severity"]) for row in found] == [
        ("evil.example", 3),
        ("calm.example", 2),
    ]
    assert found[0]["flagged_sentences"] == 1
    assert found[0]["first_seen"] == "2026-01-02T03:04:05+00:00"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ("state=FL", ["calm.example"]),
        ("labels__arraycontains=regulatory_exempt", ["evil.example"]),
        ("severity__gte=3", ["evil.example"]),
    ],
)
def test_flagged_clinics_filter_by_state_label_and_severity(db_path, filters, expected):
    found = rows(db_path, f"/clinicwatch/flagged_clinics.json?{filters}")
    assert [row["clinic_id"] for row in found] == expected


def test_flagged_clinics_page_links_each_clinic_to_its_evidence(db_path):
    response = get(db_path, "/clinicwatch/flagged_clinics")
    assert response.status_code == 200
    assert 'href="/clinicwatch/clinic_evidence?clinic_id=evil.example"' in response.text
    assert "Evil &lt;b&gt;Clinic&lt;/b&gt;" in response.text
    facets = get(db_path, "/clinicwatch/flagged_clinics.json").json()["facet_results"]
    assert {"state", "severity", "labels"} <= set(facets)


def test_the_label_facet_counts_each_clinic_once_per_label_and_filters_by_it(db_path):
    facets = get(db_path, "/clinicwatch/flagged_clinics.json").json()["facet_results"]
    labels = {item["value"]: item for item in facets["labels"]["results"]}
    assert {name: item["count"] for name, item in labels.items()} == {
        "regulatory_exempt": 1,
        "efficacy_claim": 1,
    }
    toggle = urlsplit(labels["efficacy_claim"]["toggle_url"])
    found = rows(db_path, f"/clinicwatch/flagged_clinics.json?{toggle.query}")
    assert [row["clinic_id"] for row in found] == ["calm.example"]


def test_clinic_evidence_canned_query(db_path):
    (row,) = rows(db_path, "/clinicwatch/clinic_evidence.json?clinic_id=evil.example")
    assert row["sentence"] == MALICIOUS
    assert row["page_url"] == "https://evil.example/"
    assert row["content_hash"] == "hash-of-https://evil.example/"
    assert row["fetched_at"] == "2026-01-02T03:04:05+00:00"
    assert row["page_published"] == "2019-05-06"  # the claim has stood since then at least
    assert row["rules"] == '["fda-exempt"]'


def test_evidence_page_escapes_the_sentence_and_still_highlights_the_phrase(db_path):
    response = get(db_path, "/clinicwatch/clinic_evidence?clinic_id=evil.example")
    assert response.status_code == 200
    page = response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Our stem cells are " in page
    assert '<mark class="violation" title="regulatory_exempt">FDA exempt</mark>.' in page
    assert "<code>fda-exempt</code>" in page
    assert "hash-of-https://evil.example/" in page
    assert "2026-01-02T03:04:05+00:00" in page
    assert "<code>run-1-00000.warc.gz</code> at byte 1234" in page
    assert "<h1>Evidence: Evil &lt;b&gt;Clinic&lt;/b&gt;</h1>" in page


def test_evidence_page_says_so_when_the_clinic_is_unknown_or_not_given(db_path):
    unknown = get(db_path, "/clinicwatch/clinic_evidence?clinic_id=nowhere.example")
    assert unknown.status_code == 200
    assert "No clinic with the id nowhere.example" in unknown.text
    empty = get(db_path, "/clinicwatch/clinic_evidence")
    assert empty.status_code == 200
    assert 'name="clinic_id"' in empty.text


def test_a_removed_claim_is_still_evidence_and_says_when_it_went(db_path):
    response = get(db_path, "/clinicwatch/clinic_evidence?clinic_id=calm.example")
    assert "<strong>removed</strong> 2026-03-05T00:00:00+00:00" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/clinicwatch",
        "/clinicwatch/claims",
        "/clinicwatch/clinic_evidence?clinic_id=evil.example",
        "/clinicwatch/flagged_clinics",
        "/clinicwatch/claim_search?_search=exempt",
        "/clinicwatch/page_search?_search=exempt",
        "/clinicwatch/claims_first_seen_between",
        "/clinicwatch/newly_flagged_clinics",
        "/clinicwatch/pages",
        "/clinicwatch/page_versions",
        "/clinicwatch/clinics",
        "/clinicwatch/clinics/evil~2Eexample",
    ],
)
def test_crawled_text_is_always_escaped(db_path, path):
    response = get(db_path, path)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "<img src=x onerror" not in response.text
    assert "<b>Clinic</b>" not in response.text


def test_search_results_highlight_and_escape_the_sentence(db_path):
    response = get(db_path, "/clinicwatch/claim_search?_search=exempt")
    assert '<mark class="violation" title="regulatory_exempt">FDA exempt</mark>' in response.text
    assert "&lt;script&gt;" in response.text


def test_full_text_search_with_facets_on_label_and_state(db_path):
    response = get(db_path, "/clinicwatch/claim_search.json?_search=stem+cells&_shape=objects")
    assert response.status_code == 200
    assert {row["clinic_id"] for row in response.json()["rows"]} == {
        "evil.example",
        "calm.example",
    }
    facets = response.json()["facet_results"]
    assert {item["value"] for item in facets["state"]["results"]} == {"TX", "FL"}
    assert "efficacy_claim" in {item["value"] for item in facets["violations"]["results"]}
    pages = rows(db_path, "/clinicwatch/page_search.json?_search=regrow")
    assert [(row["clinic_id"], row["state"]) for row in pages] == [("calm.example", "FL")]


def test_writes_are_impossible(db_path):
    response = get(db_path, "/clinicwatch.json?sql=delete+from+claims")
    assert response.status_code == 400
    assert get(db_path, "/clinicwatch/claims.json?_shape=array").json()


def test_csv_and_json_exports_and_database_download(db_path):
    csv = get(db_path, "/clinicwatch/flagged_clinics.csv")
    assert csv.status_code == 200
    assert csv.text.splitlines()[0].startswith("clinic_id,name,site,state,severity")
    for name in load_metadata()["databases"]["clinicwatch"]["queries"]:
        assert get(db_path, f"/clinicwatch/{name}.csv").status_code == 200, name
    assert get(db_path, "/clinicwatch.db").status_code == 200


def test_newly_flagged_clinics_atom_feed(db_path):
    response = get(db_path, "/clinicwatch/newly_flagged_clinics.atom")
    assert response.status_code == 200
    assert "<b>Clinic</b>" not in response.text
    feed = ET.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.find(f"{atom}title").text for entry in feed.iter(f"{atom}entry")]
    assert titles == ["Calm (FL), severity 2", "Evil <b>Clinic</b> (TX), severity 3"]
    links = [link.get("href") for link in feed.iter(f"{atom}link")]
    assert "/clinicwatch/clinic_evidence?clinic_id=evil.example" in links


def test_every_link_on_the_home_page_works(db_path):
    home = get(db_path, "/")
    assert home.status_code == 200
    links = set(re.findall(r'href="(/[^"]*)"', home.text))
    assert "/clinicwatch/flagged_clinics" in links
    for link in sorted(links):
        path = urlsplit(link).path
        assert get(db_path, link.replace("&amp;", "&")).status_code == 200, path


def test_the_dashboard_renders(db_path):
    response = get(db_path, "/-/dashboards/trends")
    assert response.status_code == 200
    assert "Flagged claims first seen per month, by label" in response.text


def test_every_table_and_view_column_is_documented(db_path):
    tables = load_metadata()["databases"]["clinicwatch"]["tables"]
    db = Database(db_path)
    for name in db.table_names() + db.view_names():
        if name.endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")):
            continue
        documented = set(tables.get(name, {}).get("columns", {}))
        assert set(db[name].columns_dict) <= documented, name
        assert tables[name].get("description") or tables[name].get("description_html"), name


def test_the_database_is_published_as_clinicwatch_whatever_its_file_name(tmp_path, db_path):
    renamed = tmp_path / "mydata.db"
    renamed.write_bytes(db_path.read_bytes())
    assert get(renamed, "/clinicwatch/flagged_clinics.json").status_code == 200
    page = get(renamed, "/clinicwatch/clinic_evidence?clinic_id=evil.example")
    assert '<mark class="violation"' in page.text


def test_a_quiet_week_is_an_empty_feed_not_an_error(db_path):
    response = get(db_path, "/clinicwatch/newly_flagged_clinics.atom?since=2099-01-01")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.find(f"{atom}title").text == "Newly flagged clinics"
    assert feed.find(f"{atom}updated").text
    assert list(feed.iter(f"{atom}entry")) == []
