"""Page and clinic verdicts from sentence labels."""

from __future__ import annotations

from classifiers.document import Claim, DocumentResult
from classifiers.verdict import clinic_verdict, page_verdict, trial_ids


def claim(labels):
    return Claim(text="x", start=0, end=1, labels=labels, rules=["r"], score=1.0)


def test_a_page_is_flagged_when_it_markets_stem_cells_and_carries_a_flag():
    flagged = DocumentResult([claim(["efficacy_claim", "stem_cell_therapy"])], True)
    verdict = page_verdict(flagged)
    assert verdict.flagged
    assert verdict.severity == 2
    assert verdict.labels == ["efficacy_claim"]


def test_a_page_that_does_not_market_stem_cells_is_not_flagged():
    assert not page_verdict(DocumentResult([claim(["safety_claim"])], False)).flagged


def test_a_disclaimer_on_the_page_does_not_cancel_a_claim():
    result = DocumentResult([claim(["approval_claim"]), claim(["disclaimer"])], True)
    assert page_verdict(result).severity == 3


def test_trial_ids_are_found_and_normalized():
    sentences = ["Enrolling in NCT01234567 under IND 123456.", "IND #15234 is active"]
    assert trial_ids(sentences) == ["IND 123456", "IND 15234", "NCT01234567"]


def test_a_named_trial_lowers_severity_but_keeps_the_flag():
    claims = [["regulatory_exempt"]]
    plain = clinic_verdict(1, claims, [])
    with_trial = clinic_verdict(1, claims, ["Study NCT01234567"])
    assert (plain.flagged, plain.severity) == (True, 3)
    assert (with_trial.flagged, with_trial.severity) == (True, 2)
    assert with_trial.trial_ids == ["NCT01234567"]


def test_a_clinic_without_flagged_pages_is_not_flagged():
    verdict = clinic_verdict(0, [], ["not FDA approved"])
    assert not verdict.flagged
    assert verdict.severity == 0
