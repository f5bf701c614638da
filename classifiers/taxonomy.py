"""The claim taxonomy (v2): every label, its kind, severity and meaning, defined once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TAXONOMY_VERSION = "2"


@dataclass(frozen=True)
class Label:
    name: str
    violation: bool
    severity: int
    meaning: str


LABELS: tuple[Label, ...] = (
    Label(
        "regulatory_exempt",
        True,
        3,
        "Says or implies the treatment needs no FDA approval, licence or IND, explicitly or by "
        "legal framing offered as reassurance (minimally manipulated, Section 361, same-day "
        "procedure, practice of medicine).",
    ),
    Label(
        "approval_claim",
        True,
        3,
        "States or implies approval, clearance, licensure or endorsement by the FDA or another "
        "authority (FDA-approved stem cells, FDA-registered lab, approved by COFEPRIS).",
    ),
    Label(
        "efficacy_claim",
        True,
        2,
        "Promises a result beyond 'treats': cure, regeneration or repair of tissue, reversal, "
        "permanent relief, 'proven', success rates, avoiding surgery.",
    ),
    Label(
        "safety_claim",
        True,
        2,
        "Asserts no or negligible risk (completely safe, no side effects, no risk of rejection).",
    ),
    Label(
        "broad_indication",
        True,
        2,
        "Offers stem cells for three or more unrelated serious diseases in one list.",
    ),
    Label(
        "treatment_claim",
        True,
        1,
        "Says the offered stem-cell treatment treats, heals, relieves or is indicated for a named "
        "condition, hedged forms included.",
    ),
    Label(
        "stem_cell_therapy",
        False,
        0,
        "Context: stem-cell or regenerative cell products (MSCs, BMAC, adipose/SVF, umbilical "
        "cord, amniotic, Wharton's jelly, exosomes); not PRP alone, not blood-cancer transplants.",
    ),
    Label(
        "back_pain_indication",
        False,
        0,
        "Context: low back pain, discogenic pain, degenerative/herniated/bulging disc, sciatica, "
        "stenosis, facet, SI joint, neck.",
    ),
    Label(
        "trial_or_ind",
        False,
        0,
        "Context: an IND number, NCT id, IRB-approved or FDA-regulated trial.",
    ),
    Label(
        "disclaimer",
        False,
        0,
        "Context: 'not FDA approved', 'investigational', 'results vary', 'not a cure'.",
    ),
    Label("testimonial", False, 0, "Context: a patient's story."),
)

LABELS_BY_NAME: dict[str, Label] = {label.name: label for label in LABELS}
LABEL_NAMES: tuple[str, ...] = tuple(label.name for label in LABELS)
VIOLATION_LABELS: tuple[str, ...] = tuple(label.name for label in LABELS if label.violation)
CONTEXT_LABELS: tuple[str, ...] = tuple(label.name for label in LABELS if not label.violation)
SEVERITY: dict[str, int] = {label.name: label.severity for label in LABELS}
LABEL_ORDER: dict[str, int] = {name: index for index, name in enumerate(LABEL_NAMES)}


def severity_of(labels: Iterable[str]) -> int:
    """The highest severity among `labels` (0 when none is a violation)."""
    return max((SEVERITY.get(name, 0) for name in labels), default=0)


def sort_labels(labels: Iterable[str]) -> list[str]:
    """Labels in taxonomy order: violations by severity first, then context labels."""
    return sorted(set(labels), key=lambda name: LABEL_ORDER.get(name, len(LABEL_ORDER)))
