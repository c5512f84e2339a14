"""The seeded sector taxonomy: stable slugs and their names, translated through gettext.

The data migration creates one ``Sector`` per entry; the slugs never change because
peers exchange them. A sector an editor adds later shows its stored (English) name.
"""

from django.utils.translation import gettext_lazy as _

SECTOR_NAMES = {
    "biotechnology": _("Biotechnology"),
    "pharmacy": _("Pharmacy"),
    "medtech": _("Medical technology"),
    "digital-health": _("Digital health"),
    "bioeconomy": _("Bioeconomy"),
    "cosmetology": _("Cosmetology"),
    "bioinformatics": _("Bioinformatics"),
    "environmental-protection": _("Environmental protection"),
    "biomedicine": _("Biomedicine"),
    "precision-medicine": _("Precision medicine"),
    "diagnostics": _("Diagnostics"),
    "life-sciences": _("Life sciences"),
    "health-care": _("Health care"),
    "food-and-nutrition": _("Food and nutrition"),
    "agriculture": _("Agriculture"),
    "chemistry": _("Chemistry"),
}


def sector_label(*, slug: str, fallback: str) -> str:
    """The sector's name in the active language (``fallback`` for sectors outside the seed)."""
    name = SECTOR_NAMES.get(slug)
    return str(name) if name is not None else (fallback or slug)
