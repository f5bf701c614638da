"""The taxonomy is defined once and the rule data keeps to it."""

from __future__ import annotations

import json
import re

import pytest
import spacy

from classifiers import matching
from classifiers.context import CUES_DIR
from classifiers.matching import RuleMatcher, WordPattern
from classifiers.nlp import PATTERNS_DIR, build_nlp
from classifiers.patterns import MAX_EXPANSION, PatternError, RuleLine, expand, read_rules
from classifiers.regex_anchor import Anchor, anchor_of
from classifiers.taxonomy import (
    CONTEXT_LABELS,
    LABEL_NAMES,
    SEVERITY,
    VIOLATION_LABELS,
    severity_of,
    sort_labels,
)
from classifiers.training.train import read_corpus

HELPER_LABELS = {"condition", "offer"}


def test_taxonomy_has_six_violation_and_five_context_labels():
    assert len(VIOLATION_LABELS) == 6
    assert len(CONTEXT_LABELS) == 5
    assert {"treatment_claim", "approval_claim"} <= set(VIOLATION_LABELS)
    assert "testimonial" in CONTEXT_LABELS


def test_severities_follow_design():
    assert SEVERITY["regulatory_exempt"] == SEVERITY["approval_claim"] == 3
    assert SEVERITY["treatment_claim"] == 1
    assert severity_of(["stem_cell_therapy"]) == 0
    assert severity_of(["treatment_claim", "safety_claim"]) == 2


def test_sort_labels_puts_violations_first_and_drops_duplicates():
    assert sort_labels(["disclaimer", "treatment_claim", "approval_claim", "disclaimer"]) == [
        "approval_claim",
        "treatment_claim",
        "disclaimer",
    ]


@pytest.mark.parametrize("label", LABEL_NAMES)
def test_every_label_has_a_pattern_file(label):
    assert (PATTERNS_DIR / f"{label}.jsonl").exists()


def test_every_rule_has_an_id_and_a_known_label():
    rules = read_rules(PATTERNS_DIR)
    assert rules
    for rule in rules:
        assert rule.id
        assert rule.label.lstrip("!") in set(LABEL_NAMES) | HELPER_LABELS


def test_rule_ids_are_unique_within_each_label():
    seen = set()
    for path in PATTERNS_DIR.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            key = (row["label"], row["id"])
            assert key not in seen, key
            seen.add(key)


def test_cue_files_load():
    kinds = {rule.label for rule in read_rules(CUES_DIR, "cue")}
    assert {"negation", "attribution", "research", "sarcasm"} <= kinds


def test_sequences_expand_to_every_combination_with_optional_slots():
    assert expand([["fda", "fda-"], ["", "really"], "approved"]) == [
        "fda approved",
        "fda really approved",
        "fda- approved",
        "fda- really approved",
    ]


def test_a_sequence_too_large_is_refused():
    with pytest.raises(PatternError):
        expand([[str(n) for n in range(200)]] * 2)


def test_the_training_corpus_covers_every_label_with_positives_and_negatives():
    from classifiers.training.train import read_corpus

    records = read_corpus()
    assert len(records) >= 2000
    for label in LABEL_NAMES:
        positives = sum(label in record["labels"] for record in records)
        assert positives >= 50, label
        assert len(records) - positives >= 50, label
    assert all(set(record["labels"]) <= set(LABEL_NAMES) for record in records)


def test_the_shipped_model_says_what_it_was_trained_on():
    from classifiers.classifier import DEFAULT_MODEL_DIR
    from classifiers.training.train import corpus_hash

    meta = json.loads((DEFAULT_MODEL_DIR / "clinicwatch.json").read_text())
    assert meta["training_data_sha256"] == corpus_hash()
    assert meta["version"].startswith("textcat-")
    assert set(meta["thresholds"]["model_only"]) == set(LABEL_NAMES)


@pytest.mark.parametrize(
    "regex",
    [
        r"\bnct\d{8}\b",
        r"\b(over|more than)\s+\d{2,4}\s+diseases",
        r"\bcure\b|\bheal",  # a top-level alternative keeps its own boundary
        r"\b(?=[ab])(?:ab|ba)",
    ],
)
def test_a_rule_regex_searched_without_its_leading_boundary_finds_the_same_matches(regex):
    text = "xnct12345678 nct12345678, over 80 diseases; leftover 80 diseases. incurable cure heal"
    text += " abba ab ba xab"
    assert [m.span() for m in WordPattern.compile(regex).finditer(text)] == [
        m.span() for m in re.finditer(regex, text)
    ]


@pytest.mark.parametrize(
    ("regex", "anchor"),
    [
        (r"(?<!effective\s)(?:role in|in) the treatments? of\b", Anchor(" the treatment", 7)),
        (r"there were no (?:serious )?adverse", Anchor("there were no ", 0)),
        (r"cure|heal", None),  # an alternation at the top level holds no one literal
        (r"\w+ for good", None),  # a match may start any distance before " for good"
        (r"(?i)the treatment", None),  # the text's case is not the literal's
    ],
)
def test_a_regex_is_anchored_on_the_longest_literal_run_every_match_holds(regex, anchor):
    assert anchor_of(regex) == anchor


def test_an_anchored_regex_finds_what_a_full_search_finds_around_repeated_anchors():
    regex = r"\b(?<!effective\s)(?:role in|advances in|in) the treatments? of\b"
    pattern = WordPattern.compile(regex)
    assert pattern.anchor is not None
    text = (
        "in the treatment of in the treatment of, effective in the treatment of, a role in the "
        "treatments of; win the treatment of; advances in the treatment ofx in the treatment of"
    )
    assert [m.span() for m in pattern.finditer(text)] == [
        m.span() for m in re.finditer(regex, text)
    ]


def test_every_rule_regex_finds_the_same_matches_searched_without_its_leading_boundary():
    text = " ".join(record["text"].lower() for record in read_corpus()[:800])
    rules = read_rules(PATTERNS_DIR) + read_rules(CUES_DIR, "cue")
    regexes = [rule.regex for rule in rules if rule.regex] + [
        part["regex"] for rule in rules if rule.near for part in rule.near if isinstance(part, dict)
    ]
    assert regexes
    for regex in regexes:
        found = [m.span() for m in WordPattern.compile(regex).finditer(text)]
        assert found == [m.span() for m in re.finditer(regex, text)], regex


def _hits(matcher, doc):
    return sorted((hit.label, hit.rule, hit.start, hit.end) for hit in matcher(doc))


def test_a_long_sequence_matched_in_segments_finds_what_its_every_phrase_finds(monkeypatch):
    nlp = spacy.blank("en")
    rule = RuleLine(
        "disclaimer",
        "no-product-approved",
        sequence=[
            ["no", "none of the"],
            ["", "stem"],
            ["", "cell", "cellular"],
            ["product", "products", "treatment", "treatments", "therapy", "shot", "shots", "use"],
            ["", "is", "are", "has", "have"],
            ["", "been", "yet"],
            ["approved", "cleared", "licensed", "fda approved", "authorized"],
        ],
    )
    doc = nlp.make_doc(
        "no stem cell product has been approved. none of the treatments are cleared, no shots "
        "approved; no cellular therapy is yet fda approved and no stem use have been licensed "
        "no product approved no product has approved"
    )
    segmented = RuleMatcher(nlp.vocab, [rule], nlp.make_doc)
    assert segmented.chains, "the rule is long enough to be matched in segments"
    monkeypatch.setattr(matching, "SEGMENT_ABOVE", MAX_EXPANSION)
    whole = RuleMatcher(nlp.vocab, [rule], nlp.make_doc)
    assert not whole.chains
    assert _hits(segmented, doc) == _hits(whole, doc)
    assert len(_hits(whole, doc)) == 7


def test_every_shipped_rule_finds_the_same_matches_in_segments_as_whole(monkeypatch):
    nlp = build_nlp()
    doc = nlp.make_doc(" ".join(record["text"].lower() for record in read_corpus()[:1500]))
    segmented = nlp.get_pipe("claim_rules").matcher
    monkeypatch.setattr(matching, "SEGMENT_ABOVE", MAX_EXPANSION)
    whole = RuleMatcher(nlp.vocab, read_rules(PATTERNS_DIR), nlp.make_doc)
    assert segmented.chains
    assert not whole.chains
    assert _hits(segmented, doc) == _hits(whole, doc)
