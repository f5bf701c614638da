"""Every canned query and dashboard chart, through Datasette's ASGI app, on a known database."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from classifiers.taxonomy import VIOLATION_LABELS
from db.publish import load_metadata
from tests.test_db_publish import build_published_db, get, rows

QUERIES = load_metadata()["databases"]["clinicwatch"]["queries"]
DASHBOARD = load_metadata()["plugins"]["datasette-dashboards"]["trends"]
OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_published_db(tmp_path_factory.mktemp("queries") / "clinicwatch.db")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_runs_with_its_parameters_left_empty(db_path, name):
    assert QUERIES[name]["title"]
    assert QUERIES[name]["description"]
    response = get(db_path, f"/clinicwatch/{name}.json")
    assert response.status_code == 200, response.text[:500]
    assert get(db_path, f"/clinicwatch/{name}").status_code == 200


def test_claims_per_label_per_month(db_path):
    found = rows(db_path, "/clinicwatch/claims_per_label_per_month.json")
    assert [(r["month"], r["label"], r["claims"]) for r in found] == [
        ("2026-01", "regulatory_exempt", 1),
        ("2026-02", "efficacy_claim", 1),
        ("2026-02", "safety_claim", 1),
    ]
    by_state = rows(db_path, "/clinicwatch/claims_per_label_per_month.json?state=TX")
    assert [r["label"] for r in by_state] == ["regulatory_exempt"]
    by_label = rows(db_path, "/clinicwatch/claims_per_label_per_month.json?label=safety_claim")
    assert [r["month"] for r in by_label] == ["2026-02"]


def test_flagged_clinics_per_state(db_path):
    found = rows(db_path, "/clinicwatch/flagged_clinics_per_state.json")
    assert {r["state"]: (r["flagged_clinics"], r["severity_3"]) for r in found} == {
        "TX": (1, 1),
        "FL": (1, 0),
    }
    severe = rows(db_path, "/clinicwatch/flagged_clinics_per_state.json?min_severity=3")
    assert [r["state"] for r in severe] == ["TX"]
    efficacy = rows(db_path, "/clinicwatch/flagged_clinics_per_state.json?label=efficacy_claim")
    assert [r["state"] for r in efficacy] == ["FL"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("start=2026-01-01&end=2026-01-31", ["evil.example"]),
        ("start=2026-02-10&end=2026-02-10", ["calm.example", "calm.example"]),
        ("start=2026-02-11", []),
        ("end=2026-01-02", ["evil.example"]),
        ("label=efficacy_claim", ["calm.example"]),
        ("state=TX", ["evil.example"]),
    ],
)
def test_claims_first_seen_between(db_path, params, expected):
    found = rows(db_path, f"/clinicwatch/claims_first_seen_between.json?{params}")
    assert [r["clinic_id"] for r in found] == expected


def test_clinics_that_dropped_a_claim_type(db_path):
    found = rows(db_path, "/clinicwatch/clinics_that_dropped_a_claim_type.json?after=2026-03-01")
    assert [(r["clinic_id"], r["label"], r["removed_claims"]) for r in found] == [
        ("calm.example", "safety_claim", 1)
    ]
    later = "/clinicwatch/clinics_that_dropped_a_claim_type.json?after=2026-04-01"
    assert rows(db_path, later) == []
    other = "/clinicwatch/clinics_that_dropped_a_claim_type.json?label=efficacy_claim"
    assert rows(db_path, other) == []


def test_newly_flagged_clinics_since(db_path):
    found = rows(db_path, "/clinicwatch/newly_flagged_clinics.json?since=2026-02-01")
    assert [r["clinic_id"] for r in found] == ["calm.example"]


def test_the_dashboard_label_filter_lists_every_violation_label():
    assert DASHBOARD["filters"]["label"]["options"] == list(VIOLATION_LABELS)


def chart_sql(query: str, with_filters: bool) -> str:
    return OPTIONAL.sub(lambda match: match.group(1) if with_filters else "", query)


@pytest.mark.parametrize("with_filters", [False, True])
@pytest.mark.parametrize("chart", sorted(DASHBOARD["charts"]))
def test_every_dashboard_chart_query_runs(db_path, chart, with_filters):
    params = {"sql": chart_sql(DASHBOARD["charts"][chart]["query"], with_filters)}
    if with_filters:
        params.update(
            state="TX", label="regulatory_exempt", date_start="2026-01-01", date_end="2026-12-31"
        )
    response = get(db_path, f"/clinicwatch.json?_shape=objects&{urlencode(params)}")
    assert response.status_code == 200, response.text[:500]
    assert response.json()["rows"]
