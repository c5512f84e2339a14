from wagtail import hooks

from .demo_content import demo_content_read
from .services import standard_page_ensure


@hooks.register("seed_demo_content")
def seed_about_page(*, cluster, home_pages):
    pages = demo_content_read(cluster_slug=cluster["slug"], name="pages")
    if pages.get("about"):
        standard_page_ensure(parents=home_pages, contents=pages["about"])
