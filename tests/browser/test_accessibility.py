"""axe-core on the pages a visitor reads, in both languages of Kiel and in Bulgarian on
Sofia: no serious or critical violation. Every page's findings, lesser ones included,
are kept in test-artifacts/browser/<test>/axe.json."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict

import pytest

from .support import AXE, BLOCKING_IMPACTS, axe_run, shell_json

pytestmark = [pytest.mark.browser, pytest.mark.instances]

SEARCH_TERM = "bio"
# Moderate rules that fail the check on the search pages all the same: the facets' navs
# once shared the language switcher's name ("Language"), and must not again.
SEARCH_BLOCKING_RULES = ("landmark-unique",)
# The address of one page of each kind per language, read from the instance's database.
PAGES_SNIPPET = """
import json
from urllib.parse import urlsplit
from django.conf import settings
from federation.models import MirrorItem
from federation.protocol import DIRECTORY_MEMBER, NEWS_ARTICLE
from plugins.directory.models import DirectoryPage, Member
from plugins.news.models import NewsIndexPage, NewsPage
from plugins.projects.models import ProjectIndexPage, ProjectPage
from sites.core.models import HomePage

def first_page(model, code, order="path"):
    page = model.objects.live().filter(locale__language_code=code).order_by(order).first()
    return urlsplit(page.full_url).path

def first_member(code):
    member = Member.objects.filter(locale__language_code=code).order_by("name").first()
    return urlsplit(member.get_url()).path

def first_mirror(wire_type, code):
    item = MirrorItem.objects.filter(type=wire_type, deleted_at=None).order_by("object_id")[0]
    return f"/{code}/network/{item.origin}/{item.object_id}/"

print(json.dumps({code: {
    "home": first_page(HomePage, code),
    "news-index": first_page(NewsIndexPage, code),
    "news-page": first_page(NewsPage, code, "-date"),
    "network-news-page": first_mirror(NEWS_ARTICLE, code),
    "directory": first_page(DirectoryPage, code),
    "member": first_member(code),
    "network-member": first_mirror(DIRECTORY_MEMBER, code),
    "projects": first_page(ProjectIndexPage, code),
    "project": first_page(ProjectPage, code),
    "search": f"/{code}/search/?q=%(term)s",
    "search-by-type": f"/{code}/search/?q=%(term)s&type=news",
} for code, _ in settings.LANGUAGES}))
"""


def _blocks(violation, *, kind: str) -> bool:
    if kind.startswith("search") and violation.rule in SEARCH_BLOCKING_RULES:
        return True
    return violation.impact in BLOCKING_IMPACTS


@pytest.fixture(scope="module")
def page_paths(network):
    slugs = ("kiel", "sofia")
    with ThreadPoolExecutor(max_workers=len(slugs)) as pool:
        paths = pool.map(
            lambda slug: shell_json(network.instances[slug], PAGES_SNIPPET % {"term": SEARCH_TERM}),
            slugs,
        )
        return dict(zip(slugs, paths, strict=True))


@pytest.mark.parametrize(("cluster", "language"), [("kiel", "de"), ("kiel", "en"), ("sofia", "bg")])
def test_pages_have_no_serious_accessibility_violations(
    network, new_context, screens, page_paths, cluster, language
):
    if not AXE.exists():
        pytest.skip("axe-core is missing: npm ci --prefix tests/browser")
    instance = network.instances[cluster]
    # The sites allow no inline script; the injected axe-core is one.
    page = new_context(bypass_csp=True).new_page()
    findings, blocking = {}, []
    for kind, path in page_paths[cluster][language].items():
        response = page.goto(instance.url + path)
        assert response.status == 200, f"{path}: {response.status}"
        screens(page, kind)
        if kind.startswith("search"):  # checked with the facets shown (language too)
            assert page.locator("nav.search-facet").count() >= 2, f"{path}: no facets"
        violations = axe_run(page)
        findings[path] = [asdict(v) for v in violations]
        blocking += [f"{path}: {v}" for v in violations if _blocks(v, kind=kind)]
    # The home page again as a phone shows it (the header wraps, the menus stack).
    page.set_viewport_size({"width": 375, "height": 740})
    path = page_paths[cluster][language]["home"]
    page.goto(instance.url + path)
    screens(page, "home-narrow")
    violations = axe_run(page)
    findings[f"{path} (375 px wide)"] = [asdict(v) for v in violations]
    blocking += [f"{path} (375 px): {v}" for v in violations if _blocks(v, kind="home")]
    screens.save_json("axe.json", findings)
    assert not blocking, "\n".join(blocking)


def test_the_check_finds_serious_violations(network, new_context, screens):
    """The check above is not blind: an image without a text alternative and faint text
    slipped into a real page are reported, at impacts that fail it."""
    if not AXE.exists():
        pytest.skip("axe-core is missing: npm ci --prefix tests/browser")
    page = new_context(bypass_csp=True).new_page()
    page.goto(network.kiel.url + "/en/")
    assert not [v for v in axe_run(page) if v.impact in BLOCKING_IMPACTS]
    page.locator("main").evaluate(
        "(main, html) => main.insertAdjacentHTML('beforeend', html)",
        '<img src="/static/theme/favicon.svg"><p style="color:#bbb; background:#fff">faint</p>',
    )
    screens(page, "seeded-with-violations")
    found = {(v.rule, v.impact) for v in axe_run(page)}
    assert {("image-alt", "critical"), ("color-contrast", "serious")} <= found
