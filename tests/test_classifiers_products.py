"""A seller's product by its own name: a supplier's page speaks of "VertaGen Plus" as a clinic's
speaks of "our injections". The pages were written for this project."""

from __future__ import annotations

import pytest

from classifiers.document import Block

SUPPLIER_PAGE = [
    Block("VertaGen Plus™ Umbilical Cord Allograft | For Physician Use Only", "title"),
    Block("VertaGen Plus is a flowable allograft rich in mesenchymal stem cells.", "paragraph"),
    Block("Each 1 mL vial arrives frozen on dry ice.", "paragraph"),
    Block("Statements regarding product use have not been reviewed by the FDA.", "paragraph"),
]


def _labels_of(classifier, blocks: list[Block], sentence: str) -> list[str]:
    result = classifier.classify_blocks(blocks)
    return next((claim.labels for claim in result.claims if claim.text == sentence), [])


@pytest.mark.parametrize(
    "sentence",
    [
        "Physicians use VertaGen Plus for discogenic back pain and facet syndrome.",
        "Physicians rely on VertaGen Plus in patients with chronic sciatica.",
    ],
)
def test_a_supplier_says_what_its_named_product_treats(classifier, sentence):
    page = [*SUPPLIER_PAGE, Block(sentence, "paragraph")]
    assert "treatment_claim" in _labels_of(classifier, page, sentence)


def test_a_news_story_naming_a_product_reports_what_it_is_used_for(classifier):
    sentence = "Physicians use VertaGen Plus for discogenic back pain and facet syndrome."
    page = [
        Block("Regulators question a stem cell product", "title"),
        Block("VertaGen Plus is a flowable allograft rich in mesenchymal stem cells.", "paragraph"),
        Block("The company says its product is exempt from FDA approval.", "paragraph"),
        Block(sentence, "paragraph"),
    ]
    assert "treatment_claim" not in _labels_of(classifier, page, sentence)


def test_a_condition_in_a_products_name_is_not_what_it_treats(classifier):
    sentence = "Disc-Restore™ is shipped overnight to your office."
    page = [*SUPPLIER_PAGE, Block(sentence, "paragraph")]
    assert "treatment_claim" not in _labels_of(classifier, page, sentence)


def test_a_surname_is_no_product(classifier):
    sentence = "Dr. McKenzie for sciatica is on our team page."
    page = [*SUPPLIER_PAGE, Block(sentence, "paragraph")]
    assert "treatment_claim" not in _labels_of(classifier, page, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thank you Dr. Patel and JoAnn for everything after my herniated disc diagnosis.",
        "We accept BlueCross for imaging for low back pain, but stem cell injections are self-pay.",
        "Over-the-counter options like Tylenol® for low back pain are usually tried first.",
    ],
)
def test_a_name_not_given_beside_the_cells_is_no_product(classifier, sentence):
    page = [*SUPPLIER_PAGE, Block(sentence, "paragraph")]
    assert "treatment_claim" not in _labels_of(classifier, page, sentence)
