"""`clinicwatch evaluate`: precision, recall and F1 for the flag and every label."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from classifiers.evaluate import Score, evaluate
from crawler.cli import cli

RECORDS = [
    {
        "id": 1,
        "text": "Our stem cells are FDA exempt.",
        "labels": ["regulatory_exempt"],
        "flag": True,
    },
    {"id": 2, "text": "Call us today.", "labels": [], "flag": False},
    {"id": 3, "text": "Beware of clinics that claim to be FDA exempt.", "labels": [], "flag": True},
]


def test_score_arithmetic():
    score = Score()
    for expected, predicted in [(True, True), (True, False), (False, True), (False, False)]:
        score.add(expected, predicted)
    assert (score.true_positives, score.false_positives, score.false_negatives) == (1, 1, 1)
    assert score.precision == score.recall == score.f1 == pytest.approx(0.5)
    assert Score().f1 == 0.0


def test_evaluate_counts_flags_and_keeps_mistakes(classifier):
    result = evaluate(classifier, RECORDS)
    assert result.count == 3
    assert result.flag.true_positives == 1
    assert result.flag.false_negatives == 1
    assert [mistake.id for mistake in result.mistakes] == [3]


def test_evaluate_command_prints_the_table_and_errors(tmp_path):
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text("\n".join(json.dumps(record) for record in RECORDS) + "\n")
    result = CliRunner().invoke(cli, ["evaluate", str(labelled), "--errors"])
    assert result.exit_code == 0, result.output
    assert "regulatory_exempt" in result.output
    assert result.output.strip().splitlines()[-1].startswith("FLAG")
    assert "Beware of clinics" in result.output


def test_evaluate_command_rejects_a_broken_file(tmp_path):
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text("{not json\n")
    result = CliRunner().invoke(cli, ["evaluate", str(labelled)])
    assert result.exit_code == 1
    assert "not JSON" in result.output
