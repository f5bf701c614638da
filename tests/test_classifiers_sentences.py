"""block_sentences splits as spaCy's Sentencizer does, and never lets a sentence span two blocks."""

from __future__ import annotations

import pytest
import spacy

from classifiers.context import BLOCK_STARTS_KEY, SENTENCE_ENDS_KEY
from classifiers.sentences import BlockSentences

TEXTS = [
    "Our clinic treats back pain. Call today!",
    "Is it safe? Yes… mostly. See the FAQ. Results vary.” Next",
    ". Leading punctuation, then words",
    "no sentence-final character at all",
    "Dr. Smith says: stem cells help!!! Really?! ok",
    "A list; of things — and a dash...and more",
    "",
]


def sentence_starts(doc) -> list[int]:
    return [token.i for token in doc if token.is_sent_start]


@pytest.mark.parametrize("text", TEXTS)
def test_sentences_are_the_sentencizers(text):
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    ours = spacy.blank("en")
    ours.add_pipe("block_sentences")
    expected, doc = reference(text), ours(text)
    assert sentence_starts(doc) == sentence_starts(expected)
    assert doc.user_data[SENTENCE_ENDS_KEY][:-1] == [s.end for s in expected.sents]


def test_every_block_starts_a_sentence():
    nlp = spacy.blank("en")
    blocks = ["Conditions we treat", "Degenerative disc disease", "Sciatica. Arthritis"]
    text = "\n\n".join(blocks)
    doc = nlp.make_doc(text)
    doc.user_data[BLOCK_STARTS_KEY] = [0, len(blocks[0]) + 2, len(blocks[0]) + len(blocks[1]) + 4]
    doc = BlockSentences(nlp.vocab)(doc)
    assert [sentence.text.strip() for sentence in doc.sents] == [
        "Conditions we treat",
        "Degenerative disc disease",
        "Sciatica.",
        "Arthritis",
    ]
    assert doc.user_data[SENTENCE_ENDS_KEY][-1] == len(doc) + 1


def test_a_stop_followed_by_a_comma_ends_no_sentence():
    nlp = spacy.blank("en")
    nlp.add_pipe("block_sentences")
    doc = nlp("Cells not allowed in the U.S., so you get more. Approved by Acme Inc.; call us.")
    assert [sentence.text for sentence in doc.sents] == [
        "Cells not allowed in the U.S., so you get more.",
        "Approved by Acme Inc.; call us.",
    ]


def test_an_opening_bracket_or_quotation_mark_opens_the_next_sentence():
    nlp = spacy.blank("en")
    nlp.add_pipe("block_sentences")
    doc = nlp("Do stem cells regrow discs? (video) It works. \u201cOur cells help,\u201d he said.")
    assert [sentence.text.strip() for sentence in doc.sents] == [
        "Do stem cells regrow discs?",
        "(video) It works.",
        "\u201cOur cells help,\u201d he said.",
    ]
