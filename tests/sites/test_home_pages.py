from wagtail.models import Page, Site

from sites.core.models import HomePage
from sites.core.services import home_pages_ensure


def test_home_pages_are_translations_and_site_root(home_pages):
    assert set(home_pages) == {"pl", "en"}
    assert home_pages["pl"].translation_key == home_pages["en"].translation_key
    assert Site.objects.get(is_default_site=True).root_page_id == home_pages["pl"].pk
    # Wagtail's placeholder page is gone; only our home pages sit under the root.
    assert {p.specific_class for p in Page.objects.filter(depth=2)} == {HomePage}


def test_home_pages_are_created_once(home_pages):
    again = home_pages_ensure(titles={"pl": "Inny", "en": "Other"})
    assert {k: p.pk for k, p in again.items()} == {k: p.pk for k, p in home_pages.items()}
    assert HomePage.objects.count() == 2


def test_home_page_answers_in_both_languages(client, home_pages):
    pl = client.get("/pl/")
    en = client.get("/en/")
    assert pl.status_code == 200 and en.status_code == 200
    assert '<html lang="pl">' in pl.text and "Witamy" in pl.text
    assert '<html lang="en">' in en.text and "Welcome" in en.text
    assert 'hreflang="en"' in pl.text


def test_root_redirects_to_a_language(client, home_pages):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/"
