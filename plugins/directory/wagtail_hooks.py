"""The directory's admin (members and sectors as snippets) and its hook implementations."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from plugins.core.hooks import DashboardItem, DashboardStat, HomeSection

from . import selectors, services
from .forms import VISIBILITY_FIELD_PREFIX, MemberAdminForm
from .models import Member, Sector

DEMO_CONTENT_DIR = ("sites", "demo_content")


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "group"
    menu_label = _("Members")
    list_display = ["name", "kind", "role", "city", "country"]
    list_filter = ["kind", "role", "sectors"]
    ordering = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("role")]),
            FieldPanel("sectors"),
            FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
            FieldPanel("description"),
            FieldPanel("logo"),
            FieldPanel("member_since"),
            MultiFieldPanel(
                [
                    FieldPanel("website"),
                    FieldPanel("email"),
                    FieldPanel("phone"),
                    FieldPanel("address"),
                ],
                heading=_("Contact"),
            ),
            MultiFieldPanel(
                [FieldPanel(VISIBILITY_FIELD_PREFIX + name) for name in Member.VISIBILITY_DEFAULTS],
                heading=_("Who may see these fields"),
                help_text=_(
                    "Public: everyone. Network: also the peer clusters of the network. "
                    "Cluster only: never leaves this site's administration. Name, kind, "
                    "sectors, role, city and country are always public."
                ),
            ),
        ],
        base_form_class=MemberAdminForm,
    )


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    menu_label = _("Sectors")
    list_display = ["label", "slug"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (MemberViewSet, SectorViewSet)
    menu_icon = "group"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)


@hooks.register("register_home_sections")
def home_sections(*, request, page):
    directory = selectors.directory_page_for(locale=page.locale)
    if directory is None:
        return []
    context = {
        "title": directory.title,
        "count": selectors.member_count(locale=page.locale),
        "url": directory.get_url(request=request),
    }
    return [HomeSection("directory/home_section.html", context, order=30)]


@hooks.register("register_dashboard_stats")
def dashboard_stats(*, request):
    if not request.user.has_perm("directory.change_member"):
        return []
    recent = Member.objects.select_related("locale").order_by("-pk")[:5]
    items = tuple(
        DashboardItem(
            title=member.name,
            url=reverse(Member.snippet_viewset.get_url_name("edit"), args=[member.pk]),
            meta=member.locale.language_code,
        )
        for member in recent
    )
    counts = selectors.member_counts_by_language()
    return [DashboardStat(label=gettext("Members"), counts=counts, items=items, order=20)]


@hooks.register("seed_demo_content")
def seed_demo_content(*, cluster, home_pages):
    path = settings.BASE_DIR.joinpath(*DEMO_CONTENT_DIR, cluster["slug"], "directory.toml")
    if not path.is_file():
        return
    local_language = cluster.get("language") or settings.CLUSTER_LANGUAGE
    services.directory_seed(path=path, home_pages=home_pages, local_language=local_language)


@hooks.register("register_shared_types")
def directory_shared_types():
    from .federation import MemberType

    return [MemberType()]


@hooks.register("register_search_documents")
def directory_search_documents(*, since=None, object_ids=None):
    from plugins.search.documents import member_documents

    return member_documents(since=since, object_ids=object_ids)
