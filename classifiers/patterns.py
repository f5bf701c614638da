"""Rule data: read pattern and cue files; expand compact sequences into phrases.

A line of a pattern file (`patterns/<label>.jsonl`) or cue file (`cues/<kind>.jsonl`) is one of:

- `{"label": L, "id": I, "pattern": "a phrase"}`: one phrase;
- `{"label": L, "id": I, "sequence": [["fda", "fda-"], ["approved", "cleared"]]}`: every
  combination of the alternatives, in order, as phrases (`""` makes a slot optional);
- `{"label": L, "id": I, "regex": "..."}`: a regular expression over the lower-cased text;
- `{"label": L, "id": I, "near": [PART, PART], "within": N}`: the first part followed by the
  second within N tokens of the same sentence; a part is a sequence or `{"regex": "..."}`.

Phrases are matched on lemmas ("regrows" matches "regrow"), or on the exact lower-cased words
when the line says `"exact": true` (where lemmas conflate: "aging" is not "age"). A label
starting with "!" marks an exclusion: it removes matches of that label it overlaps ("spinal
cord" is not back pain).
Cue files say `"cue"` where pattern files say `"label"`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import srsly

MAX_EXPANSION = 20_000


class PatternError(ValueError):
    """A rule line that cannot be used, with the file and id that hold it."""


@dataclass(frozen=True)
class RuleLine:
    label: str
    id: str
    sequence: list | None = None
    regex: str | None = None
    near: tuple | None = None
    within: int = 4
    exact: bool = False


def expansion_count(sequence: list) -> int:
    """How many combinations of alternatives a sequence spells (before spaces are normalized)."""
    count = 1
    for slot in sequence:
        count *= 1 if isinstance(slot, str) else len(slot)
    return count


def expand(sequence: list) -> list[str]:
    """Every phrase a sequence of alternative slots spells, spaces normalized."""
    slots = [[slot] if isinstance(slot, str) else slot for slot in sequence]
    count = expansion_count(slots)
    if count > MAX_EXPANSION:
        raise PatternError(f"sequence expands to {count} phrases (limit {MAX_EXPANSION})")
    phrases = {" ".join(" ".join(choice).split()) for choice in product(*slots)}
    phrases.discard("")
    return sorted(phrases)


def read_rules(directory: Path, kind_key: str = "label") -> list[RuleLine]:
    """Every rule line of the folder's `*.jsonl` files, checked."""
    return list(_read(directory, kind_key))


def _read(directory: Path, kind_key: str) -> Iterator[RuleLine]:
    for path in sorted(directory.glob("*.jsonl")):
        for line in srsly.read_jsonl(path):
            rule_id = line.get("id")
            if kind_key not in line or not rule_id:
                raise PatternError(f"{path.name}: every line needs {kind_key!r} and 'id': {line}")
            try:
                yield _rule(line, line[kind_key], rule_id)
            except (PatternError, ValueError, TypeError, KeyError) as error:
                raise PatternError(f"{path.name} id {rule_id!r}: {error}") from error


def _rule(line: dict, label: str, rule_id: str) -> RuleLine:
    exact = bool(line.get("exact", False))
    if "pattern" in line:
        if not isinstance(line["pattern"], str):
            raise PatternError("'pattern' must be a phrase; use 'sequence' or 'near'")
        return RuleLine(label, rule_id, sequence=[[line["pattern"]]], exact=exact)
    if "sequence" in line:
        expand(line["sequence"])
        return RuleLine(label, rule_id, sequence=line["sequence"], exact=exact)
    if "regex" in line:
        return RuleLine(label, rule_id, regex=line["regex"])
    if "near" in line:
        first, second = line["near"]
        for part in (first, second):
            if not isinstance(part, dict):
                expand(part)
        within = int(line.get("within", 4))
        return RuleLine(label, rule_id, near=(first, second), within=within, exact=exact)
    raise PatternError("needs 'pattern', 'sequence', 'regex' or 'near'")
