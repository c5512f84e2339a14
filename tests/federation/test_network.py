"""Federation between real instances: separate processes, separate SQLite databases,
signed HTTP on loopback. Sofia publishes; Kiel (and a fresh Kraków) pull.

The tests of this module run in order against one small network.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from sites.instance import Instance, free_port, network_connect

pytestmark = pytest.mark.instances

NEWS_PAGE_SNIPPET = """
import json
from wagtail.models import Locale
from plugins.news.models import NewsIndexPage, NewsPage
index = NewsIndexPage.objects.get(locale__language_code="bg")
page = NewsPage(title={title!r}, slug={slug!r}, summary="Кратко резюме", locale=index.locale)
index.add_child(instance=page)
page.save_revision().publish()
print(json.dumps({{"key": str(page.translation_key), "id": page.id}}))
"""

TRANSLATE_SNIPPET = """
from wagtail.models import Locale
from plugins.news.models import NewsPage
page = NewsPage.objects.get(id={id})
english = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
english.title = {title!r}
english.save_revision().publish()
"""

RETITLE_SNIPPET = """
from plugins.news.models import NewsPage
page = NewsPage.objects.get(id={id})
page.title = {title!r}
page.save_revision().publish()
"""

UNPUBLISH_SNIPPET = """
from plugins.news.models import NewsPage
for page in NewsPage.objects.filter(translation_key={key!r}):
    page.unpublish()
"""

DELETE_SNIPPET = """
from plugins.news.models import NewsPage
NewsPage.objects.get(id={id}).delete()
"""

MIRRORS_SNIPPET = """
import json
from federation.models import MirrorItem
print(json.dumps({
    str(i.object_id): {"deleted": i.deleted_at is not None,
                       "languages": sorted(t.language for t in i.translations.all())}
    for i in MirrorItem.objects.prefetch_related("translations")
}))
"""

RUNS_SNIPPET = """
import json
from federation.models import SyncRun
print(json.dumps([
    {"before": r.cursor_before, "after": r.cursor_after, "created": r.created, "ok": r.ok,
     "pages": r.pages}
    for r in SyncRun.objects.order_by("id")
]))
"""


FEED_COUNTS_SNIPPET = """
import json
from django.db.models import Count
from federation.models import ChangeEntry
counts = dict(ChangeEntry.objects.values_list("action").annotate(n=Count("seq")))
print(json.dumps({"upsert": counts.get("upsert", 0), "delete": counts.get("delete", 0)}))
"""


def prepare(instance: Instance, *, seed: bool) -> Instance:
    instance.manage("migrate", "--noinput", "-v0")
    if seed:
        instance.manage("demo", "seed")
    return instance


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    var = tmp_path_factory.mktemp("network")
    sofia = Instance(slug="sofia", port=free_port(), var_dir=var, web_workers=1)
    kiel = Instance(slug="kiel", port=free_port(), var_dir=var, web_workers=1)
    krakow = Instance(slug="krakow", port=free_port(), var_dir=var, web_workers=1)
    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(lambda args: prepare(*args[:1], seed=args[1]), [
            (sofia, True), (kiel, True), (krakow, False),
        ]))  # fmt: skip
    network_connect([sofia, kiel, krakow], {"sofia": "BHC Bulgaria"})
    for instance in (sofia, kiel, krakow):
        instance.start(worker=False)
    yield {"sofia": sofia, "kiel": kiel, "krakow": krakow}
    for instance in (sofia, kiel, krakow):
        instance.stop()


def shell_json(instance: Instance, code: str):
    return json.loads(instance.shell(code).strip().splitlines()[-1])


def listing(instance: Instance, path: str) -> str:
    response = requests.get(instance.url + path, timeout=10)
    assert response.status_code == 200
    return response.text


def sync(instance: Instance, *args: str) -> str:
    return instance.manage("federation", "sync", "--peer", "sofia", *args)


def test_initial_sync_brings_the_peers_news_and_members(network):
    sofia, kiel = network["sofia"], network["kiel"]
    feed_size = int(
        sofia.shell("from federation.models import ChangeEntry as C; print(C.objects.count())")
    )
    output = sync(kiel)
    assert f"sofia: 1 pages, {feed_size} created" in output
    mirrors = shell_json(kiel, MIRRORS_SNIPPET)
    assert len(mirrors) == feed_size
    english_news = listing(kiel, "/en/news/")
    assert "BHC Bulgaria" in english_news  # attributed to its cluster
    assert "/en/network/sofia/" in english_news
    assert "BioCenter Sofia" in listing(kiel, "/en/projects/")  # projects are shared too
    # A second sync is one request and changes nothing.
    assert "0 created, 0 updated, 0 deleted" in sync(kiel)


def test_a_new_page_and_its_translation_follow(network):
    sofia, kiel = network["sofia"], network["kiel"]
    page = shell_json(sofia, NEWS_PAGE_SNIPPET.format(title="Тестова новина", slug="testova"))
    sync(kiel)
    assert shell_json(kiel, MIRRORS_SNIPPET)[page["key"]]["languages"] == ["bg"]
    # Kiel shows German and English: a Bulgarian-only item has nothing to show yet.
    assert "Test news item" not in listing(kiel, "/en/news/")

    sofia.shell(TRANSLATE_SNIPPET.format(id=page["id"], title="Test news item"))
    sync(kiel)
    assert shell_json(kiel, MIRRORS_SNIPPET)[page["key"]]["languages"] == ["bg", "en"]
    assert "Test news item" in listing(kiel, "/en/news/")
    assert "Test news item" in listing(kiel, "/de/neuigkeiten/")  # English fallback
    network["page"] = page


def test_an_update_replaces_the_copy(network):
    sofia, kiel = network["sofia"], network["kiel"]
    page = network["page"]
    sofia.shell(RETITLE_SNIPPET.format(id=page["id"], title="Обновена новина"))
    assert "1 updated" in sync(kiel)
    detail = listing(kiel, f"/en/network/sofia/{page['key']}/")
    assert "Test news item" in detail  # the English translation is still the one shown
    bulgarian = shell_json(kiel, MIRRORS_SNIPPET)[page["key"]]
    assert bulgarian["languages"] == ["bg", "en"]


def test_unpublishing_removes_the_copy(network):
    sofia, kiel = network["sofia"], network["kiel"]
    page = network["page"]
    sofia.shell(UNPUBLISH_SNIPPET.format(key=page["key"]))
    assert "1 deleted" in sync(kiel)
    assert shell_json(kiel, MIRRORS_SNIPPET)[page["key"]]["deleted"] is True
    assert "Test news item" not in listing(kiel, "/en/news/")
    gone = requests.get(f"{kiel.url}/en/network/sofia/{page['key']}/", timeout=10)
    assert gone.status_code == 404


def test_deleting_removes_the_copy(network):
    sofia, kiel = network["sofia"], network["kiel"]
    page = shell_json(sofia, NEWS_PAGE_SNIPPET.format(title="За изтриване", slug="iztrivane"))
    sync(kiel)
    assert shell_json(kiel, MIRRORS_SNIPPET)[page["key"]]["deleted"] is False
    sofia.shell(DELETE_SNIPPET.format(id=page["id"]))
    assert "1 deleted" in sync(kiel)
    assert shell_json(kiel, MIRRORS_SNIPPET)[page["key"]]["deleted"] is True


def test_a_receiver_restarted_mid_sync_resumes_from_its_cursor(network):
    sofia, krakow = network["sofia"], network["krakow"]
    feed = shell_json(sofia, FEED_COUNTS_SNIPPET)
    assert "sofia: 1 pages, 3 created" in sync(krakow, "--limit", "3", "--max-pages", "1")
    krakow.stop()
    krakow.start(worker=False)
    sync(krakow, "--limit", "3")
    runs = shell_json(krakow, RUNS_SNIPPET)
    assert runs[1]["before"] == runs[0]["after"] != ""
    assert runs[0]["created"] + runs[1]["created"] == feed["upsert"]
    # Tombstones are kept too, so that an older copy can never come back.
    assert len(shell_json(krakow, MIRRORS_SNIPPET)) == feed["upsert"] + feed["delete"]


def test_a_push_notice_brings_a_publication_within_seconds(network):
    sofia, kiel = network["sofia"], network["kiel"]
    sofia.start_worker()
    kiel.start_worker()
    page = shell_json(sofia, NEWS_PAGE_SNIPPET.format(title="Бърза новина", slug="barza"))
    sofia.shell(TRANSLATE_SNIPPET.format(id=page["id"], title="Pushed news item"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if "Pushed news item" in listing(kiel, "/en/news/"):
            break
        time.sleep(0.5)
    else:
        pytest.fail("the publication did not reach Kiel through a push notice")
    runs = shell_json(kiel, RUNS_SNIPPET.replace('order_by("id")', "filter(trigger='notify')"))
    assert runs and all(r["ok"] for r in runs)
