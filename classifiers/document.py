"""Plain data passed into and out of the classifier: blocks of page text and the claims found."""

from __future__ import annotations

from dataclasses import dataclass, field

from classifiers.taxonomy import VIOLATION_LABELS, severity_of, sort_labels

BLOCK_KINDS = (
    "title",
    "meta",
    "heading",
    "paragraph",
    "list_item",
    "table_cell",
    "faq_question",
    "faq_answer",
    "quote",
    "comment",  # a reader's comment: the site hosts it, a visitor wrote it
    "footer",
    "alt",
    "jsonld",
    "app_data",
    "text",
)


@dataclass(frozen=True)
class Block:
    """One block of page text, with what the page says about where it sits."""

    text: str
    kind: str = "text"
    heading: str = ""
    section: str = ""  # the heading above `heading`, when the page nests them
    list_id: int | None = None


@dataclass(frozen=True)
class Match:
    """A phrase that a rule matched, as character offsets into the claim's sentence."""

    start: int
    end: int
    label: str
    rule: str


@dataclass
class Claim:
    """One sentence that carries at least one label, with the evidence for each label."""

    text: str
    start: int
    end: int
    labels: list[str]
    rules: list[str]
    score: float
    block: int = 0
    block_kind: str = "text"
    matches: list[Match] = field(default_factory=list)
    suppressed: dict[str, str] = field(default_factory=dict)
    label_scores: dict[str, float] = field(default_factory=dict)

    @property
    def violations(self) -> list[str]:
        return [label for label in self.labels if label in VIOLATION_LABELS]

    @property
    def flagged(self) -> bool:
        return bool(self.violations)

    @property
    def severity(self) -> int:
        return severity_of(self.labels)

    def contract_dict(self) -> dict:
        """The claim as the `clinicwatch classify` JSON Lines contract spells it."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "labels": sort_labels(self.labels),
            "rules": list(self.rules),
            "score": round(self.score, 4),
        }


@dataclass
class DocumentResult:
    """Every labelled sentence of one document (a page, or a group of sentences)."""

    claims: list[Claim]
    markets_stem_cells: bool

    @property
    def labels(self) -> list[str]:
        return sort_labels(label for claim in self.claims for label in claim.labels)

    @property
    def flagged(self) -> bool:
        return any(claim.flagged for claim in self.claims)

    @property
    def severity(self) -> int:
        return max((claim.severity for claim in self.claims), default=0)
