"""Shared fixtures: the classifier is built once per session (it loads rule data and lemmas)."""

from __future__ import annotations

import pytest

from classifiers.classifier import ClaimClassifier


@pytest.fixture(scope="session")
def classifier() -> ClaimClassifier:
    return ClaimClassifier.load()
