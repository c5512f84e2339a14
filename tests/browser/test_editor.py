"""An editor of Sofia writes a news item in Bulgarian in the Wagtail admin, publishes it,
translates it into English with wagtail-localize's editor, and sees it reach Kiel."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.instances]

TITLE_BG = "Клъстерът открива лаборатория за браузърни тестове"
SUMMARY_BG = "Нова лаборатория ще проверява сайтовете на мрежата така, както ги вижда човек."
BODY_BG = "Редакторът пише новината в администрацията, а роботът проверява всяка стъпка."
TITLE_EN = "The cluster opens a browser-testing lab"
SUMMARY_EN = "A new lab will check the network's sites the way a person sees them."
BODY_EN = "The editor writes the news item in the admin, and a robot checks every step."
SLUG_EN = "browser-testing-lab"
DELIVERY_SECONDS = 60


def test_editor_publishes_and_translates_a_news_item_that_reaches_the_peer(
    network, new_context, screens
):
    sofia, kiel = network.sofia, network.kiel
    page = new_context().new_page()

    page.goto(sofia.url + "/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("demo-sofia")
    screens(page, "login")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(sofia.url + "/admin/")
    screens(page, "dashboard")

    # The page tree: the Bulgarian home, its news index, "Add child page".
    page.get_by_role("button", name="Pages").click()
    page.get_by_role("link", name="Pages", exact=True).click()
    page.get_by_role("link", name=re.compile("Explore child pages of 'Биотехнологичен")).click()
    page.get_by_role("link", name="Explore child pages of 'Новини'").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exploring: Новини")
    screens(page, "news-index-in-the-admin")
    page.get_by_role("link", name="Add child page").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/news/newspage/\d+/$"))

    page.get_by_role("textbox", name="Title").fill(TITLE_BG)
    date = page.get_by_label("Publication date")
    date.fill(datetime.date.today().isoformat())
    date.press("Escape")  # closes the date picker
    page.get_by_role("textbox", name="Summary").fill(SUMMARY_BG)
    page.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type(BODY_BG)
    # Wagtail saves a draft by itself: publish once that has turned the form into the
    # edit form, else the publication would make a second page with the same slug.
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    _wait_for_autosave(page)
    screens(page, "news-item-written")
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text(f"Page '{TITLE_BG}' has been published.")).to_be_visible()
    screens(page, "published")

    # Translation into English: "Translate this page", then the translation editor.
    row = page.get_by_role("row").filter(has_text=TITLE_BG)
    row.get_by_role("button", name="More options").click()
    row.get_by_role("link", name="Translate this page").click()
    page.get_by_label("English").check()
    screens(page, "translate-into-english")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Bulgarian to English translation").first).to_be_visible()
    screens(page, "translation-editor")
    _translate_segment(page, "Title", TITLE_EN)
    _translate_segment(page, "Summary", SUMMARY_EN)
    _translate_segment(page, "Paragraph", BODY_EN)
    page.get_by_role("tab", name="Promote").click()
    _translate_segment(page, "Slug", SLUG_EN)
    page.get_by_role("tab", name="Content").click()
    screens(page, "translated")
    page.get_by_role("button", name="Publish in English").click()
    expect(page.get_by_text(f"Published '{TITLE_EN}' in English.")).to_be_visible()
    screens(page, "translation-published")

    # Both languages are on Sofia's site.
    page.goto(sofia.url + "/bg/")
    page.get_by_role("link", name=TITLE_BG).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_BG)
    expect(page.get_by_text(BODY_BG)).to_be_visible()
    screens(page, "live-in-bulgarian")
    page.get_by_role("navigation", name="Език").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{sofia.url}/en/news/{SLUG_EN}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    screens(page, "live-in-english")

    # Kiel hears of it through the push notice, and its worker pulls it.
    item = _wait_for_link(page, kiel.url + "/en/news/", TITLE_EN)
    screens(page, "on-the-peers-news-listing")
    item.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    expect(page.locator("main .badge")).to_have_text(f"From {network.names['sofia']}")
    expect(page.get_by_text(SUMMARY_EN)).to_be_visible()
    expect(page.get_by_text(BODY_EN)).to_be_visible()
    expect(page.locator('link[rel="canonical"]')).to_have_attribute(
        "href", f"{sofia.url}/en/news/{SLUG_EN}/"
    )
    screens(page, "on-the-peers-site")


def _translate_segment(page, heading: str, text: str) -> None:
    """Fill one segment of wagtail-localize's translation editor and save it."""
    segment = page.locator("section:not([hidden]) li").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )
    segment.get_by_role("button", name="Translate").click()
    segment.locator("textarea").fill(text)
    segment.get_by_role("button", name="Save").click()
    expect(segment.get_by_text(text, exact=True)).to_be_visible()
    expect(segment.get_by_role("button", name="Edit")).to_be_visible()


def _wait_for_autosave(page, *, settled_checks: int = 3) -> None:
    """Wait until Wagtail's autosave says "saved" several times in a row, longer than
    its 500 ms debounce: no save of the last keystrokes is still to come."""
    indicator = page.locator("#w-autosave-indicator")
    deadline = time.monotonic() + 30
    settled = 0
    while settled < settled_checks:
        if time.monotonic() > deadline:
            pytest.fail("Wagtail's autosave did not settle within 30 s")
        saved = indicator.get_attribute("data-w-autosave-state-value") == "saved"
        settled = settled + 1 if saved else 0
        page.wait_for_timeout(300)


def _wait_for_link(page, url: str, name: str):
    """Reload ``url`` until it links to ``name``; that link."""
    deadline = time.monotonic() + DELIVERY_SECONDS
    while True:
        page.goto(url)
        link = page.get_by_role("link", name=name, exact=True)
        if link.count():
            return link
        if time.monotonic() > deadline:
            pytest.fail(f"{name!r} did not appear on {url} within {DELIVERY_SECONDS} s")
        page.wait_for_timeout(1000)
