"""ClassifyPipeline: label every sentence of a page and set the page verdict."""

from __future__ import annotations

from pathlib import Path

from classifiers.classifier import DEFAULT_MODEL_DIR, ClaimClassifier
from crawler.items import PageItem


class ClassifyPipeline:
    def __init__(self, classifier: ClaimClassifier) -> None:
        self.classifier = classifier

    @classmethod
    def from_crawler(cls, crawler):
        model_dir = crawler.settings.get("CLINICWATCH_MODEL") or DEFAULT_MODEL_DIR
        return cls(ClaimClassifier.load(Path(model_dir)))

    def process_item(self, item):
        if isinstance(item, PageItem) and item.extracted is not None:
            item.classified = self.classifier.classify_blocks(item.extracted.blocks)
            item.stats["classifier_version"] = self.classifier.version
        return item
