"""This cluster's signing keys: generate, rotate, show."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import SigningKey
from .signing import key_id_for, keypair_generate


class NoSigningKey(LookupError):
    pass


def signing_key_active() -> SigningKey:
    key = SigningKey.objects.filter(retired_at=None).first()
    if key is None:
        raise NoSigningKey(
            "this cluster has no signing key: run 'manage.py federation keys generate'"
        )
    return key


def signing_key_generate(*, if_missing: bool = False) -> SigningKey:
    existing = SigningKey.objects.filter(retired_at=None).first()
    if existing is not None and if_missing:
        return existing
    private_pem, public_pem = keypair_generate()
    return SigningKey.objects.create(
        key_id=key_id_for(public_pem), private_pem=private_pem, public_pem=public_pem
    )


@transaction.atomic
def signing_key_rotate() -> SigningKey:
    """A new active key; the previous one stays valid until retired (see README)."""
    previous = list(SigningKey.objects.filter(retired_at=None))
    new = signing_key_generate()
    for key in previous:
        key.retired_at = timezone.now()
        key.save(update_fields=["retired_at"])
    return new
