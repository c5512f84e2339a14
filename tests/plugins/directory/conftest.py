import pytest

from .factories import directory_pages


@pytest.fixture
def directory(home_pages):
    """{"pl": DirectoryPage, "en": DirectoryPage} under the home pages."""
    return directory_pages(home_pages)
