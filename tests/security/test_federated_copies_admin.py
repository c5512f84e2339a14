"""No admin URL lets anyone (a superuser included) create, change or delete a federated
copy: every URL of every admin viewset on a mirror model, every admin URL that names a
mirror, and the generic bulk-action URL, enumerated from the URL configuration so that a
URL added later is covered too. (tests/federation/admin/test_content.py checks the
Federated content screens by name; this enumerates.)"""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.viewsets import viewsets

from federation.models import MirrorImage, MirrorItem, MirrorTranslation
from tests.federation.admin.conftest import login, mirror_item_make

pytestmark = pytest.mark.django_db

READ_VIEWS = {"index", "index_results", "history", "history_results", "usage", "inspect"}
BULK_ACTIONS = ("delete", "edit", "publish", "unpublish", "move", "add_tags", "set_privacy")


def mirror_models():
    """Every federation model that holds peers' data (Mirror*)."""
    return [
        m for m in apps.get_app_config("federation").get_models() if m.__name__.startswith("Mirror")
    ]


def admin_patterns():
    """(full name or None, route, URLPattern) of every URL under /admin/."""
    found = []

    def walk(resolver, prefix, namespaces):
        for item in resolver.url_patterns:
            route = prefix + str(item.pattern)
            if isinstance(item, URLResolver):
                walk(item, route, namespaces + ([item.namespace] if item.namespace else []))
            elif isinstance(item, URLPattern) and route.startswith("admin/"):
                name = ":".join([*namespaces, item.name]) if item.name else None
                found.append((name, route, item))

    walk(get_resolver(), "", [])
    return found


def mirror_viewset_namespaces() -> dict[str, type]:
    """{URL namespace: model} of every admin viewset (snippets too) on a mirror model."""
    models = set(mirror_models())
    found = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if model in models:
            found[viewset.url_namespace] = model
    return found


@pytest.fixture
def federated(db):
    """One federated item with a translation and an image, and a snapshot function."""
    item = mirror_item_make(titles={"en": "A network story"}, revision=7)
    data = b"\x89PNG not really"
    image = MirrorImage(
        sha256=hashlib.sha256(data).hexdigest(),
        origin="sofia",
        content_type="image/png",
        width=1,
        height=1,
    )
    image.file.save("x.png", ContentFile(data), save=False)
    image.save()
    objects = {
        MirrorItem: item,
        MirrorTranslation: item.translations.get(),
        MirrorImage: image,
    }

    def snapshot():
        return {
            model.__name__: sorted(
                (str(row.pk), sorted(model_to_dict(row).items(), key=str))
                for row in model.objects.all()
            )
            for model in mirror_models()
        }

    return objects, snapshot


def url_for(route_name, pattern, obj, model):
    kwargs = {}
    for name, converter in pattern.pattern.converters.items():
        if name == "app_label":
            kwargs[name] = model._meta.app_label
        elif name == "model_name":
            kwargs[name] = model._meta.model_name
        elif type(converter).__name__ == "IntConverter":
            kwargs[name] = obj.pk
        else:
            kwargs[name] = str(obj.pk)
    return reverse(route_name, kwargs=kwargs)


def targets(objects):
    """(label, url, read_only) of every admin URL that could touch a federated copy."""
    patterns = admin_patterns()  # loads the admin's URLs, and so registers its viewsets
    namespaces = mirror_viewset_namespaces()
    found = []
    for name, route, pattern in patterns:
        if not name:
            continue
        namespace, _, view = name.rpartition(":")
        if namespace in namespaces:
            model = namespaces[namespace]
        elif "mirror" in name.lower() or "mirror" in route.lower():
            model = MirrorItem
        else:
            continue
        url = url_for(name, pattern, objects.get(model, objects[MirrorItem]), model)
        found.append((name, url, view in READ_VIEWS))
    for model in mirror_models():
        pk = objects[model].pk if model in objects else 1
        for action in BULK_ACTIONS:
            url = reverse(
                "wagtail_bulk_action",
                args=[model._meta.app_label, model._meta.model_name, action],
            )
            found.append((f"bulk {action} {model.__name__}", f"{url}?id={pk}", False))
    return found


def test_the_enumeration_finds_the_federated_content_screens(federated):
    """Guards the test below: it really enumerates the federated content's admin URLs."""
    objects, _ = federated
    labels = {label for label, _, _ in targets(objects)}

    assert {"federation_content:add", "federation_content:edit", "federation_content:delete"} <= (
        labels
    )
    assert "bulk delete MirrorItem" in labels


def test_no_admin_url_creates_changes_or_deletes_a_federated_copy(
    client, django_user_model, federated
):
    """Guards: the read-only permission policy of the federated copies (MirrorItem,
    MirrorTranslation) and that no viewset, snippet or bulk action writes them: for a
    superuser every write URL (and every POST) answers 403/404/405, and the database is
    unchanged."""
    objects, snapshot = federated
    login(client, django_user_model.objects.create_superuser("root", "r@x.org", "pw"))
    before = snapshot()
    attack = {
        "origin": "evil",
        "type": "news.article",
        "revision": "99",
        "title": "Changed",
        "language": "en",
        "object_id": "00000000-0000-0000-0000-000000000000",
        "id": [str(obj.pk) for obj in objects.values()],
    }
    failures = []

    for label, url, read_only in targets(objects):
        # Followed: a 404 under /admin/ comes back as LocaleMiddleware's redirect to /pl/...
        for method in ("get", "post"):
            data = attack if method == "post" else None
            status = getattr(client, method)(url, data, follow=True).status_code
            if method == "get" and read_only:
                ok = status in (200, 403)  # reading is not the question here
            else:
                ok = status in (403, 404, 405)
            if not ok:
                failures.append(f"{method.upper()} {url} ({label}) -> {status}")

    assert failures == [], "\n".join(failures)
    assert snapshot() == before
