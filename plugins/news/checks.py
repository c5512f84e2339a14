"""System checks of the news plugin (ids ``news.E0xx``)."""

from django.apps import apps
from django.core import checks


def check_news_options(app_configs=None, **kwargs):
    page_size = apps.get_app_config("news").options["page_size"]
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= 100:
        return [
            checks.Error(
                f"News option page_size {page_size!r} is not a whole number from 1 to 100.",
                hint="Set [plugin_options.news] page_size in the cluster file, e.g. 10.",
                obj="plugins.news",
                id="news.E001",
            )
        ]
    return []
