"""Reading members for their search documents quickly: plain values, labels translated
once per language, sectors from the link table, directory URLs once per language.

What the public may see is still decided by the directory's own rules (the model's
``visibility_of``, ``member_page_url``, ``sector_label``); only their per-member costs
are avoided (see ``documents.member_documents``).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator

from django.utils import translation


def batches(iterator, size: int) -> Iterator[list]:
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def member_sectors(pks: list[int]) -> dict[int, list[tuple[str, str]]]:
    """{member pk: [(sector slug, name)]} in the sectors' order, in one query (a plain
    read of the link table: modelcluster's prefetch builds a queryset per member)."""
    from plugins.directory.models import Member, Sector

    links = Member.sectors.through.objects.filter(member_id__in=pks)
    rows = links.order_by(*(f"sector__{f}" for f in Sector._meta.ordering), "sector_id")
    found: dict[int, list[tuple[str, str]]] = {}
    for member_id, slug, name in rows.values_list("member_id", "sector__slug", "sector__name"):
        found.setdefault(member_id, []).append((slug, name))
    return found


class DescriptionPublic:
    """Whether a member's ``field_visibility`` lets the public read its description (the
    model's own rule, asked once per distinct setting)."""

    def __init__(self):
        self.known: dict[str, bool] = {}

    def __call__(self, field_visibility) -> bool:
        from plugins.directory.models import Member, Visibility

        key = json.dumps(field_visibility, sort_keys=True, default=str)
        if key not in self.known:
            member = Member(field_visibility=field_visibility)
            self.known[key] = member.visibility_of("description") == Visibility.PUBLIC
        return self.known[key]


class MemberUrls:
    """A member's page URL (``member_page_url``), with its directory page and that page's
    URL looked up once per language instead of once per member."""

    _PLAIN_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")  # reversed as is: no quoting to do
    _MARK = "search-document-slug"

    def __init__(self):
        self.pages: dict[int, tuple] = {}

    def url(self, locale_id: int, slug: str) -> str | None:
        from wagtail.models import Locale

        from plugins.directory.selectors import directory_page_for, member_page_url

        if locale_id not in self.pages:
            page = directory_page_for(locale=Locale.objects.get(pk=locale_id))
            base = page.get_url() if page else None
            around = base and member_page_url(page=page, slug=self._MARK).split(self._MARK, 1)
            self.pages[locale_id] = (page, base, around)
        page, base, around = self.pages[locale_id]
        if base is None:
            return None
        if self._PLAIN_SLUG.match(slug):
            return around[0] + slug + around[1]
        return base + page.reverse_subpage("member_detail_view", kwargs={"slug": slug})


class MemberLabels:
    """Kind and sector labels per language, translated once each (``get_kind_display``
    hashes every translated choice on each call)."""

    def __init__(self):
        self.kinds: dict[str, dict[str, str]] = {}
        self.sectors: dict[tuple[str, str, str], str] = {}

    def kind(self, language: str, kind: str) -> str:
        from plugins.directory.models import MemberKind

        if language not in self.kinds:
            with translation.override(language):
                self.kinds[language] = {value: str(label) for value, label in MemberKind.choices}
        return self.kinds[language].get(kind, kind)

    def sector(self, language: str, slug: str, name: str) -> str:
        from plugins.directory.sectors import sector_label

        key = (language, slug, name)
        if key not in self.sectors:
            with translation.override(language):
                self.sectors[key] = sector_label(slug=slug, fallback=name)
        return self.sectors[key]
