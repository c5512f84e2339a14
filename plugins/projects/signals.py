"""Keeping shared projects' funder and partner names in step with the directory.

A project's change-log entry names its members; renaming or deleting a member does
not publish the project, so these receivers record the projects that name it again.
Connected in ProjectsConfig.ready().
"""

from __future__ import annotations

from django.db import transaction


def on_member_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import project_changes_record, project_keys_naming

    keys = project_keys_naming(member_keys=[instance.translation_key])
    if keys:
        project_changes_record(project_keys=keys)


def on_member_deleting(sender, instance, **kwargs):
    # The participant rows go with the member (CASCADE): find the projects first,
    # record them once the delete is committed.
    from .services import project_changes_record, project_keys_naming

    keys = project_keys_naming(member_keys=[instance.translation_key])
    if keys:
        transaction.on_commit(lambda: project_changes_record(project_keys=keys))


def signals_connect() -> None:
    from django.apps import apps
    from django.db.models.signals import post_save, pre_delete

    member = apps.get_model("directory", "Member")
    post_save.connect(on_member_saved, sender=member, dispatch_uid="projects-member-saved")
    pre_delete.connect(on_member_deleting, sender=member, dispatch_uid="projects-member-deleting")
