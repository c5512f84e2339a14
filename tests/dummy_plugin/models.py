from wagtail.models import Page


class DummyPage(Page):
    parent_page_types = ["core.HomePage"]
    template = "dummy/dummy_page.html"
