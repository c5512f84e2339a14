"""This cluster's own content for the search tests: news, members and projects in pl + en."""

from __future__ import annotations

from wagtail.rich_text import RichText

from tests.plugins.directory.factories import MemberFactory, directory_pages, member_translate
from tests.plugins.news.factories import NewsPageFactory, news_indexes
from tests.plugins.projects.factories import project_create, project_indexes


class Site:
    """Index pages created once per test; helpers add content under them."""

    def __init__(self, home_pages):
        self.home_pages = home_pages
        self.news = news_indexes(home_pages)
        self.directory = directory_pages(home_pages)
        self.projects = project_indexes(home_pages=home_pages)

    def locale(self, language):
        return self.home_pages[language].locale

    def news_page(self, title, *, language="pl", body="", translation_of=None, **fields):
        if translation_of is not None:
            fields["translation_key"] = translation_of.translation_key
        return NewsPageFactory(
            parent=self.news[language],
            locale=self.locale(language),
            title=title,
            body=[("paragraph", RichText(f"<p>{body or 'Treść.'}</p>"))],
            **fields,
        )

    def member(self, name, *, sectors=(), **fields):
        return MemberFactory(name=name, locale=self.locale("pl"), sectors=list(sectors), **fields)

    def member_in_english(self, member, name, **fields):
        return member_translate(member, language="en", name=name, **fields)

    def project(self, title, *, language="pl", **fields):
        return project_create(index=self.projects[language], title=title, **fields)
