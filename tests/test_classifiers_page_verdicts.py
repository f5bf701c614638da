"""Page verdicts on whole hand-written pages: clinics that sell, and pages that only speak of it.

Seven pages sell stem-cell therapy for back pain (a clinic's home, FAQ, conditions,
testimonials and pricing pages, an offshore clinic, a "biologics" clinic that avoids the words
"stem cell"); seven do not (a careful orthopedic practice, a trial's recruitment page, a news
story, an FDA warning, patient education, a chiropractor). The pages were written for this
project; none of their text comes from the development set.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifiers.verdict import page_verdict
from pipelines.html_text import extract_page

PAGES = Path(__file__).parent / "fixtures" / "page_verdicts"
EXPECTED: dict[str, bool] = json.loads((PAGES / "verdicts.json").read_text())
# Known misses, kept visible: strict, so a fix shows up as a failure to update here.
KNOWN_WRONG = {
    "06_riverside_orthobiologics.html": "a hedged 'we may discuss BMAC with patients who have "
    "disc degeneration' reads as a treatment claim on a practice that does offer BMAC",
    "07_riverside_spine.html": "on a practice that also offers BMAC, the model alone reads its "
    "conventional services ('our spine team treats herniated discs') as treatment claims",
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[name]))
        if name in KNOWN_WRONG
        else name
        for name in EXPECTED
    ],
)
def test_a_page_is_flagged_when_it_sells_stem_cell_therapy_with_claims(classifier, name):
    result = classifier.classify_blocks(extract_page((PAGES / name).read_bytes()).blocks)
    assert page_verdict(result).flagged is EXPECTED[name]
