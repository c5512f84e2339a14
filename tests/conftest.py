"""Fixtures shared by the whole suite."""

import os

import pytest

# Playwright's sync API (tests/browser) leaves an event loop on the worker's thread;
# Django would then refuse database calls in later tests of the same worker.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from sites.core.services import home_pages_ensure


@pytest.fixture
def home_pages(db):
    """The test cluster's home page in each language: {"pl": HomePage, "en": HomePage}."""
    return home_pages_ensure(
        titles={"pl": "Strona główna", "en": "Home"},
        intros={"pl": "<p>Witamy</p>", "en": "<p>Welcome</p>"},
    )
