"""Shared pytest setup: keep test artefacts in one place (the project is installed with ``pip install -e .``)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(autouse=True, scope="session")
def reviews_in_a_temporary_folder(tmp_path_factory):
    """The Author page's kept reviews (ui.review_store) go to a folder of the test run, not build/reviews.

    For the whole session: a script run an AppTest left behind may still write after its test.
    """
    from ui import review_store

    kept, review_store.REVIEWS_DIR = review_store.REVIEWS_DIR, tmp_path_factory.mktemp("reviews")
    yield review_store.REVIEWS_DIR
    review_store.REVIEWS_DIR = kept
