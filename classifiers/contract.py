"""The `clinicwatch classify` JSON Lines contract: one output line per input line, same order."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from classifiers.classifier import ClaimClassifier
from classifiers.document import Block, Claim
from classifiers.taxonomy import sort_labels

MAX_TEXT_CHARS = 1_000_000
GROUP_KEY = "group"
# a line that heads a list of what the page treats ("Conditions We Treat", "Who we help:")
LIST_HEADING = re.compile(
    r"^(?:(?:the )?(?:conditions?|problems|injuries|indications|diseases|disorders|what|who)"
    r"(?: (?:we|our (?:clinic|doctors|physicians|team)))? (?:commonly )?(?:treat|treated|help|"
    r"helped|address)|conditions (?:treated|helped|addressed)|indications)\W*$",
    re.IGNORECASE,
)
LIST_ITEM_WORDS = 10  # a list item names a condition; a longer line is a sentence of its own


@dataclass
class InputLine:
    """One parsed input line: a text to classify, or the error that stops it."""

    id: object
    text: str | None = None
    group: str | None = None
    error: str | None = None
    record: dict | None = None


def parse_line(raw: str, line_number: int) -> InputLine:
    if not raw.strip():
        return InputLine(id=None, error=f"line {line_number}: empty line")
    try:
        record = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return InputLine(id=None, error=f"line {line_number}: not valid JSON ({error.msg})")
    if not isinstance(record, dict):
        return InputLine(id=None, error=f"line {line_number}: expected a JSON object")
    identifier = record.get("id")
    text = record.get("text")
    if not isinstance(text, str):
        return InputLine(id=identifier, error=f"line {line_number}: no 'text' string")
    if len(text) > MAX_TEXT_CHARS:
        return InputLine(
            id=identifier,
            error=f"line {line_number}: text longer than {MAX_TEXT_CHARS} characters",
        )
    group = record.get(GROUP_KEY)
    return InputLine(
        id=identifier,
        text=text.replace("\x00", " "),
        group=str(group) if group is not None else None,
        record=record,
    )


def documents(lines: Iterable[InputLine]) -> Iterator[list[InputLine]]:
    """Consecutive lines with the same `group` form one document; other lines stand alone."""
    current: list[InputLine] = []
    for line in lines:
        joins = (
            current
            and line.group is not None
            and line.error is None
            and current[-1].group == line.group
        )
        if current and not joins:
            yield current
            current = []
        current.append(line)
    if current:
        yield current


def blocks_of(texts: list[str]) -> list[Block]:
    """A document's lines as blocks, with the one structure plain lines still show: a line that
    heads a list of conditions treated ("Conditions We Treat") and the short lines after it,
    its items, as the crawler reads an HTML heading and its list."""
    blocks = []
    heading = None
    for text in texts:
        stripped = text.strip()
        if LIST_HEADING.match(stripped):
            heading = stripped
            blocks.append(Block(text, "heading"))
        elif heading and _is_list_item(stripped):
            blocks.append(Block(text, "list_item", heading=heading))
        else:
            heading = None
            blocks.append(Block(text))
    return blocks


def _is_list_item(stripped: str) -> bool:
    return bool(stripped) and len(stripped.split()) <= LIST_ITEM_WORDS and stripped[-1] not in ".!?"


def classify_document(classifier: ClaimClassifier, document: list[InputLine]) -> list[dict]:
    """Output objects for the lines of one document, in order."""
    good = [line for line in document if line.error is None]
    claims_by_line: dict[int, list[Claim]] = {index: [] for index in range(len(good))}
    if good:
        result = classifier.classify_blocks(blocks_of([line.text or "" for line in good]))
        for claim in result.claims:
            claims_by_line[claim.block].append(claim)
    outputs = []
    good_index = 0
    for line in document:
        if line.error is not None:
            outputs.append({"id": line.id, "error": line.error})
            continue
        claims = claims_by_line[good_index]
        good_index += 1
        labels = sort_labels(label for claim in claims for label in claim.labels)
        outputs.append(
            {
                "id": line.id,
                "flagged": any(claim.flagged for claim in claims),
                "labels": labels,
                "claims": [claim.contract_dict() for claim in claims],
            }
        )
    return outputs


def classify_lines(classifier: ClaimClassifier, raw_lines: Iterable[str]) -> Iterator[dict]:
    """The whole contract: raw input lines in, one output object per line out."""
    parsed = (parse_line(raw, number) for number, raw in enumerate(raw_lines, start=1))
    for document in documents(parsed):
        yield from classify_document(classifier, document)
