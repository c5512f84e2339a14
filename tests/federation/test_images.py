"""Images of peers' items: fetched from the origin's host only, verified, stored once."""

import hashlib
import io
from types import SimpleNamespace

import pytest
from PIL import Image

from federation.client import PeerClient
from federation.images import ImageRejected, image_verify, images_fetch
from federation.models import MirrorImage
from federation.signing import keypair_generate
from tests.federation.misbehaving_peer import MisbehavingPeer, oversized, valid


def image_bytes(fmt="PNG", size=(4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def change_with_image(url: str, data: bytes):
    ref = {"url": url, "sha256": hashlib.sha256(data).hexdigest(), "width": 4, "height": 3}
    return SimpleNamespace(translations={"en": {"title": "x", "image": ref}})


def client_for(peer: MisbehavingPeer) -> PeerClient:
    private_pem, _ = keypair_generate()
    return PeerClient(peer.base_url, key_id="k", private_key_pem=private_pem, retries=0)


def test_verify_accepts_a_real_png_and_rejects_the_rest():
    data = image_bytes()
    assert image_verify(sha256=hashlib.sha256(data).hexdigest(), data=data) == ("PNG", 4, 3)
    with pytest.raises(ImageRejected, match="sha256"):
        image_verify(sha256="0" * 64, data=data)
    html = b"<script>alert(1)</script>"
    with pytest.raises(ImageRejected, match="readable"):
        image_verify(sha256=hashlib.sha256(html).hexdigest(), data=html)
    bmp = image_bytes("BMP")
    with pytest.raises(ImageRejected, match="not allowed"):
        image_verify(sha256=hashlib.sha256(bmp).hexdigest(), data=bmp)


def test_an_image_is_fetched_once_and_then_held(db):
    data = image_bytes()
    with MisbehavingPeer() as peer:
        peer.script(valid(data))
        change = change_with_image(f"{peer.base_url}/media/logo.png", data)
        first = images_fetch(client=client_for(peer), origin="sofia", changes=[change])
        second = images_fetch(client=client_for(peer), origin="sofia", changes=[change])
        assert len(peer.requests) == 1
    digest = hashlib.sha256(data).hexdigest()
    assert first == {digest: "ok"} and second == {digest: "held"}
    stored = MirrorImage.objects.get(sha256=digest)
    assert (stored.origin, stored.width, stored.height) == ("sofia", 4, 3)


def test_images_on_another_host_or_too_big_are_refused(db):
    data = image_bytes()
    with MisbehavingPeer() as peer:
        peer.script(oversized(6 * 1024 * 1024))
        elsewhere = change_with_image("http://198.51.100.7/x.png", data)
        too_big = change_with_image(f"{peer.base_url}/big.png", data + b"!")
        outcome = images_fetch(client=client_for(peer), origin="sofia", changes=[elsewhere])
        assert "own host" in next(iter(outcome.values()))
        assert peer.requests == []
        outcome = images_fetch(client=client_for(peer), origin="sofia", changes=[too_big])
        assert "bytes" in next(iter(outcome.values()))
    assert not MirrorImage.objects.exists()
