"""Building ``SearchDocument``s: this cluster's news, members and projects, and its mirrors.

Each builder reads in a constant number of queries per chunk of rows, whatever
the number of objects (prefetching, no per-object lookups). Plugins hand their
builders to the index through the ``register_search_documents`` hook, so the
search plugin never lists the content types itself; ``documents_all`` collects them.

Builders take the hook's arguments: ``since`` (a datetime) keeps the objects
changed since then, where the source knows when an object changed (pages: last
publication; mirrors: last sync; members have no change time and always come);
``object_ids`` (network-wide ids: a page's or member's ``translation_key``, a
mirror's object id) keeps only those objects.
"""

from __future__ import annotations

import html
import itertools
import re
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.utils.html import strip_tags
from wagtail.models import Site

from .backends.base import SearchDocument
from .member_reads import DescriptionPublic, MemberLabels, MemberUrls, batches, member_sectors

CHUNK = 500
MEMBER_FIELDS = (
    "pk", "translation_key", "locale_id", "locale__language_code", "slug", "name", "kind",
    "description", "city", "country", "field_visibility",
)  # fmt: skip
# Wire types of the federation protocol -> document types.
WIRE_TYPES = {"news.article": "news", "directory.member": "member", "projects.project": "project"}
# Stream blocks whose values are not text a visitor reads.
NON_TEXT_BLOCKS = frozenset({"image", "embed", "document"})
_SPACE = re.compile(r"\s+")


def document_id(*, cluster: str, object_id: str, language: str) -> str:
    return f"{cluster}:{object_id}:{language}"


def documents_all(*, since=None, object_ids=None) -> Iterator[SearchDocument]:
    """Every document the enabled apps contribute (lazily, source after source)."""
    from plugins.core.hooks import hook_call

    results = hook_call("register_search_documents", since=since, object_ids=object_ids)
    return itertools.chain.from_iterable(result or () for result in results)


# --- text helpers -------------------------------------------------------------------


def html_text(value: str) -> str:
    """Plain text of an HTML fragment, whitespace collapsed."""
    return _SPACE.sub(" ", html.unescape(strip_tags(value or ""))).strip()


def stream_text(raw_data) -> str:
    """The readable text of a StreamField's raw data (no block conversion, no queries)."""
    parts: list[str] = []

    def walk(value):
        if isinstance(value, str):
            parts.append(html_text(value))
        elif isinstance(value, dict):
            if "type" in value and "value" in value:
                if value["type"] not in NON_TEXT_BLOCKS:
                    walk(value["value"])
            else:
                for item in value.values():
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(list(raw_data or []))
    return " ".join(part for part in parts if part)


def _joined(*parts) -> str:
    return " ".join(str(part) for part in parts if part)


def _object_filter(object_ids) -> list[uuid.UUID] | None:
    """``object_ids`` as UUIDs (others cannot name an object); None means all objects."""
    if object_ids is None:
        return None
    found = []
    for value in object_ids:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found


def _chunks(queryset) -> Iterator:
    return queryset.iterator(chunk_size=CHUNK)


# --- this cluster's content -----------------------------------------------------------


def _pages(model, *, since, object_ids):
    pages = model.objects.live().public().select_related("locale")
    if since is not None:
        pages = pages.filter(last_published_at__gte=since)
    keys = _object_filter(object_ids)
    if keys is not None:
        pages = pages.filter(translation_key__in=keys)
    return pages.order_by("pk")


def _page_url(page, root_paths) -> str:
    # Wagtail caches the sites' root paths on the object it is given, else on the page:
    # giving every page the same list saves a cache read per page.
    page._wagtail_cached_site_root_paths = root_paths
    return page.get_url() or ""


def news_documents(*, since=None, object_ids=None) -> Iterator[SearchDocument]:
    """Live, public news pages of every language."""
    from plugins.news.models import NewsPage

    cluster = settings.CLUSTER_SLUG
    pages = _pages(NewsPage, since=since, object_ids=object_ids).prefetch_related("topics")
    root_paths = Site.get_site_root_paths()
    for page in _chunks(pages):
        language = page.locale.language_code
        yield SearchDocument(
            id=document_id(cluster=cluster, object_id=page.translation_key, language=language),
            object_id=str(page.translation_key),
            type="news",
            cluster=cluster,
            language=language,
            title=page.title,
            url=_page_url(page, root_paths),
            summary=page.summary,
            body=_joined(stream_text(page.body.raw_data), *(t.name for t in page.topics.all())),
            date=page.date,
        )


def project_documents(*, since=None, object_ids=None) -> Iterator[SearchDocument]:
    """Live, public project pages of every language, with their funders' and partners' names."""
    from plugins.projects.models import ProjectPage

    cluster = settings.CLUSTER_SLUG
    pages = _pages(ProjectPage, since=since, object_ids=object_ids).prefetch_related(
        "participants__member"
    )
    root_paths = Site.get_site_root_paths()
    for page in _chunks(pages):
        language = page.locale.language_code
        participants = [link.member.name for link in page.participants.all()]
        yield SearchDocument(
            id=document_id(cluster=cluster, object_id=page.translation_key, language=language),
            object_id=str(page.translation_key),
            type="project",
            cluster=cluster,
            language=language,
            title=page.title,
            url=_page_url(page, root_paths),
            summary=page.summary,
            body=_joined(
                stream_text(page.goals.raw_data),
                stream_text(page.body.raw_data),
                page.funding_note,
                *participants,
            ),
            date=page.start_date,
        )


def member_documents(*, since=None, object_ids=None) -> Iterator[SearchDocument]:
    """Members with a page in their language's directory: only what the public may see.

    The fields are those of ``member_public_data(audience="public")`` that the index
    uses (name, kind and its label, sectors, city, country; the description when its
    visibility is public), read as plain values without what that call also makes and
    the index never uses (logo renditions, the role label): per member it cost more
    than the rest of a rebuild. ``test_member_documents_hold_what_member_public_data_gives``
    keeps the two equal.
    """
    from plugins.directory.models import Member

    cluster = settings.CLUSTER_SLUG
    members = Member.objects.order_by("pk")
    keys = _object_filter(object_ids)
    if keys is not None:
        members = members.filter(translation_key__in=keys)
    rows = members.values_list(*MEMBER_FIELDS).iterator(chunk_size=CHUNK)
    urls, labels, public = MemberUrls(), MemberLabels(), DescriptionPublic()
    for chunk in batches(rows, CHUNK):
        sectors = member_sectors([row[0] for row in chunk])
        for row in chunk:
            pk, key, locale_id, language, slug, name, kind, description, city, country, seen = row
            url = urls.url(locale_id, slug)
            if not url:
                continue  # not shown on this site in that language: nothing to find
            tagged = sectors.get(pk, [])
            sector_names = [labels.sector(language, sector, label) for sector, label in tagged]
            object_id = str(key)
            yield SearchDocument(
                id=document_id(cluster=cluster, object_id=object_id, language=language),
                object_id=object_id,
                type="member",
                cluster=cluster,
                language=language,
                title=name,
                url=url,
                summary=(description or "") if public(seen) else "",
                body=_joined(labels.kind(language, kind), *sector_names, city),
                kind=kind,
                sectors=tuple(sector for sector, _ in tagged),
                country=(country or "").upper(),
                city=city,
            )


# --- the federation's mirrors ---------------------------------------------------------


def mirror_documents(*, since=None, object_ids=None) -> Iterator[SearchDocument]:
    """Every translation of the live (not tombstoned) mirrored objects of known types.

    Only the fields the receiving site may show visitors (the shared type's
    ``public_fields``) are indexed; the URL is the origin's canonical one.
    """
    from federation.models import MirrorTranslation
    from federation.registry import shared_types

    rows = MirrorTranslation.objects.filter(
        item__deleted_at=None, item__type__in=WIRE_TYPES
    ).select_related("item")
    if since is not None:
        rows = rows.filter(item__synced_at__gte=since)
    keys = _object_filter(object_ids)
    if keys is not None:
        rows = rows.filter(item__object_id__in=keys)
    types = shared_types()
    for row in _chunks(rows.order_by("pk")):
        shared_type = types.get(row.item.type)
        data = row.data if isinstance(row.data, dict) else {}
        data = shared_type.public_fields(data, staff=False) if shared_type else data
        yield mirror_document(row=row, data=data)


def mirror_document(*, row, data: dict) -> SearchDocument:
    type_ = WIRE_TYPES[row.item.type]
    object_id = str(row.item.object_id)
    common = {
        "id": document_id(cluster=row.item.origin, object_id=object_id, language=row.language),
        "object_id": object_id,
        "type": type_,
        "cluster": row.item.origin,
        "language": row.language,
        "title": row.title,
        "url": row.url or _text(data.get("url")),
        "date": row.date,
    }
    if type_ == "member":
        sectors = tuple(s for s in _texts(data.get("sectors")) if s)
        return SearchDocument(
            **common,
            summary=_text(data.get("description")),
            body=_joined(_text(data.get("city")), *sectors),
            kind=_text(data.get("kind")),
            sectors=sectors,
            country=_text(data.get("country")).upper(),
            city=_text(data.get("city")),
        )
    if type_ == "project":
        body = _joined(
            *_texts(data.get("goals")), *_texts(data.get("funders")), *_texts(data.get("partners"))
        )
        return SearchDocument(**common, summary=_text(data.get("summary")), body=body)
    body = _joined(html_text(_text(data.get("body_html"))), *_texts(data.get("topics")))
    return SearchDocument(**common, summary=_text(data.get("summary")), body=body)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _texts(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list | tuple) else []
