"""Services of the cluster site: setting up locales, the home pages and the demo seed."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage, StandardPage


def locales_ensure() -> dict[str, Locale]:
    """A Locale for each language of the cluster, keyed by language code."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


@transaction.atomic
def home_pages_ensure(*, titles: dict[str, str], intros: dict[str, str] | None = None) -> dict:
    """The site's home page in each language (translations of one page), created once.

    The local-language home page becomes the default Site's root; Wagtail's
    placeholder "Welcome" page is removed the first time.
    """
    intros = intros or {}
    locales = locales_ensure()
    local = settings.CLUSTER_LANGUAGE
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locales[local]).first()
    if home is None:
        # Wagtail's migrations leave a placeholder "Welcome" page with the slug we want.
        Page.objects.filter(depth=2, content_type__model="page").delete()
        home = HomePage(
            title=titles[local], slug="home", locale=locales[local], intro=intros.get(local, "")
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home},
        )
    pages = {local: home}
    for code, locale in locales.items():
        if code == local:
            continue
        translated = home.get_translation_or_none(locale)
        if translated is None:
            translated = home.copy_for_translation(locale)
            translated.title = titles.get(code, home.title)
            translated.slug = f"home-{code}"
            translated.intro = intros.get(code, "")
            translated.save_revision().publish()
        pages[code] = translated.specific
    return pages


@transaction.atomic
def standard_page_ensure(*, parents: dict, contents: dict[str, dict]) -> dict:
    """A StandardPage under each language's parent, translations of each other."""
    local = settings.CLUSTER_LANGUAGE
    first = contents[local]
    page = parents[local].get_children().filter(slug=first["slug"]).first()
    if page is None:
        page = _standard_page_fill(StandardPage(locale=parents[local].locale), first)
        parents[local].add_child(instance=page)
        page.save_revision().publish()
    page = page.specific
    pages = {local: page}
    for code, content in contents.items():
        if code == local:
            continue
        translated = page.get_translation_or_none(parents[code].locale)
        if translated is None:
            translated = _standard_page_fill(
                page.copy_for_translation(parents[code].locale), content
            )
            translated.save_revision().publish()
        pages[code] = translated
    return pages


def _standard_page_fill(page: StandardPage, content: dict) -> StandardPage:
    page.title = content["title"]
    page.slug = content["slug"]
    page.intro = content.get("intro", "")
    page.show_in_menus = True
    page.body = [("paragraph", f"<p>{p}</p>") for p in content.get("body", [])]
    return page


def admin_user_ensure(*, username: str, password: str):
    """A superuser for the demo; its password is (re)set so the printed one works."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password(password)
    user.is_staff = user.is_superuser = True
    user.save()
    return user
