"""Factories for the directory tests. Sectors come from the data migration (by slug)."""

import factory
from wagtail.models import Locale

from plugins.directory.models import DirectoryPage, Member, Sector


class MemberFactory(factory.django.DjangoModelFactory):
    """A member in Polish unless ``locale`` is given; ``sectors`` takes slugs."""

    class Meta:
        model = Member
        skip_postgeneration_save = True

    locale = factory.LazyFunction(lambda: Locale.objects.get_or_create(language_code="pl")[0])
    name = factory.Sequence(lambda n: f"Organizacja {n}")
    slug = factory.Sequence(lambda n: f"organizacja-{n}")
    kind = "company"
    role = "member"
    city = "Lublin"
    country = "PL"

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if extracted:
            self.sectors.set(Sector.objects.filter(slug__in=extracted))
            if create:
                self.save()


def member_translate(member: Member, *, language: str, name: str, **fields) -> Member:
    """The translation of ``member`` into ``language`` (same translation_key and slug)."""
    locale = Locale.objects.get_or_create(language_code=language)[0]
    translation = member.copy_for_translation(locale)
    translation.name = name
    for field, value in fields.items():
        setattr(translation, field, value)
    translation.save()
    return translation


def directory_pages(home_pages, *, titles=None, slugs=None) -> dict:
    """A published DirectoryPage under each home page, translations of each other."""
    titles = titles or {"pl": "Członkowie", "en": "Members"}
    slugs = slugs or {"pl": "czlonkowie", "en": "members"}
    pl = DirectoryPage(title=titles["pl"], slug=slugs["pl"], intro="Nasi członkowie")
    home_pages["pl"].add_child(instance=pl)
    pl.save_revision().publish()
    en = pl.copy_for_translation(home_pages["en"].locale)
    en.title, en.slug, en.intro = titles["en"], slugs["en"], "Our members"
    en.save_revision().publish()
    return {"pl": pl, "en": DirectoryPage.objects.get(pk=en.pk)}


def image_create(*, title: str = "Logo"):
    """A small real PNG in the (in-memory) media storage."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = BytesIO()
    PILImage.new("RGB", (40, 20), "navy").save(buffer, format="PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="logo.png"))
