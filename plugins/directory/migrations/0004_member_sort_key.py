from django.db import migrations, models

from plugins.directory.collation import collation_sort_key


def sort_keys_fill(apps, schema_editor):
    Member = apps.get_model("directory", "Member")
    members = list(Member.objects.select_related("locale").only("name", "locale__language_code"))
    for member in members:
        member.sort_key = collation_sort_key(member.name, language=member.locale.language_code)
    Member.objects.bulk_update(members, ["sort_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_member_kind_slugs_optional_location"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="sort_key",
            field=models.BinaryField(default=b""),
        ),
        migrations.RunPython(sort_keys_fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["locale", "sort_key"], name="directory_member_sort"),
        ),
    ]
