"""Precision, recall and F1 of the classifier against labelled sentences (flag and per label)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from classifiers.classifier import ClaimClassifier
from classifiers.contract import InputLine, classify_document, documents
from classifiers.taxonomy import LABEL_NAMES, VIOLATION_LABELS


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, expected: bool, predicted: bool) -> None:
        self.true_positives += expected and predicted
        self.false_positives += predicted and not expected
        self.false_negatives += expected and not predicted

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Mistake:
    id: object
    text: str
    expected: list[str]
    predicted: list[str]
    rules: list[str]


@dataclass
class Evaluation:
    flag: Score = field(default_factory=Score)
    labels: dict[str, Score] = field(default_factory=lambda: {n: Score() for n in LABEL_NAMES})
    mistakes: list[Mistake] = field(default_factory=list)
    count: int = 0


def evaluate(classifier: ClaimClassifier, records: Iterable[dict]) -> Evaluation:
    """Score `records` ({"text", "labels", "flag", "group"?}) read in document groups."""
    evaluation = Evaluation()
    lines = [
        InputLine(id=r.get("id"), text=r["text"], group=r.get("group"), record=r) for r in records
    ]
    for document in documents(lines):
        for line, output in zip(document, classify_document(classifier, document), strict=True):
            _score(evaluation, line.record or {}, output)
    return evaluation


def _score(evaluation: Evaluation, record: dict, output: dict) -> None:
    expected = set(record.get("labels", []))
    predicted = set(output.get("labels", []))
    expected_flag = bool(record.get("flag", bool(expected & set(VIOLATION_LABELS))))
    predicted_flag = bool(output.get("flagged"))
    evaluation.count += 1
    evaluation.flag.add(expected_flag, predicted_flag)
    for name, score in evaluation.labels.items():
        score.add(name in expected, name in predicted)
    if expected_flag != predicted_flag or (expected ^ predicted) & set(VIOLATION_LABELS):
        evaluation.mistakes.append(
            Mistake(
                id=record.get("id"),
                text=record["text"],
                expected=sorted(expected),
                predicted=sorted(predicted),
                rules=[rule for claim in output.get("claims", []) for rule in claim["rules"]],
            )
        )


def report_lines(evaluation: Evaluation, show_errors: bool = False) -> Sequence[str]:
    """The table `clinicwatch evaluate` prints; the flag line comes last."""
    lines = [f"{'label':<22} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}"]
    for name, score in evaluation.labels.items():
        lines.append(_row(name, score))
    if show_errors:
        lines.append("")
        for mistake in evaluation.mistakes:
            missing = sorted(set(mistake.expected) - set(mistake.predicted))
            extra = sorted(set(mistake.predicted) - set(mistake.expected))
            lines.append(f"[{mistake.id}] missing={missing} extra={extra} rules={mistake.rules}")
            lines.append(f"    {mistake.text}")
    lines.append("")
    lines.append(f"sentences: {evaluation.count}")
    lines.append(_row("FLAG", evaluation.flag))
    return lines


def _row(name: str, score: Score) -> str:
    return (
        f"{name:<22} {score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f} "
        f"{score.support:>8}"
    )
