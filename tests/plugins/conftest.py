"""Fixtures shared by the plugin tests.

The translated site tree (``home_pages``) comes from tests/conftest.py.
"""

import pytest

from sites.core.services import locales_ensure


@pytest.fixture
def locales(db):
    """{"pl": Locale, "en": Locale}: the test cluster's languages."""
    return locales_ensure()
