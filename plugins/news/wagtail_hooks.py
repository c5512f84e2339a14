"""The news plugin's hooks: demo content, the home page section, the topics snippet."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from plugins.core.hooks import HomeSection

from .models import NewsTopic
from .selectors import news_index_for, news_latest
from .services import news_seed_from_file


class NewsTopicViewSet(SnippetViewSet):
    model = NewsTopic
    icon = "tag"
    menu_label = _("News topics")
    list_display = ["name", "slug"]


register_snippet(NewsTopicViewSet)


@hooks.register("seed_demo_content")
def seed_news(*, cluster, home_pages):
    news_seed_from_file(cluster_slug=cluster["slug"], home_pages=home_pages)


@hooks.register("register_home_sections")
def latest_news_section(*, request, page):
    entries = news_latest(locale=page.locale, limit=3)
    if not entries:
        return []
    context = {"entries": entries, "index": news_index_for(locale=page.locale)}
    return [HomeSection(template="news/includes/home_latest.html", context=context, order=20)]


@hooks.register("register_shared_types")
def news_shared_types():
    from .federation import NewsArticleType

    return [NewsArticleType()]


@hooks.register("register_dashboard_stats")
def news_dashboard_stats(*, request):
    # Added by the editors/dashboard work: the 5 latest news pages of any language
    # (drafts too: editors follow them up) and the live ones per language.
    from django.db.models import Count
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    from plugins.core.hooks import DashboardItem, DashboardStat

    from .models import NewsPage

    latest = NewsPage.objects.select_related("locale").order_by("-date", "-pk")[:5]
    items = tuple(
        DashboardItem(
            title=page.title,
            url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
            meta=" · ".join(
                [page.locale.language_code, date_format(page.date)]
                + ([] if page.live else [gettext("draft")])
            ),
        )
        for page in latest
    )
    rows = NewsPage.objects.live().values("locale__language_code").annotate(n=Count("pk"))
    counts = {row["locale__language_code"]: row["n"] for row in rows.order_by()}
    return [
        DashboardStat(label=gettext("News"), counts=counts, order=10),
        DashboardStat(label=gettext("Latest news"), items=items, order=11),
    ]


@hooks.register("register_search_documents")
def news_search_documents(*, since=None, object_ids=None):
    from plugins.search.documents import news_documents

    return news_documents(since=since, object_ids=object_ids)
