"""The projects plugin's hooks: demo seed, home section, dashboard figures, federation."""

from django.apps import apps
from django.utils.translation import gettext
from wagtail import hooks

from plugins.core.hooks import DashboardStat, HomeSection

from . import selectors, services


@hooks.register("seed_demo_content")
def seed_demo_content(*, cluster, home_pages):
    services.project_demo_seed(cluster=cluster, home_pages=home_pages)


@hooks.register("register_home_sections")
def home_sections(*, request, page):
    size = apps.get_app_config("projects").options["home_section_size"]
    projects = selectors.project_running_list(locale=page.locale, limit=size)
    if not projects:
        return []
    index = selectors.project_index_for_locale(locale=page.locale)
    context = {"projects": projects, "index": index}
    return [HomeSection(template="projects/home_section.html", context=context, order=40)]


@hooks.register("register_dashboard_stats")
def dashboard_stats(*, request):
    counts = selectors.project_counts_by_language()
    return [
        DashboardStat(
            label=gettext("Projects"),
            counts={code: c["total"] for code, c in counts.items()},
            order=30,
        ),
        DashboardStat(
            label=gettext("Running projects"),
            counts={code: c["running"] for code, c in counts.items()},
            order=31,
        ),
    ]


@hooks.register("register_shared_types")
def projects_shared_types():
    from .federation import ProjectType

    return [ProjectType()]


@hooks.register("register_search_documents")
def projects_search_documents(*, since=None, object_ids=None):
    from plugins.search.documents import project_documents

    return project_documents(since=since, object_ids=object_ids)
