"""The search page's landmarks have names that tell them apart (axe's landmark-unique):
with the facets shown, no two landmarks of one role share a name."""

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from .test_views import indexed  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

ROLES = {"nav": "navigation", "aside": "complementary", "main": "main"}


def landmarks(html: str) -> list[tuple[str, str]]:
    """(role, accessible name) of the page's navigation, complementary, main and search
    landmarks; the name from aria-label, else the text of the aria-labelledby ids."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for element in soup.find_all(True):
        role = element.get("role") or ROLES.get(element.name)
        if role not in ("navigation", "complementary", "main", "search"):
            continue
        name = element.get("aria-label")
        if name is None and element.get("aria-labelledby"):
            parts = (soup.find(id=i) for i in element["aria-labelledby"].split())
            name = " ".join(part.get_text(" ", strip=True) for part in parts if part)
        found.append((role, re.sub(r"\s+", " ", name or "").strip()))
    return found


@pytest.mark.parametrize("language", ["pl", "en"])
def test_landmarks_of_the_search_page_with_facets_are_unique(client, indexed, language):  # noqa: F811
    html = client.get(f"/{language}/search/", {"q": "genom"}).text
    found = landmarks(html)
    navigation = [name for role, name in found if role == "navigation"]
    assert len(navigation) >= 4  # main menu, language switcher, facets (language among them)
    language_facet = {"pl": "Filtr: Język", "en": "Filter: Language"}[language]
    assert language_facet in navigation

    duplicates = [landmark for landmark, n in Counter(found).items() if n > 1]

    assert duplicates == []
