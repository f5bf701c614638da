"""ClassifyPipeline: label every sentence of a page and set the page verdict."""

from __future__ import annotations

from pathlib import Path

from classifiers.classifier import DEFAULT_MODEL_DIR, ClaimClassifier
from classifiers.nlp import PATTERNS_DIR
from crawler.items import PageItem, is_unchanged

CLASSIFIED_STAT = "clinicwatch/pages_classified"


class ClassifyPipeline:
    def __init__(self, classifier: ClaimClassifier, stats=None) -> None:
        self.classifier = classifier
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        if not any(PATTERNS_DIR.glob("*.jsonl")):  # e.g. imported from a zipped Scrapyd egg
            raise RuntimeError(
                f"no classifier rules in {PATTERNS_DIR}: every page would pass as clean; "
                "install clinicwatch on this host (pip install) instead of running it from a zip"
            )
        model_dir = crawler.settings.get("CLINICWATCH_MODEL") or DEFAULT_MODEL_DIR
        return cls(ClaimClassifier.load(Path(model_dir)), crawler.stats)

    def process_item(self, item):
        if is_unchanged(item):
            return item  # unchanged since the last crawl: its claims stand, nothing to redo
        if isinstance(item, PageItem) and item.extracted is not None:
            item.classified = self.classifier.classify_blocks(item.extracted.blocks)
            item.stats["classifier_version"] = self.classifier.version
            if self.stats is not None:
                self.stats.inc_value(CLASSIFIED_STAT)
        return item
