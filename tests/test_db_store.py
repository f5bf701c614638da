"""The schema and the store: idempotent, one transaction per page, history kept."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from sqlite_utils import Database

from db.history import run_changes
from db.records import ClaimRecord, ClinicRecord, FetchErrorRecord, PageRecord
from db.schema import ensure_schema
from db.store import ClinicStore, claim_id, normalize_sentence

CLINIC = ClinicRecord(id="clinic.example", url="https://clinic.example/", name="C", state="TX")
SENTENCE = "Our stem cells are FDA exempt."


def page(
    fetched_at="2026-01-01T00:00:00+00:00", text="Our stem cells are FDA exempt.", flagged=True
):
    return PageRecord(
        url="https://clinic.example/",
        clinic_id="clinic.example",
        fetched_at=fetched_at,
        status=200,
        content_hash=f"hash-{text}",
        body_sha256="body",
        title="Home",
        text=text,
        blocks=[["paragraph", 0, len(text), ""]],
        markets_stem_cells=True,
        flagged=flagged,
        severity=3 if flagged else 0,
        labels=["regulatory_exempt", "stem_cell_therapy"] if flagged else [],
    )


def claim(sentence=SENTENCE):
    return ClaimRecord(
        sentence=sentence,
        labels=["regulatory_exempt", "stem_cell_therapy"],
        violations=["regulatory_exempt"],
        severity=3,
        rules=["fda-exempt"],
        score=1.0,
        start=0,
        end=len(sentence),
    )


@pytest.fixture
def store(tmp_path):
    store = ClinicStore.open(tmp_path / "test.db")
    yield store
    store.close()


def test_ensure_schema_twice_changes_nothing():
    db = Database(memory=True)
    ensure_schema(db)
    before = {table.name: table.schema for table in db.tables}
    ensure_schema(db)
    assert {table.name: table.schema for table in db.tables} == before
    assert {"clinics", "pages", "claims", "crawl_runs", "fetch_errors"} <= set(before)
    assert "claims_fts" in before
    assert "pages_fts" in before


def test_the_file_database_uses_wal(store):
    assert store.db.journal_mode == "wal"


def test_saving_a_page_stores_it_its_claims_and_the_verdict(store):
    run = store.start_run("seeds.csv", 1, {}, "v1")
    store.save_page(run, CLINIC, page(), [claim()])
    clinic = store.db["clinics"].get("clinic.example")
    assert (clinic["flagged"], clinic["severity"], json.loads(clinic["labels"])) == (
        1,
        3,
        ["regulatory_exempt"],
    )
    (row,) = store.db["claims"].rows
    assert row["sentence"] == SENTENCE
    assert row["page_url"] == "https://clinic.example/"
    assert json.loads(row["rules"]) == ["fda-exempt"]


def test_recrawling_keeps_first_seen_and_moves_last_seen(store):
    run = store.start_run("seeds.csv", 1, {}, "v1")
    store.save_page(run, CLINIC, page("2026-01-01T00:00:00+00:00"), [claim()])
    store.save_page(run, CLINIC, page("2026-02-01T00:00:00+00:00"), [claim()])
    assert store.db["claims"].count == 1
    assert store.db["pages"].count == 1
    (row,) = store.db["claims"].rows
    assert row["first_seen"] == "2026-01-01T00:00:00+00:00"
    assert row["last_seen"] == "2026-02-01T00:00:00+00:00"


def test_the_same_sentence_is_one_claim_whatever_its_punctuation(store):
    assert claim_id("a", "Our cells are “FDA exempt”!") == claim_id(
        "a", 'our cells are "FDA exempt"'
    )
    assert claim_id("a", SENTENCE) != claim_id("b", SENTENCE)
    assert normalize_sentence("  Stem   cells—FDA\u2019s  ") == "stem cells fda's"


def test_fetch_errors_are_stored_as_findings(store):
    run = store.start_run("seeds.csv", 1, {}, "v1")
    store.save_clinic(CLINIC)
    store.record_fetch_error(
        run,
        FetchErrorRecord("https://clinic.example/", "clinic.example", "dns", "no such host", "t"),
    )
    assert store.db["fetch_errors"].count == 1
    assert store.db["clinics"].get("clinic.example")["last_status"] == "error:dns"


def test_a_clinic_with_a_page_cut_at_the_size_limit_is_partly_read(store):
    run = store.start_run("seeds.csv", 1, {}, "v1")
    store.save_page(run, CLINIC, page(), [claim()])
    assert store.record_coverage(run, CLINIC.id, {})["status"] == "complete"
    cut = replace(page(), url="https://clinic.example/big", truncated=True)
    store.save_page(run, CLINIC, cut, [])
    assert store.record_coverage(run, CLINIC.id, {})["status"] == "partial"


def test_a_page_in_a_language_the_classifier_does_not_read_leaves_the_clinic_partly_read(store):
    run = store.start_run("seeds.csv", 1, {}, "v1")
    store.save_page(run, CLINIC, replace(page(), language="en"), [claim()])
    assert store.record_coverage(run, CLINIC.id, {})["status"] == "complete"
    spanish = replace(page(), url="https://clinic.example/es/", language="es")
    store.save_page(run, CLINIC, spanish, [])
    coverage = store.record_coverage(run, CLINIC.id, {})
    assert (coverage["status"], coverage["other_language"]) == ("partial", 1)


def test_a_claim_flagged_on_one_page_and_not_on_another_is_announced_once(store):
    sells_nothing = replace(page(), url="https://clinic.example/blog", markets_stem_cells=False)
    for month in ("01", "02", "03"):
        run = store.start_run("seeds.csv", 1, {}, "v1")
        store.save_page(run, CLINIC, page(f"2026-{month}-01T00:00:00+00:00"), [claim()])
        store.save_page(
            run, CLINIC, replace(sells_nothing, fetched_at=f"2026-{month}-02"), [claim()]
        )
        store.finish_run(run, "complete")
    events = [(e["event"], e["flagged"]) for e in store.db["claim_events"].rows]
    assert events == [("added", 1)]


def listing_page(fetched_at="2026-01-01T00:00:00+00:00"):
    """A page of the same site that does not market stem cells, repeating the sentence."""
    return replace(
        page(fetched_at, flagged=False), url="https://clinic.example/blog", markets_stem_cells=False
    )


UNFLAGGED = replace(claim(), labels=[], violations=[], severity=0, rules=[])


@pytest.mark.parametrize("selling_page_first", [True, False])
def test_a_sentence_a_selling_page_flags_stays_flagged_whichever_page_is_stored_last(
    store, selling_page_first
):
    saves = [(page(), claim()), (listing_page(), UNFLAGGED)]
    run = store.start_run("seeds.csv", 1, {}, "v1")
    for stored, found in saves if selling_page_first else reversed(saves):
        store.save_page(run, CLINIC, stored, [found])
    row = store.db["claims"].get(claim_id(CLINIC.id, SENTENCE))
    assert (row["flagged"], row["page_url"]) == (1, "https://clinic.example/")
    pages = store.db.query("select page_url from claim_pages order by page_url")
    assert [p["page_url"] for p in pages] == [
        "https://clinic.example/",
        "https://clinic.example/blog",
    ]


def test_a_sentence_the_selling_page_dropped_is_judged_by_the_page_that_still_holds_it(store):
    run = store.start_run("seeds.csv", 1, {}, "v1")
    store.save_page(run, CLINIC, page(), [claim()])
    store.save_page(run, CLINIC, page("2026-01-02T00:00:00+00:00", "Call us.", False), [])
    store.save_page(run, CLINIC, listing_page("2026-01-03T00:00:00+00:00"), [UNFLAGGED])
    row = store.db["claims"].get(claim_id(CLINIC.id, SENTENCE))
    assert (row["flagged"], row["page_url"]) == (0, "https://clinic.example/blog")


def test_an_older_database_gets_its_claim_events_flagged_from_its_claims(tmp_path):
    db = Database(tmp_path / "old.db")
    ensure_schema(db)
    db.execute("alter table claim_events drop column flagged")
    db["claims"].insert({"id": "c1", "clinic_id": "clinic.example", "sentence": "s", "flagged": 1})
    db["claim_events"].insert({"claim_id": "c1", "clinic_id": "clinic.example", "event": "added"})
    ensure_schema(db)
    assert [row["flagged"] for row in db["claim_events"].rows] == [1]


def test_finishing_a_run_records_totals(store):
    run = store.start_run("seeds.csv", 1, {}, "v1")
    store.save_page(run, CLINIC, page(), [claim()])
    store.record_coverage(run, "clinic.example", {})
    row = store.finish_run(run, "complete")
    assert (row["status"], row["pages"], row["clinics"], row["flagged_clinics"]) == (
        "complete",
        1,
        1,
        1,
    )


def test_a_run_left_running_by_a_dead_process_is_marked_interrupted(store):
    run = store.start_run("seeds.csv", 1, {}, "v1")
    store.db["crawl_runs"].update(run, {"pid": 2**22 + 12345})
    assert store.mark_interrupted_runs() == [run]
    assert store.db["crawl_runs"].get(run)["status"] == "interrupted"


def test_a_flag_on_a_page_that_does_not_market_stem_cells_does_not_flag_the_clinic(store):
    run = store.start_run("seeds.csv", 1, {}, "v1")
    unmarketed = page(flagged=False)
    unmarketed.markets_stem_cells = False
    store.save_page(run, CLINIC, unmarketed, [claim()])
    assert store.db["clinics"].get("clinic.example")["flagged"] == 0
    assert store.db["claims"].get(claim_id("clinic.example", SENTENCE))["flagged"] == 0


def test_a_selling_clinics_pages_that_speak_of_stem_cells_are_flagged_for_the_site(store):
    def unselling(path, text, labels, claims):
        record = replace(
            page(flagged=False, text=text),
            url=f"https://clinic.example/{path}",
            markets_stem_cells=False,
            labels=labels,
        )
        return record, claims

    story = replace(
        claim("My stem cell shot regrew my disc."),
        labels=["efficacy_claim", "stem_cell_therapy"],
        violations=["efficacy_claim"],
        rules=["regrow-tissue", "stem-cell"],
    )
    guarantee = replace(
        claim("Guaranteed results."), labels=["efficacy_claim"], violations=["efficacy_claim"]
    )
    run = store.start_run("seeds.csv", 1, {}, "v1")
    store.save_page(run, CLINIC, *unselling("stories", story.sentence, story.labels, [story]))
    store.save_page(run, CLINIC, *unselling("prices", "Guaranteed results.", ["efficacy_claim"],
                                            [guarantee]))  # fmt: skip
    story_id = claim_id(CLINIC.id, story.sentence)
    assert store.db["claims"].get(story_id)["flagged"] == 0  # nothing on the site sells yet

    store.save_page(run, CLINIC, page(), [claim()])  # the home page sells
    flagged = store.db["claims"].get(story_id)
    assert flagged["flagged"] == 1
    assert json.loads(flagged["rules"]) == [
        "regrow-tissue", "stem-cell", "site:sells stem-cell therapy on https://clinic.example/"
    ]  # fmt: skip
    assert store.db["pages"].get("https://clinic.example/stories")["flagged"] == 1
    assert store.db["claims"].get(claim_id(CLINIC.id, "Guaranteed results."))["flagged"] == 0
    events = store.db.execute(
        "select event, flagged from claim_events where claim_id = ?", [story_id]
    ).fetchall()
    assert events == [("added", 0), ("flagged", 1)]
    assert store.db["clinics"].get(CLINIC.id)["flagged_sentences"] == 2
    answer = replace(story, sentence="The cells have no side effects.", violations=["safety_claim"])
    store.save_page(run, CLINIC, *unselling("faq", answer.sentence, answer.labels, [answer]))
    assert store.db["claims"].get(claim_id(CLINIC.id, answer.sentence))["flagged"] == 1

    closed = replace(page(flagged=False, text="We have closed."), markets_stem_cells=False)
    store.save_page(run, CLINIC, closed, [])  # the site no longer sells
    unflagged = store.db["claims"].get(story_id)
    assert (unflagged["flagged"], json.loads(unflagged["rules"])) == (0, story.rules)
    assert store.db["pages"].get("https://clinic.example/stories")["flagged"] == 0


def test_a_clinic_with_a_zip_code_gets_offline_coordinates(store):
    clinic = ClinicRecord(id="zip.example", url="https://zip.example/", postal_code="78701")
    store.save_clinic(clinic)
    row = store.db["clinics"].get("zip.example")
    assert round(row["latitude"]) == 30
    assert round(row["longitude"]) == -98
    assert row["state"] == "TX"


def test_search_follows_changed_text_and_a_touch_leaves_the_index_alone(store):
    run = store.start_run("seeds.csv", 1, {}, "v1")
    store.save_page(run, CLINIC, page(text="Our stem cells are FDA exempt."), [claim()])
    index_writes = store.db["pages_fts_data"].count
    for month in range(2, 6):
        assert store.touch_page(run, "https://clinic.example/", f"2026-0{month}-01T00:00:00+00:00")
    assert store.db["pages_fts_data"].count == index_writes

    store.save_page(run, CLINIC, page(text="Regrow your discs with stem cells."), [])

    def found(word):
        return store.db.execute("select count(*) from pages_fts where pages_fts match ?", [word])

    assert found("regrow").fetchone()[0] == 1
    assert found("exempt").fetchone()[0] == 0


def test_what_the_store_runs_per_page_and_per_run_reads_by_page_or_clinic(store):
    """A statement that scans claims or pages makes a crawl slower the more it has stored."""
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    run = store.start_run("seeds.csv", 1, {}, "v1")
    store.save_page(run, CLINIC, page(), [claim()])
    store.touch_page(run, "https://clinic.example/", "2026-02-01T00:00:00+00:00")
    store.record_coverage(run, CLINIC.id, {}, False)
    store.finish_run(run, "complete")
    store.db.conn.set_trace_callback(None)

    reads = [
        statement
        for statement in statements
        if ("claims" in statement or "pages" in statement) and not statement.startswith("--")
    ]  # "--" lines are the statements of FTS5 itself
    assert len(reads) > 5
    for statement in reads:
        plan = " | ".join(row[3] for row in store.db.execute(f"explain query plan {statement}"))
        assert not re.search(r"SCAN (claims|pages)\b", plan), (statement, plan)
        assert "(status=" not in plan, (statement, plan)


def test_a_label_is_new_at_a_clinic_when_a_flagged_claim_first_carries_it(store):
    first = store.start_run("seeds.csv", 1, {}, "v1")
    sells_nothing = replace(page(), markets_stem_cells=False, flagged=False, severity=0)
    store.save_page(first, CLINIC, sells_nothing, [claim()])
    store.finish_run(first, "complete")
    second = store.start_run("seeds.csv", 1, {}, "v1")
    store.save_page(second, CLINIC, page("2026-02-01T00:00:00+00:00"), [claim()])
    store.finish_run(second, "complete")
    assert run_changes(store.db, first)["new_labels"] == []  # and stays so: history is kept
    assert [row["label"] for row in run_changes(store.db, second)["new_labels"]] == [
        "regulatory_exempt"
    ]
    events = [(e["run_id"], e["event"], e["flagged"]) for e in store.db["claim_events"].rows]
    assert events == [(first, "added", 0), (second, "flagged", 1)]
