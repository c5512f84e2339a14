"""A visitor of Kiel's site: German, then English; local and federated news; a search
across the clusters narrowed by a facet; a member of another cluster."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.instances]

# Found in Sofia's members and news and in Kiel's own news and project.
SEARCH_TERM = "biotechnology"


def test_visitor_reads_news_of_the_network_and_finds_a_member_of_another_cluster(
    network, new_context, screens
):
    kiel, sofia = network.kiel, network.sofia
    sofia_name, kiel_name = network.names["sofia"], network.names["kiel"]
    page = new_context(locale="de-DE").new_page()
    heading = page.get_by_role("heading", level=1)

    # The bare address answers in the browser's language.
    page.goto(kiel.url + "/")
    expect(page).to_have_url(kiel.url + "/de/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("link", name="Alle Neuigkeiten")).to_be_visible()
    screens(page, "home-de")

    switcher = page.get_by_role("navigation", name="Sprache")
    expect(switcher.locator("[aria-current]")).to_have_text("Deutsch")
    switcher.get_by_role("link", name="English").click()
    expect(page).to_have_url(kiel.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Language").locator("[aria-current]")).to_have_text(
        "English"
    )
    screens(page, "home-en")

    page.get_by_role("link", name="All news").click()
    expect(heading).to_have_text("News")
    cards = page.locator("article.news-card")
    federated = cards.filter(has=page.locator(".news-card__origin", has_text=f"from {sofia_name}"))
    local = cards.filter(has_not=page.locator(".news-card__origin"))
    expect(federated.first).to_be_visible()
    expect(local.first).to_be_visible()
    screens(page, "news-index")

    # A local news item.
    title = local.first.get_by_role("heading").inner_text()
    local.first.get_by_role("link", name=title).click()
    expect(page).to_have_url(re.compile(re.escape(kiel.url) + r"/en/news/[\w-]+/$"))
    expect(heading).to_have_text(title)
    screens(page, "local-news-item")
    page.go_back()

    # A news item of Sofia's, shown on Kiel's site, attributed, with its origin's address.
    title = federated.first.get_by_role("heading").inner_text()
    federated.first.get_by_role("link", name=title).click()
    expect(page).to_have_url(re.compile(re.escape(kiel.url) + r"/en/network/sofia/[0-9a-f-]{36}/$"))
    expect(heading).to_have_text(title)
    expect(page.locator("main .badge")).to_have_text(f"From {sofia_name}")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.startswith(sofia.url + "/en/news/")
    origin_link = page.get_by_role("link", name="Read it on the origin site")
    expect(origin_link).to_have_attribute("href", canonical)
    screens(page, "federated-news-item")
    origin_link.click()  # the canonical address is the item on Sofia's own site
    expect(page).to_have_url(canonical)
    expect(heading).to_have_text(title)
    screens(page, "federated-news-item-at-its-origin")
    page.go_back()

    # A search from the header finds items of both clusters.
    page.get_by_role("searchbox", name="Search the network").fill(SEARCH_TERM)
    page.get_by_role("searchbox", name="Search the network").press("Enter")
    expect(heading).to_have_text("Search the network")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ results$"))
    results = page.locator(".search-result")
    expect(results.filter(has_text=sofia_name).first).to_be_visible()
    expect(results.filter(has_text=kiel_name).first).to_be_visible()
    cluster_facet = page.get_by_role("navigation", name="Cluster")
    expect(cluster_facet.get_by_role("link", name=sofia_name)).to_be_visible()
    expect(cluster_facet.get_by_role("link", name=kiel_name)).to_be_visible()
    screens(page, "search-results")

    # Narrowed to members: only members are left, all of them Sofia's.
    page.get_by_role("navigation", name="Type").get_by_role("link", name="Member").click()
    expect(page).to_have_url(re.compile(r"[?&]type=member(&|$)"))
    member_option = page.get_by_role("navigation", name="Type").get_by_role("link", name="Member")
    expect(member_option).to_have_attribute("aria-current", "true")
    expect(results.first).to_be_visible()
    expect(results.locator(".badge")).to_have_text(["Member"] * results.count())
    expect(results.filter(has_not_text=sofia_name)).to_have_count(0)
    screens(page, "search-narrowed-to-members")

    member = results.first.get_by_role("link")
    name = member.inner_text()
    member.click()
    expect(page).to_have_url(re.compile(re.escape(kiel.url) + r"/en/network/sofia/[0-9a-f-]{36}/$"))
    expect(heading).to_have_text(name)
    expect(page.locator("main .badge")).to_have_text(f"Member of {sofia_name}")
    at_origin = page.get_by_role("link", name="See this member on its cluster's site")
    expect(at_origin).to_have_attribute("href", re.compile("^" + re.escape(sofia.url + "/en/")))
    screens(page, "member-of-another-cluster")


def test_a_page_gives_its_own_address_as_canonical(network, new_context, screens):
    page = new_context().new_page()
    page.goto(network.sofia.url + "/en/news/")
    screens(page, "news-index")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == network.sofia.url + "/en/news/"
