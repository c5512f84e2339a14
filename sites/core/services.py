"""Services of the cluster site: setting up locales, the home pages and the demo seed."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from plugins.core.plugin import plugin_configs

from .models import HomePage, StandardPage


def locales_ensure() -> dict[str, Locale]:
    """A Locale for each language of the cluster, keyed by language code."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


@transaction.atomic
def home_pages_ensure(*, titles: dict[str, str], intros: dict[str, str] | None = None) -> dict:
    """The site's home page in each language (translations of one page), created once.

    The local-language home page becomes the default Site's root; Wagtail's
    placeholder "Welcome" page is removed the first time.
    """
    intros = intros or {}
    locales = locales_ensure()
    local = settings.CLUSTER_LANGUAGE
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locales[local]).first()
    if home is None:
        # Wagtail's migrations leave a placeholder "Welcome" page with the slug we want.
        Page.objects.filter(depth=2, content_type__model="page").delete()
        home = HomePage(
            title=titles[local], slug="home", locale=locales[local], intro=intros.get(local, "")
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site_address_ensure(root_page=home)
    pages = {local: home}
    for code, locale in locales.items():
        if code == local:
            continue
        translated = home.get_translation_or_none(locale)
        if translated is None:
            translated = home.copy_for_translation(locale)
            translated.title = titles.get(code, home.title)
            translated.slug = f"home-{code}"
            translated.intro = intros.get(code, "")
            translated.save_revision().publish()
        pages[code] = translated.specific
    return pages


def site_address_ensure(*, root_page) -> Site:
    """The default Site at this cluster's public address (SITE_URL), so that
    canonical and absolute URLs name the real host."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    site, _ = Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": address.hostname or "localhost",
            "port": port,
            "root_page": root_page,
        },
    )
    return site


@transaction.atomic
def standard_page_ensure(*, parents: dict, contents: dict[str, dict]) -> dict:
    """A StandardPage under each language's parent, translations of each other."""
    local = settings.CLUSTER_LANGUAGE
    first = contents[local]
    page = parents[local].get_children().filter(slug=first["slug"]).first()
    if page is None:
        page = _standard_page_fill(StandardPage(locale=parents[local].locale), first)
        parents[local].add_child(instance=page)
        page.save_revision().publish()
    page = page.specific
    pages = {local: page}
    for code, content in contents.items():
        if code == local:
            continue
        translated = page.get_translation_or_none(parents[code].locale)
        if translated is None:
            translated = _standard_page_fill(
                page.copy_for_translation(parents[code].locale), content
            )
            translated.save_revision().publish()
        pages[code] = translated
    return pages


def _standard_page_fill(page: StandardPage, content: dict) -> StandardPage:
    page.title = content["title"]
    page.slug = content["slug"]
    page.intro = content.get("intro", "")
    page.show_in_menus = True
    page.body = [("paragraph", f"<p>{p}</p>") for p in content.get("body", [])]
    return page


def admin_user_ensure(*, username: str, password: str):
    """A superuser for the demo; its password is (re)set so the printed one works."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password(password)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


# Editors and moderators. Wagtail's model (docs: "Permissions", "Workflows"):
# publishing needs the "publish" page permission; without it, "Editors" submit
# their changes to the "Moderators approval" workflow and a moderator approves
# (and so publishes) them. Members of the directory and the other plugins'
# snippets (``PluginConfig.editor_models``) need no approval.
EDITORS = "Editors"
MODERATORS = "Moderators"
MODERATION_WORKFLOW = "Moderators approval"
GROUP_PAGE_PERMISSIONS = {
    EDITORS: ("add", "change"),
    MODERATORS: ("add", "change", "publish", "lock", "unlock"),
}
GROUP_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


@transaction.atomic
def editor_groups_ensure() -> dict[str, Group]:
    """The "Editors" and "Moderators" groups with their permissions; safe to repeat.

    Page permissions apply to every home page (so to everything under them) and
    replace Wagtail's starter permissions on the tree root; before the home
    pages exist, the groups get their model and collection permissions only.
    Other permissions an administrator adds to these groups are left alone.
    """
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUP_PAGE_PERMISSIONS}
    home_pages = list(HomePage.objects.all())
    model_permissions = _editor_model_permissions()
    for name, group in groups.items():
        group.permissions.add(*model_permissions)
        _collection_permissions_ensure(group=group)
        if home_pages:
            _page_permissions_ensure(
                group=group, pages=home_pages, types=GROUP_PAGE_PERMISSIONS[name]
            )
    _moderation_workflow_ensure(moderators=groups[MODERATORS], pages=home_pages)
    return groups


def _editor_model_permissions() -> list[Permission]:
    """Admin access plus add/change/delete of every installed plugin's editor models."""
    permissions = [
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    ]
    for config in plugin_configs():
        for label in config.editor_models:
            model = apps.get_model(label)
            content_type = ContentType.objects.get_for_model(model)
            codenames = [
                f"{action}_{model._meta.model_name}" for action in ("add", "change", "delete")
            ]
            permissions += Permission.objects.filter(
                content_type=content_type, codename__in=codenames
            )
    return permissions


def _collection_permissions_ensure(*, group: Group) -> None:
    root = Collection.get_first_root_node()
    for app_label, codename in GROUP_COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def _page_permissions_ensure(*, group: Group, pages: list, types: tuple[str, ...]) -> None:
    page_type = ContentType.objects.get_for_model(Page)
    permissions = Permission.objects.filter(
        content_type=page_type, codename__in=[f"{t}_page" for t in types]
    )
    GroupPagePermission.objects.filter(group=group, page__depth=1).delete()
    for page in pages:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _moderation_workflow_ensure(*, moderators: Group, pages: list) -> Workflow:
    """Wagtail's default approval workflow, run by the moderators, on every home page.

    A home page that already has another workflow keeps it (an administrator chose it).
    """
    task = GroupApprovalTask.objects.filter(name=MODERATION_WORKFLOW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=MODERATION_WORKFLOW)
    task.groups.add(moderators)
    workflow = Workflow.objects.filter(name=MODERATION_WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=MODERATION_WORKFLOW, active=True)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(
            workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count()
        )
    for page in pages:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    return workflow
