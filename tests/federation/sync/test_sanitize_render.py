"""A peer's markup is cleaned before it is stored and escaped when it is shown."""

import pytest

from federation.models import MirrorItem, MirrorTranslation
from federation.sync.engine import peer_sync

from ..feeds import article, object_id, page_bytes
from ..misbehaving_peer import valid

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(1)">x</a>'
BODY = f'<p>Hello</p>{SCRIPT}{IMG}<p>{LINK}</p><p><a href="https://ok.example/">ok</a></p>'


@pytest.fixture
def hostile(sofia, server, home_pages):
    server.script(
        valid(
            page_bytes(
                article(1, 1, title=SCRIPT, body_html=BODY),
                article(2, 2, title=IMG, body_html=BODY),
                article(3, 3, title=LINK, body_html=BODY),
                seq=3,
            )
        )
    )
    run = peer_sync(peer=sofia)
    assert run.ok, run.error
    assert run.created == 3


def test_stored_body_html_has_no_script_handler_or_javascript_url(hostile):
    bodies = [t.data["body_html"] for t in MirrorTranslation.objects.all()]

    assert len(bodies) == 6
    for body in bodies:
        assert "<script" not in body and "alert(1)" not in body
        assert "<img" not in body and "onerror" not in body
        assert "javascript:" not in body
        assert "<p>Hello</p>" in body
        assert 'href="https://ok.example/"' in body


def test_plain_text_is_stored_as_sent(hostile):
    item = MirrorItem.objects.get(object_id=object_id(1))
    assert item.translations.get(language="en").title == f"{SCRIPT} (en)"


def test_the_mirror_page_escapes_the_title_and_carries_no_active_content(hostile, client):
    response = client.get(f"/en/network/sofia/{object_id(1)}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (en)" in html
    assert "<script>alert" not in html
    assert "onerror=" not in html
    assert "javascript:" not in html
    assert "<p>Hello</p>" in html


@pytest.mark.parametrize(("n", "escaped"), [(2, "&lt;img src=x"), (3, "&lt;a href=&quot;")])
def test_markup_in_titles_is_shown_as_text(hostile, client, n, escaped):
    html = client.get(f"/en/network/sofia/{object_id(n)}/").content.decode()

    assert escaped in html
    assert "<img src=x" not in html
    assert '<a href="javascript:' not in html
    assert "<script>alert" not in html
