"""The admin dashboard's "Cluster content" panel, fed by the register_dashboard_stats hook."""

import re

import pytest
from wagtail import hooks
from wagtail.users.models import UserProfile

from plugins.core.hooks import DashboardItem, DashboardStat
from plugins.directory.models import Member


@pytest.fixture
def admin_client(client, django_user_model, home_pages):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    english_admin(admin)
    client.force_login(admin)
    return client


def english_admin(user):
    """The admin speaks the site's language (pl) unless the user chose another."""
    UserProfile.objects.create(user=user, preferred_language="en")


def panel_html(client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="cluster-content' in html, "the dashboard has no cluster content panel"
    return html


def row(html: str, label: str) -> list[int]:
    """The numbers of a stat's row, in the order of the site's languages (pl, en)."""
    match = re.search(rf"<th scope=\"row\">{label}</th>(.*?)</tr>", html, re.S)
    assert match, f"no row {label!r}"
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", match.group(1))]


def test_panel_shows_every_stat_in_order_with_zero_for_missing_languages(admin_client):
    def stats(*, request):
        return [
            DashboardStat(label="Second", counts={"en": 7}, order=2),
            DashboardStat(
                label="Recent things",
                items=(DashboardItem(title="Thing one", url="/admin/thing/1/", meta="pl"),),
                order=3,
            ),
            DashboardStat(label="First", counts={"pl": 3, "en": 4}, order=1),
        ]

    with hooks.register_temporarily("register_dashboard_stats", stats):
        html = panel_html(admin_client)

    assert row(html, "First") == [3, 4]
    assert row(html, "Second") == [0, 7]
    assert html.index(">First<") < html.index(">Second<")
    assert '<a href="/admin/thing/1/">Thing one</a>' in html


def member(code, home_pages, name):
    return Member.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        kind="company",
        city="Lublin",
        country="PL",
        locale=home_pages[code].locale,
    )


def test_panel_counts_the_members_per_language(admin_client, home_pages):
    member("pl", home_pages, "Alfa")
    member("pl", home_pages, "Beta")
    member("en", home_pages, "Gamma")

    html = panel_html(admin_client)

    assert row(html, "Members") == [2, 1]
    assert "Gamma" in html  # the most recent members are listed


def test_editors_see_the_panel_too(client, django_user_model, home_pages):
    from sites.core.services import EDITORS, editor_groups_ensure

    groups = editor_groups_ensure()
    user = django_user_model.objects.create_user("erika", password="pw")
    user.groups.add(groups[EDITORS])
    english_admin(user)
    client.force_login(user)
    member("en", home_pages, "Gamma")

    assert row(panel_html(client), "Members") == [0, 1]


def test_panel_lists_the_five_latest_news_of_any_language(admin_client, home_pages):
    import datetime

    from tests.plugins.news.factories import NewsPageFactory, news_indexes

    indexes = news_indexes(home_pages)
    for day in range(1, 7):
        code = "pl" if day % 2 else "en"
        NewsPageFactory(
            parent=indexes[code],
            locale=indexes[code].locale,
            title=f"Story {day}",
            date=datetime.date(2025, 3, day),
        )

    html = panel_html(admin_client)

    assert row(html, "News") == [3, 3]
    latest = html.split(">Latest news<", 1)[1]
    shown = re.findall(r">(Story \d)</a>", latest)
    assert shown == ["Story 6", "Story 5", "Story 4", "Story 3", "Story 2"]
