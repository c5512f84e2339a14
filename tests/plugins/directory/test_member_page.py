"""A member's own page: routing under the directory page, languages, JSON-LD."""

import datetime
import json
import re

import pytest

from plugins.directory.jsonld import jsonld_script_content

from .factories import MemberFactory, member_translate

pytestmark = pytest.mark.django_db


def jsonld_objects(html):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


@pytest.fixture
def umcs(locales):
    member = MemberFactory(
        name="Uniwersytet Marii Curie-Skłodowskiej w Lublinie",
        slug="umcs",
        kind="university",
        role="founder",
        sectors=["biotechnology", "pharmacy"],
        website="https://www.umcs.pl/",
        description="Uczelnia publiczna w Lublinie.",
        member_since=datetime.date(2015, 6, 26),
    )
    member_translate(
        member,
        language="en",
        name="Maria Curie-Skłodowska University in Lublin",
        description="A public university in Lublin.",
    )
    return member


def test_member_page_renders_in_polish(client, directory, umcs):
    response = client.get("/pl/czlonkowie/umcs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Uniwersytet Marii Curie-Skłodowskiej w Lublinie</h1>" in html
    assert "Uczelnia publiczna w Lublinie." in html
    assert 'href="https://www.umcs.pl/"' in html
    assert 'datetime="2015-06-26"' in html
    assert '<link rel="canonical" href="http://testserver/pl/czlonkowie/umcs/">' in html
    assert 'href="/en/members/umcs/" hreflang="en"' in html


def test_member_page_renders_in_english(client, directory, umcs):
    html = client.get("/en/members/umcs/").content.decode()
    assert "<h1>Maria Curie-Skłodowska University in Lublin</h1>" in html
    assert "A public university in Lublin." in html
    assert "Uczelnia publiczna" not in html
    assert 'href="/pl/czlonkowie/umcs/" hreflang="pl"' in html


def test_unknown_or_other_language_member_is_404(client, directory, umcs):
    MemberFactory(name="Tylko po polsku", slug="tylko-pl")
    assert client.get("/pl/czlonkowie/nie-ma/").status_code == 404
    assert client.get("/en/members/tylko-pl/").status_code == 404


def test_jsonld_describes_the_member_as_an_organization(client, directory, umcs):
    html = client.get("/en/members/umcs/").content.decode()
    ld = next(o for o in jsonld_objects(html) if o.get("url", "").endswith("/members/umcs/"))
    assert ld["@context"] == "https://schema.org"
    assert ld["@type"] == "Organization"
    assert ld["name"] == "Maria Curie-Skłodowska University in Lublin"
    assert ld["url"] == "http://testserver/en/members/umcs/"
    assert ld["identifier"] == f"urn:uuid:{umcs.translation_key}"
    assert ld["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Lublin",
        "addressCountry": "PL",
    }
    assert ld["description"] == "A public university in Lublin."
    assert ld["sameAs"] == ["https://www.umcs.pl/"]
    assert ld["memberOf"] == {
        "@type": "Organization",
        "name": "Test Cluster",
        "url": "http://testserver/en/",
    }
    assert "email" not in ld and "telephone" not in ld and "logo" not in ld


def test_jsonld_cannot_close_its_script_element(client, directory):
    MemberFactory(name="Evil", slug="evil", description='</script><script>alert("x")</script>')
    html = client.get("/pl/czlonkowie/evil/").content.decode()
    assert "</script><script>alert" not in html
    ld = next(o for o in jsonld_objects(html) if o.get("name") == "Evil")
    assert ld["description"] == '</script><script>alert("x")</script>'


def test_jsonld_script_content_escapes_markup_characters():
    text = jsonld_script_content({"a": "</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script> & <!--"}


def test_member_url_and_model_get_url(directory, umcs):
    english = umcs.get_translation(directory["en"].locale)
    assert umcs.get_url() == "/pl/czlonkowie/umcs/"
    assert english.get_url() == "/en/members/umcs/"


def test_member_alternates_and_switcher_follow_a_translation_each_member_its_own(
    client, directory, umcs
):
    other = MemberFactory(name="Tylko po polsku", slug="tylko-pl")
    html = client.get("/pl/czlonkowie/tylko-pl/").text
    assert 'hreflang="en" href=' not in html  # no English translation: no alternate
    assert 'href="/en/members/tylko-pl/"' not in html
    assert 'href="/en/members/umcs/" hreflang="en"' in client.get("/pl/czlonkowie/umcs/").text
    member_translate(other, language="en", name="Polish only no more")
    html = client.get("/pl/czlonkowie/tylko-pl/").text
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/members/tylko-pl/">' in html
    )
    assert 'href="/en/members/tylko-pl/" hreflang="en"' in html
    html = client.get("/pl/czlonkowie/tylko-pl/", HTTP_HOST="localhost").text
    assert 'hreflang="en" href="http://localhost/en/members/tylko-pl/"' in html
