"""Read the rule pipeline's output: what each sentence matched, and what was suppressed."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.attrs import IDX
from spacy.tokens import Doc, Span

from classifiers.context import (
    RULES_KEY,
    SCARE_QUOTES,
    SENTENCE_CUES_KEY,
    SENTENCE_ENDS_KEY,
    SUPPRESSED_KEY,
    suppression_key,
    text_of,
)
from classifiers.document import Match
from classifiers.sentences import SEPARATOR
from classifiers.taxonomy import LABEL_NAMES

CONDITION = "condition"
OFFER = "offer"
SELLER_VOICE = frozenset(
    {"first-person-offer", "seller-offers", "named-seller-offers", "our-named-therapy"}
)
SAID_BY_REGULATORS = "attributed:official-says"
BACK = "back_pain_indication"
STEM = "stem_cell_therapy"
TREATMENT = "treatment_claim"
CLOSING_MARKS = "\"')\u201d\u2019 "  # quotes and brackets after a sentence's full stop
MAX_QUESTION_WORDS = 15  # "Are you suffering from back pain, sciatica or neuropathy?"
REGULATORY_STATUS = frozenset({"regulatory_exempt", "approval_claim"})
QUESTION = "question"
# an answer that says yes to its question: "Yes.", "Absolutely —", "In many cases, yes", "Yes,
# clinical studies confirm it"; not one that qualifies it ("Yes, but only for blood cancers",
# "Yes, for certain blood cancers", "Yes, within a clinical trial"), hands it to others ("Yes,
# say the ads") or defers it ("Definitely something to discuss with your doctor")
AFFIRMS = re.compile(
    r"^(?!.*\b(?:but|only|except|however|not|unless|never|cancers?|leuka?emias?|lymphomas?"
    r"|blood (?:disorders|diseases))\b|.*n[\u2019']t\b)"
    r"\W*(?:(?:in|for) (?:many|most) (?:cases|patients),?\s*)?"
    r"(?:yes|absolutely|definitely|of course|certainly)\b(?!\s*(?:and|or) no\b)"
    r"(?![\s,;:.!\u2013\u2014-]*(?:(?:in|within) (?:an? |some |certain )?(?:(?:fda[- ])?approved "
    r"|clinical |research )*(?:trials?|stud(?:y|ies)|settings?)|for (?:certain|some|specific)\b"
    r"|says?|said|claims?|according|something to (?:discuss|ask|talk)|depends)\b)",
    re.IGNORECASE,
)
# an answer that reports, studies or mocks affirms nothing ("Yes, say the ads")
UNAFFIRMING_CUES = frozenset({"attribution", "research", "sarcasm", "speculation"})
# a business named as the one that offers or claims: a report in a news story, the seller
# itself in its own page's description ("Rio Grande Spine Center offers…")
SAID_BY_A_BUSINESS = frozenset({"attributed:someone-claims", "attributed:third-party-offers"})


@dataclass
class SentenceRules:
    """One sentence of a block, with every rule that matched in it."""

    start: int
    end: int
    text: str
    fired: dict[str, list[str]] = field(default_factory=dict)
    suppressed: dict[str, str] = field(default_factory=dict)
    matches: list[Match] = field(default_factory=list)
    conditions: dict[str, str] = field(default_factory=dict)
    sentence_cues: dict[str, str] = field(default_factory=dict)
    # rules whose words the sentence sets in quotation marks: a claim on a page that sells
    # ('get "permanent relief" today'), a mention anywhere else
    quoted: dict[str, list[str]] = field(default_factory=dict)
    # regulatory-status rules the sentence puts in a regulator's mouth: the seller's claim on a
    # page that sells ("the FDA has ruled Wharton's jelly a homologous derivative"), a report
    # anywhere else
    said_by_regulators: dict[str, list[str]] = field(default_factory=dict)
    # rules the sentence puts in a named business's mouth: the seller's own words in its
    # page's title or description, a report anywhere else
    said_by_a_business: dict[str, list[str]] = field(default_factory=dict)
    offers: bool = False  # speaks of the treatment offered ("the procedure", "we offer")
    sells: bool = False  # in the seller's own voice ("we offer", "our clinic", "book a")
    # it follows, in its block, a short question naming back pain ("Neck pain? Stem cell
    # injections can help."): the condition it answers
    answers_a_question: bool = False
    # rules the sentence sets in a question: claimed when the answer says yes ("Can stem cells
    # fix a herniated disc without surgery? In many cases, yes")
    asked: dict[str, list[str]] = field(default_factory=dict)
    affirmed: bool = False  # the next sentence, or the next block, answers it yes
    affirmed_by_seller: bool = False  # … in the seller's own voice ("yes — our patients…")

    @property
    def has_rules(self) -> bool:
        return bool(self.fired or self.suppressed or self.conditions)

    def fire(self, label: str, rule: str) -> None:
        rules = self.fired.setdefault(label, [])
        if rule not in rules:
            rules.append(rule)


def mark_answers(sentences: Sequence[SentenceRules]) -> None:
    """Mark each sentence of one block that follows short questions, one naming back pain
    ("Sciatica? Stiff neck? Old injuries? Exosomes may help."), and each question the sentence
    after it answers yes."""
    back_asked = False  # by one of the short questions just before
    for index, (question, answer) in enumerate(pairwise(sentences)):
        asks = question.text.rstrip(CLOSING_MARKS).endswith("?")
        short = asks and len(question.text.split()) <= MAX_QUESTION_WORDS
        back_asked = short and (BACK in question.fired or back_asked)
        answer.answers_a_question = back_asked
        if asks:
            mark_affirmed(question, sentences[index + 1 :])


def mark_affirmed(question: SentenceRules, answer: Sequence[SentenceRules]) -> None:
    """Mark a question the sentences after it say yes to, when the claim it asks about is
    theirs only through it: "Is it safe? Absolutely." claims safety; "Is it safe? Yes. Our
    cells are completely safe." already says so itself."""
    first = answer[0]
    if not AFFIRMS.match(first.text) or UNAFFIRMING_CUES & set(first.sentence_cues):
        return
    if any(label in sentence.fired for sentence in answer for label in question.asked):
        return
    question.affirmed = True
    question.affirmed_by_seller = first.sells or "marketer" in first.sentence_cues


def read_sentences(doc: Doc, offset: int = 0) -> list[SentenceRules]:
    """Sentences of `doc` with their rule matches; offsets are shifted by `offset`."""
    spans = list(doc.spans[RULES_KEY]) if RULES_KEY in doc.spans else []
    sentence_cues = doc.user_data.get(SENTENCE_CUES_KEY, {})
    suppressed = doc.user_data.get(SUPPRESSED_KEY, {})
    ends = doc.user_data.get(SENTENCE_ENDS_KEY) or [len(doc), len(doc) + 1]
    by_sentence: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        by_sentence[bisect_right(ends, span.start)].append(span)
    sentences = []
    doc_text = text_of(doc)
    token_starts = [*doc.to_array(IDX).tolist(), len(doc_text)]  # no Token objects
    start = 0
    for index, end in enumerate(ends[:-1]):
        if end <= start:
            continue
        char_start = token_starts[start]
        text = doc_text[char_start : token_starts[end]]
        lead = len(text) - len(text.lstrip())
        text = text.strip().removesuffix(SEPARATOR).rstrip()  # "Reader mailbag ·": the link
        if text:
            sentence = SentenceRules(
                start=offset + char_start + lead,
                end=offset + char_start + lead + len(text),
                text=text,
            )
            sentence.sentence_cues = dict(sentence_cues.get(start, {}))
            for span in by_sentence.get(index, ()):
                reason = suppressed.get(suppression_key(span))
                _record(sentence, span, char_start + lead, reason)
            sentences.append(sentence)
        start = end
    return sentences


def _record(sentence: SentenceRules, span: Span, sentence_start: int, reason: str | None) -> None:
    label, rule = span.label_, span.id_
    start = span.start_char - sentence_start
    if label == CONDITION:
        sentence.conditions[rule] = rule.split(".", 1)[-1]
        sentence.matches.append(Match(start, start + len(span.text), label, rule))
        return
    if label == OFFER:
        sentence.offers = True
        sentence.sells = sentence.sells or rule in SELLER_VOICE
        return
    if label not in LABEL_NAMES:
        return
    if reason:
        sentence.suppressed.setdefault(label, f"{rule} ({reason})")
        if reason == SCARE_QUOTES:
            sentence.quoted.setdefault(label, []).append(rule)
            sentence.matches.append(Match(start, start + len(span.text), label, rule))
        elif reason == SAID_BY_REGULATORS and label in REGULATORY_STATUS:
            sentence.said_by_regulators.setdefault(label, []).append(rule)
            sentence.matches.append(Match(start, start + len(span.text), label, rule))
        elif reason == QUESTION and label != TREATMENT:
            # a treatment cue in a question stays unmatched: "is it used for sciatica?" names
            # the use, whatever the answer
            sentence.asked.setdefault(label, []).append(rule)
            sentence.matches.append(Match(start, start + len(span.text), label, rule))
        elif reason in SAID_BY_A_BUSINESS:
            sentence.said_by_a_business.setdefault(label, []).append(rule)
            sentence.matches.append(Match(start, start + len(span.text), label, rule))
        return
    sentence.fire(label, rule)
    sentence.matches.append(Match(start, start + len(span.text), label, rule))
