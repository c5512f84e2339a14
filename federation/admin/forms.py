"""The peer form of the admin: public keys as one PEM block per key in a textarea."""

from __future__ import annotations

import re

from cryptography.exceptions import UnsupportedAlgorithm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import Peer
from ..services import PUBLIC_KEYS_KEPT
from ..signing import key_id_for, public_key_load

PEM_BLOCK = re.compile(r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.S)


class PublicKeysField(forms.CharField):
    """Edits a list of PEM public keys; cleans to that list, each key checked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}))
        super().__init__(strip=True, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(key.strip() for key in value)
        return value

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != list(initial or [])
        except ValidationError:
            return True

    def clean(self, value):
        text = super().clean(value)
        blocks = PEM_BLOCK.findall(text or "")
        if PEM_BLOCK.sub("", text or "").strip():
            raise ValidationError(
                _("Paste PEM public keys only, each from BEGIN PUBLIC KEY to END PUBLIC KEY."),
                code="not_pem",
            )
        keys = {}
        for number, block in enumerate(blocks, start=1):
            key = block.strip() + "\n"
            try:
                public_key_load(key)
            except (ValueError, TypeError, UnsupportedAlgorithm):
                raise ValidationError(
                    _("Key %(number)s is not a valid Ed25519 public key."),
                    code="invalid_key",
                    params={"number": number},
                ) from None
            keys.setdefault(key_id_for(key), key)
        if len(keys) > PUBLIC_KEYS_KEPT:
            raise ValidationError(
                _("At most %(count)s keys: the current one and, during a rotation, the next."),
                code="too_many_keys",
                params={"count": PUBLIC_KEYS_KEPT},
            )
        return list(keys.values())


class PeerEditForm(WagtailAdminModelForm):
    base_url = forms.URLField(
        label=_("Base URL"),
        max_length=200,
        assume_scheme="https",
        help_text=_("Where the peer's site answers, e.g. https://sofia.example.org"),
    )
    public_keys = PublicKeysField(
        label=_("Public keys"),
        help_text=_(
            "The peer's Ed25519 public keys in PEM format, one after the other. Requests "
            "signed with any of them are accepted."
        ),
    )

    class Meta:
        model = Peer
        fields = ["name", "base_url", "enabled", "public_keys"]


class PeerCreateForm(PeerEditForm):
    class Meta(PeerEditForm.Meta):
        fields = ["slug", *PeerEditForm.Meta.fields]
        help_texts = {"slug": _("The peer's cluster slug, as its feed names its origin.")}
