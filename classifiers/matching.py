"""RuleMatcher: phrases, regexes and near rules over a Doc, as plain (label, id, start, end) hits.

Phrases are matched on NORM, which build_nlp() sets to each word's lemma once per vocabulary
entry: lemma-aware matching at the phrase matcher's speed (the token Matcher and the per-token
lemmatizer cost 10-300x more on a 20 KB page).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from classifiers.patterns import RuleLine, expand, expansion_count
from classifiers.regex_anchor import Anchor, anchor_of

EXCLUDE = "!"
SEGMENT_ABOVE = 3_000  # phrases a sequence may expand to before it is matched in segments
WORD_BOUNDARY = r"\b"


@dataclass(frozen=True)
class Hit:
    label: str
    rule: str
    start: int
    end: int


@dataclass(frozen=True)
class _Near:
    label: str
    rule: str
    within: int


@dataclass(frozen=True)
class _Chain:
    """A long sequence matched as consecutive segments; `optional[i]`: segment i may be empty."""

    label: str
    rule: str
    optional: tuple[bool, ...]


class RuleMatcher:
    """Every rule of a rule-data folder, compiled once; call it on a Doc."""

    def __init__(self, vocab: Vocab, rules: Iterable[RuleLine], make_doc) -> None:
        chunk_norms = cache(lambda chunk: tuple(t.norm for t in make_doc(chunk)))
        chunk_lowers = cache(lambda chunk: tuple(t.lower for t in make_doc(chunk)))

        def phrase_keys(spec, exact: bool) -> list[tuple[int, ...]]:
            return _token_keys(expand(spec), chunk_lowers if exact else chunk_norms)

        self.phrases = PhraseMatcher(vocab, attr="NORM")
        self.exact_phrases = PhraseMatcher(vocab, attr="LOWER")
        self.regexes: list[tuple[str, str, WordPattern]] = []
        self.keys: dict[int, tuple[str, str]] = {}
        self.segment_keys: dict[int, tuple[int, int]] = {}  # chain index, segment index
        self.chains: list[_Chain] = []
        self.near: list[_Near] = []
        for rule in rules:
            if rule.regex is not None:
                self.regexes.append((rule.label, rule.id, WordPattern.compile(rule.regex)))
            elif rule.near is not None:
                near = _Near(rule.label, rule.id, rule.within)
                self.near.append(near)
                for part, spec in zip("ab", rule.near, strict=True):
                    label = f"near:{len(self.near) - 1}:{part}"
                    self._add(label, rule.id, spec, phrase_keys, rule.exact)
            else:
                self._add(rule.label, rule.id, rule.sequence, phrase_keys, rule.exact)

    def _add(self, label: str, rule_id: str, spec, phrase_keys, exact: bool) -> None:
        if isinstance(spec, dict):
            self.regexes.append((label, rule_id, WordPattern.compile(spec["regex"])))
            return
        matcher = self.exact_phrases if exact else self.phrases
        segments = _segments(spec)
        if len(segments) == 1:
            key = f"{label}\x1f{rule_id}"
            self.keys[matcher.vocab.strings.add(key)] = (label, rule_id)
            matcher.add(key, phrase_keys(spec, exact))
            return
        chain = len(self.chains)
        self.chains.append(_Chain(label, rule_id, tuple(map(_is_optional, segments))))
        for index, segment in enumerate(segments):
            key = f"{label}\x1f{rule_id}\x1f{index}"
            self.segment_keys[matcher.vocab.strings.add(key)] = (chain, index)
            matcher.add(key, phrase_keys(segment, exact))

    def __call__(
        self, doc: Doc, sentence_ends: list[int] | None = None, text: str | None = None
    ) -> list[Hit]:
        hits: list[Hit] = []
        for matcher in (self.phrases, self.exact_phrases):
            if len(matcher):
                hits.extend(self._phrase_hits(matcher, doc))
        if text is None and self.regexes:
            text = doc.text
        spans: dict[WordPattern, list[tuple[int, int]]] = {}  # rules sharing a pattern scan once
        for label, rule_id, pattern in self.regexes:
            if pattern not in spans:
                spans[pattern] = [
                    (span.start, span.end)
                    for match in pattern.finditer(text or "")
                    if (span := doc.char_span(match.start(), match.end(), alignment_mode="expand"))
                    is not None
                ]
            hits.extend(Hit(label, rule_id, start, end) for start, end in spans[pattern])
        if self.near:
            hits = self._join_near(hits, sentence_ends or [len(doc)])
        return _without_exclusions(hits)

    def _phrase_hits(self, matcher: PhraseMatcher, doc: Doc) -> list[Hit]:
        """The matcher's hits; where a long sequence matched in segments, its joined runs too,
        and all of them sorted by start and end so the runs fall where a whole phrase would."""
        hits: list[Hit] = []
        segment_hits: dict[int, list[dict[int, list[int]]]] = {}
        for match_id, start, end in matcher(doc):
            if match_id in self.keys:
                hits.append(Hit(*self.keys[match_id], start, end))
                continue
            chain, index = self.segment_keys[match_id]
            if chain not in segment_hits:
                segment_hits[chain] = [{} for _ in self.chains[chain].optional]
            segment_hits[chain][index].setdefault(start, []).append(end)
        if not segment_hits:
            return hits
        for chain, found in segment_hits.items():
            hits.extend(self._join_chain(self.chains[chain], found))
        return sorted(hits, key=lambda hit: (hit.start, hit.end))

    @staticmethod
    def _join_chain(chain: _Chain, found: list[dict[int, list[int]]]) -> Iterator[Hit]:
        """Every run of consecutive segment matches, as the whole sequence's phrases match."""
        for start, first_ends in sorted(found[0].items()):
            ends = list(first_ends)
            for segment, optional in zip(found[1:], chain.optional[1:], strict=True):
                reached = [after for end in ends for after in segment.get(end, ())]
                ends = ends + reached if optional else reached
                if not ends:
                    break
            for end in sorted(set(ends)):
                yield Hit(chain.label, chain.rule, start, end)

    def _join_near(self, hits: list[Hit], sentence_ends: list[int]) -> list[Hit]:
        kept: list[Hit] = []
        parts: dict[int, dict[str, list[Hit]]] = defaultdict(lambda: {"a": [], "b": []})
        for hit in hits:
            if hit.label.startswith("near:"):
                _, index, part = hit.label.split(":")
                parts[int(index)][part].append(hit)
            else:
                kept.append(hit)
        for index, found in parts.items():
            if not found["a"] or not found["b"]:
                continue
            rule = self.near[index]
            for first in found["a"]:
                sentence_end = sentence_ends[bisect_right(sentence_ends, first.start)]
                for second in found["b"]:
                    if 0 <= second.start - first.end <= rule.within and second.end <= sentence_end:
                        kept.append(Hit(rule.label, rule.rule, first.start, second.end))
                        break
        return kept


@dataclass(frozen=True)
class WordPattern:
    """A rule's regular expression; one that starts at a word boundary (r"\\b…") is searched
    without it and the boundary checked for each hit. The same matches, but Python's engine
    can skip to its literal first letters: 0.01 ms instead of 0.16 ms on a 20 KB page, for
    each of a dozen rules. One with a literal run every match holds (its `anchor`) is tried
    only just before where the text holds that run, where that means fewer tries than a
    search of the whole text."""

    pattern: re.Pattern
    at_word_boundary: bool
    anchor: Anchor | None = None

    @classmethod
    def compile(cls, regex: str) -> WordPattern:
        rest = regex[len(WORD_BOUNDARY) :]
        if regex.startswith(WORD_BOUNDARY) and _one_branch(regex) and not rest.startswith("(?="):
            return cls(re.compile(rest), True, anchor_of(rest))
        return cls(re.compile(regex), False, anchor_of(regex))

    def finditer(self, text: str) -> Iterator[re.Match]:
        anchor = self.anchor
        if anchor is not None and text.count(anchor.literal) * (anchor.reach + 1) < len(text):
            yield from self._anchored(text, anchor)
            return
        if not self.at_word_boundary:
            yield from self.pattern.finditer(text)
            return
        position = 0
        while (match := self.pattern.search(text, position)) is not None:
            start = match.start()
            if _is_word_boundary(text, start):
                yield match
                position = match.end() if match.end() > start else start + 1
            else:
                position = start + 1

    def _anchored(self, text: str, anchor: Anchor) -> Iterator[re.Match]:
        """The matches finditer would give, trying each start in turn, but only the starts at
        most `anchor.reach` characters before a place the text holds the anchor."""
        position = 0  # the first start not yet tried
        found = text.find(anchor.literal)
        while found >= 0:
            start, match = max(position, found - anchor.reach), None
            while start <= found and match is None:
                candidate = self.pattern.match(text, start)
                if candidate is not None and (
                    not self.at_word_boundary or _is_word_boundary(text, start)
                ):
                    match = candidate
                else:
                    start += 1
            if match is not None:
                yield match
                position = max(match.end(), start + 1)
            else:
                position = found + 1
            found = text.find(anchor.literal, position)


def _one_branch(regex: str) -> bool:
    """Whether the regex has no alternatives at its top level: a leading r"\\b" of "\\ba|b"
    belongs to its first branch only."""
    depth = 0
    escaped = in_class = False
    for char in regex:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return False
    return True


def _is_word_boundary(text: str, index: int) -> bool:
    before = index > 0 and _is_word(text[index - 1])
    after = index < len(text) and _is_word(text[index])
    return before != after


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _segments(sequence: list, first: bool = True) -> list[list]:
    """A sequence cut where its expansion gets large, so the phrase matcher holds each segment's
    phrases rather than every combination of them: 'no-product-approved' spells 19,200 phrases,
    its two segments 292, and the rules' 313,000 phrases become 84,000 (the classifier loads in
    260 MB instead of 417 MB). A segment after the first may be empty (all its slots optional);
    the first may not, or a run of segments would have no start."""
    if expansion_count(sequence) <= SEGMENT_ABOVE or len(sequence) < 2:
        return [sequence]
    cuts = [cut for cut in range(1, len(sequence)) if not (first and _is_optional(sequence[:cut]))]
    if not cuts:
        return [sequence]
    cut = min(cuts, key=lambda at: expansion_count(sequence[:at]) + expansion_count(sequence[at:]))
    return [sequence[:cut], *_segments(sequence[cut:], first=False)]


def _is_optional(sequence: list) -> bool:
    """Whether every slot of the sequence has an empty alternative."""
    return all(
        not isinstance(slot, str) and any(not choice.strip() for choice in slot)
        for slot in sequence
    )


def _token_keys(
    phrases: Iterable[str], chunk_key: Callable[[str], tuple[int, ...]]
) -> list[tuple[int, ...]]:
    """Each distinct token sequence the phrases spell, as the matcher's attribute ids.

    The PhraseMatcher takes these in place of Docs: a rule's slots expand into up to 20,000
    phrases, and a Doc for each cost 3.8 s and 290 MB when the rules load, tuples of ids 1 s
    and 180 MB. A rule's alternatives also expand into every inflection ("regrow|regrows|
    regrew discs"), which a matcher on lemmas sees as one sequence, kept once.

    spaCy tokenizes each space-separated chunk on its own, so a phrase's tokens are its chunks'
    tokens in order; `chunk_key` gives a chunk's token attributes (remembered per chunk).
    """
    keys = {tuple(i for chunk in phrase.split(" ") for i in chunk_key(chunk)) for phrase in phrases}
    keys.discard(())
    return sorted(keys)


def _without_exclusions(hits: list[Hit]) -> list[Hit]:
    """Drop hits overlapped by an exclusion ("!label") hit of their label, and the exclusions."""
    exclusions = [hit for hit in hits if hit.label.startswith(EXCLUDE)]
    if not exclusions:
        return hits
    return [
        hit
        for hit in hits
        if not hit.label.startswith(EXCLUDE)
        and not any(
            ex.label[1:] == hit.label and ex.start < hit.end and hit.start < ex.end
            for ex in exclusions
        )
    ]
