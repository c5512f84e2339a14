"""Reads of the member directory: listings, facets, one member, and what an audience may see.

``member_public_data`` is the only way member data leaves this app (public pages, JSON-LD,
exports, the federation): it returns exactly the fields the audience may see.
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Locale

from .collation import collation_key
from .models import DirectoryPage, Member, MemberKind, MemberRole, Sector, Visibility

#: Audiences, narrowest first. An audience sees the fields whose level is at or before it.
AUDIENCES = ("public", "network", "cluster")
_AUDIENCE_RANK = {audience: rank for rank, audience in enumerate(AUDIENCES)}
_LEVEL_RANK = {
    Visibility.PUBLIC: _AUDIENCE_RANK["public"],
    Visibility.NETWORK: _AUDIENCE_RANK["network"],
    Visibility.CLUSTER: _AUDIENCE_RANK["cluster"],
}
LOGO_RENDITION = "max-400x400"


def member_visible_fields(*, member: Member, audience: str) -> list[str]:
    """The visibility-controlled fields of ``member`` that ``audience`` may see."""
    if audience not in _AUDIENCE_RANK:
        raise ValueError(f"Unknown audience {audience!r}; use one of {', '.join(AUDIENCES)}.")
    rank = _AUDIENCE_RANK[audience]
    return [
        field
        for field in Member.VISIBILITY_DEFAULTS
        if _LEVEL_RANK[member.visibility_of(field)] <= rank
    ]


def member_public_data(*, member: Member, audience: str) -> dict:
    """The member as a JSON-ready dict holding only what ``audience`` may see.

    ``audience`` is "public" (anyone), "network" (peer clusters) or "cluster" (our own
    staff). Always present: id (the network-wide ``translation_key``), locale, slug, name,
    kind, kind_label, role, role_label, sectors ([{slug, name}]), city, country. The
    visibility-controlled fields (``Member.VISIBILITY_DEFAULTS``) appear as keys only when
    visible; ``logo`` is a site-relative URL of a rendition (or None), ``member_since`` an
    ISO date (or None).
    """
    data = {
        "id": str(member.translation_key),
        "locale": member.locale.language_code,
        "slug": member.slug,
        "name": member.name,
        "kind": member.kind,
        "kind_label": _choice_label(MemberKind, member.kind),
        "role": member.role,
        "role_label": _choice_label(MemberRole, member.role),
        "sectors": [{"slug": s.slug, "name": s.label} for s in member.sectors.all()],
        "city": member.city,
        "country": member.country,
    }
    for field in member_visible_fields(member=member, audience=audience):
        data[field] = _field_value(member, field)
    return data


def _choice_label(choices, value) -> str:
    """What ``get_<field>_display()`` gives, translating one label only: Django's
    version hashes (hence translates) every label of the field's choices on each call."""
    try:
        return str(choices(value).label)
    except ValueError:  # a value outside the choices shows as it is stored
        return str(value)


def _field_value(member: Member, field: str):
    if field == "logo":
        return _logo_url(member)
    if field == "member_since":
        return member.member_since.isoformat() if member.member_since else None
    return getattr(member, field)


def _logo_url(member: Member) -> str | None:
    if member.logo is None:
        return None
    try:
        return member.logo.get_rendition(LOGO_RENDITION).url
    except OSError:  # wagtail's SourceImageIOError, a missing file
        # A missing file should cost the logo, not the whole page.
        return None


def member_list(
    *,
    locale: Locale,
    kind: str | None = None,
    sector: str | None = None,
    city: str | None = None,
    role: str | None = None,
) -> QuerySet[Member]:
    """Members of ``locale`` matching every filter given (sector by slug, city any case),
    A–Z in its language's order (``Member.sort_key``); lazy, so a paginator reads one
    page from the database."""
    members = Member.objects.filter(locale=locale)
    if kind:
        members = members.filter(kind=kind)
    if sector:
        members = members.filter(sectors__slug=sector)
    if city:
        # SQLite compares case only for ASCII; fold in Python so "łódź" finds "Łódź".
        spellings = {
            c for c in members.values_list("city", flat=True) if c.casefold() == city.casefold()
        }
        members = members.filter(city__in=spellings)
    if role:
        members = members.filter(role=role)
    return (
        members.select_related("locale", "logo")
        .prefetch_related("sectors", "logo__renditions")
        .order_by("sort_key", "pk")
    )


def member_facets(*, locale: Locale) -> dict[str, list[tuple[str, str]]]:
    """The filter values that occur among the members of ``locale``, as (value, label)."""
    members = Member.objects.filter(locale=locale).order_by()
    kinds = set(members.values_list("kind", flat=True).distinct())
    roles = set(members.values_list("role", flat=True).distinct())
    language = locale.language_code
    cities = sorted(
        set(members.values_list("city", flat=True).distinct()) - {""},
        key=lambda city: collation_key(city, language=language),
    )
    sectors = sorted(
        Sector.objects.filter(members__locale=locale).distinct(),
        key=lambda s: collation_key(s.label, language=language),
    )
    return {
        "kind": [(value, str(label)) for value, label in MemberKind.choices if value in kinds],
        "sector": [(s.slug, s.label) for s in sectors],
        "city": [(city, city) for city in cities],
        "role": [(value, str(label)) for value, label in MemberRole.choices if value in roles],
    }


def member_get(*, locale: Locale, slug: str) -> Member | None:
    return (
        Member.objects.filter(locale=locale, slug=slug)
        .select_related("locale", "logo")
        .prefetch_related("sectors")
        .first()
    )


def member_count(*, locale: Locale) -> int:
    return Member.objects.filter(locale=locale).count()


def member_counts_by_language() -> dict[str, int]:
    """Number of members per language code (every locale, also those without members)."""
    return {
        locale.language_code: Member.objects.filter(locale=locale).count()
        for locale in Locale.objects.order_by("pk")
    }


def directory_page_for(*, locale: Locale) -> DirectoryPage | None:
    """The live directory page of ``locale`` (a site has at most one per language)."""
    return DirectoryPage.objects.live().filter(locale=locale).order_by("path").first()


def member_url(*, member: Member, request=None) -> str | None:
    """``<directory page url><slug>/`` in the member's language; None without a directory."""
    page = directory_page_for(locale=member.locale)
    if page is None:
        return None
    return member_page_url(page=page, slug=member.slug, request=request)


def member_page_url(*, page: DirectoryPage, slug: str, request=None) -> str | None:
    """The URL of the member ``slug`` under the directory page ``page``."""
    base = page.get_url(request=request)
    if base is None:
        return None
    return base + page.reverse_subpage("member_detail_view", kwargs={"slug": slug})


def member_page_urls(*, page: DirectoryPage, slugs, request=None) -> dict[str, str | None]:
    """{slug: ``member_page_url``} for a listing: the directory page's URL is looked up
    once, not once per member."""
    base = page.get_url(request=request)
    return {
        slug: None
        if base is None
        else base + page.reverse_subpage("member_detail_view", kwargs={"slug": slug})
        for slug in slugs
    }


def member_translation_urls(*, page: DirectoryPage, slug: str, request=None) -> dict[str, str]:
    """{language code: URL} of the member ``slug`` under each live translation of ``page``
    where the member has a record in that language: two queries, whatever the languages."""
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    pages = {t.locale_id: t for t in translations}
    with_member = Member.objects.filter(slug=slug, locale_id__in=list(pages))
    # Translations of a page share its class, hence its routes: ``page`` reverses them.
    subpage = page.reverse_subpage("member_detail_view", kwargs={"slug": slug})
    urls = {}
    for locale_id in with_member.values_list("locale_id", flat=True):
        base = pages[locale_id].get_url(request=request)
        if base is not None:
            urls[pages[locale_id].locale.language_code] = base + subpage
    return urls
