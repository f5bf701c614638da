"""Where a regular expression's matches must be: a run of literal text every match holds.

Python's engine skips ahead only to a pattern's literal first letters. A rule that opens with a
lookbehind ("not after 'effective '") or an alternation of common words is tried at every
position of a 20 KB page: 0.6 ms for one rule. Every match of such a rule holds a run of literal
text ("the treatment") that starts at most `reach` characters after the match does, so the
positions worth trying are the `reach` + 1 before each place the text holds that run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # the parser re compiles with; private, so a Python without it loses speed, not matches
    from re import _constants as sre_constants
    from re import _parser as sre_parser
except ImportError:  # pragma: no cover - every CPython this project supports has them
    sre_constants = sre_parser = None

MIN_ANCHOR_CHARS = 3  # "fda"; a shorter run ("in", " ") is everywhere on a page


@dataclass(frozen=True)
class Anchor:
    """Every match holds `literal`, starting at most `reach` characters after the match."""

    literal: str
    reach: int


def anchor_of(regex: str) -> Anchor | None:
    """The longest run of literal characters at the top level of `regex` whose distance from
    the start of a match is bounded; None when there is none of MIN_ANCHOR_CHARS or more (an
    alternation at the top level, a case-insensitive pattern, or only short runs)."""
    if sre_parser is None:
        return None
    try:
        parsed = sre_parser.parse(regex)
    except re.error:
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    best: Anchor | None = None
    run: list[str] = []
    run_reach = reach = 0
    for op, argument in parsed:
        if op is sre_constants.LITERAL:
            if not run:
                run_reach = reach
            run.append(chr(argument))
            reach += 1
            continue
        best = _longer(best, run, run_reach)
        run = []
        widest = sre_parser.SubPattern(parsed.state, [(op, argument)]).getwidth()[1]
        if widest >= sre_constants.MAXREPEAT:
            return best  # what follows may start any distance into the match
        reach += widest
    return _longer(best, run, run_reach)


def _longer(best: Anchor | None, run: list[str], reach: int) -> Anchor | None:
    if len(run) < MIN_ANCHOR_CHARS or (best is not None and len(best.literal) >= len(run)):
        return best
    return Anchor("".join(run), reach)
