"""The "Editors" and "Moderators" groups: editors write, moderators approve and publish."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from plugins.core.plugin import plugin_configs
from sites.core.models import StandardPage
from sites.core.services import EDITORS, MODERATION_WORKFLOW, MODERATORS, editor_groups_ensure


def page_permissions(group_name):
    rows = GroupPagePermission.objects.filter(group__name=group_name)
    return {(row.page_id, row.permission.codename) for row in rows}


def editor_model_permission_names():
    """'app.action_model' for every installed plugin's editor models."""
    from django.apps import apps

    names = set()
    for config in plugin_configs():
        for label in config.editor_models:
            model = apps.get_model(label)
            for action in ("add", "change", "delete"):
                names.add(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
    return names


@pytest.fixture
def groups(home_pages):
    return editor_groups_ensure()


@pytest.fixture
def editor(django_user_model, groups):
    user = django_user_model.objects.create_user("erika", password="pw")
    user.groups.add(groups[EDITORS])
    return user


@pytest.fixture
def moderator(django_user_model, groups):
    user = django_user_model.objects.create_user("moritz", password="pw")
    user.groups.add(groups[MODERATORS])
    return user


def test_migrate_gives_both_groups_admin_access_and_the_plugins_editor_models(db):
    """Run by the post_migrate handler while the test database was built."""
    assert editor_model_permission_names(), "the test cluster's plugins declare editor models"
    for name in (EDITORS, MODERATORS):
        group = Group.objects.get(name=name)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert "wagtailadmin.access_admin" in granted
        assert editor_model_permission_names() <= granted


def test_page_permissions_cover_the_home_pages_only(groups, home_pages):
    homes = [page.pk for page in home_pages.values()]
    assert page_permissions(EDITORS) == {
        (pk, codename) for pk in homes for codename in ("add_page", "change_page")
    }
    assert page_permissions(MODERATORS) == {
        (pk, codename)
        for pk in homes
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
    }
    root = Page.get_first_root_node()
    assert not GroupPagePermission.objects.filter(page=root, group__in=groups.values()).exists()


def test_both_groups_may_use_images_and_documents(groups):
    for group in groups.values():
        codenames = set(
            GroupCollectionPermission.objects.filter(group=group).values_list(
                "permission__codename", flat=True
            )
        )
        assert {"add_image", "choose_image", "add_document", "choose_document"} <= codenames


def test_ensure_is_idempotent(groups, home_pages):
    before = (page_permissions(EDITORS), page_permissions(MODERATORS))
    collections = GroupCollectionPermission.objects.count()
    editor_groups_ensure()
    assert (page_permissions(EDITORS), page_permissions(MODERATORS)) == before
    assert GroupCollectionPermission.objects.count() == collections
    assert Group.objects.filter(name__in=(EDITORS, MODERATORS)).count() == 2


def test_editors_edit_but_only_moderators_publish(editor, moderator, home_pages):
    home = home_pages["en"]
    assert home.permissions_for_user(editor).can_add_subpage()
    assert home.permissions_for_user(editor).can_edit()
    assert not home.permissions_for_user(editor).can_publish()
    assert home.permissions_for_user(moderator).can_publish()
    for perm in editor_model_permission_names():
        assert editor.has_perm(perm)


def test_home_pages_run_the_moderators_approval_workflow(groups, home_pages, moderator):
    for home in home_pages.values():
        workflow = home.get_workflow()
        assert workflow.name == MODERATION_WORKFLOW
        task = workflow.tasks.get().specific
        assert groups[MODERATORS] in task.groups.all()
        assert "approve" in [name for name, *_ in task.get_actions(home, moderator)]


def test_an_editors_new_page_goes_to_the_moderators(client, editor, home_pages):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("core", "standardpage", home_pages["en"].pk))
    data = nested_form_data(
        {
            "title": "About us",
            "slug": "about-us",
            "intro": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-submit": "Submit for moderation",
        }
    )
    response = client.post(url, data)

    assert response.status_code == 302
    page = StandardPage.objects.get(slug="about-us")
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == MODERATION_WORKFLOW
