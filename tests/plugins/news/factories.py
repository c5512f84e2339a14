"""factory_boy factories for the news plugin: topics, images, index and news pages.

Page factories need a ``parent`` page; they add the page to the tree with
``parent.add_child`` (live unless ``live=False``), as Wagtail requires.
"""

import datetime
import io

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.rich_text import RichText

from plugins.news.models import NewsIndexPage, NewsPage, NewsTopic


def png_file(*, name="hero.png", size=(32, 18), color="teal") -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.LazyFunction(png_file)


class NewsTopicFactory(factory.django.DjangoModelFactory):
    """Pass ``locale``; for a translation also ``translation_key`` of the source."""

    class Meta:
        model = NewsTopic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"
    slug = "news"
    intro = "What happens in the cluster."


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"News item {n}")
    slug = factory.Sequence(lambda n: f"news-item-{n}")
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}.")
    body = factory.LazyAttribute(lambda o: [("paragraph", RichText(f"<p>Body of {o.title}.</p>"))])


def news_indexes(home_pages) -> dict:
    """{"pl": index, "en": index}: news index pages that are translations of each other."""
    pl = NewsIndexPageFactory(parent=home_pages["pl"], title="Aktualności", slug="aktualnosci")
    en = NewsIndexPageFactory(
        parent=home_pages["en"],
        title="News",
        slug="news",
        locale=home_pages["en"].locale,
        translation_key=pl.translation_key,
    )
    return {"pl": pl, "en": en}
