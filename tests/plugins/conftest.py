"""Fixtures shared by the plugin tests: locales and a translated site tree.

The test cluster (tests/clusters/testland.toml) speaks pl and en, so the tree is a
Polish home page (the default site's root) and its English translation.
"""

import pytest
from wagtail.models import Locale, Page, Site

from sites.core.models import HomePage


@pytest.fixture
def locales(db):
    """{"pl": Locale, "en": Locale}; Wagtail's migrations create only the default one."""
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("pl", "en")}


@pytest.fixture
def home_pages(locales):
    """{"pl": HomePage, "en": HomePage}: translations of each other, the pl one the
    default site's root (Wagtail routes /en/ to its translation)."""
    root = Page.get_first_root_node()
    pl_home = root.add_child(
        instance=HomePage(title="Klaster Testowy", slug="home-pl", locale=locales["pl"])
    )
    en_home = root.add_child(
        instance=HomePage(
            title="Test Cluster",
            slug="home-en",
            locale=locales["en"],
            translation_key=pl_home.translation_key,
        )
    )
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    site.root_page = pl_home
    site.save()
    # Wagtail's starter "Welcome" page would otherwise sit next to the homes.
    if welcome.pk not in (pl_home.pk, en_home.pk):
        welcome.delete()
    return {"pl": pl_home, "en": en_home}
