"""block_sentences: spaCy's Sentencizer rule, plus a sentence start at every block's start.

The rule is the Sentencizer's: after a sentence-final character ("." "!" "?" …), the next token
that is not punctuation starts a sentence, unless a comma or semicolon came between ("the
U.S., so…") or the stop closed an abbreviation. It runs on token arrays, not Token objects: on a
20 KB page the Sentencizer, the block boundaries and `Doc.sents` made ~9,000 Token objects each.
The sentence ends and the Doc's text go to `doc.user_data`, where the rules and the context
component read them (`Doc.text` joins every token again on each call).
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from classifiers.context import BLOCK_STARTS_KEY, CASED_TEXT_KEY, SENTENCE_ENDS_KEY, TEXT_KEY

# A full stop after these ends no sentence ("Dr. Patel", "vs. surgery"). The tokenizer keeps
# "Dr." whole only in its own case, and rule data is matched on lower-cased text.
TITLES = frozenset({"dr", "mr", "mrs", "prof", "st", "vs", "approx", "fig", "e.g", "i.e"})
# "approved by the U.S. Food and Drug Administration": "U.S." before an institution's name
# ends no sentence, capital letter or not
US_ABBREVIATIONS = frozenset({"u.s", "u.s.a"})
# an institution's first words, two where one alone often starts a sentence ("National clinics…")
US_INSTITUTIONS = (
    ("fda",), ("food", "and"), ("department", "of"), ("centers", "for"), ("national", "institutes"),
    ("federal", "trade"), ("supreme", "court"), ("district", "court"), ("air", "force"),
    ("house", "of"), ("securities", "and"), ("congress",), ("senate",), ("army",), ("navy",),
    ("census", "bureau"), ("patent", "and"), ("customs", "and"),
)  # fmt: skip


@Language.factory("block_sentences")
def make_block_sentences(nlp: Language, name: str) -> BlockSentences:
    return BlockSentences(nlp.vocab)


# A middle dot between links ("Inside the seminar · Reader mailbag · The clinic that cured
# everything") or between a name and an address ends what comes before it
SEPARATOR = "\u00b7"
SENTENCE_FINAL = (*Sentencizer.default_punct_chars, SEPARATOR)
OPENING_MARKS = ("(", "[", "\u201c", "\u2018")


def _names_an_institution(doc: Doc, start: int) -> bool:
    words = tuple(token.lower_ for token in doc[start : start + 2])
    return any(words[: len(name)] == name for name in US_INSTITUTIONS)


class BlockSentences:
    def __init__(self, vocab: Vocab, punct_chars: tuple[str, ...] = SENTENCE_FINAL):
        self.sentence_final = numpy.array(
            sorted({vocab.strings.add(char) for char in punct_chars}), dtype=numpy.uint64
        )
        self.full_stop = vocab.strings.add(".")
        # "approved in the U.S., so…", "Inc.; we…": a stop followed by a comma goes on
        self.continuing = numpy.array(
            sorted(vocab.strings.add(c) for c in ",;"), dtype=numpy.uint64
        )
        self.titles = numpy.array(sorted(vocab.strings.add(t) for t in TITLES), dtype=numpy.uint64)
        self.opening = numpy.array(
            sorted(vocab.strings.add(mark) for mark in OPENING_MARKS), dtype=numpy.uint64
        )

    def __call__(self, doc: Doc) -> Doc:
        if TEXT_KEY not in doc.user_data:  # BlockAnalyzer hands over the text it tokenized
            doc.user_data[TEXT_KEY] = doc.text
        length = len(doc)
        if not length:
            doc.user_data[SENTENCE_ENDS_KEY] = [1]  # no sentence, only the sentinel past the end
            return doc
        starts = self.sentence_starts(doc)
        flags = numpy.full((length, 1), -1, dtype=numpy.int64)
        flags[starts, 0] = 1
        doc.from_array([SENT_START], flags.astype(numpy.uint64))
        doc.user_data[SENTENCE_ENDS_KEY] = [*starts[1:].tolist(), length, length + 1]
        return doc

    def sentence_starts(self, doc: Doc) -> numpy.ndarray:
        """Token index of every sentence start, ascending, 0 first."""
        orth, is_punct, offsets = doc.to_array([ORTH, IS_PUNCT, IDX]).T
        final = numpy.isin(orth, self.sentence_final)
        ordinary = numpy.flatnonzero(~final & (is_punct == 0))
        finals_before = numpy.concatenate(([0], numpy.cumsum(final)))  # [i]: finals in [0, i)
        previous = numpy.concatenate(([-1], ordinary[:-1]))
        after_final = ordinary[finals_before[ordinary] - finals_before[previous + 1] > 0]
        after_final = after_final[~numpy.isin(orth[after_final - 1], self.continuing)]
        after_final = self._not_after_abbreviations(doc, after_final, orth, offsets)
        after_final = self._with_opening_marks(after_final, orth, final)
        blocks = numpy.searchsorted(offsets, doc.user_data.get(BLOCK_STARTS_KEY, ())[1:])
        blocks = blocks[(blocks > 0) & (blocks < len(doc))]
        return numpy.unique(numpy.concatenate(([0], after_final, blocks))).astype(numpy.int64)

    def _with_opening_marks(
        self, starts: numpy.ndarray, orth: numpy.ndarray, final: numpy.ndarray
    ) -> numpy.ndarray:
        """Move each start back over the opening brackets and quotation marks before it: in
        "Do stem cells regrow discs? (video)" the "(" opens the next sentence, it does not end
        the question. Closing marks (a quotation's "”") stay with the sentence they close."""
        moved = starts.copy()
        while True:
            before = moved - 1
            opens = (moved > 1) & numpy.isin(orth[before], self.opening) & ~final[before]
            if not opens.any():
                return moved
            moved[opens] -= 1

    def _not_after_abbreviations(
        self, doc: Doc, starts: numpy.ndarray, orth: numpy.ndarray, offsets: numpy.ndarray
    ) -> numpy.ndarray:
        """Drop starts that follow an abbreviation's full stop: "the U.S. approved…" and
        "Dr. Patel" go on (lower-cased, the tokenizer splits "u.s." and "dr." at the stop).
        A lower-case word after a stop is known only where the cased text was handed over."""
        after_stop = starts[(starts > 1) & (orth[starts - 1] == self.full_stop)]
        cased = doc.user_data.get(CASED_TEXT_KEY)
        if not len(after_stop):
            return starts
        titled = after_stop[numpy.isin(orth[after_stop - 2], self.titles)].tolist()
        dotted = [
            start
            for start in after_stop.tolist()
            if (cased and cased[offsets[start]].islower() and "." in doc[start - 2].text)
            or (doc[start - 2].text in US_ABBREVIATIONS and _names_an_institution(doc, start))
        ]
        glued = [s for s in titled + dotted if offsets[s - 1] == offsets[s - 2] + len(doc[s - 2])]
        return numpy.setdiff1d(starts, glued) if glued else starts
