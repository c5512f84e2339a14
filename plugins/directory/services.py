"""Writes of the member directory: creating members and translations, loading the demo seed."""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Locale

from .models import DirectoryPage, Member, Sector


class DirectorySeedError(ValueError):
    """The directory seed file has data the models reject; the message names the entry."""


def sector_ensure(*, slug: str) -> Sector:
    """The sector ``slug``, created with a name derived from the slug if it is new."""
    sector, _ = Sector.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").capitalize()}
    )
    return sector


@transaction.atomic
def member_create(
    *,
    locale: Locale,
    name: str,
    slug: str,
    kind: str,
    city: str,
    country: str,
    role: str = "member",
    sectors: list[str] | tuple[str, ...] = (),
    website: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    description: str = "",
    member_since: datetime.date | None = None,
    field_visibility: dict[str, str] | None = None,
) -> Member:
    """Create a validated member in ``locale`` (``sectors`` are slugs; unknown ones are added).

    Raises ``ValidationError`` (and saves nothing) when a field is invalid.
    """
    member = Member(
        locale=locale,
        name=name,
        slug=slug,
        kind=kind,
        role=role,
        city=city,
        country=country,
        website=website,
        email=email,
        phone=phone,
        address=address,
        description=description,
        member_since=member_since,
        field_visibility=field_visibility or {},
    )
    member.full_clean()
    member.sectors = [sector_ensure(slug=s) for s in sectors]
    member.save()
    return member


@transaction.atomic
def member_translation_create(
    *, member: Member, locale: Locale, name: str, description: str = ""
) -> Member:
    """The translation of ``member`` into ``locale``: same key, slug and facts, own texts."""
    translation = member.copy_for_translation(locale)
    translation.name = name
    translation.description = description
    translation.full_clean()
    translation.save()
    return translation


def member_seed(*, entry: dict, locales: dict[str, Locale], local_language: str) -> dict:
    """One ``[[member]]`` of a seed file, in the local language first, then translated.

    Idempotent by (locale, slug): an existing member is kept as it is. Returns
    {language code: Member}.
    """
    key = entry["key"]
    local = entry.get(local_language) or {}
    try:
        with transaction.atomic():
            source = Member.objects.filter(locale=locales[local_language], slug=key).first()
            if source is None:
                source = member_create(
                    locale=locales[local_language], **_member_fields(entry, local)
                )
            members = {local_language: source}
            for code, locale in locales.items():
                if code == local_language:
                    continue
                members[code] = source.get_translation_or_none(locale) or (
                    _member_translate(source, locale, entry.get(code) or {})
                )
    except ValidationError as exc:
        raise DirectorySeedError(f"directory seed: member {key!r}: {exc.messages}") from exc
    return members


def _member_fields(entry: dict, texts: dict) -> dict:
    return {
        "name": texts.get("name") or entry["key"],
        "slug": entry["key"],
        "kind": entry.get("kind", "other"),
        "role": entry.get("role", "member"),
        "city": entry.get("city", ""),
        "country": entry.get("country", ""),
        "sectors": entry.get("sectors", []),
        "website": entry.get("website", ""),
        "email": entry.get("email", ""),
        "phone": entry.get("phone", ""),
        "address": entry.get("address", ""),
        "description": texts.get("description", ""),
        "member_since": entry.get("member_since"),
    }


def _member_translate(source: Member, locale: Locale, texts: dict) -> Member:
    # A proper name often stays as it is; a missing description stays empty rather than
    # showing the local-language text on the English page.
    return member_translation_create(
        member=source,
        locale=locale,
        name=texts.get("name") or source.name,
        description=texts.get("description", ""),
    )


@transaction.atomic
def directory_page_ensure(*, home_pages: dict, contents: dict[str, dict], local_language: str):
    """The directory page under each language's home page (translations of one page)."""
    local_home = home_pages[local_language]
    page = DirectoryPage.objects.child_of(local_home).first()
    if page is None:
        page = _page_fill(DirectoryPage(locale=local_home.locale), contents.get(local_language))
        local_home.add_child(instance=page)
        page.save_revision().publish()
    pages = {local_language: page}
    for code, home in home_pages.items():
        if code == local_language:
            continue
        translated = page.get_translation_or_none(home.locale)
        if translated is None:
            translated = _page_fill(page.copy_for_translation(home.locale), contents.get(code))
            translated.save_revision().publish()
        pages[code] = translated.specific
    return pages


def _page_fill(page: DirectoryPage, content: dict | None) -> DirectoryPage:
    content = content or {}
    page.title = content.get("title") or "Members"
    page.slug = content.get("slug") or "members"
    page.intro = content.get("intro", "")
    page.show_in_menus = True
    return page


def directory_seed(*, path: Path, home_pages: dict, local_language: str) -> dict:
    """Load a ``directory.toml`` seed: the directory page per language, then every member.

    Returns {"pages": {code: DirectoryPage}, "members": [{code: Member}, ...]}.
    """
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    locales = {code: home.locale for code, home in home_pages.items()}
    pages = directory_page_ensure(
        home_pages=home_pages, contents=data.get("page", {}), local_language=local_language
    )
    members = [
        member_seed(entry=entry, locales=locales, local_language=local_language)
        for entry in data.get("member", [])
    ]
    return {"pages": pages, "members": members}
