"""values_converter: the same values as the ORM's own conversion, written by rows_insert."""

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django.db import connection

from federation.models import MirrorItem, MirrorTranslation
from federation.sync.rows import rows_insert, values_converter

pytestmark = pytest.mark.django_db

ITEM = ["origin", "object_id", "type", "revision", "updated_at", "synced_at", "deleted_at"]
STORED = [*ITEM, "content_hash", "seq"]
ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
WHEN = datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=UTC)


def orm_converted(model, fields, row) -> tuple:
    opts = model._meta
    return tuple(
        opts.get_field(name).get_db_prep_save(value, connection=connection)
        for name, value in zip(fields, row, strict=True)
    )


@pytest.mark.parametrize(
    "object_id", [ID, ID.upper(), ID.replace("-", ""), uuid.UUID(ID), f"{{{ID}}}"]
)
@pytest.mark.parametrize(
    "updated_at", [WHEN, WHEN.astimezone(timezone(timedelta(hours=3))), "2026-01-02T03:04:05Z"]
)
def test_item_values_are_converted_as_the_orm_converts_them(object_id, updated_at):
    row = ("sofia", object_id, "news.article", 3, updated_at, WHEN, None)
    convert = values_converter(model=MirrorItem, fields=ITEM)
    assert convert(row) == orm_converted(MirrorItem, ITEM, row)


def test_translation_values_are_converted_as_the_orm_converts_them():
    fields = ["language", "title", "date", "data"]
    convert = values_converter(model=MirrorTranslation, fields=fields)
    for row in [("en", "A", "2026-01-02", {"b": [1, "ü"]}), ("pl", "B", date(2026, 1, 3), None)]:
        converted = convert(row)
        expected = orm_converted(MirrorTranslation, fields, row)
        assert converted[:3] == expected[:3]
        as_json = [json.loads(str(getattr(v, "obj", v))) if v else v for v in (converted[3],)]
        assert as_json == [row[3]]


def test_converted_rows_are_stored_and_read_back_as_given():
    convert = values_converter(model=MirrorItem, fields=STORED)
    rows_insert(
        model=MirrorItem,
        fields=STORED,
        rows=[convert(("sofia", ID, "news.article", 3, WHEN, WHEN, None, "", 7))],
    )
    item = MirrorItem.objects.get()
    assert (item.object_id, item.updated_at, item.seq) == (uuid.UUID(ID), WHEN, 7)
