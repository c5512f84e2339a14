"""Visitor-facing view of a mirrored (remote) object."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from .models import MirrorImage, Peer
from .registry import shared_types
from .selectors import mirror_translation_get


def mirror_detail(request, origin, object_id):
    translation = mirror_translation_get(
        origin=origin, object_id=object_id, language=get_language()
    )
    if translation is None:
        raise Http404("No such item in the network")
    shared_type = shared_types().get(translation.item.type)
    template = shared_type.mirror_template if shared_type else "federation/mirror_detail.html"
    peer = Peer.objects.filter(slug=origin).first()
    image_ref = translation.data.get("image") or translation.data.get("logo") or {}
    image = MirrorImage.objects.filter(sha256=image_ref.get("sha256") or "-").first()
    return render(
        request,
        template,
        {
            "item": translation.item,
            "translation": translation,
            "fields": shared_type.public_fields(translation.data, staff=request.user.is_staff)
            if shared_type
            else {},
            "origin_name": (peer.name if peer and peer.name else origin),
            "canonical_url": translation.url,
            "image": image,
            "image_alt": image_ref.get("alt", ""),
        },
    )
