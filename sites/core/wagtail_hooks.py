from wagtail import hooks

from .dashboard import ClusterContentPanel
from .demo_content import demo_content_read
from .services import editor_groups_ensure, standard_page_ensure


@hooks.register("seed_demo_content")
def seed_about_page(*, cluster, home_pages):
    pages = demo_content_read(cluster_slug=cluster["slug"], name="pages")
    if pages.get("about"):
        standard_page_ensure(parents=home_pages, contents=pages["about"])


@hooks.register("seed_demo_content")
def seed_editor_groups(*, cluster, home_pages):
    # The groups exist since ``migrate``; their page permissions need the home pages.
    editor_groups_ensure()


@hooks.register("construct_homepage_panels")
def cluster_content_panel(request, panels):
    panels.append(ClusterContentPanel())


@hooks.register("federation_page_applied")
def fragments_after_sync(*, origin, upserted_ids, deleted_ids):
    # Peers' news and projects are listed beside ours: a new generation shows them.
    from .fragments import content_generation_bump

    content_generation_bump()
