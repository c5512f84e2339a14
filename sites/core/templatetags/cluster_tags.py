"""Template tags of the base theme: language alternates, the language switcher, the menu,
pagination links and country names for the footer."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from sites.core.fragments import fragment_cached

register = template.Library()


def language_alternates(context) -> list[dict]:
    """One entry per site language: the URL of this page (or view) in that language.

    Computed once per request and page (the hreflang links and the language switcher
    both ask); each caller gets its own copies of the entries to change.
    """
    request = context.get("request")
    page = context.get("page")
    memo_key = (getattr(page, "pk", None), get_language())
    memo = getattr(request, "_language_alternates", None) if request is not None else None
    if memo is None or memo_key not in memo:
        alternates = _alternates_compute(request, page)
        if request is not None:
            request._language_alternates = {**(memo or {}), memo_key: alternates}
    else:
        alternates = memo[memo_key]
    return [dict(alternate) for alternate in alternates]


def _alternates_compute(request, page) -> list[dict]:
    current = get_language()
    names = dict(settings.LANGUAGES)
    if isinstance(page, Page) and page.pk:
        urls = _translation_urls_cached(request, page)
    elif request is not None:
        urls = {code: translate_url(request.get_full_path(), code) for code in names}
    else:
        urls = {}
    return [
        {
            "code": code,
            "name": names[code],
            "url": urls.get(code),
            "home_url": f"/{code}/",
            "current": code == current,
        }
        for code in names
    ]


def _translation_urls_cached(request, page) -> dict[str, str]:
    """{language code: URL} of the live translations of ``page``, a cached fragment:
    URLs depend on the pages' slugs and the sites' roots, all of which a change of
    content generation follows."""

    def compute():
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        return {t.locale.language_code: t.get_url(request) for t in translations}

    if request is None:
        return compute()
    site = _site(request)
    return fragment_cached(
        name="translations",
        parts=(getattr(site, "pk", None), page.pk),
        compute=compute,
        request=request,
    )


def _site(request):
    """The request's site as Wagtail finds it, from the cache within a generation (a
    view outside the page tree would otherwise read the sites once per request)."""
    from sites.core.routing import site_for_request

    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = site_for_request(request=request)
    return request._wagtail_site


def _page_fragment(context, name: str, template_name: str, make_context, parts=()) -> str:
    """``template_name`` rendered with ``make_context()``: cached per generation, site,
    language, page and ``parts`` when the context's page is a Wagtail page; rendered
    per request otherwise (a view's alternates follow its path and query string)."""
    request, page = context.get("request"), context.get("page")

    def render():
        return render_to_string(template_name, make_context())

    if request is None or not isinstance(page, Page) or not page.pk:
        return mark_safe(render())  # noqa: S308 - a template's output, escaped as it rendered
    html = fragment_cached(
        name=f"html:{name}",
        parts=(getattr(_site(request), "pk", None), get_language(), page.pk, *parts),
        compute=render,
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - as above


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """<link rel="alternate"> per existing translation, plus x-default: the cluster's
    own language, which is where the bare domain redirects visitors without a match.
    Absolute URLs: cached per scheme and host too."""
    request = context.get("request")
    parts = (request.scheme, request.get_host()) if request is not None else ()
    return _page_fragment(
        context, "hreflang", "includes/hreflang.html", lambda: _hreflang_context(context), parts
    )


def _hreflang_context(context) -> dict:
    request = context.get("request")
    alternates = [a for a in language_alternates(context) if a["url"]]
    for alternate in alternates:
        if request is not None:
            alternate["url"] = request.build_absolute_uri(alternate["url"])
    local = next((a for a in alternates if a["code"] == settings.LANGUAGE_CODE), None)
    if local is not None and len(alternates) > 1:
        alternates.append({**local, "code": "x-default"})
    return {"alternates": alternates}


@register.simple_tag(takes_context=True)
def language_switcher(context):
    return _page_fragment(
        context,
        "language_switcher",
        "includes/language_switcher.html",
        lambda: {"alternates": language_alternates(context)},
    )


@register.simple_tag(takes_context=True)
def canonical_link(context):
    """<link rel="canonical"> to the page's full URL (nothing outside the page tree)."""
    page = context.get("page")
    if not isinstance(page, Page):
        return ""
    return _page_fragment(
        context, "canonical", "includes/canonical.html", lambda: {"url": page.full_url}
    )


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The live in-menu children of the site's home page in the active language (the
    site's root page where that language has no translation), each {title, url,
    current}: a cached fragment, two queries when the content generation changed."""
    request = context.get("request")
    if request is None:
        return {"items": []}
    site = _site(request)
    if site is None:
        return {"items": []}
    items = fragment_cached(
        name="main_menu",
        parts=(site.pk, get_language()),
        compute=lambda: _menu_items(request, site),
        request=request,
    )
    return {"items": [{**item, "current": item["url"] == request.path} for item in items]}


def _menu_items(request, site) -> list[dict]:
    home = _home_localized(site.root_page)
    return [
        {"title": page.title, "url": page.get_url(request)}
        for page in home.get_children().live().in_menu()
    ]


def _home_localized(root: Page) -> Page:
    """``root``'s translation in the active language, live or not, else ``root``."""
    try:
        code = get_supported_content_language_variant(get_language())
    except LookupError:
        return root
    translation = Page.objects.filter(
        translation_key=root.translation_key, locale__language_code=code
    ).first()
    return translation or root


@register.simple_tag
def page_numbers(page_obj) -> list[int | None]:
    """The page numbers to link for a Django Page object; None marks a gap ("…")."""
    paginator = page_obj.paginator
    return [
        number if isinstance(number, int) else None
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ]


@register.simple_tag(takes_context=True)
def page_href(context, number) -> str:
    """The URL of page ``number`` of the current list, keeping the other GET parameters
    (filters, search terms); page 1 is the bare URL so it has one address only."""
    request = context["request"]
    params = _parameters_but_page(request)
    if int(number) != 1:
        params = [*params, ("page", number)]
    query = urlencode(params)
    return f"{request.path}?{query}" if query else request.path


def _parameters_but_page(request) -> list[tuple[str, str]]:
    """The GET parameters but "page", in order; once per request (a listing links
    up to ten pages, and copying the QueryDict for each cost more than the rest)."""
    memo = getattr(request, "_parameters_but_page", None)
    if memo is None:
        memo = [(k, v) for k, values in request.GET.lists() if k != "page" for v in values]
        request._parameters_but_page = memo
    return memo


# The network's countries; any other code is shown as it is written in the cluster file.
COUNTRY_NAMES = {
    "BG": _("Bulgaria"),
    "DE": _("Germany"),
    "PL": _("Poland"),
    "TR": _("Türkiye"),
}


@register.filter
def country_name(code) -> str:
    """The name of an ISO 3166-1 alpha-2 country code in the active language."""
    return COUNTRY_NAMES.get(str(code).upper(), code)


@register.inclusion_tag("includes/head_links.html", takes_context=True)
def head_links(context):
    from plugins.core.hooks import hook_call_flat

    request = context.get("request")
    return {"links": hook_call_flat("register_head_links", request=request) if request else []}


@register.inclusion_tag("includes/header_items.html", takes_context=True)
def header_items(context):
    from plugins.core.hooks import hook_call_flat

    request = context.get("request")
    items = hook_call_flat("register_header_items", request=request) if request else []
    return {"items": sorted(items, key=lambda item: item.order), "request": request}


class FragmentNode(template.Node):
    def __init__(self, nodelist, name: str, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        values = [str(part.resolve(context)) for part in self.parts]
        html = fragment_cached(
            name=f"html:{self.name}",
            parts=(getattr(_site(request), "pk", None), get_language(), *values),
            compute=lambda: str(self.nodelist.render(context)),
            request=request,
        )
        return mark_safe(html)  # noqa: S308 - the template's own output, escaped as it rendered


@register.tag
def fragment(parser, token):
    """``{% fragment "name" var ... %}…{% endfragment %}``: the enclosed HTML cached per
    content generation, site, language and the values of ``var ...`` (what else the
    HTML depends on: the page, the page number, the filters). Put nothing inside that
    depends on the visitor (their session, user or CSRF token)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return FragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
