"""Fixtures shared by the whole suite."""

import pytest

from sites.core.services import home_pages_ensure


@pytest.fixture
def home_pages(db):
    """The test cluster's home page in each language: {"pl": HomePage, "en": HomePage}."""
    return home_pages_ensure(
        titles={"pl": "Strona główna", "en": "Home"},
        intros={"pl": "<p>Witamy</p>", "en": "<p>Welcome</p>"},
    )
