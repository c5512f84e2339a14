"""Seed the shared sector taxonomy. Slugs are the network-wide identity of a sector."""

from django.db import migrations

# Frozen copy (migrations must not import code that may change); English names, translated
# for display through plugins.directory.sectors.SECTOR_NAMES.
SECTORS = [
    ("biotechnology", "Biotechnology"),
    ("pharmacy", "Pharmacy"),
    ("medtech", "Medical technology"),
    ("digital-health", "Digital health"),
    ("bioeconomy", "Bioeconomy"),
    ("cosmetology", "Cosmetology"),
    ("bioinformatics", "Bioinformatics"),
    ("environmental-protection", "Environmental protection"),
    ("biomedicine", "Biomedicine"),
    ("precision-medicine", "Precision medicine"),
    ("diagnostics", "Diagnostics"),
    ("life-sciences", "Life sciences"),
    ("health-care", "Health care"),
    ("food-and-nutrition", "Food and nutrition"),
    ("agriculture", "Agriculture"),
    ("chemistry", "Chemistry"),
]


def seed_sectors(apps, schema_editor):
    Sector = apps.get_model("directory", "Sector")
    for slug, name in SECTORS:
        Sector.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed_sectors, migrations.RunPython.noop)]
