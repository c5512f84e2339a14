"""Facet groups: a search counts its matches per integer group, not per combination of
text columns, and knows from the group whether a visitor gets a document (at 100,000
members, grouping the text sorted 0.1-0.2 s of strings, and the per-document check of
the visitor's language took longer still). The documents already indexed get their
groups here."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000
ROW_COLUMNS = ("language", "cluster", "type", "kind", "country", "sector_key")  # frozen


def facet_groups_fill(apps, schema_editor):
    IndexedDocument = apps.get_model("search", "IndexedDocument")
    FacetGroup = apps.get_model("search", "FacetGroup")
    rows = IndexedDocument.objects.order_by().values_list("pk", "object_id", *ROW_COLUMNS)
    documents = list(rows.iterator(chunk_size=BATCH))
    languages = {}
    for _, object_id, language, cluster, *_ in documents:
        languages.setdefault((cluster, object_id), set()).add(language)
    keys = {
        pk: (*values, " ".join(sorted(languages[(values[1], object_id)])))
        for pk, object_id, *values in documents
    }
    names = (*ROW_COLUMNS, "object_languages")
    groups = [FacetGroup(**dict(zip(names, key, strict=True))) for key in set(keys.values())]
    FacetGroup.objects.bulk_create(groups, batch_size=BATCH)
    ids = {tuple(key): pk for pk, *key in FacetGroup.objects.values_list("pk", *names)}
    updates = [(ids[key], pk) for pk, key in keys.items()]
    table = schema_editor.quote_name(IndexedDocument._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(updates), BATCH):
            cursor.executemany(
                f"UPDATE {table} SET facet_group_id = %s WHERE id = %s",  # noqa: S608 (a quoted name)
                updates[start : start + BATCH],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_facet_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("language", models.CharField(max_length=8)),
                ("cluster", models.CharField(max_length=40)),
                ("type", models.CharField(max_length=20)),
                ("kind", models.CharField(blank=True, default="", max_length=40)),
                ("country", models.CharField(blank=True, default="", max_length=8)),
                ("sector_key", models.TextField(blank=True, default="")),
                ("object_languages", models.CharField(blank=True, default="", max_length=200)),
            ],
            options={
                "verbose_name": "facet group",
            },
        ),
        migrations.RemoveIndex(
            model_name="indexeddocument",
            name="search_doc_facets",
        ),
        migrations.AddConstraint(
            model_name="facetgroup",
            constraint=models.UniqueConstraint(
                fields=(
                    "language",
                    "cluster",
                    "type",
                    "kind",
                    "country",
                    "sector_key",
                    "object_languages",
                ),
                name="search_facet_group_once",
            ),
        ),
        migrations.AddField(
            model_name="indexeddocument",
            name="facet_group",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="search.facetgroup",
            ),
        ),
        migrations.AddIndex(
            model_name="indexeddocument",
            index=models.Index(fields=["id", "language", "facet_group"], name="search_doc_group"),
        ),
        migrations.RunPython(facet_groups_fill, migrations.RunPython.noop),
    ]
