"""The base theme and the cluster themes: files, tokens, contrast, rendering, override."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory, override_settings
from django.utils import translation

from sites.cluster import cluster_path, cluster_read, cluster_slugs
from sites.core.context_processors import cluster as cluster_context

from .css import contrast_ratio, css_strip_comments, token_resolve, tokens_read, tokens_rules

ROOT = Path(__file__).resolve().parents[2]
THEMES = ROOT / "themes"
BASE = THEMES / "base"
THEME_NAMES = sorted(
    d.name for d in THEMES.iterdir() if d.is_dir() and (d / "static" / "theme").is_dir()
)
CLUSTER_THEMES = [name for name in THEME_NAMES if name != "base"]
SVG = "{http://www.w3.org/2000/svg}"


def _theme_tokens(name: str) -> dict[str, str]:
    """The tokens a page of this theme sees: the base defaults, then the theme's own."""
    return {
        **tokens_read(BASE / "static/theme/tokens.css"),
        **tokens_read(THEMES / name / "static/theme/tokens.css"),
    }


def _cluster_for_theme(name: str) -> dict:
    for slug in cluster_slugs():
        data = cluster_read(path=cluster_path(slug=slug)).data
        if data.get("theme") == name:
            return data
    raise LookupError(f"no cluster file uses theme {name!r}")


def _collected_paths() -> set[str]:
    """The static paths collectstatic (and whitenoise) would serve, as collectstatic
    computes them: a STATICFILES_DIRS prefix is joined to each listed file."""
    return {
        os.path.join(getattr(storage, "prefix", None) or "", path)
        for finder in finders.get_finders()
        for path, storage in finder.list([])
    }


# --- files and tokens ------------------------------------------------------------


def test_every_seed_cluster_has_a_theme_folder():
    themes = {cluster_read(path=cluster_path(slug=s)).data["theme"] for s in cluster_slugs()}
    assert themes == {"izmir", "sofia", "lublin", "kiel", "krakow"}
    assert themes <= set(THEME_NAMES)


@pytest.mark.parametrize("name", THEME_NAMES)
def test_tokens_file_declares_custom_properties_only(name):
    rules = tokens_rules(THEMES / name / "static/theme/tokens.css")
    assert rules, "tokens.css declares nothing"
    for selector, declarations in rules:
        assert selector == ":root", f"rule outside :root in {name}: {selector!r} {declarations}"
        for declaration in declarations:
            assert declaration.startswith("--"), f"{name}: {declaration!r} is not a token"


@pytest.mark.parametrize("name", CLUSTER_THEMES)
def test_cluster_theme_overrides_only_known_tokens(name):
    base = tokens_read(BASE / "static/theme/tokens.css")
    own = tokens_read(THEMES / name / "static/theme/tokens.css")
    assert "--color-brand" in own, "a cluster theme has its own brand colour"
    assert set(own) <= set(base), f"unknown tokens: {set(own) - set(base)}"


def test_cluster_brand_colours_are_distinct():
    brands = [_theme_tokens(name)["--color-brand"].lower() for name in THEME_NAMES]
    assert len(set(brands)) == len(brands)


# (foreground, background, minimum ratio): text 4.5:1, focus ring 3:1 (WCAG 1.4.3, 1.4.11)
CONTRAST_PAIRS = [
    ("--color-text", "--color-surface", 4.5),
    ("--color-text", "--color-surface-alt", 4.5),
    ("--color-muted", "--color-surface", 4.5),
    ("--color-muted", "--color-surface-alt", 4.5),
    ("--color-link", "--color-surface", 4.5),
    ("--color-link", "--color-surface-alt", 4.5),
    ("--color-link-hover", "--color-surface", 4.5),
    ("--color-brand-contrast", "--color-brand", 4.5),
    ("--color-brand-contrast", "--color-brand-strong", 4.5),
    # Plugins put light text on the accent colour (e.g. a "running" project badge).
    ("--color-brand-contrast", "--color-accent", 4.5),
    ("--color-focus", "--color-surface", 3),
    ("--color-focus", "--color-surface-alt", 3),
    ("--color-focus-on-brand", "--color-brand", 3),
]


@pytest.mark.parametrize("name", THEME_NAMES)
@pytest.mark.parametrize(("foreground", "background", "minimum"), CONTRAST_PAIRS)
def test_colour_pairs_meet_wcag_aa(name, foreground, background, minimum):
    tokens = _theme_tokens(name)
    ratio = contrast_ratio(token_resolve(tokens, foreground), token_resolve(tokens, background))
    assert ratio >= minimum, f"{name}: {foreground} on {background} is {ratio:.2f}:1"


def test_base_css_uses_only_tokens_for_colours_and_defines_no_tokens():
    css = css_strip_comments((BASE / "static/theme/base.css").read_text(encoding="utf-8"))
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgb|rgba|hsl|hsla)\(", css)
    assert not re.findall(r"^\s*--[\w-]+\s*:", css, re.M), "tokens belong in tokens.css"
    defined = set(tokens_read(BASE / "static/theme/tokens.css"))
    used = set(re.findall(r"var\((--[\w-]+)", css))
    assert used <= defined, f"base.css uses undefined tokens: {used - defined}"


@pytest.mark.parametrize(
    "path",
    [
        "base-theme/tokens.css",
        "theme/tokens.css",
        "theme/base.css",
        "theme/favicon.svg",
    ],
)
def test_base_theme_static_files_are_found_and_collected(path):
    assert finders.find(path), path
    # finders.find() alone is not enough: collectstatic and whitenoise use list().
    assert path in _collected_paths()


@pytest.mark.parametrize("name", CLUSTER_THEMES)
def test_cluster_theme_files_exist(name):
    folder = THEMES / name
    for relative in (
        "static/theme/tokens.css",
        "static/theme/logo.svg",
        "static/theme/favicon.svg",
        "templates/base.html",
    ):
        assert (folder / relative).is_file(), f"{name}: {relative} is missing"


@pytest.mark.parametrize("name", CLUSTER_THEMES)
def test_logo_is_a_wordmark_of_the_short_name_in_the_brand_colour(name):
    # Our own repository file, not untrusted input.
    logo = ET.parse(THEMES / name / "static/theme/logo.svg").getroot()  # noqa: S314
    cluster = _cluster_for_theme(name)
    text = logo.find(f"{SVG}text")
    assert text is not None and text.text == cluster["short_name"][cluster["language"]]
    assert text.get("fill").lower() == _theme_tokens(name)["--color-brand"].lower()
    assert logo.find(f"{SVG}title").text == text.text, "the SVG names itself for screen readers"


@pytest.mark.parametrize("name", THEME_NAMES)
def test_favicon_uses_the_brand_colour(name):
    icon = ET.parse(THEMES / name / "static/theme/favicon.svg").getroot()  # noqa: S314
    brand = _theme_tokens(name)["--color-brand"].lower()
    assert icon.find(f"{SVG}rect").get("fill").lower() == brand


@pytest.mark.parametrize("name", CLUSTER_THEMES)
def test_cluster_base_template_only_overrides_the_brand_block(name):
    source = (THEMES / name / "templates/base.html").read_text(encoding="utf-8")
    assert source.startswith('{% extends "layout.html" %}')
    assert re.findall(r"{%\s*block\s+(\w+)", source) == ["brand"]
    assert "theme/logo.svg" in source


def test_base_theme_base_template_is_the_layout():
    assert (BASE / "templates/base.html").read_text().strip() == '{% extends "layout.html" %}'
    assert Path(get_template("base.html").origin.name) == BASE / "templates/base.html"


# --- the cluster theme override, in a real process per cluster -----------------------

_PROBE = """
import json
import os
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from sites.core.context_processors import cluster
request = RequestFactory().get("/")
print(json.dumps({
    "origin": get_template("base.html").origin.name,
    "html": render_to_string("base.html", cluster(request)),
    "tokens": finders.find("theme/tokens.css"),
    "base_tokens": finders.find("base-theme/tokens.css"),
    "listed": sorted(
        os.path.join(getattr(s, "prefix", None) or "", p)
        for f in finders.get_finders() for p, s in f.list([])
    ),
}))
"""


@pytest.mark.parametrize("name", CLUSTER_THEMES)
def test_cluster_theme_templates_and_static_files_win(name, tmp_path):
    slug = _cluster_for_theme(name)["slug"]
    env = {k: v for k, v in os.environ.items() if k != "CLUSTER_FILE"}
    env |= {"CLUSTER": slug, "DJANGO_SETTINGS_MODULE": "sites.settings.dev"}
    env["VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", _PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(probe["origin"]) == THEMES / name / "templates/base.html"
    assert Path(probe["tokens"]) == THEMES / name / "static/theme/tokens.css"
    assert Path(probe["base_tokens"]) == BASE / "static/theme/tokens.css"
    # What collectstatic and whitenoise serve: every file the layout links.
    assert {"theme/base.css", "theme/tokens.css", "theme/logo.svg", "base-theme/tokens.css"} <= set(
        probe["listed"]
    )
    brand = re.search(r'<a class="site-brand"[^>]*>(.*?)</a>', probe["html"], re.S).group(1)
    assert 'src="/static/theme/logo.svg"' in brand
    # The rest of the page still comes from the base layout.
    assert 'href="/static/base-theme/tokens.css"' in probe["html"]
    assert 'href="/static/theme/tokens.css"' in probe["html"]
    assert '<main id="main"' in probe["html"]


# --- rendering with the test cluster (theme "base") ------------------------------------


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


@pytest.mark.django_db
def test_home_page_has_landmarks_skip_link_and_language(client, home_pages):
    html = client.get("/pl/").text
    assert '<html lang="pl">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert re.search(r'<nav class="site-nav" aria-label="[^"]+">', html)
    assert 'href="/static/theme/base.css"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "en"])
def test_home_page_hreflang_alternates_and_x_default(client, home_pages, language):
    html = client.get(f"/{language}/").text
    assert _alternates(html) == {
        "pl": "http://testserver/pl/",
        "en": "http://testserver/en/",
        "x-default": "http://testserver/pl/",
    }


@pytest.mark.django_db
def test_language_switcher_links_the_other_language_in_its_own_language(client, home_pages):
    html = client.get("/pl/").text
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert '<span aria-current="true" lang="pl">Polski</span>' in switcher
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in switcher


@pytest.mark.django_db
def test_footer_shows_the_cluster_contact(client, home_pages):
    html = client.get("/en/").text
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert "Test Cluster" in footer and "Lublin, Poland" in footer


def test_footer_shows_every_contact_fact_it_is_given():
    contact = {
        "organisation": "Example Park S.A.",
        "role": "Cluster office",
        "address": "ul. Przykładowa 1, 20-000 Lublin",
        "phone": "+48 81 000 00 00",
        "city": "Lublin",
        "country": "PL",
    }
    request = RequestFactory().get("/en/")
    with (
        override_settings(CLUSTER={**settings.CLUSTER, "contact": contact}),
        translation.override("en"),
    ):
        html = render_to_string("includes/footer.html", cluster_context(request))
    assert "Example Park S.A., Cluster office" in html
    assert "ul. Przykładowa 1, 20-000 Lublin, Poland" in html
    assert '<a href="tel:+48810000000">+48 81 000 00 00</a>' in html


@pytest.mark.django_db
def test_home_page_json_ld_is_valid_json(client, home_pages):
    html = client.get("/en/").text
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(script.group(1))
    assert data["@type"] == "Organization" and data["name"] == "Test Cluster"
    assert data["address"]["addressCountry"] == "PL"


@pytest.mark.django_db
def test_missing_page_uses_the_themed_404(client, home_pages):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert '<meta name="robots" content="noindex">' in response.text
    assert '<main id="main"' in response.text
    assert not _alternates(response.text)


def test_500_page_renders_without_request_or_context_processors():
    html = get_template("500.html").render({})
    assert "<html lang=" in html and "<h1>" in html
    assert "{%" not in html and "static/" not in html


# --- pagination include -----------------------------------------------------------------


def _pagination(url: str, number: int, count: int = 200) -> str:
    page_obj = Paginator(range(count), 10).page(number)
    request = RequestFactory().get(url)
    return render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)


def test_pagination_keeps_other_parameters_and_marks_the_current_page():
    html = _pagination("/en/news/?q=bio&page=7&sector=health", 7)
    assert '<span aria-current="page">' in html and ">7</span>" in html
    assert 'href="/en/news/?q=bio&amp;sector=health&amp;page=6" rel="prev"' in html
    assert 'href="/en/news/?q=bio&amp;sector=health&amp;page=8" rel="next"' in html
    # The first page has no page parameter; far pages collapse into a gap.
    assert 'href="/en/news/?q=bio&amp;sector=health"' in html
    assert 'class="pagination__gap"' in html
    assert "page=20" in html and "page=12" not in html


def test_pagination_from_page_two_back_to_page_one_drops_the_parameter():
    html = _pagination("/en/news/?page=2", 2)
    assert 'href="/en/news/" rel="prev"' in html


def test_pagination_renders_nothing_for_a_single_page():
    assert _pagination("/en/news/", 1, count=5).strip() == ""
