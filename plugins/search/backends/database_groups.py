"""The facet groups of the database backend's documents.

A group (``FacetGroup``) is one combination of a document's facet values and of the
languages its object has in the index (``object_languages``). A search counts its
matches per group, an integer, and learns from the group alone both the facet values
and whether a visitor gets the document (in their language, or in English for an
object without their language): no lookup per matching document.

Groups never change their values: a document moves to another group when its values
change, and so do its object's other documents when a language of the object comes
or goes. Unused groups stay until a rebuild.
"""

from __future__ import annotations

from collections.abc import Iterable

from .base import FALLBACK_LANGUAGE

GROUP_COLUMNS = (
    "language", "cluster", "type", "kind", "country", "sector_key", "object_languages",
)  # fmt: skip
ROW_COLUMNS = GROUP_COLUMNS[:-1]  # those an IndexedDocument holds itself


def languages_key(languages: Iterable[str]) -> str:
    return " ".join(sorted(set(languages)))


def group_shown(language: str, object_languages: str, *, visitor_language: str) -> bool:
    """Whether a visitor of ``visitor_language`` gets a document of this group."""
    if language == visitor_language:
        return True
    return language == FALLBACK_LANGUAGE and visitor_language not in object_languages.split()


def facet_groups_settle(rows, known: dict[tuple, int], *, objects: Iterable[tuple] = ()) -> None:
    """Give each unsaved ``IndexedDocument`` of ``rows`` its ``facet_group_id``, and move
    the stored documents of their objects (and of ``objects``, (cluster, object id)
    pairs whose documents were deleted) to the groups of their objects' new languages.
    ``known`` maps group keys to ids and learns the new ones (one dict for a whole
    write, so a rebuild looks each group up once)."""
    rewritten = {row.doc_id for row in rows}
    objects = {(row.cluster, row.object_id) for row in rows} | set(objects)
    stored = [doc for doc in _stored_documents(objects) if doc["doc_id"] not in rewritten]
    languages: dict[tuple, set[str]] = {}
    for cluster, object_id, language in [
        *((doc["cluster"], doc["object_id"], doc["language"]) for doc in stored),
        *((row.cluster, row.object_id, row.language) for row in rows),
    ]:
        languages.setdefault((cluster, object_id), set()).add(language)
    row_keys = [_key(row.__dict__, languages) for row in rows]
    moves = [(doc["pk"], _key(doc, languages), doc["group_key"]) for doc in stored]
    moves = [(pk, key) for pk, key, old in moves if key != old]
    _groups_ensure({*row_keys, *(key for _, key in moves)}, known)
    for row, key in zip(rows, row_keys, strict=True):
        row.facet_group_id = known[key]
    if moves:
        _documents_move([(pk, known[key]) for pk, key in moves])


def _key(values: dict, languages: dict[tuple, set[str]]) -> tuple:
    """The group key of a document's ``values`` (a row's ``__dict__`` or a stored one)."""
    object_languages = languages_key(languages[(values["cluster"], values["object_id"])])
    return (*(values[name] for name in ROW_COLUMNS), object_languages)


def _stored_documents(objects: set[tuple]) -> list[dict]:
    """The stored documents of ``objects``, each with its current group's key."""
    from ..models import IndexedDocument

    if not objects:
        return []
    fields = ["pk", "doc_id", "object_id", *ROW_COLUMNS]
    group_fields = [f"facet_group__{name}" for name in GROUP_COLUMNS]
    found = IndexedDocument.objects.filter(
        cluster__in={cluster for cluster, _ in objects},
        object_id__in={object_id for _, object_id in objects},
    ).values_list(*fields, *group_fields)
    documents = []
    for values in found:
        doc = dict(zip(fields, values[: len(fields)], strict=True))
        if (doc["cluster"], doc["object_id"]) in objects:
            documents.append({**doc, "group_key": tuple(values[len(fields) :])})
    return documents


def _groups_ensure(keys: set[tuple], known: dict[tuple, int]) -> None:
    """Learn the ids of ``keys`` into ``known``, creating the groups that do not exist."""
    from ..models import FacetGroup

    if keys := keys - known.keys():
        known |= _groups_read(keys)
    if missing := keys - known.keys():
        fresh = [FacetGroup(**dict(zip(GROUP_COLUMNS, key, strict=True))) for key in missing]
        FacetGroup.objects.bulk_create(fresh, ignore_conflicts=True)  # a concurrent writer
        known |= _groups_read(missing)


def _groups_read(keys: set[tuple]) -> dict[tuple, int]:
    from ..models import FacetGroup

    rows = FacetGroup.objects.filter(
        cluster__in={key[1] for key in keys}, sector_key__in={key[5] for key in keys}
    ).values_list("pk", *GROUP_COLUMNS)
    found = {tuple(key): pk for pk, *key in rows}
    return {key: pk for key, pk in found.items() if key in keys}


def _documents_move(moves: list[tuple[int, int]]) -> None:
    """(document id, group id): one statement for all."""
    from django.db import connection

    from ..models import IndexedDocument

    table = connection.ops.quote_name(IndexedDocument._meta.db_table)
    with connection.cursor() as cursor:  # no model saves: the site's signals stay out
        cursor.executemany(
            f"UPDATE {table} SET facet_group_id = %s WHERE id = %s",  # noqa: S608 (a quoted name)
            [(group, pk) for pk, group in moves],
        )
