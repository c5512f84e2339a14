"""Partner keys: hashed storage, authentication, revocation at once, scopes, rate limits
(also across concurrent connections), the usage log, and the Partners admin."""

import datetime
import re
import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from plugins.syndication.models import PartnerKey, PartnerRequest
from plugins.syndication.services import (
    key_hash,
    partner_key_count_request,
    partner_key_revoke,
)

from .conftest import api_get, key_make


def error_of(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) >= {"error", "message"} and body["message"]
    return body["error"]


def test_only_a_hash_and_a_prefix_of_the_key_are_stored(db):
    key, plain = key_make()

    assert re.fullmatch(r"cwk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", plain)
    stored = PartnerKey.objects.filter(pk=key.pk).values().get()
    assert stored["prefix"] == plain[4:12]
    assert stored["key_hash"] == key_hash(plain) != plain
    assert not any(plain in str(value) for value in stored.values())


def test_the_key_is_accepted_as_bearer_or_x_api_key(client, db):
    _, plain = key_make()

    assert api_get(client, "news", plain).status_code == 200
    response = client.get("/api/v1/news", headers={"X-API-Key": plain})
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": "p1.0.0", "has_more": False}


def test_a_request_without_a_key_is_401(client, db):
    response = client.get("/api/v1/news")

    assert error_of(response, 401) == "missing_key"
    assert response["WWW-Authenticate"].startswith("Bearer")
    basic = client.get("/api/v1/news", headers={"Authorization": "Basic dXNlcjpwdw=="})
    assert error_of(basic, 401) == "missing_key"


@pytest.mark.parametrize(
    "presented",
    [
        "cwk_00000000_" + "A" * 43,  # well-formed, unknown prefix
        "not-a-key",
        "cwk_zz_\u00e9",
    ],
)
def test_an_unknown_key_is_401(client, db, presented):
    key_make()
    assert error_of(client.get("/api/v1/news", headers={"X-API-Key": presented}), 401) == (
        "invalid_key"
    )


def test_a_known_prefix_with_a_wrong_secret_is_401(client, db):
    _, plain = key_make()
    forged = plain[:-1] + ("A" if plain[-1] != "A" else "B")

    assert error_of(api_get(client, "news", forged), 401) == "invalid_key"


def test_revocation_takes_effect_at_the_next_request(client, db):
    key, plain = key_make()
    assert api_get(client, "news", plain).status_code == 200

    partner_key_revoke(key=PartnerKey.objects.get(pk=key.pk))

    assert error_of(api_get(client, "news", plain), 401) == "revoked_key"
    assert PartnerKey.objects.get(pk=key.pk).active is False


def test_a_suspended_key_is_401_until_it_is_active_again(client, db):
    key, plain = key_make(active=False)
    assert error_of(api_get(client, "news", plain), 401) == "inactive_key"

    PartnerKey.objects.filter(pk=key.pk).update(active=True)
    assert api_get(client, "news", plain).status_code == 200


def test_a_key_revoked_after_it_was_read_is_not_counted(db):
    key, _ = key_make()
    partner_key_revoke(key=PartnerKey.objects.get(pk=key.pk))

    check = partner_key_count_request(key=key)  # ``key`` is the stale, unrevoked copy

    assert check.usable is False and check.allowed is False


@pytest.mark.parametrize(
    ("fields", "endpoint", "params"),
    [
        ({"content_types": ["news"]}, "members", {}),
        ({"content_types": ["news", "members"]}, "projects", {}),
        ({"clusters": ["kiel"]}, "news", {"cluster": "izmir"}),
        ({"clusters": ["kiel"]}, "news", {"cluster": "kiel,testland"}),
        ({"languages": ["en"]}, "news", {"lang": "pl"}),
    ],
)
def test_out_of_scope_requests_are_403(client, db, fields, endpoint, params):
    _, plain = key_make(**fields)

    assert error_of(api_get(client, endpoint, plain, **params), 403) == "out_of_scope"


def test_other_methods_are_405(client, db):
    _, plain = key_make()
    response = client.post("/api/v1/news", headers={"Authorization": f"Bearer {plain}"})

    assert error_of(response, 405) == "method_not_allowed"


def test_over_the_rate_limit_answers_429_with_retry_after(client, db):
    key, plain = key_make(rate_limit=3)

    assert [api_get(client, "news", plain).status_code for _ in range(3)] == [200] * 3
    response = api_get(client, "news", plain)

    assert error_of(response, 429) == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    # The next minute is a new window.
    PartnerKey.objects.filter(pk=key.pk).update(
        window_start=timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=1)
    )
    assert api_get(client, "news", plain).status_code == 200


def test_retry_after_counts_down_to_the_end_of_the_minute(db):
    key, _ = key_make(rate_limit=1)
    start = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.UTC)

    assert partner_key_count_request(key=key, now=start).allowed
    refused = partner_key_count_request(key=key, now=start + datetime.timedelta(seconds=45.5))

    assert (refused.allowed, refused.retry_after) == (False, 15)
    assert partner_key_count_request(key=key, now=start + datetime.timedelta(seconds=60)).allowed


def test_limits_are_per_key(client, db):
    _, slow = key_make(rate_limit=1)
    _, other = key_make()
    api_get(client, "news", slow)

    assert api_get(client, "news", slow).status_code == 429
    assert api_get(client, "news", other).status_code == 200


def test_concurrent_requests_are_each_counted_once(django_db_setup, django_db_blocker):
    """Threads with their own database connections stand for gunicorn worker processes.

    Outside the test transaction (the rows must be committed for other connections to
    see them), so the test removes what it made itself."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("SQLite's shared in-memory test database locks tables across threads")
        key, _ = key_make(rate_limit=30)
        try:
            results = _count_concurrently(key, threads=8, each=6)
            stored = PartnerKey.objects.get(pk=key.pk)
        finally:
            PartnerKey.objects.filter(pk=key.pk).delete()

    assert results.count(True) == 30 and results.count(False) == 18
    assert (stored.request_count, stored.window_count) == (48, 48)


def _count_concurrently(key, *, threads: int, each: int) -> list[bool]:
    now = timezone.now().replace(second=5)
    results, errors = [], []
    start = threading.Barrier(threads)

    def worker():
        try:
            start.wait()
            for _ in range(each):
                results.append(partner_key_count_request(key=key, now=now).allowed)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert not errors, errors
    return results


def test_every_request_with_a_known_key_is_logged(client, db):
    key, plain = key_make(content_types=["news"])
    api_get(client, "news", plain, limit="2")
    api_get(client, "members", plain)
    api_get(client, "news", plain, limit="x")
    client.get("/api/v1/news", headers={"X-API-Key": "cwk_00000000_" + "A" * 43})

    logged = list(PartnerRequest.objects.order_by("pk").values_list("key", "path", "status"))
    assert logged == [
        (key.pk, "/api/v1/news?limit=2", 200),
        (key.pk, "/api/v1/members", 403),
        (key.pk, "/api/v1/news?limit=x", 400),
    ]
    stored = PartnerKey.objects.get(pk=key.pk)
    assert stored.request_count == 3 and stored.last_used_at is not None


# --- the Partners admin -------------------------------------------------------------


def login(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(client, django_user_model, db):
    return login(client, django_user_model.objects.create_superuser("root", "r@example.org", "pw"))


def staff_user(django_user_model, *codenames):
    user = django_user_model.objects.create_user("staff", "s@example.org", "pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(codename__in=codenames),
    )
    return user


def test_creating_a_key_shows_it_once(admin_client):
    response = admin_client.post(
        reverse("partner_keys:add"),
        {
            "name": "ECHAlliance news",
            "organisation": "ECHAlliance",
            "clusters": "*",
            "content_types": ["news"],
            "languages": "en",
            "rate_limit": "120",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    (plain,) = re.findall(r"cwk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", html)
    assert "no-store" in response["Cache-Control"]
    key = PartnerKey.objects.get()
    assert (key.clusters, key.content_types, key.languages, key.rate_limit) == (
        ["*"], ["news"], ["en"], 120,
    )  # fmt: skip
    assert key.key_hash == key_hash(plain)
    assert api_get(admin_client, "news", plain).status_code == 200
    for page in (reverse("partner_keys:index"), reverse("partner_keys:edit", args=[key.pk])):
        page_html = admin_client.get(page).content.decode()
        assert plain not in page_html and key.prefix in page_html


def test_the_form_refuses_bad_scopes(admin_client):
    response = admin_client.post(
        reverse("partner_keys:add"),
        {"name": "x", "organisation": "y", "clusters": "Kiel!", "content_types": ["news"],
         "languages": "english", "rate_limit": "60"},
    )  # fmt: skip

    assert response.status_code == 200
    assert not PartnerKey.objects.exists()
    assert set(response.context["form"].errors) == {"clusters", "languages"}


def test_the_list_shows_prefix_scopes_last_use_and_usage(admin_client):
    key, plain = key_make(name="Kiel news", clusters=["kiel"], languages=["en", "de"])
    for _ in range(3):
        api_get(admin_client, "news", plain)

    html = admin_client.get(reverse("partner_keys:index")).content.decode()

    assert "Kiel news" in html and key.prefix in html
    assert "clusters: kiel" in html and "languages: en, de" in html
    assert re.search(r">\s*3\s*<", html)  # the usage count
    assert "Revoke" in html


def test_revoking_from_the_admin(admin_client):
    key, plain = key_make()
    url = reverse("partner_keys:revoke", args=[key.pk])
    assert "Revoke this key?" in admin_client.get(url).content.decode()

    response = admin_client.post(url)

    assert response.status_code == 302
    assert PartnerKey.objects.get(pk=key.pk).revoked_at is not None
    assert api_get(admin_client, "news", plain).status_code == 401
    assert "Revoked" in admin_client.get(reverse("partner_keys:index")).content.decode()


def test_staff_need_the_manage_partner_keys_permission(client, django_user_model, db):
    user = staff_user(django_user_model)
    login(client, user)
    assert client.get(reverse("partner_keys:index")).status_code in (302, 403)
    assert client.post(reverse("partner_keys:add"), {"name": "x"}).status_code in (302, 403)
    assert not PartnerKey.objects.exists()

    user.user_permissions.add(Permission.objects.get(codename="manage_partner_keys"))
    user = django_user_model.objects.get(pk=user.pk)  # no cached permissions
    login(client, user)
    assert client.get(reverse("partner_keys:index")).status_code == 200
    assert client.get(reverse("partner_keys:add")).status_code == 200


def test_nobody_deletes_a_key(admin_client):
    key, _ = key_make()

    response = admin_client.post(reverse("partner_keys:delete", args=[key.pk]))

    assert response.status_code in (302, 403)
    assert PartnerKey.objects.filter(pk=key.pk).exists()
