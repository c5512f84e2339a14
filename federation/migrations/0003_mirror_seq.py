"""MirrorItem.seq: this site's order of mirror writes, read by the partner API's cursor."""

from django.db import migrations, models


def number_existing_mirrors(apps, schema_editor):
    # Existing mirrors get 1..n in the order they were written; the counter follows.
    MirrorItem = apps.get_model("federation", "MirrorItem")
    MirrorSequence = apps.get_model("federation", "MirrorSequence")
    items = list(MirrorItem.objects.order_by("synced_at", "pk").only("pk"))
    for seq, item in enumerate(items, start=1):
        item.seq = seq
    MirrorItem.objects.bulk_update(items, ["seq"], batch_size=500)
    MirrorSequence.objects.update_or_create(pk=1, defaults={"last": len(items)})


class Migration(migrations.Migration):
    dependencies = [
        ("federation", "0002_peer_manage_federation"),
    ]

    operations = [
        migrations.CreateModel(
            name="MirrorSequence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("last", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.AddField(
            model_name="mirroritem",
            name="seq",
            field=models.BigIntegerField(db_index=True, default=0),
        ),
        migrations.RunPython(number_existing_mirrors, migrations.RunPython.noop),
    ]
