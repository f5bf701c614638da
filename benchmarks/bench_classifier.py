"""Classifier cost on typical 20 KB clinic pages, as a ratio to spaCy's tokenizer alone."""

from __future__ import annotations

import statistics
import time

import spacy

from benchmarks.pages import clinic_pages
from classifiers.classifier import ClaimClassifier
from pipelines.html_text import extract_page

PAGES = 60


def median_ms(function, items) -> float:
    timings = []
    for item in items:
        start = time.perf_counter()
        function(item)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> dict:
    classifier = ClaimClassifier.load()
    tokenizer = spacy.blank("en").tokenizer
    documents = [extract_page(html.encode()) for html in clinic_pages(PAGES)]
    texts = [document.text for document in documents]
    tokenize = median_ms(tokenizer, texts)  # first pass: its word cache fills as it goes
    tokenize_warm = median_ms(tokenizer, texts)  # every word cached: the tokenizer's floor

    def cold(document):
        classifier.clear_caches()
        classifier.classify_blocks(document.blocks)

    def warm(document):
        classifier.classify_blocks(document.blocks)

    classifier.classify_blocks(documents[0].blocks)  # lookup tables and vocabulary warmed
    cold_ms = median_ms(cold, documents)
    for document in documents:
        warm(document)
    warm_ms = median_ms(warm, documents)
    figures = {
        "pages": PAGES,
        "text_kb_median": round(statistics.median(len(t) for t in texts) / 1000, 1),
        "tokenizer_ms": round(tokenize, 2),
        "tokenizer_warm_ms": round(tokenize_warm, 2),
        "classify_cold_ms": round(cold_ms, 2),
        "classify_warm_ms": round(warm_ms, 2),
        "cold_vs_tokenizer": round(cold_ms / tokenize, 1),
        "cold_vs_warm_tokenizer": round(cold_ms / tokenize_warm, 1),
        "pages_per_s_cold": round(1000 / cold_ms, 1),
    }
    print(
        f"classifier: {PAGES} pages of ~20 KB HTML ({figures['text_kb_median']} KB text): "
        f"median {cold_ms:.2f} ms/page with empty caches ({figures['pages_per_s_cold']} pages/s), "
        f"{warm_ms:.2f} ms/page on a second pass (sentence cache warm); spaCy tokenizer alone "
        f"{tokenize:.2f} ms/page on a first pass, {tokenize_warm:.2f} ms/page with its word cache "
        f"warm -> classifier costs {figures['cold_vs_tokenizer']}x / "
        f"{figures['cold_vs_warm_tokenizer']}x the tokenizer"
    )
    return figures


if __name__ == "__main__":
    main()
