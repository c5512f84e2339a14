"""Image uploads decode completely before they are accepted.

Wagtail's image field checks an upload's format, size and pixel count, which
reads the header only (plus, through Willow, a first decode it does not guard):
a truncated or damaged file either passed and failed later, at every rendition,
or raised ``OSError`` out of the form (a 500). Here the whole image, every frame,
is decoded once on upload and a failure is a form error. The pixel limit is
checked first (by Wagtail), so the full decode is bounded by
``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` and cannot be a decompression bomb.

Wired in with ``WAGTAILIMAGES_IMAGE_FORM_BASE`` (every admin image form: add,
multiple upload, chooser upload, replace file).
"""

from __future__ import annotations

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageSequence
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

INCOMPLETE_IMAGE = _(
    "This file is not a complete image: it may be truncated or damaged. "
    "Save or export it again and upload the new file."
)


def image_file_decode(*, file) -> None:
    """Decode every frame of the image in ``file``; ValidationError if any part is
    missing or corrupt. ``file`` is read from its start and rewound afterwards."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                for frame in ImageSequence.Iterator(image):
                    frame.load()
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:  # fmt: skip
        raise ValidationError(INCOMPLETE_IMAGE, code="incomplete_image") from exc
    finally:
        file.seek(0)


class CompleteImageField(WagtailImageField):
    """Wagtail's image field, plus a complete decode of the upload."""

    def to_python(self, data):
        try:
            f = super().to_python(data)
        except OSError as exc:  # Willow's first decode hit the end of the data
            raise ValidationError(INCOMPLETE_IMAGE, code="incomplete_image") from exc
        if f is not None:
            image_file_decode(file=f)
        return f


class ImageForm(BaseImageForm):
    """The base of every admin image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        # Wagtail builds the field itself (its formfield callback cannot be replaced
        # through the base form, and a declared field would survive the multiple
        # uploader's ``exclude``), so this form's copy of it gets the subclass: the
        # same field, label and widget, with the stricter to_python.
        if type(field) is WagtailImageField:
            field.__class__ = CompleteImageField
