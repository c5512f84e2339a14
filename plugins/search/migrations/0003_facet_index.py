"""Facets counted from one index: the sectors denormalised into ``sector_key`` beside the
facet columns (the index replaces the one on language and type, a prefix of it)."""

from django.db import migrations, models

BATCH = 2000
SECTOR_SEPARATOR = "\x1f"  # as models.SECTOR_SEPARATOR, frozen here


def sector_key_of(sectors) -> str:
    clean = {sector.replace(SECTOR_SEPARATOR, "")[:100] for sector in sectors} - {""}
    return SECTOR_SEPARATOR.join(sorted(clean))


def sector_keys_fill(apps, schema_editor):
    """The key of every indexed document, from its sector rows (one update per document)."""
    IndexedDocument = apps.get_model("search", "IndexedDocument")
    IndexedDocumentSector = apps.get_model("search", "IndexedDocumentSector")
    sectors: dict[int, list[str]] = {}
    rows = IndexedDocumentSector.objects.order_by().values_list("document_id", "sector")
    for pk, sector in rows.iterator(chunk_size=BATCH):
        sectors.setdefault(pk, []).append(sector)
    table = schema_editor.quote_name(IndexedDocument._meta.db_table)
    updates = [(sector_key_of(found), pk) for pk, found in sectors.items()]
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(updates), BATCH):
            cursor.executemany(
                f"UPDATE {table} SET sector_key = %s WHERE id = %s",  # noqa: S608 (a quoted name)
                updates[start : start + BATCH],
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.AddField(
            model_name="indexeddocument",
            name="sector_key",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RemoveIndex(model_name="indexeddocument", name="search_doc_language_type"),
        migrations.AddIndex(
            model_name="indexeddocument",
            index=models.Index(
                fields=["language", "cluster", "type", "kind", "country", "sector_key"],
                name="search_doc_facets",
            ),
        ),
        migrations.RunPython(sector_keys_fill, migrations.RunPython.noop),
    ]
