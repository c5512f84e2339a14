"""The directory page's two routes: the filtered A–Z listing and one member's page."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.models import Site

from sites.core.fragments import CachedSequence, fragment_cached
from sites.core.templatetags.cluster_tags import language_alternates

from . import selectors
from .forms import DirectoryFilterForm
from .jsonld import jsonld_script_content, member_jsonld


def directory_index(request, *, page):
    """``page`` (a DirectoryPage) with its members, filtered by valid GET parameters.

    The facets, the count and the cards of a page of members are cached fragments
    (sites/core/fragments.py): members, sectors and pages are content, so any change
    of them makes a new generation.
    """
    site = Site.find_for_request(request)
    form, filters = _filter_form(request, page=page)
    cards = CachedSequence(
        lambda: MemberCards(page=page, filters=filters, request=request),
        name="member_cards",
        parts=(getattr(site, "pk", None), page.pk, tuple(sorted(filters.items()))),
        request=request,
    )
    page_size = apps.get_app_config("directory").options["page_size"]
    page_obj = Paginator(cards, page_size).get_page(request.GET.get("page"))
    return page.render(
        request,
        context_overrides={
            "filter_form": form,
            "filtered": bool(filters),
            "page_obj": page_obj,
            "members": list(page_obj),
            "member_total": page_obj.paginator.count,
            # What the cached form and cards depend on besides the page and language
            # (the form shows invalid values as unselected: only valid ones count).
            "filter_key": tuple(sorted(filters.items())),
            "listing_key": (tuple(sorted(filters.items())), page_obj.number),
        },
    )


def _filter_form(request, *, page):
    """The filter form and its valid filters. Without a filter among the parameters
    there is nothing to validate, and the form is only made if the cached form's HTML
    is missing (it is most of the cost of an unfiltered page)."""

    def form_make():
        facets = fragment_cached(
            name="member_facets",
            parts=(page.locale_id,),
            compute=lambda: selectors.member_facets(locale=page.locale),
            request=request,
        )
        return DirectoryFilterForm(request.GET or None, facets=facets)

    if not any(name in request.GET for name in DirectoryFilterForm.base_fields):
        return SimpleLazyObject(form_make), {}
    form = form_make()
    return form, form.active_filters()


class MemberCards(Sequence):
    """The members of ``page``'s language matching ``filters``, A–Z, as the public
    data of each with its URL: what a listing shows, one slice at a time."""

    def __init__(self, *, page, filters: dict, request):
        self.page, self.request = page, request
        self.members = selectors.member_list(locale=page.locale, **filters)

    def __len__(self):
        return self.members.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        members = list(self.members[item])
        urls = selectors.member_page_urls(
            page=self.page, slugs=[member.slug for member in members], request=self.request
        )
        return [
            {
                **selectors.member_public_data(member=member, audience="public"),
                "url": urls[member.slug],
            }
            for member in members
        ]


def member_detail(request, *, page, slug):
    """One member's page under ``page``; only what the public may see reaches the template.

    What it shows is a cached fragment: members, pages and images are content (a new
    generation); the absolute URLs also depend on the address the visitor used."""
    context = fragment_cached(
        name="member_page_context",
        parts=(request.scheme, request.get_host(), get_language(), page.pk, slug),
        compute=lambda: _member_context(request, page=page, slug=slug),
        request=request,
    )
    if context is None:
        raise Http404("No member with this slug in this language.")
    return page.render(request, template="directory/member_detail.html", context_overrides=context)


def _member_context(request, *, page, slug) -> dict | None:
    member = selectors.member_get(locale=page.locale, slug=slug)
    if member is None:
        return None
    data = selectors.member_public_data(member=member, audience="public")
    url = request.build_absolute_uri(
        selectors.member_page_url(page=page, slug=member.slug, request=request)
    )
    jsonld = member_jsonld(
        data=data,
        url=url,
        cluster_name=_cluster_name(),
        cluster_url=request.build_absolute_uri(f"/{get_language()}/"),
        logo_url=request.build_absolute_uri(data["logo"]) if data.get("logo") else "",
    )
    return {
        "member": data,
        "member_url": url,
        "member_since": (
            datetime.date.fromisoformat(data["member_since"]) if data.get("member_since") else None
        ),
        "member_jsonld": jsonld_script_content(jsonld),
        "member_alternates": _member_alternates(request, page=page, slug=member.slug),
    }


def _cluster_name() -> str:
    names = settings.CLUSTER.get("name", {})
    return names.get(get_language()) or names.get("en") or settings.CLUSTER_SLUG


def _member_alternates(request, *, page, slug) -> list[dict]:
    """The site's language alternates, pointing at this member's page in each language.

    Starts from the theme's own alternates (so every key the switcher expects is there)
    and replaces the URL: the directory page's translation plus the member's slug, or
    None where the member has no translation.
    """
    alternates = language_alternates({"request": request, "page": page})
    site = Site.find_for_request(request)
    urls = fragment_cached(
        name="member_translations",
        parts=(getattr(site, "pk", None), page.pk, slug),
        compute=lambda: selectors.member_translation_urls(page=page, slug=slug, request=request),
        request=request,
    )
    for alternate in alternates:
        alternate["url"] = urls.get(alternate["code"])
        alternate.setdefault("home_url", f"/{alternate['code']}/")
    return alternates
