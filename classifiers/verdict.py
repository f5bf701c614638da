"""Plain functions from sentence labels to a page verdict and a clinic verdict."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from classifiers.document import DocumentResult
from classifiers.taxonomy import VIOLATION_LABELS, severity_of, sort_labels

TRIAL_ID = re.compile(r"\bNCT\d{8}\b|\bIND\s*(?:#|no\.?|number)?\s*:?\s*#?\d{4,7}\b", re.IGNORECASE)


@dataclass(frozen=True)
class PageVerdict:
    flagged: bool
    severity: int
    labels: list[str]


@dataclass(frozen=True)
class ClinicVerdict:
    flagged: bool
    severity: int
    labels: list[str]
    trial_ids: list[str]
    flagged_pages: int


def trial_ids(sentences: Iterable[str]) -> list[str]:
    """IND numbers and NCT ids named in `sentences`, normalized and sorted."""
    found = set()
    for sentence in sentences:
        for match in TRIAL_ID.finditer(sentence):
            token = match.group(0).upper()
            found.add(re.sub(r"^IND\D*", "IND ", token) if token.startswith("IND") else token)
    return sorted(found)


def page_verdict(result: DocumentResult) -> PageVerdict:
    """Flagged when the page markets stem-cell therapy and carries a flagged sentence.

    A disclaimer elsewhere on the page does not cancel a claim: regulators judge the net
    impression.
    """
    violations = sort_labels(
        label for claim in result.claims for label in claim.labels if label in VIOLATION_LABELS
    )
    flagged = result.markets_stem_cells and bool(violations)
    return PageVerdict(flagged, severity_of(violations) if flagged else 0, violations)


def clinic_verdict(
    flagged_pages: int,
    flagged_claims: Sequence[Sequence[str]],
    context_sentences: Iterable[str],
) -> ClinicVerdict:
    """A clinic is flagged when any page is; severity is the highest found.

    An IND or NCT id named on the site lowers severity by one (the treatment may be offered
    inside a trial) but keeps every flag visible.
    """
    labels = sort_labels(label for violations in flagged_claims for label in violations)
    ids = trial_ids(context_sentences)
    flagged = flagged_pages > 0 and bool(labels)
    severity = severity_of(labels) if flagged else 0
    if flagged and ids:
        severity = max(1, severity - 1)
    return ClinicVerdict(flagged, severity, labels, ids, flagged_pages)
