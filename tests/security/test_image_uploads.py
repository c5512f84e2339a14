"""Uploaded images are validated by every admin upload form: only real images of the
allowed formats, within the size and pixel limits, whose extension matches the format."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


def image_bytes(fmt="PNG", size=(8, 6), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, format=fmt)
    return buffer.getvalue()


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "r@x.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # read the errors in English (the site's is pl)
    profile.save()
    client.force_login(user)
    return client


def upload(client, form: str, name: str, data: bytes):
    """POST one file to one of the admin's three image upload forms; (accepted, text)."""
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    if form == "add":
        response = client.post(reverse("wagtailimages:add"), {"title": name, "file": file})
        return response.status_code == 302, response.content.decode()
    if form == "add_multiple":
        response = client.post(reverse("wagtailimages:add_multiple"), {"files[]": file})
        body = response.json()
        return body["success"], body.get("error_message", "")
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {"image-chooser-upload-title": name, "image-chooser-upload-file": file},
    )
    body = response.json()
    return body.get("step") == "chosen", response.content.decode()


FORMS = ["add", "add_multiple", "chooser"]


@pytest.mark.parametrize("form", FORMS)
def test_a_real_png_is_accepted(admin_client, form):
    """The control case: the forms below reject because of the file, not the request."""
    accepted, text = upload(admin_client, form, "logo.png", image_bytes())
    assert accepted, text
    assert Image.objects.count() == 1


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.png", b"<html><script>alert(1)</script></html>"),
        ("empty.jpg", b""),
    ],
    ids=["html-named-png", "empty"],
)
def test_files_that_are_not_images_are_rejected(admin_client, form, name, data):
    """Guards: Wagtail's decoding check (Willow) on uploads: a non-image with an image
    extension is refused and nothing is stored."""
    accepted, _ = upload(admin_client, form, name, data)
    assert not accepted
    assert Image.objects.count() == 0


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.svg", SVG_WITH_SCRIPT),
        ("scan.bmp", image_bytes("BMP")),
        ("scan.tiff", image_bytes("TIFF")),
        ("logo.gif", image_bytes("PNG")),  # a PNG pretending to be a GIF
    ],
    ids=["svg-with-script", "bmp", "tiff", "extension-mismatch"],
)
def test_disallowed_or_mismatched_types_are_rejected(admin_client, form, name, data):
    """Guards: WAGTAILIMAGES_EXTENSIONS (no SVG, which can carry scripts; no BMP/TIFF)
    and Wagtail's check that the extension matches the decoded format."""
    accepted, _ = upload(admin_client, form, name, data)
    assert not accepted
    assert Image.objects.count() == 0


def test_the_allowed_formats_are_the_raster_web_formats():
    """Guards: the setting itself (a new format here must come with its own review)."""
    assert sorted(settings.WAGTAILIMAGES_EXTENSIONS) == ["gif", "jpeg", "jpg", "png", "webp"]


@pytest.mark.parametrize("form", FORMS)
def test_files_over_the_upload_size_are_rejected(admin_client, form):
    """Guards: WAGTAILIMAGES_MAX_UPLOAD_SIZE (10 MB): one byte more is refused."""
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    assert limit == 10 * 1024 * 1024
    data = image_bytes()
    data += b"\0" * (limit + 1 - len(data))  # a valid PNG with trailing padding

    accepted, text = upload(admin_client, form, "big.png", data)

    assert not accepted
    assert "too big" in text
    assert Image.objects.count() == 0


@pytest.fixture(scope="module")
def too_many_pixels():
    # 8000 x 6000 = 48 megapixels: over our 40, under Wagtail's default of 128.
    return image_bytes("PNG", size=(8000, 6000), mode="1")


@pytest.mark.parametrize("form", FORMS)
def test_images_over_the_pixel_limit_are_rejected(admin_client, form, too_many_pixels):
    """Guards: WAGTAILIMAGES_MAX_IMAGE_PIXELS (40 megapixels; a small file can decode
    to a huge bitmap)."""
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert len(too_many_pixels) < 1024 * 1024

    accepted, text = upload(admin_client, form, "bomb.png", too_many_pixels)

    assert not accepted
    assert "too many pixels" in text
    assert Image.objects.count() == 0


def truncated_png() -> bytes:
    """A real PNG (noise, so it does not compress to nothing) cut in the middle of its
    image data: the header and the size are intact, the pixels are not."""
    buffer = io.BytesIO()
    PILImage.effect_noise((200, 200), 64).convert("RGB").save(buffer, format="PNG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


@pytest.mark.parametrize("form", FORMS)
def test_a_truncated_image_is_a_form_error(admin_client, form):
    """Guards: the complete decode on upload (sites/core/image_uploads.py): a truncated
    PNG is refused with a clear message, not a server error and not stored."""
    accepted, text = upload(admin_client, form, "cut.png", truncated_png())

    assert not accepted
    assert "not a complete image" in text
    assert Image.objects.count() == 0


def test_replacing_an_image_file_with_a_truncated_one_is_refused(admin_client):
    """Guards: the edit form's file field (replace file) is checked the same way."""
    admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "logo", "file": SimpleUploadedFile("logo.png", image_bytes())},
    )
    image = Image.objects.get()

    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "logo", "file": SimpleUploadedFile("cut.png", truncated_png())},
    )

    assert response.status_code == 200
    assert "not a complete image" in response.content.decode()
    image.refresh_from_db()
    assert image.file.name.startswith("original_images/logo")
