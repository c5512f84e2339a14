"""SharedType: how a plugin's model is shared with peer clusters.

A plugin declares one subclass per shared model in its ``federation.py`` and
returns an instance from the ``register_shared_types`` hook. The federation
never imports plugin models itself.
"""

from __future__ import annotations

from typing import ClassVar

from django.apps import apps
from django.conf import settings
from wagtail.models import Page


class SharedType:
    #: "app_label.ModelName" of the local model (listed in the plugin's shared_types).
    model_label: ClassVar[str]
    #: The wire type in federation.protocol, e.g. "news.article".
    wire_type: ClassVar[str]
    #: Template of the detail page of a mirrored (remote) object.
    mirror_template: ClassVar[str] = "federation/mirror_detail.html"

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def is_page(self) -> bool:
        return issubclass(self.model, Page)

    def shared_queryset(self):
        """Every translation of every object that may leave the cluster (narrow it here,
        not in ``shared_instances``, so that ``translation_sets`` narrows it too)."""
        queryset = self.model.objects.all()
        if self.is_page:
            queryset = queryset.live().public()
        return queryset.select_related("locale")

    def shared_instances(self, *, translation_key):
        """The translations of one object that may leave the cluster."""
        return self.shared_queryset().filter(translation_key=translation_key)

    def translation_set(self, *, translation_key) -> dict[str, dict]:
        """{language code: wire fields} for every shareable translation of one object."""
        return {
            instance.locale.language_code: self.serialize(instance)
            for instance in self.shared_instances(translation_key=translation_key)
        }

    def translation_sets(self, *, translation_keys) -> dict[str, dict[str, dict]]:
        """``translation_set`` of many objects at once, {str(key): set}: one read of the
        instances with their many-to-many fields prefetched (bulk change recording)."""
        many = [field.name for field in self.model._meta.many_to_many]
        queryset = self.shared_queryset().filter(translation_key__in=list(translation_keys))
        sets: dict[str, dict[str, dict]] = {}
        for instance in queryset.prefetch_related(*many):
            language = instance.locale.language_code
            sets.setdefault(str(instance.translation_key), {})[language] = self.serialize(instance)
        return sets

    def public_fields(self, fields: dict, *, staff: bool = False) -> dict:
        """A mirrored object's fields as this site may show them to a visitor."""
        return fields

    def serialize(self, instance) -> dict:
        """The wire fields of one translation (see the wire type's schema)."""
        raise NotImplementedError

    @staticmethod
    def absolute_url(path: str) -> str:
        """A site-relative path as an absolute URL of this cluster's public site."""
        if path.startswith(("http://", "https://")):
            return path
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def image_wire(image, *, alt: str = "", spec: str = "max-1200x1200") -> dict | None:
    """The wire form of a Wagtail image: a rendition's URL, SHA-256 and size."""
    import hashlib

    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None  # a missing file costs the image, not the change
    return {
        "url": SharedType.absolute_url(rendition.url),
        "sha256": digest,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt or image.title,
    }
