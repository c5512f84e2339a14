"""The layout's cached parts (themes/base/templates/layout.html, sites/core/templatetags):
head links, stylesheets, canonical link, hreflang alternates, JSON-LD, header items,
language switcher and footer follow the edits that feed them, and nothing is shared
between hosts, languages, pages or visitors."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page, Site

from sites.core.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def page_add(parent, title, slug, **kwargs) -> StandardPage:
    page = StandardPage(title=title, slug=slug, **kwargs)
    parent.add_child(instance=page)
    return page


def translation_add(page, parent, title, slug) -> StandardPage:
    return page_add(parent, title, slug, locale=parent.locale, translation_key=page.translation_key)


def canonical(html) -> str | None:
    found = re.search(r'<link rel="canonical" href="([^"]*)">', html)
    return found and found.group(1)


def hreflang(html) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def switcher(html) -> dict[str, str]:
    """{language code: href} of the switcher's links (the current language is no link)."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {code: href for href, code in re.findall(r'<a href="([^"]+)" hreflang="([\w-]+)"', nav)}


def jsonld(html) -> dict:
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script.group(1))


def head_links(html) -> list[str]:
    head = html.split("</head>")[0]
    return re.findall(r'<link rel="alternate" href="([^"]+)" type=', head)


def test_canonical_link_follows_a_slug_change(client, home_pages):
    page = page_add(home_pages["pl"], "O nas", "o-nas")
    assert canonical(client.get("/pl/o-nas/").text).endswith("/pl/o-nas/")
    page.slug = "o-klastrze"
    page.save_revision().publish()
    assert canonical(client.get("/pl/o-klastrze/").text).endswith("/pl/o-klastrze/")


def test_canonical_link_is_the_page_of_the_request(client, home_pages):
    page_add(home_pages["pl"], "O nas", "o-nas")
    page_add(home_pages["pl"], "Kontakt", "kontakt")
    assert canonical(client.get("/pl/o-nas/").text).endswith("/pl/o-nas/")
    assert canonical(client.get("/pl/kontakt/").text).endswith("/pl/kontakt/")


def test_hreflang_links_follow_the_host_and_scheme_of_the_request(client, home_pages):
    pl = page_add(home_pages["pl"], "O nas", "o-nas")
    translation_add(pl, home_pages["en"], "About", "about")
    assert hreflang(client.get("/pl/o-nas/").text)["en"] == "http://testserver/en/about/"
    html = client.get("/pl/o-nas/", HTTP_HOST="localhost").text
    assert hreflang(html)["en"] == "http://localhost/en/about/"
    assert hreflang(client.get("/pl/o-nas/", secure=True).text)["en"].startswith("https://")


def test_language_switcher_follows_a_translation_and_each_page_has_its_own(client, home_pages):
    pl = page_add(home_pages["pl"], "O nas", "o-nas")
    page_add(home_pages["pl"], "Kontakt", "kontakt")
    assert switcher(client.get("/pl/o-nas/").text)["en"] == "/en/"  # no translation yet
    en = translation_add(pl, home_pages["en"], "About", "about")
    assert switcher(client.get("/pl/o-nas/").text)["en"] == "/en/about/"
    assert switcher(client.get("/pl/kontakt/").text)["en"] == "/en/"
    assert switcher(client.get("/en/about/").text)["pl"] == "/pl/o-nas/"
    en.unpublish()
    assert switcher(client.get("/pl/o-nas/").text)["en"] == "/en/"


def test_json_ld_follows_the_host_and_the_language(client, home_pages):
    assert jsonld(client.get("/pl/").text)["url"] == "http://testserver/pl/"
    assert jsonld(client.get("/pl/", HTTP_HOST="localhost").text)["url"] == "http://localhost/pl/"
    data = jsonld(client.get("/en/").text)
    assert data["url"] == "http://testserver/en/" and data["name"] == "Test Cluster"
    assert jsonld(client.get("/pl/").text)["name"] == "Klaster Testowy"


def test_head_links_and_header_items_are_in_each_language(client, home_pages):
    pl, en = client.get("/pl/").text, client.get("/en/").text
    assert head_links(pl) and all(href.startswith("/pl/") for href in head_links(pl))
    assert head_links(en) and all(href.startswith("/en/") for href in head_links(en))
    assert 'action="/pl/search/"' in pl and 'action="/en/search/"' in en


def test_footer_is_in_each_language(client, home_pages):
    pl = client.get("/pl/").text.split('<footer class="site-footer">')[1]
    en = client.get("/en/").text.split('<footer class="site-footer">')[1]
    assert "Klaster Testowy" in pl and "Test Cluster" not in pl
    assert "Test Cluster" in en


def test_each_site_has_its_own_layout_parts(client, home_pages):
    root = Page.get_first_root_node()
    other_home = HomePage(title="Inna", slug="inna", locale=home_pages["pl"].locale)
    root.add_child(instance=other_home)
    Site.objects.create(hostname="other.test", port=80, root_page=other_home)
    page_add(home_pages["pl"], "O nas", "o-nas")
    page_add(other_home, "O nas", "o-nas")
    first = client.get("/pl/o-nas/").text
    other = client.get("/pl/o-nas/", HTTP_HOST="other.test").text
    assert canonical(first) != canonical(other)
    assert canonical(other) == "http://other.test/pl/o-nas/"
    assert jsonld(other)["url"] == "http://other.test/pl/"


def test_nothing_of_a_signed_in_editor_is_served_to_a_visitor(client, home_pages):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    signed_in = Client()
    signed_in.force_login(editor)
    anonymous = client.get("/pl/").text
    editor_html = signed_in.get("/pl/").text
    assert "wagtail-userbar" in editor_html
    assert "wagtail-userbar" not in anonymous
    assert "wagtail-userbar" not in client.get("/pl/").text
    assert "csrfmiddlewaretoken" not in client.get("/pl/").text
