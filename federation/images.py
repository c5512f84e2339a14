"""Fetching the images of peers' items: only from the origin's host, size- and
type-limited, verified against the announced SHA-256, stored by content hash,
and never fetched again once held.
"""

from __future__ import annotations

import hashlib
import io
import logging

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from .client import FederationClientError
from .models import MirrorImage

logger = logging.getLogger(__name__)
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


class ImageRejected(ValueError):
    pass


def image_refs(changes) -> dict[str, str]:
    """{sha256: url} of every image the upserts of a page announce."""
    refs = {}
    for change in changes:
        for fields in change.translations.values():
            for value in fields.values():
                if isinstance(value, dict) and value.get("sha256") and value.get("url"):
                    refs[value["sha256"]] = value["url"]
    return refs


def images_fetch(*, client, origin: str, changes=(), refs=None) -> dict[str, str]:
    """Fetch the images of ``changes`` (or ``refs``, their ``image_refs``) not held yet;
    {sha256: "ok" or why not}."""
    refs = image_refs(changes) if refs is None else refs
    if not refs:
        return {}
    held = set(MirrorImage.objects.filter(sha256__in=refs).values_list("sha256", flat=True))
    outcome = dict.fromkeys(held, "held")
    for sha256, url in refs.items():
        if sha256 in held:
            continue
        try:
            data = client.fetch_image(url, max_bytes=MAX_IMAGE_BYTES)
            image_store(origin=origin, sha256=sha256, data=data)
            outcome[sha256] = "ok"
        except (FederationClientError, ImageRejected) as exc:
            logger.info("image %s of %s not stored: %s", url, origin, exc)
            outcome[sha256] = str(exc)
    return outcome


def image_verify(*, sha256: str, data: bytes) -> tuple[str, int, int]:
    """(format, width, height) of a verified image; ImageRejected otherwise."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ImageRejected("the image does not match its announced sha256")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format, (width, height) = image.format, image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ImageRejected(f"the image is too large ({width}x{height})")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageRejected(f"not a readable image: {exc}") from None
    if image_format not in ALLOWED_FORMATS:
        raise ImageRejected(f"image format {image_format} is not allowed")
    return image_format, width, height


def image_store(*, origin: str, sha256: str, data: bytes) -> MirrorImage:
    image_format, width, height = image_verify(sha256=sha256, data=data)
    mirror = MirrorImage(
        sha256=sha256,
        origin=origin,
        content_type=f"image/{ALLOWED_FORMATS[image_format].replace('jpg', 'jpeg')}",
        width=width,
        height=height,
    )
    mirror.file.save(f"{sha256}.{ALLOWED_FORMATS[image_format]}", ContentFile(data), save=False)
    mirror.save()
    return mirror
