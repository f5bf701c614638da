"""BlockAnalyzer: the rule pipeline over a page's blocks, one spaCy Doc per page, cached by block.

A Doc per block costs more than the rules themselves on a 20 KB page (hundreds of small blocks);
blocks are joined into one Doc, a sentence starts at each block's start, and the result
is split back per block. Boilerplate repeats on every page of a site, so results are cached.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from classifiers.context import BLOCK_STARTS_KEY, CASED_TEXT_KEY, TEXT_KEY
from classifiers.rules import SentenceRules, mark_answers, read_sentences

SEPARATOR = "\n\n"
# A reference marker glued to a word ("side effects.[3][4]", copied from an encyclopedia) would
# be part of that word's token: the rules read it as spaces, the evidence keeps it
REFERENCE_MARKER = re.compile(r"\[\d{1,3}(?:[,\u2013-]\s?\d{1,3})*\]")
MAX_DOC_CHARS = 50_000


class BlockAnalyzer:
    """Sentences and rule matches per text block, remembered in a bounded LRU.

    Navigation, footers and disclaimers repeat on every page of a site, so most blocks of a
    crawl are seen before; the bound keeps a long crawl's memory flat.
    """

    def __init__(self, nlp: Language, cache_size: int = 10_000) -> None:
        self.nlp = nlp
        self.cache: OrderedDict[str, tuple[SentenceRules, ...]] = OrderedDict()
        self.cache_size = cache_size

    def analyse(self, texts: Sequence[str]) -> list[tuple[SentenceRules, ...]]:
        """The sentences of each text with their rule matches; offsets are into that text."""
        missing = [text for text in dict.fromkeys(texts) if text not in self.cache]
        for batch in _batches(missing):
            for text, sentences in zip(batch, self._run(batch), strict=True):
                self.cache[text] = sentences
        while len(self.cache) > self.cache_size:
            self.cache.popitem(last=False)
        results = []
        for text in texts:
            if text not in self.cache:  # evicted by this very call on a huge page
                self.cache[text] = self._run([text])[0]
            self.cache.move_to_end(text)  # least recently used goes first
            results.append(self.cache[text])
        return results

    def clear(self) -> None:
        self.cache.clear()

    def _run(self, texts: list[str]) -> list[tuple[SentenceRules, ...]]:
        if len(texts) == 1 and len(texts[0]) > MAX_DOC_CHARS:
            return [self._run_long(texts[0])]
        lowered = [_lower(text) for text in texts]
        starts, position = [], 0
        for text in lowered:
            starts.append(position)
            position += len(text) + len(SEPARATOR)
        doc = self._doc(SEPARATOR.join(lowered), starts, SEPARATOR.join(texts))
        per_text: list[list[SentenceRules]] = [[] for _ in texts]
        for sentence in read_sentences(doc):
            index = bisect_right(starts, sentence.start) - 1
            sentence.start -= starts[index]
            sentence.end -= starts[index]
            sentence.text = texts[index][sentence.start : sentence.end]  # the original case
            per_text[index].append(sentence)
        for sentences in per_text:
            mark_answers(sentences)
        return [tuple(sentences) for sentences in per_text]

    def _run_long(self, text: str) -> tuple[SentenceRules, ...]:
        sentences: list[SentenceRules] = []
        lowered = _lower(text)
        for start, chunk in _chunks(lowered, MAX_DOC_CHARS):
            cased = text[start : start + len(chunk)]
            for sentence in read_sentences(self._doc(chunk, [0], cased), offset=start):
                sentence.text = text[sentence.start : sentence.end]
                sentences.append(sentence)
        mark_answers(sentences)
        return tuple(sentences)

    def _doc(self, text: str, block_starts: list[int], cased: str) -> Doc:
        doc = self.nlp.make_doc(text)
        doc.user_data[BLOCK_STARTS_KEY] = block_starts
        doc.user_data[TEXT_KEY] = text  # Doc.text would join every token again
        if len(cased) == len(text):
            doc.user_data[CASED_TEXT_KEY] = cased  # "the U.S. approved…" goes on after "U.S."
        for _name, component in self.nlp.pipeline:
            doc = component(doc)
        return doc


def _lower(text: str) -> str:
    """Rule data is lower-case; keep offsets when lower-casing would move them (rare scripts).
    Reference markers become spaces of their own length."""
    lowered = text.lower()
    lowered = lowered if len(lowered) == len(text) else text
    if "[" not in lowered:
        return lowered
    return REFERENCE_MARKER.sub(lambda marker: " " * len(marker.group()), lowered)


def _batches(texts: list[str]) -> list[list[str]]:
    batches: list[list[str]] = []
    current: list[str] = []
    size = 0
    for text in texts:
        if current and size + len(text) > MAX_DOC_CHARS:
            batches.append(current)
            current, size = [], 0
        current.append(text)
        size += len(text) + len(SEPARATOR)
    if current:
        batches.append(current)
    return batches


def _chunks(text: str, size: int) -> list[tuple[int, str]]:
    """Split very long text at whitespace so spaCy's max_length is never reached."""
    chunks = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            space = text.rfind(" ", start + size // 2, end)
            end = space + 1 if space > 0 else end
        chunks.append((start, text[start:end]))
        start = end
    return chunks
