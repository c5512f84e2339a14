"""The ECHAlliance case: from the Sofia site, a key pulls the network's English news,
federated items included, and nothing outside its scope.

The test cluster "testland" (Polish and English) plays Sofia: its own news in pl
and en, and news its sync mirrored from two other clusters, in en and de. The key
is made the way staff make it, in the Partners admin: news, English, all clusters.
"""

import re

import pytest
from django.urls import reverse

from tests.plugins.directory.factories import MemberFactory

from .conftest import (
    api_get,
    api_walk,
    article_publish,
    article_translate,
    mirror_article,
    mirror_member,
    mirrors_apply,
)
from .test_partner_keys import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def network_news(indexes):
    """Local and federated news, each known by its titles per language."""
    both = article_publish(indexes["pl"], title="Umowa z uniwersytetem")
    article_translate(both, language="en", title="Agreement with the university")
    article_publish(indexes["pl"], title="Tylko po polsku")
    article_publish(indexes["en"], title="English-only local story")
    MemberFactory(name="Vitagenum")
    mirrors_apply(
        "kiel",
        [
            mirror_article("kiel", 1, titles={"de": "Kieler Forschung", "en": "Kiel research"}),
            mirror_article("kiel", 2, titles={"de": "Nur auf Deutsch"}),
            mirror_member("kiel", 3, name="Kieler GmbH"),
        ],
    )
    mirrors_apply(
        "krakow",
        [mirror_article("krakow", 4, titles={"en": "Krakow life science", "de": "Krakau"})],
    )


@pytest.fixture
def echalliance_key(client, django_user_model, db):
    admin = django_user_model.objects.create_superuser("sofia-admin", "a@example.org", "pw")
    login(client, admin)
    response = client.post(
        reverse("partner_keys:add"),
        {
            "name": "Network news for echalliance.com",
            "organisation": "ECHAlliance",
            "clusters": "*",
            "content_types": ["news"],
            "languages": "en",
            "rate_limit": "60",
        },
    )
    client.logout()
    (plain,) = re.findall(r"cwk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", response.content.decode())
    return plain


def english_titles(items):
    return {
        item["translations"]["en"]["title"]: item["origin"] for item in items if not item["deleted"]
    }


def test_the_key_pulls_the_networks_english_news_with_federated_items(
    client, network_news, echalliance_key
):
    items = api_walk(client, "news", echalliance_key, limit=2)

    assert english_titles(items) == {
        "Agreement with the university": "testland",
        "English-only local story": "testland",
        "Kiel research": "kiel",
        "Krakow life science": "krakow",
    }
    # Only English: no Polish or German version, not even of the items it does get.
    assert all(set(item.get("translations", {})) <= {"en"} for item in items)
    served = str(items)
    for other in ("Umowa", "Tylko po polsku", "Kieler Forschung", "Nur auf Deutsch", "Krakau"):
        assert other not in served
    # Items with nothing in English come as content-free tombstones (see partner_feed).
    assert sorted(item["reason"] for item in items if item["deleted"]) == [
        "no_translation",
        "no_translation",
    ]
    assert {item["type"] for item in items} == {"news.article"}


def test_nothing_outside_the_keys_scope(client, network_news, echalliance_key):
    for endpoint in ("members", "projects"):
        response = api_get(client, endpoint, echalliance_key)
        assert response.status_code == 403
        assert response.json()["error"] == "out_of_scope"
    for language in ("pl", "de"):
        assert api_get(client, "news", echalliance_key, lang=language).status_code == 403


def test_it_can_narrow_to_one_cluster_and_poll_for_what_is_new(
    client, network_news, echalliance_key
):
    kiel = api_get(client, "news", echalliance_key, cluster="kiel").json()
    assert english_titles(kiel["items"]) == {"Kiel research": "kiel"}

    everything = api_get(client, "news", echalliance_key, limit=500).json()
    mirrors_apply("kiel", [mirror_article("kiel", 5, titles={"en": "Kiel, later"})])

    later = api_get(client, "news", echalliance_key, cursor=everything["next_cursor"]).json()
    assert english_titles(later["items"]) == {"Kiel, later": "kiel"}
    assert later["has_more"] is False
