import pytest

from .factories import news_indexes


@pytest.fixture
def indexes(home_pages):
    return news_indexes(home_pages)
