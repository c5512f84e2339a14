"""Signal handlers of the cluster site (connected in ``SiteCoreConfig.ready``)."""

import functools

from django.apps import apps
from django.db import connections


def editor_groups_after_migrate(sender, using="default", **kwargs):
    """Keep the "Editors" and "Moderators" groups in shape after every ``migrate``.

    ``post_migrate`` is sent once per app that has models; the permissions of
    every app exist only when the last one has been handled, so this waits for it.
    """
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    # A migration back to zero leaves no tables to write to.
    if "wagtailcore_workflowpage" not in connections[using].introspection.table_names():
        return
    from .services import editor_groups_ensure

    editor_groups_ensure()


@functools.cache
def _content_types() -> tuple[type, ...]:
    """The models whose rows the cached fragments show or depend on: pages, sites,
    locales, settings, images (listings show renditions), pages' view restrictions
    (the routed page answers them from the cache), snippets and the plugins' editor
    models (looked up once: every save of every model asks)."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.images.models import AbstractImage
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    from plugins.core.plugin import PluginConfig

    editor_models = [
        apps.get_model(label)
        for config in apps.get_app_configs()
        if isinstance(config, PluginConfig)
        for label in config.editor_models
    ]
    return (
        Page,
        Site,
        Locale,
        BaseSiteSetting,
        BaseGenericSetting,
        AbstractImage,
        PageViewRestriction,
        *get_snippet_models(),
        *editor_models,
    )


def content_changed(sender, instance=None, **kwargs):
    """A row that cached fragments depend on was saved, deleted or moved: new generation."""
    if isinstance(instance, _content_types()):
        from .fragments import content_generation_bump

        content_generation_bump()


def page_changed(sender, instance=None, **kwargs):
    """Published, unpublished or moved: always a page, whatever sent it."""
    from .fragments import content_generation_bump

    content_generation_bump()
