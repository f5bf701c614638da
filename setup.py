"""For `scrapyd-deploy`, which builds the project's egg through setup.py; see pyproject.toml."""

from setuptools import setup

setup()
