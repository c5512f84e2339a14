"""Template tags of the base theme: language alternates, the language switcher, the menu."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

register = template.Library()


def language_alternates(context) -> list[dict]:
    """One entry per site language: the URL of this page (or view) in that language."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    names = dict(settings.LANGUAGES)
    urls = {}
    if isinstance(page, Page) and page.pk:
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            urls[translation.locale.language_code] = translation.get_url(request)
    elif request is not None:
        for code in names:
            urls[code] = translate_url(request.get_full_path(), code)
    return [
        {"code": code, "name": names[code], "url": urls.get(code), "current": code == current}
        for code in names
    ]


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    request = context.get("request")
    alternates = [a for a in language_alternates(context) if a["url"]]
    for alternate in alternates:
        if request is not None:
            alternate["url"] = request.build_absolute_uri(alternate["url"])
    return {"alternates": alternates}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    return {"alternates": language_alternates(context)}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site_root = None
    if request is not None:
        from wagtail.models import Locale, Site

        site = Site.find_for_request(request)
        if site is not None:
            site_root = site.root_page.localized
    items = []
    if site_root is not None:
        try:
            locale = Locale.get_active()
            site_root = site_root.get_translation(locale)
        except (Page.DoesNotExist, Locale.DoesNotExist):
            pass
        items = site_root.get_children().live().in_menu().specific()
    return {"items": items, "request": request, "home": site_root}
