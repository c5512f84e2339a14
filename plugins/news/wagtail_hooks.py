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
